#!/usr/bin/env bash
# Shows the ThreatLens Performance Agent at work, needing only Java 17+ and Maven:
# builds what is missing, generates the example database if missing, starts the example
# service with the agent attached, runs a short load and prints live figures from the sidecar.
#
#   ./run-demo.sh              leaves the service running until Ctrl-C
#   ./run-demo.sh --no-wait    stops it after printing the figures
#   ./run-demo.sh --rebuild    rebuilds the jars first, even if they exist
#
# Environment: EXAMPLE_PORT (default 8080), SIDECAR_PORT (default 9180),
# DEMO_PRESET (size of a newly generated database: tiny, small, medium, large; default small).
set -euo pipefail

cd "$(dirname "$0")"

readonly AGENT_JAR=agent/target/threatlens-agent.jar
readonly EXAMPLE_JAR=examples/target/threatlens-example.jar
readonly DATA_DIR=data
readonly DATABASE="$DATA_DIR/threatlens-example.db"
readonly LOG_FILE="$DATA_DIR/example.log"
readonly EXAMPLE_PORT="${EXAMPLE_PORT:-8080}"
readonly SIDECAR_PORT="${SIDECAR_PORT:-9180}"
readonly DEMO_PRESET="${DEMO_PRESET:-small}"
readonly START_TIMEOUT_SECONDS=180

wait_for_ctrl_c=true
rebuild=false
service_pid=""

usage() {
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
}

fail() {
    echo "run-demo: $*" >&2
    exit 1
}

for argument in "$@"; do
    case "$argument" in
        --no-wait) wait_for_ctrl_c=false ;;
        --rebuild) rebuild=true ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; fail "unknown option $argument" ;;
    esac
done

for port_variable in EXAMPLE_PORT SIDECAR_PORT; do
    port="${!port_variable}"
    if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
        fail "$port_variable must be a port from 1 to 65535, was '$port'"
    fi
done
[[ "$EXAMPLE_PORT" != "$SIDECAR_PORT" ]] || fail "EXAMPLE_PORT and SIDECAR_PORT must differ (both are $EXAMPLE_PORT)"
case "$DEMO_PRESET" in
    tiny | small | medium | large) ;;
    *) fail "DEMO_PRESET must be tiny, small, medium or large, was '$DEMO_PRESET'" ;;
esac

command -v java >/dev/null 2>&1 || fail "java is not on the PATH; install Java 17 or newer"
java_major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1)"
if [[ -n "$java_major" ]] && ((java_major < 17)); then
    fail "Java 17 or newer is needed, 'java' is version $java_major"
fi

# --- build -------------------------------------------------------------------------------
if [[ "$rebuild" == true || ! -f "$AGENT_JAR" || ! -f "$EXAMPLE_JAR" ]]; then
    command -v mvn >/dev/null 2>&1 || fail "the jars are missing and mvn is not on the PATH; install Maven 3.8+"
    echo "Building the agent and the example (mvn -B -q -ntp install -DskipTests) ..."
    mvn -B -q -ntp install -DskipTests
fi
[[ -f "$AGENT_JAR" ]] || fail "the build did not produce $AGENT_JAR"
[[ -f "$EXAMPLE_JAR" ]] || fail "the build did not produce $EXAMPLE_JAR"

# --- HTTP without dependencies: curl when there is one, else bash's /dev/tcp -------------
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1
}

# http_get <port> <path>: prints the body of a GET to 127.0.0.1
http_get() {
    local port="$1" path="$2"
    if command -v curl >/dev/null 2>&1; then
        curl -sS --max-time 10 "http://127.0.0.1:$port$path"
    else
        exec 3<>"/dev/tcp/127.0.0.1/$port"
        printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
        sed '1,/^\r\{0,1\}$/d' <&3
        exec 3<&-
    fi
}

# json_value <json> <key>: the first value of "key" (a number, a string without quotes, true/false/null)
json_value() {
    grep -o "\"$2\":\(\"[^\"]*\"\|[^,}]*\)" <<<"$1" | head -n 1 | cut -d: -f2- | tr -d '"' || true
}

# json_flat_object <json> <key>: "name: value" lines of the object "key", if it holds no nested objects
json_flat_object() {
    # Lists inside the object (each pool, the slowest routes) are left out: only its own figures.
    sed 's/\[[^]]*\]/[]/g' <<<"$1" | grep -o "\"$2\":{[^{}]*}" | head -n 1 | sed 's/^"[^"]*":{//; s/}$//' | tr ',' '\n' \
        | sed 's/^"\([^"]*\)":/\1: /; s/"//g' \
        | awk -F': ' '$2 == "[]" { next } $2 ~ /^-?[0-9]+\.[0-9]+$/ { printf "%s: %.1f\n", $1, $2; next } { print }' || true
}

# --- the service ----------------------------------------------------------------------------
for port_variable in EXAMPLE_PORT SIDECAR_PORT; do
    port="${!port_variable}"
    if port_in_use "$port"; then
        fail "port $port ($port_variable) is already in use; choose another, e.g. $port_variable=$((port + 10000 > 65535 ? port - 1 : port + 10000)) $0"
    fi
done

mkdir -p "$DATA_DIR"
example_arguments=(--db "$DATABASE" --port "$EXAMPLE_PORT")
if [[ ! -f "$DATABASE" ]]; then
    echo "Generating the example database $DATABASE (preset $DEMO_PRESET) on first start ..."
    example_arguments+=(--generate "$DEMO_PRESET")
fi

stop_service() {
    if [[ -n "$service_pid" ]] && kill -0 "$service_pid" 2>/dev/null; then
        echo "Stopping the example service (pid $service_pid) ..."
        kill -TERM "$service_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$service_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$service_pid" 2>/dev/null || true
        wait "$service_pid" 2>/dev/null || true
    fi
    service_pid=""
}
trap stop_service EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Starting the example service with the agent attached (log: $LOG_FILE) ..."
java "-javaagent:$AGENT_JAR=http.port=$SIDECAR_PORT,cache.rules=$PWD/examples/cache-rules.properties,cache.disk.directory=$DATA_DIR/cache" \
    -jar "$EXAMPLE_JAR" "${example_arguments[@]}" >"$LOG_FILE" 2>&1 &
service_pid=$!

# wait_for_log_line <fixed text> <what>: until the log has the text; fails if the service dies
wait_for_log_line() {
    local text="$1" what="$2" waited=0
    until grep -qF -- "$text" "$LOG_FILE"; do
        if ! kill -0 "$service_pid" 2>/dev/null; then
            echo "--- last lines of $LOG_FILE ---" >&2
            tail -n 20 "$LOG_FILE" >&2
            if grep -qF "is not a usable ThreatLens database" "$LOG_FILE"; then
                echo "Delete $DATABASE to have it generated again." >&2
            fi
            fail "the example service exited before $what"
        fi
        if grep -qF "[threatlens-agent] ERROR" "$LOG_FILE"; then
            echo "--- agent errors in $LOG_FILE ---" >&2
            grep -F "[threatlens-agent] ERROR" "$LOG_FILE" >&2
            fail "the agent reports an error before $what"
        fi
        if ((waited >= START_TIMEOUT_SECONDS * 10)); then
            fail "no $what within $START_TIMEOUT_SECONDS s; see $LOG_FILE"
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

wait_for_log_line "ThreatLens example listening on http://127.0.0.1:$EXAMPLE_PORT" "the example listened on port $EXAMPLE_PORT"
wait_for_log_line "sidecar listening on http://127.0.0.1:$SIDECAR_PORT/api/performance" "the sidecar listened on port $SIDECAR_PORT"

readonly EXAMPLE_URL="http://127.0.0.1:$EXAMPLE_PORT"
readonly SIDECAR_URL="http://127.0.0.1:$SIDECAR_PORT/api/performance"
echo "Example service: $EXAMPLE_URL   sidecar: $SIDECAR_URL"

# --- load -----------------------------------------------------------------------------------
echo
echo "Running load for 10 s (2 s warm-up + 8 s measured, 4 workers, 10% writes) ..."
java -cp "$EXAMPLE_JAR" com.threatlens.example.load.LoadDriver \
    --url "$EXAMPLE_URL" --warmup 2s --duration 8s --concurrency 4 --write-ratio 0.1

# --- live figures -----------------------------------------------------------------------------
echo
echo "Sidecar: $SIDECAR_URL"
echo "  $SIDECAR_URL/health"
echo "  $SIDECAR_URL/metrics"
echo "  (every endpoint: README.md, section Endpoints)"
echo
# The agent's own endpoints over the service's database, before the figures that count them.
search="$(http_get "$SIDECAR_PORT" '/api/performance/search/optimized?query=injection&page_size=5' || true)"
analytics="$(http_get "$SIDECAR_PORT" '/api/performance/analytics/owasp-distribution?time_range_days=90' || true)"
health="$(http_get "$SIDECAR_PORT" /api/performance/health || true)"
metrics="$(http_get "$SIDECAR_PORT" /api/performance/metrics || true)"
if [[ -z "$metrics" ]]; then
    echo "The sidecar did not answer; open the URLs above in a browser."
else
    heap_used="$(json_value "$metrics" heap_used_bytes)"
    echo "Live figures:"
    echo "  health:          $(json_value "$health" status)"
    echo "  agent version:   $(json_value "$metrics" version)"
    echo "  agent uptime:    $(json_value "$metrics" uptime_seconds) s"
    if [[ "$heap_used" =~ ^[0-9]+$ ]]; then
        echo "  JVM heap used:   $((heap_used / 1048576)) MB"
    fi
    echo "  JVM threads:     $(json_value "$metrics" threads_live)"
    echo "  search 'injection': $(json_value "$search" total) matches, served by $(json_value "$search" served_by)"
    echo "  analytics:       $(json_value "$analytics" type), cached: $(json_value "$analytics" cached)"
    for section in database connection_pools api cache search analytics; do
        figures="$(json_flat_object "$metrics" "$section")"
        if [[ -n "$figures" ]]; then
            echo "  $section:"
            sed 's/^/    /' <<<"$figures"
        elif grep -qF "\"$section\":{" <<<"$metrics"; then
            echo "  $section:          see $SIDECAR_URL/metrics"
        fi
    done
fi

if [[ "$wait_for_ctrl_c" == false ]]; then
    stop_service
    echo "Done."
    exit 0
fi

echo
echo "The example service keeps running with the agent attached; press Ctrl-C to stop it."
wait "$service_pid" || true
service_pid=""
echo "The example service has stopped; see $LOG_FILE"
