package com.threatlens.example.indexing;

import com.threatlens.example.data.OwaspCategory;
import com.threatlens.example.data.SecurityTags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Derives the {@code security_index} row of a wiki: its distinct words, the threat and
 * mitigation keywords it mentions, OWASP keywords, and risky code patterns it quotes.
 * The text is tokenized once and keywords are looked up in the token set, which keeps
 * indexing linear in the text length.
 */
public final class SecurityIndexer {

    public static final String UPSERT_SQL = """
            INSERT OR REPLACE INTO security_index (wiki_id, full_text_index, threat_keywords,
                mitigation_keywords, owasp_keywords, security_tags, patterns, indexed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final Set<String> THREAT_KEYWORDS = Set.of(
            "injection", "xss", "scripting", "csrf", "forgery", "ssrf", "traversal", "escalation",
            "deserialization", "tampering", "bypass", "exfiltrate", "stuffing", "fixation", "hijacking",
            "rebinding", "idor", "xxe", "md5", "cleartext", "hard-coded", "outdated", "unpatched",
            "enumeration", "abuse", "redirects", "backdoor", "misconfiguration", "cves");

    private static final Set<String> MITIGATION_KEYWORDS = Set.of(
            "parameterized", "prepared", "encode", "sanitize", "validate", "allowlist", "csp", "mfa",
            "argon2id", "bcrypt", "tls", "hsts", "rotate", "kms", "vault", "aes-gcm", "rate-limit",
            "lockout", "signatures", "checksums", "sbom", "patch", "redact", "egress", "harden",
            "threat-model", "quota", "samesite", "httponly");

    /** Substrings of quoted code that mark a known-risky pattern, by pattern name. */
    private static final Map<String, String> CODE_PATTERNS = codePatterns();

    private static final Set<String> STOP_WORDS = Set.of(
            "the", "and", "for", "with", "that", "this", "are", "was", "which", "into", "from",
            "its", "every", "each", "one", "next", "when", "how", "can", "could", "within");

    public IndexEntry index(String title, String sections, String owaspCategory, List<String> tags) {
        Set<String> words = distinctWords(title + "\n" + sections);
        return new IndexEntry(
                String.join(" ", words),
                String.join(",", matching(words, THREAT_KEYWORDS)),
                String.join(",", matching(words, MITIGATION_KEYWORDS)),
                owaspKeywords(owaspCategory),
                SecurityTags.toColumn(tags),
                String.join(",", patterns(sections)));
    }

    /** Writes (or replaces) the index row of one wiki; the caller owns the transaction. */
    public void write(PreparedStatement upsert, long wikiId, IndexEntry entry, String indexedAt)
            throws SQLException {
        upsert.setLong(1, wikiId);
        upsert.setString(2, entry.fullTextIndex());
        upsert.setString(3, entry.threatKeywords());
        upsert.setString(4, entry.mitigationKeywords());
        upsert.setString(5, entry.owaspKeywords());
        upsert.setString(6, entry.securityTags());
        upsert.setString(7, entry.patterns());
        upsert.setString(8, indexedAt);
    }

    public void upsert(Connection connection, long wikiId, IndexEntry entry, String indexedAt)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_SQL)) {
            write(upsert, wikiId, entry, indexedAt);
            upsert.executeUpdate();
        }
    }

    private static Set<String> distinctWords(String text) {
        Set<String> words = new LinkedHashSet<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean wordChar = i < lower.length() && isWordChar(lower.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                addWord(words, lower, start, i);
                start = -1;
            }
        }
        return words;
    }

    private static void addWord(Set<String> words, String text, int start, int end) {
        // Trim hyphens so that list bullets and dashes do not become words.
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        if (end - start >= 3) {
            String word = text.substring(start, end);
            if (!STOP_WORDS.contains(word)) {
                words.add(word);
            }
        }
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    private static List<String> matching(Set<String> words, Set<String> keywords) {
        List<String> found = new ArrayList<>();
        for (String word : words) {
            if (keywords.contains(word)) {
                found.add(word);
            }
        }
        return found;
    }

    private static String owaspKeywords(String owaspCategory) {
        return OwaspCategory.fromCode(owaspCategory)
                .map(category -> category.code().toLowerCase(Locale.ROOT) + " "
                        + category.title().toLowerCase(Locale.ROOT))
                .orElse("");
    }

    private static List<String> patterns(String sections) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> pattern : CODE_PATTERNS.entrySet()) {
            if (sections.contains(pattern.getValue())) {
                found.add(pattern.getKey());
            }
        }
        return found;
    }

    private static Map<String, String> codePatterns() {
        Map<String, String> patterns = new LinkedHashMap<>();
        patterns.put("dynamic-sql", "WHERE id = \" +");
        patterns.put("inner-html", ".innerHTML =");
        patterns.put("java-deserialization", "ObjectInputStream");
        patterns.put("weak-hash", "getInstance(\"MD5\")");
        patterns.put("command-exec", "Runtime.getRuntime().exec(");
        patterns.put("metadata-endpoint", "169.254.169.254");
        patterns.put("hardcoded-password", "password = \"");
        patterns.put("eval", "eval(");
        return patterns;
    }
}
