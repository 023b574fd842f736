package com.threatlens.example.generate;

import com.threatlens.example.data.OwaspCategory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Word lists the generator builds realistic security documentation from. */
public final class SecurityVocabulary {

    public static final List<String> REPOSITORY_NAMES = List.of(
            "payments-gateway", "identity-service", "customer-portal", "billing-engine",
            "search-api", "notification-hub", "admin-console", "mobile-backend",
            "data-pipeline", "report-exporter", "inventory-service", "checkout-web",
            "partner-api", "audit-trail", "feature-flags", "media-proxy", "ledger-core",
            "support-desk", "analytics-ingest", "config-server", "graphql-gateway",
            "document-store", "scheduler", "webhook-relay", "pricing-service");

    public static final List<String> LANGUAGES = List.of(
            "Java", "Kotlin", "Go", "Python", "TypeScript", "Rust", "C#", "Ruby");

    static final List<String> COMPONENTS = List.of(
            "login form", "session manager", "payment API", "file upload handler",
            "admin console", "search endpoint", "webhook receiver", "password reset flow",
            "report exporter", "image proxy", "GraphQL gateway", "OAuth callback",
            "template renderer", "audit logger", "message queue consumer", "billing service",
            "user profile page", "CI pipeline", "configuration loader", "token refresh endpoint",
            "invoice downloader", "tenant switcher", "API key manager", "export scheduler");

    static final List<String> ACTORS = List.of(
            "an unauthenticated attacker", "a malicious insider", "a compromised partner integration",
            "an authenticated low-privilege user", "an automated bot network",
            "a former employee with a stale token", "a tenant administrator of another account");

    static final List<String> IMPACTS = List.of(
            "read other tenants' invoices", "take over administrator accounts",
            "exfiltrate API keys and database credentials", "execute arbitrary commands on the host",
            "pivot into the internal network", "tamper with audit records",
            "exhaust the connection pool and deny service", "modify payment amounts",
            "download personal data in bulk", "plant a persistent backdoor");

    static final List<String> CONDITIONS = List.of(
            "user input is concatenated into queries", "the request carries a forged token",
            "rate limits are disabled in staging", "a debug feature flag is left on",
            "legacy endpoints are still routed", "the reverse proxy strips security headers",
            "service accounts share one long-lived credential", "errors echo raw stack traces");

    static final List<String> DETECTIONS = List.of(
            "structured audit logs", "WAF alerts", "anomaly detection on login failures",
            "egress firewall logs", "dependency scanning in CI", "SIEM correlation rules",
            "canary tokens in configuration", "runtime application self-protection alerts");

    static final List<String> ASSETS = List.of(
            "customer records", "payment tokens", "session cookies", "signing keys",
            "internal metrics", "tenant configuration", "support tickets", "build artifacts");

    /** Code fragments some documents quote; the index recognises them as risky patterns. */
    static final List<String> CODE_FRAGMENTS = List.of(
            "`String sql = \"SELECT * FROM users WHERE id = \" + id;`",
            "`element.innerHTML = userInput;`",
            "`new ObjectInputStream(socket.getInputStream()).readObject()`",
            "`MessageDigest.getInstance(\"MD5\")`",
            "`Runtime.getRuntime().exec(command)`",
            "`fetch(\"http://169.254.169.254/latest/meta-data/\")`",
            "`String password = \"changeme\";`",
            "`eval(request.body)`");

    static final Map<OwaspCategory, CategoryVocabulary> BY_CATEGORY = byCategory();

    private SecurityVocabulary() {
    }

    /** Words that occur in generated documents, handy as search terms. */
    public static List<String> searchTerms() {
        return List.of(
                "injection", "scripting", "forgery", "traversal", "deserialization",
                "credential", "session", "token", "encryption", "misconfiguration",
                "outdated", "logging", "redirect", "metadata", "parameterized", "allowlist",
                "password", "webhook", "tenant", "audit");
    }

    private static Map<OwaspCategory, CategoryVocabulary> byCategory() {
        Map<OwaspCategory, CategoryVocabulary> map = new EnumMap<>(OwaspCategory.class);
        add(map, OwaspCategory.A01,
                List.of("insecure direct object reference (IDOR)", "missing function-level access control",
                        "privilege escalation through role tampering", "path traversal in download links",
                        "forced browsing to unlinked admin pages", "permissive CORS configuration"),
                List.of("deny by default and allowlist each route", "enforce ownership checks on every record",
                        "centralize authorization decisions in one policy module",
                        "rate-limit API access per tenant", "log access control failures and alert on bursts"),
                List.of("authorization", "access-control"),
                List.of("CWE-284 Improper Access Control", "CWE-639 Authorization Bypass Through User-Controlled Key",
                        "CWE-22 Path Traversal"));
        add(map, OwaspCategory.A02,
                List.of("weak hashing with MD5", "cleartext transmission of credentials",
                        "hard-coded encryption keys", "predictable initialization vectors",
                        "missing TLS on internal hops", "deprecated cipher suites"),
                List.of("use TLS 1.3 everywhere and enable HSTS", "hash passwords with Argon2id or bcrypt",
                        "rotate keys through a KMS", "keep secrets in a vault instead of the repository",
                        "use authenticated encryption such as AES-GCM"),
                List.of("crypto", "tls", "secrets"),
                List.of("CWE-327 Use of a Broken or Risky Cryptographic Algorithm",
                        "CWE-319 Cleartext Transmission of Sensitive Information", "CWE-321 Use of Hard-coded Cryptographic Key"));
        add(map, OwaspCategory.A03,
                List.of("SQL injection", "cross-site scripting (XSS)", "OS command injection",
                        "LDAP injection", "server-side template injection", "NoSQL injection"),
                List.of("use parameterized queries and prepared statements", "encode output by context",
                        "validate input against an allowlist", "apply a strict Content-Security-Policy (CSP)",
                        "sanitize rich text with a vetted library"),
                List.of("sql-injection", "xss", "input-validation"),
                List.of("CWE-89 SQL Injection", "CWE-79 Cross-site Scripting", "CWE-78 OS Command Injection"));
        add(map, OwaspCategory.A04,
                List.of("business logic abuse in the refund workflow", "unbounded resource consumption",
                        "missing rate limits on expensive operations", "trust boundary violations",
                        "enumeration of coupon codes"),
                List.of("threat-model new features before implementation", "add rate-limit and quota controls",
                        "write abuse-case tests next to use-case tests", "segregate tenants at every tier"),
                List.of("rate-limiting", "input-validation"),
                List.of("CWE-840 Business Logic Errors", "CWE-770 Allocation of Resources Without Limits"));
        add(map, OwaspCategory.A05,
                List.of("default credentials on the management port", "verbose error messages with stack traces",
                        "publicly readable storage buckets", "XML external entity (XXE) processing",
                        "unnecessary debug endpoints enabled in production"),
                List.of("harden images with a repeatable baseline", "disable XML external entities in every parser",
                        "remove unused features and frameworks", "review cloud permissions automatically",
                        "send security headers from the edge"),
                List.of("configuration", "xxe"),
                List.of("CWE-16 Configuration", "CWE-611 Improper Restriction of XML External Entity Reference"));
        add(map, OwaspCategory.A06,
                List.of("outdated dependencies with known CVEs", "unpatched web framework",
                        "end-of-life runtime versions", "vulnerable transitive libraries"),
                List.of("patch dependencies on a fixed cadence", "generate an SBOM for every build",
                        "fail the build on critical CVEs", "remove unused dependencies"),
                List.of("dependencies", "supply-chain"),
                List.of("CWE-1104 Use of Unmaintained Third Party Components", "CWE-937 Using Components with Known Vulnerabilities"));
        add(map, OwaspCategory.A07,
                List.of("credential stuffing against the login form", "session fixation",
                        "weak password policy", "missing multi-factor authentication (MFA)",
                        "JWT signature bypass with the none algorithm", "session hijacking via leaked cookies"),
                List.of("require MFA for privileged accounts", "apply lockout and backoff after failed logins",
                        "rotate session identifiers after login", "mark cookies Secure, HttpOnly and SameSite",
                        "verify token signatures with a pinned algorithm"),
                List.of("authentication", "session-management", "csrf"),
                List.of("CWE-287 Improper Authentication", "CWE-384 Session Fixation", "CWE-352 Cross-Site Request Forgery"));
        add(map, OwaspCategory.A08,
                List.of("insecure deserialization of untrusted data", "unsigned software updates",
                        "CI/CD pipeline tampering", "scripts loaded from untrusted CDNs"),
                List.of("verify signatures and checksums of every artifact", "avoid native deserialization of untrusted input",
                        "pin dependencies with integrity hashes", "protect pipeline secrets and require reviews"),
                List.of("deserialization", "supply-chain", "file-upload"),
                List.of("CWE-502 Deserialization of Untrusted Data", "CWE-494 Download of Code Without Integrity Check"));
        add(map, OwaspCategory.A09,
                List.of("missing audit logs for administrative actions", "log injection through unescaped input",
                        "alerts that nobody owns", "sensitive data written to logs"),
                List.of("log authentication and authorization events centrally", "escape user data before logging",
                        "define alerting and on-call ownership", "redact tokens and personal data in logs"),
                List.of("logging"),
                List.of("CWE-778 Insufficient Logging", "CWE-117 Improper Output Neutralization for Logs"));
        add(map, OwaspCategory.A10,
                List.of("server-side request forgery (SSRF)", "access to the cloud metadata endpoint",
                        "DNS rebinding against internal services", "open redirects chained into SSRF"),
                List.of("allowlist outbound destinations", "block link-local and private address ranges",
                        "enforce egress filtering at the network layer", "resolve and pin DNS before connecting"),
                List.of("ssrf", "configuration"),
                List.of("CWE-918 Server-Side Request Forgery", "CWE-601 Open Redirect"));
        return map;
    }

    private static void add(Map<OwaspCategory, CategoryVocabulary> map, OwaspCategory category,
            List<String> threats, List<String> mitigations, List<String> tags, List<String> references) {
        map.put(category, new CategoryVocabulary(category, threats, mitigations, tags, references));
    }
}
