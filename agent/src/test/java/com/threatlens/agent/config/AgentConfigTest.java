package com.threatlens.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.threatlens.agent.bootstrap.AgentLog;

class AgentConfigTest {

    @TempDir
    Path dir;

    private static AgentConfig arguments(String agentArguments) {
        return AgentConfig.load(agentArguments, Map.of(), Map.of());
    }

    private Path file(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private static String onlyProblem(AgentConfig config) {
        assertEquals(1, config.problems().size(), config.problems()::toString);
        return config.problems().get(0);
    }

    private static void assertMentions(String line, String... parts) {
        for (String part : parts) {
            assertTrue(line.contains(part), "'" + part + "' in: " + line);
        }
    }

    // --- defaults ---

    @Test
    void without_any_source_every_setting_has_its_default_and_nothing_is_reported() {
        AgentConfig config = AgentConfig.load(null, Map.of(), Map.of());

        assertEquals(9180, config.get(Settings.HTTP_PORT));
        assertEquals("127.0.0.1", config.get(Settings.HTTP_HOST));
        assertEquals("", config.get(Settings.HTTP_TOKEN));
        assertEquals(true, config.get(Settings.ENABLED));
        assertEquals(true, config.get(Settings.JDBC_ENABLED));
        assertEquals(AgentLog.Level.INFO, config.get(Settings.LOG_LEVEL));
        assertEquals(List.of(), config.problems());
        assertEquals(Map.of(), config.disabledFeatures());
        assertTrue(config.isFeatureOn(Settings.FEATURE_HTTP));
        assertTrue(config.isFeatureOn(Settings.FEATURE_JDBC));
        assertTrue(config.isFeatureOn(Settings.FEATURE_AGENT));
    }

    @Test
    void defaults_equal_loading_nothing() {
        AgentConfig config = AgentConfig.defaults();

        for (Setting<?> setting : Settings.ALL) {
            assertEquals(setting.defaultValue(), config.get(setting), setting.key());
        }
        assertEquals(List.of(), config.problems());
    }

    // --- precedence ---

    /** Where http.port can come from, each with its own value. */
    enum Origin {
        ARGUMENTS(1111), SYSTEM_PROPERTIES(2222), ENVIRONMENT(3333), FILE(4444), DEFAULT(9180);

        final int port;

        Origin(int port) {
            this.port = port;
        }
    }

    private AgentConfig loadWithPortFrom(Origin... origins) throws IOException {
        StringBuilder arguments = new StringBuilder();
        Map<String, String> properties = new HashMap<>();
        Map<String, String> environment = new HashMap<>();
        for (Origin origin : origins) {
            switch (origin) {
                case ARGUMENTS:
                    arguments.append("http.port=").append(origin.port).append(',');
                    break;
                case SYSTEM_PROPERTIES:
                    properties.put("threatlens.perf.http.port", String.valueOf(origin.port));
                    break;
                case ENVIRONMENT:
                    environment.put("THREATLENS_PERF_HTTP_PORT", String.valueOf(origin.port));
                    break;
                case FILE:
                    Path file = file("agent.properties", "http.port=" + origin.port);
                    arguments.append("config=").append(file).append(',');
                    break;
                default:
                    break;
            }
        }
        return AgentConfig.load(arguments.toString(), properties, environment);
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({
        "ARGUMENTS, SYSTEM_PROPERTIES", "ARGUMENTS, ENVIRONMENT", "ARGUMENTS, FILE", "ARGUMENTS, DEFAULT",
        "SYSTEM_PROPERTIES, ENVIRONMENT", "SYSTEM_PROPERTIES, FILE", "SYSTEM_PROPERTIES, DEFAULT",
        "ENVIRONMENT, FILE", "ENVIRONMENT, DEFAULT",
        "FILE, DEFAULT"})
    void the_higher_source_wins(Origin higher, Origin lower) throws IOException {
        AgentConfig config = loadWithPortFrom(higher, lower);

        assertEquals(higher.port, config.get(Settings.HTTP_PORT));
        assertEquals(List.of(), config.problems());
    }

    @ParameterizedTest
    @EnumSource(Origin.class)
    void each_source_alone_sets_the_value(Origin origin) throws IOException {
        AgentConfig config = loadWithPortFrom(origin);

        assertEquals(origin.port, config.get(Settings.HTTP_PORT));
        assertEquals(List.of(), config.problems());
    }

    @Test
    void with_every_source_set_the_arguments_win() throws IOException {
        AgentConfig config = loadWithPortFrom(Origin.FILE, Origin.ENVIRONMENT, Origin.SYSTEM_PROPERTIES, Origin.ARGUMENTS);

        assertEquals(Origin.ARGUMENTS.port, config.get(Settings.HTTP_PORT));
    }

    @Test
    void sources_combine_key_by_key() throws IOException {
        Path file = file("agent.properties", "http.host=localhost", "http.port=4444", "jdbc.enabled=false", "log.level=warn");

        AgentConfig config = AgentConfig.load("http.port=1111",
            Map.of("threatlens.perf.http.token", "from-properties", "threatlens.perf.config", file.toString()),
            Map.of("THREATLENS_PERF_LOG_LEVEL", "debug"));

        assertEquals(1111, config.get(Settings.HTTP_PORT));
        assertEquals("from-properties", config.get(Settings.HTTP_TOKEN));
        assertEquals(AgentLog.Level.DEBUG, config.get(Settings.LOG_LEVEL));
        assertEquals("localhost", config.get(Settings.HTTP_HOST));
        assertEquals(false, config.get(Settings.JDBC_ENABLED));
        assertEquals(List.of(), config.problems());
    }

    // --- the configuration file ---

    @Test
    void the_file_may_be_named_by_the_agent_arguments() throws IOException {
        Path file = file("agent.properties", "jdbc.enabled=false");

        AgentConfig config = AgentConfig.load("config=" + file, Map.of(), Map.of());

        assertEquals(false, config.get(Settings.JDBC_ENABLED));
        assertEquals(file.toString(), config.get(Settings.CONFIG_FILE));
    }

    @Test
    void the_file_may_be_named_by_a_system_property() throws IOException {
        Path file = file("agent.properties", "jdbc.enabled=false");

        AgentConfig config = AgentConfig.load(null, Map.of("threatlens.perf.config", file.toString()), Map.of());

        assertEquals(false, config.get(Settings.JDBC_ENABLED));
    }

    @Test
    void the_file_may_be_named_by_the_environment() throws IOException {
        Path file = file("agent.properties", "jdbc.enabled=false");

        AgentConfig config = AgentConfig.load(null, Map.of(), Map.of("THREATLENS_PERF_CONFIG", file.toString()));

        assertEquals(false, config.get(Settings.JDBC_ENABLED));
    }

    @Test
    void the_file_named_by_the_higher_source_is_the_one_read() throws IOException {
        Path chosen = file("chosen.properties", "http.port=5555");
        Path ignored = file("ignored.properties", "http.port=6666");

        AgentConfig config = AgentConfig.load("config=" + chosen, Map.of(), Map.of("THREATLENS_PERF_CONFIG", ignored.toString()));

        assertEquals(5555, config.get(Settings.HTTP_PORT));
    }

    @Test
    void the_file_accepts_keys_with_the_system_property_prefix() throws IOException {
        Path file = file("agent.properties", "threatlens.perf.http.port=7777");

        AgentConfig config = AgentConfig.load("config=" + file, Map.of(), Map.of());

        assertEquals(7777, config.get(Settings.HTTP_PORT));
        assertEquals(List.of(), config.problems());
    }

    @Test
    void a_file_cannot_name_another_file() throws IOException {
        Path other = file("other.properties", "http.port=8888");
        Path file = file("agent.properties", "config=" + other, "http.port=7777");

        AgentConfig config = AgentConfig.load("config=" + file, Map.of(), Map.of());

        assertEquals(7777, config.get(Settings.HTTP_PORT));
        assertMentions(onlyProblem(config), "config", file.toString());
    }

    @Test
    void a_missing_file_is_one_problem_naming_config_and_the_path_and_other_sources_still_apply() {
        Path missing = dir.resolve("nowhere.properties");

        AgentConfig config = AgentConfig.load("config=" + missing + ",http.port=1234",
            Map.of("threatlens.perf.http.host", "localhost"), Map.of());

        assertMentions(onlyProblem(config), "config", missing.toString());
        assertEquals(1234, config.get(Settings.HTTP_PORT));
        assertEquals("localhost", config.get(Settings.HTTP_HOST));
        assertEquals(Map.of(), config.disabledFeatures());
        assertTrue(config.isFeatureOn(Settings.FEATURE_HTTP));
    }

    @Test
    void a_directory_as_the_file_is_one_problem_naming_config_and_the_path() {
        AgentConfig config = AgentConfig.load(null, Map.of(), Map.of("THREATLENS_PERF_CONFIG", dir.toString(),
            "THREATLENS_PERF_HTTP_PORT", "2345"));

        assertMentions(onlyProblem(config), "config", dir.toString());
        assertEquals(2345, config.get(Settings.HTTP_PORT));
        assertEquals(Map.of(), config.disabledFeatures());
    }

    @Test
    void a_blank_file_name_reads_no_file_and_reports_nothing() {
        AgentConfig config = AgentConfig.load(null, Map.of("threatlens.perf.config", "  "), Map.of());

        assertEquals(List.of(), config.problems());
    }

    // --- bad values ---

    @Test
    void a_bad_port_is_one_problem_that_switches_http_off_and_falls_back_to_the_default() {
        AgentConfig config = arguments("http.port=abc");

        assertMentions(onlyProblem(config), "http.port", "abc", "agent arguments", Settings.HTTP_PORT.type().acceptedForm());
        assertFalse(config.isFeatureOn(Settings.FEATURE_HTTP));
        assertTrue(config.isFeatureOn(Settings.FEATURE_JDBC));
        assertTrue(config.isFeatureOn(Settings.FEATURE_AGENT));
        assertEquals(9180, config.get(Settings.HTTP_PORT));
        assertEquals(List.of(Settings.FEATURE_HTTP), List.copyOf(config.disabledFeatures().keySet()));
        assertTrue(config.disabledFeatures().get(Settings.FEATURE_HTTP).contains("http.port"),
            config.disabledFeatures()::toString);
    }

    @Test
    void a_port_out_of_range_is_a_bad_value_too() {
        AgentConfig config = arguments("http.port=70000");

        assertMentions(onlyProblem(config), "http.port", "70000", "65535");
        assertFalse(config.isFeatureOn(Settings.FEATURE_HTTP));
        assertEquals(9180, config.get(Settings.HTTP_PORT));
    }

    @Test
    void a_bad_value_names_the_system_properties_as_its_origin() {
        AgentConfig config = AgentConfig.load(null, Map.of("threatlens.perf.http.port", "abc"), Map.of());

        assertMentions(onlyProblem(config), "http.port", "abc", "system properties");
        assertFalse(config.isFeatureOn(Settings.FEATURE_HTTP));
    }

    @Test
    void a_bad_value_names_the_environment_as_its_origin() {
        AgentConfig config = AgentConfig.load(null, Map.of(), Map.of("THREATLENS_PERF_HTTP_PORT", "abc"));

        assertMentions(onlyProblem(config), "http.port", "abc", "environment");
        assertFalse(config.isFeatureOn(Settings.FEATURE_HTTP));
    }

    @Test
    void a_bad_value_names_the_file_as_its_origin() throws IOException {
        Path file = file("agent.properties", "jdbc.enabled=maybe");

        AgentConfig config = arguments("config=" + file);

        assertMentions(onlyProblem(config), "jdbc.enabled", "maybe", file.toString(), "true or false");
        assertFalse(config.isFeatureOn(Settings.FEATURE_JDBC));
        assertTrue(config.isFeatureOn(Settings.FEATURE_HTTP));
    }

    @Test
    void a_bad_value_in_a_higher_source_is_not_replaced_by_a_good_one_below() {
        AgentConfig config = AgentConfig.load("http.port=abc", Map.of("threatlens.perf.http.port", "8080"), Map.of());

        assertEquals(9180, config.get(Settings.HTTP_PORT));
        assertFalse(config.isFeatureOn(Settings.FEATURE_HTTP));
        assertEquals(1, config.problems().size(), config.problems()::toString);
    }

    @Test
    void a_bad_value_in_a_lower_source_that_is_overridden_is_not_reported() {
        AgentConfig config = AgentConfig.load("http.port=8080", Map.of("threatlens.perf.http.port", "abc"), Map.of());

        assertEquals(8080, config.get(Settings.HTTP_PORT));
        assertTrue(config.isFeatureOn(Settings.FEATURE_HTTP));
        assertEquals(List.of(), config.problems());
    }

    @Test
    void two_bad_keys_of_one_feature_are_two_problems_and_one_feature_off() {
        AgentConfig config = arguments("http.port=abc,http.enabled=maybe");

        assertEquals(2, config.problems().size(), config.problems()::toString);
        assertEquals(List.of(Settings.FEATURE_HTTP), List.copyOf(config.disabledFeatures().keySet()));
        assertTrue(config.isFeatureOn(Settings.FEATURE_JDBC));
    }

    @Test
    void a_bad_advisor_or_optimize_value_switches_off_the_advisor_alone() {
        for (String bad : List.of("advisor.min-calls=-1", "advisor.min-total-time=soon", "optimize.apply=perhaps")) {
            AgentConfig config = arguments(bad);

            String key = bad.substring(0, bad.indexOf('='));
            assertMentions(onlyProblem(config), key, bad.substring(bad.indexOf('=') + 1), "the advisor feature is off");
            assertEquals(List.of(Settings.FEATURE_ADVISOR), List.copyOf(config.disabledFeatures().keySet()));
            assertTrue(config.isFeatureOn(Settings.FEATURE_JDBC));
            assertTrue(config.isFeatureOn(Settings.FEATURE_TASKS));
        }
    }

    @Test
    void a_bad_value_of_a_key_without_a_feature_uses_the_default_and_switches_nothing_off() {
        AgentConfig config = arguments("log.level=loud");

        assertMentions(onlyProblem(config), "log.level", "loud", "agent arguments", "info");
        assertEquals(AgentLog.Level.INFO, config.get(Settings.LOG_LEVEL));
        assertEquals(Map.of(), config.disabledFeatures());
        assertTrue(config.isFeatureOn(Settings.FEATURE_HTTP));
        assertTrue(config.isFeatureOn(Settings.FEATURE_JDBC));
        assertTrue(config.isFeatureOn(Settings.FEATURE_AGENT));
    }

    @Test
    void a_bad_master_switch_turns_the_whole_agent_off() {
        AgentConfig config = arguments("enabled=maybe");

        assertMentions(onlyProblem(config), "enabled", "maybe", "true or false");
        assertFalse(config.isFeatureOn(Settings.FEATURE_AGENT));
        assertFalse(config.isFeatureOn(Settings.FEATURE_HTTP));
        assertFalse(config.isFeatureOn(Settings.FEATURE_JDBC));
        assertFalse(config.isFeatureOn("any-feature"));
    }

    @ParameterizedTest
    @CsvSource({"true,true", "on,true", "yes,true", "TRUE,true", "false,false", "off,false", "no,false", "' No ',false"})
    void booleans_accept_their_usual_spellings(String text, boolean expected) {
        AgentConfig config = AgentConfig.load(null, Map.of("threatlens.perf.jdbc.enabled", text), Map.of());

        assertEquals(expected, config.get(Settings.JDBC_ENABLED));
        assertEquals(List.of(), config.problems());
    }

    @ParameterizedTest
    @CsvSource({"debug,DEBUG", "WARN,WARN", "error,ERROR", "off,OFF"})
    void log_levels_are_read_in_any_case(String text, AgentLog.Level expected) {
        assertEquals(expected, arguments("log.level=" + text).get(Settings.LOG_LEVEL));
    }

    // --- unknown keys ---

    @Test
    void an_unknown_key_in_the_arguments_is_one_problem_naming_it() {
        AgentConfig config = arguments("htp.port=1,http.port=1234");

        assertMentions(onlyProblem(config), "htp.port", "agent arguments");
        assertEquals(1234, config.get(Settings.HTTP_PORT));
        assertEquals(Map.of(), config.disabledFeatures());
    }

    @Test
    void an_unknown_key_in_the_system_properties_is_one_problem_naming_it() {
        AgentConfig config = AgentConfig.load(null, Map.of("threatlens.perf.htp.port", "1"), Map.of());

        assertMentions(onlyProblem(config), "threatlens.perf.htp.port", "system properties");
        assertEquals(Map.of(), config.disabledFeatures());
    }

    @Test
    void an_unknown_key_in_the_environment_is_one_problem_naming_it() {
        AgentConfig config = AgentConfig.load(null, Map.of(), Map.of("THREATLENS_PERF_HTP_PORT", "1"));

        assertMentions(onlyProblem(config), "THREATLENS_PERF_HTP_PORT", "environment");
        assertEquals(Map.of(), config.disabledFeatures());
    }

    @Test
    void an_unknown_key_in_the_file_is_one_problem_naming_it() throws IOException {
        Path file = file("agent.properties", "htp.port=1", "http.port=4321");

        AgentConfig config = arguments("config=" + file);

        assertMentions(onlyProblem(config), "htp.port", file.toString());
        assertEquals(4321, config.get(Settings.HTTP_PORT));
        assertEquals(Map.of(), config.disabledFeatures());
    }

    @Test
    void properties_and_variables_outside_the_prefix_are_ignored_silently() {
        AgentConfig config = AgentConfig.load(null,
            Map.of("java.version", "17", "threatlens.other", "x", "http.port", "1"),
            Map.of("PATH", "/usr/bin", "THREATLENS_OTHER", "x", "HTTP_PORT", "1"));

        assertEquals(List.of(), config.problems());
        assertEquals(9180, config.get(Settings.HTTP_PORT));
    }

    @Test
    void the_environment_is_matched_by_exact_variable_name() {
        AgentConfig config = AgentConfig.load(null, Map.of(), Map.of("threatlens_perf_http_port", "1234"));

        assertEquals(9180, config.get(Settings.HTTP_PORT));
    }

    // --- agent argument parsing ---

    @Test
    void arguments_are_comma_separated_key_value_pairs() {
        AgentConfig config = arguments("http.port=1234,http.host=localhost,jdbc.enabled=false");

        assertEquals(1234, config.get(Settings.HTTP_PORT));
        assertEquals("localhost", config.get(Settings.HTTP_HOST));
        assertEquals(false, config.get(Settings.JDBC_ENABLED));
        assertEquals(List.of(), config.problems());
    }

    @Test
    void spaces_around_keys_and_values_are_ignored() {
        AgentConfig config = arguments(" http.port = 1234 , http.host = localhost ");

        assertEquals(1234, config.get(Settings.HTTP_PORT));
        assertEquals("localhost", config.get(Settings.HTTP_HOST));
        assertEquals(List.of(), config.problems());
    }

    @Test
    void a_piece_without_an_equals_sign_continues_the_previous_value() {
        AgentConfig config = arguments("http.token=x,y,http.port=1234");

        assertEquals("x,y", config.get(Settings.HTTP_TOKEN));
        assertEquals(1234, config.get(Settings.HTTP_PORT));
        assertEquals(List.of(), config.problems());
    }

    @Test
    void a_value_may_continue_over_several_commas() {
        assertEquals("a,b,c", arguments("http.token=a,b,c").get(Settings.HTTP_TOKEN));
    }

    @Test
    void only_the_first_equals_sign_separates_key_and_value() {
        assertEquals("abc==", arguments("http.token=abc==").get(Settings.HTTP_TOKEN));
    }

    @Test
    void a_first_piece_without_a_key_is_one_problem() {
        AgentConfig config = arguments("verbose,http.port=1234");

        assertMentions(onlyProblem(config), "verbose", "key=value");
        assertEquals(1234, config.get(Settings.HTTP_PORT));
        assertEquals(Map.of(), config.disabledFeatures());
    }

    @Test
    void an_empty_key_is_reported_as_unknown() {
        AgentConfig config = arguments("=5,http.port=1234");

        assertMentions(onlyProblem(config), "unknown key ''");
        assertEquals(1234, config.get(Settings.HTTP_PORT));
    }

    @Test
    void a_trailing_comma_is_harmless() {
        AgentConfig config = arguments("http.port=1234,");

        assertEquals(1234, config.get(Settings.HTTP_PORT));
        assertEquals(List.of(), config.problems());
    }

    @Test
    void a_later_argument_for_the_same_key_replaces_the_earlier_one() {
        assertEquals(2222, arguments("http.port=1111,http.port=2222").get(Settings.HTTP_PORT));
    }

    @Test
    void an_unknown_key_whose_value_has_a_comma_is_reported_once() {
        AgentConfig config = arguments("no.such.key=a,b,http.port=1234");

        assertEquals(1234, config.get(Settings.HTTP_PORT));
        assertMentions(onlyProblem(config), "no.such.key");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", ","})
    void blank_or_missing_arguments_give_the_defaults(String agentArguments) {
        AgentConfig config = arguments(agentArguments);

        assertEquals(9180, config.get(Settings.HTTP_PORT));
        assertEquals(List.of(), config.problems());
    }

    // --- immutability ---

    @Test
    void problems_and_disabled_features_cannot_be_changed_from_outside() {
        AgentConfig config = arguments("http.port=abc");

        assertThrows(UnsupportedOperationException.class, () -> config.problems().clear());
        assertThrows(UnsupportedOperationException.class,
            () -> config.disabledFeatures().clear());
    }
}
