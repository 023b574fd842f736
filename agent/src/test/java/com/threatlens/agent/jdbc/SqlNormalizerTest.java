package com.threatlens.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlNormalizerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
            // spacing and keyword case
            arguments("SELECT * FROM t WHERE a=1", "SELECT * FROM t WHERE a = ?"),
            arguments("select  *  from t where a = 1", "SELECT * FROM t WHERE a = ?"),
            arguments("SeLeCt a,b , c FROM t", "SELECT a, b, c FROM t"),
            arguments("SELECT\n\ta,\r\n\tb\r\nFROM\tt\r\nWHERE  x\n=\n2", "SELECT a, b FROM t WHERE x = ?"),
            arguments("  SELECT a FROM t  ", "SELECT a FROM t"),
            arguments("SELECT COUNT ( * ) , max( a ) FROM t", "SELECT COUNT(*), max(a) FROM t"),
            arguments("SELECT t . a , main.t.b FROM t", "SELECT t.a, main.t.b FROM t"),
            arguments("SELECT a<>b, a!=b, a>=1, a<=2, a||'x', a==b FROM t",
                "SELECT a <> b, a != b, a >= ?, a <= ?, a || ?, a == b FROM t"),
            // strings
            arguments("SELECT * FROM t WHERE name = 'O''Brien'", "SELECT * FROM t WHERE name = ?"),
            arguments("SELECT * FROM t WHERE name = 'it\\'s' AND x = 1", "SELECT * FROM t WHERE name = ? AND x = ?"),
            arguments("SELECT * FROM t WHERE p = 'C:\\' AND x = 'y'", "SELECT * FROM t WHERE p = ? AND x = ?"),
            arguments("SELECT N'nat', E'esc\\'aped', $$dollar 'quoted'$$, $fn$ body $fn$", "SELECT ?, ?, ?, ?"),
            // comments
            arguments("SELECT a -- trailing comment\nFROM t -- another", "SELECT a FROM t"),
            arguments("SELECT /* hint */ a FROM/* x */t", "SELECT a FROM t"),
            arguments("SELECT '-- not a comment /* nor this */' FROM t", "SELECT ? FROM t"),
            // numbers
            arguments("SELECT a-1, a - 1, a=-1, a = - 1 FROM t", "SELECT a - ?, a - ?, a = ?, a = ? FROM t"),
            arguments("SELECT -5, (-4), a * -3, +2, a - -1", "SELECT ?, (?), a * ?, ?, a - ?"),
            arguments("SELECT 1e10, 2.5E-3, .5, 1., 3.25, 1E+4", "SELECT ?, ?, ?, ?, ?, ?"),
            arguments("SELECT CASE WHEN a THEN -1 ELSE -2 END - 1 FROM t LIMIT -1 OFFSET 5",
                "SELECT CASE WHEN a THEN ? ELSE ? END - ? FROM t LIMIT ? OFFSET ?"),
            arguments("SELECT * FROM t WHERE a BETWEEN -1 AND -2", "SELECT * FROM t WHERE a BETWEEN ? AND ?"),
            arguments("SELECT 0x1F, X'ABCD', x'00ff' FROM t", "SELECT ?, ?, ? FROM t"),
            // TRUE / FALSE / NULL
            arguments("UPDATE t SET a = NULL, b = TRUE, c = false", "UPDATE t SET a = ?, b = ?, c = ?"),
            arguments("SELECT * FROM t WHERE a IS NULL AND b is not null AND c = null",
                "SELECT * FROM t WHERE a IS NULL AND b IS NOT NULL AND c = ?"),
            arguments("CREATE TABLE t (a INTEGER NOT NULL, b TEXT DEFAULT NULL, c INT DEFAULT 0)",
                "CREATE TABLE t(a INTEGER NOT NULL, b TEXT DEFAULT ?, c INT DEFAULT ?)"),
            // parameters
            arguments("SELECT * FROM t WHERE a = ? AND b = ?1 AND c = :name AND d = @p AND e = $v AND f = $2",
                "SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d = ? AND e = ? AND f = ?"),
            // IN lists
            arguments("SELECT * FROM t WHERE id IN (42)", "SELECT * FROM t WHERE id IN (?)"),
            arguments("SELECT * FROM t WHERE id in (1, -2, 'x', ?, :p, NULL, TRUE, X'00')", "SELECT * FROM t WHERE id IN (?)"),
            arguments("SELECT * FROM t WHERE id NOT IN(?,?,?)", "SELECT * FROM t WHERE id NOT IN (?)"),
            arguments("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE k = 'v')",
                "SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE k = ?)"),
            arguments("SELECT * FROM t WHERE id IN (a, 1)", "SELECT * FROM t WHERE id IN (a, ?)"),
            arguments("SELECT * FROM t WHERE id IN ()", "SELECT * FROM t WHERE id IN ()"),
            // VALUES
            arguments("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')", "INSERT INTO t(a, b) VALUES (?, ?)"),
            arguments("INSERT INTO t(a,b) VALUES(?,?)", "INSERT INTO t(a, b) VALUES (?, ?)"),
            arguments("INSERT INTO t VALUES (1, 2), (3, now())", "INSERT INTO t VALUES (?, ?), (?, now())"),
            arguments("INSERT INTO t VALUES ((1), 2), ((3), 4)", "INSERT INTO t VALUES ((?), ?)"),
            // quoted identifiers, kept verbatim
            arguments("SELECT \"First Name\", `order`, [key] FROM \"My Table\"",
                "SELECT \"First Name\", `order`, [key] FROM \"My Table\""),
            arguments("SELECT \"a\"\"b\" FROM t", "SELECT \"a\"\"b\" FROM t"),
            arguments("SELECT t.[c] FROM [t] WHERE a[1] = 2 AND b = ANY(ARRAY[3, 4])",
                "SELECT t.[c] FROM [t] WHERE a [ ? ] = ? AND b = ANY(ARRAY [ ?, ? ])"),
            // statements
            arguments("WITH recent AS (SELECT * FROM orders WHERE ts > 1700000000) SELECT * FROM recent",
                "WITH recent AS (SELECT * FROM orders WHERE ts > ?) SELECT * FROM recent"),
            arguments("INSERT INTO kv (k, v) VALUES ('a', 1) ON CONFLICT(k) DO UPDATE SET v = v + 1",
                "INSERT INTO kv(k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = v + ?"),
            arguments("SELECT 1;", "SELECT ?"),
            arguments("SELECT 1;;SELECT 2 ; ;", "SELECT ?; SELECT ?"),
            arguments("SELECT '1'::int, @@version", "SELECT ? :: int, @@version"),
            // never throws
            arguments("SELECT * FROM t WHERE a = 'oops", "SELECT * FROM t WHERE a = ?"),
            arguments("SELECT a FROM t /* never closed", "SELECT a FROM t"),
            arguments("SELECT \"unterminated FROM t", "SELECT \"unterminated FROM t"),
            arguments("", ""),
            arguments(" \t\r\n ", ""),
            arguments("-- only a comment", ""),
            arguments("))) ;;; garbage 'x' ## \\ 12abc 0x1Fg", "))); garbage ? # # \\ ? ?")
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void normalizes(String sql, String expected) {
        assertEquals(expected, SqlNormalizer.normalize(sql));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("cases")
    void normalizedTextIsAFixedPoint(String sql, String expected) {
        assertEquals(expected, SqlNormalizer.normalize(expected));
    }

    @Test
    void nullIsEmpty() {
        assertEquals("", SqlNormalizer.normalize(null));
    }

    @Test
    void inListsOfAnyLengthShareTheNormalizedForm() {
        String one = "SELECT * FROM t WHERE id IN (1)";
        StringBuilder hundred = new StringBuilder("SELECT * FROM t WHERE id IN (");
        for (int i = 0; i < 100; i++) {
            hundred.append(i == 0 ? "" : ", ").append(i * 7);
        }
        hundred.append(")");
        assertEquals(SqlNormalizer.normalize(one), SqlNormalizer.normalize(hundred.toString()));
        assertEquals(StatementIdentity.of(one).id(), StatementIdentity.of(hundred.toString()).id());
    }

    @Test
    void batchInsertsOfAnySizeShareTheNormalizedForm() {
        StringBuilder many = new StringBuilder("INSERT INTO t (a, b, c) VALUES ");
        for (int i = 0; i < 50; i++) {
            many.append(i == 0 ? "" : ",").append("(").append(i).append(", 'v").append(i).append("', NULL)");
        }
        assertEquals("INSERT INTO t(a, b, c) VALUES (?, ?, ?)", SqlNormalizer.normalize(many.toString()));
    }

    @Test
    void differentStatementsStayDifferent() {
        assertNotEquals(SqlNormalizer.normalize("SELECT a FROM t WHERE x = 1"),
            SqlNormalizer.normalize("SELECT a FROM t WHERE y = 1"));
        assertNotEquals(SqlNormalizer.normalize("SELECT a FROM t WHERE x IS NULL"),
            SqlNormalizer.normalize("SELECT a FROM t WHERE x = NULL"));
    }

    @Test
    void literalValuesAreNeverRetained() {
        String[] statements = {
            "INSERT INTO users (email, ssn) VALUES ('alice@secret.example', '123-45-6789')",
            "SELECT * FROM t WHERE token = 'secretvalue' OR token = 'x''secretvalue'",
            "SELECT * FROM t WHERE blob = X'5EC2E7' AND n = 987654321 AND f = -3.14159e-7",
            "SELECT * FROM t WHERE note = 'it\\'s secretvalue' AND path = 'C:\\secretvalue\\'",
            "UPDATE t SET pw = $$secretvalue$$ WHERE id IN ('secretvalue', 'other')",
        };
        for (String sql : statements) {
            String normalized = SqlNormalizer.normalize(sql);
            for (String secret : new String[] {"secret", "alice", "6789", "5EC2E7", "987654321", "3.14", "other"}) {
                assertFalse(normalized.contains(secret), () -> normalized + " contains " + secret);
            }
        }
    }

    @Test
    void generatedStatementsNeverLeakLiterals() {
        String[] fragments = {
            "SELECT", "a", "t.b", "FROM", "t", "WHERE", "=", "<>", "-", "+", "*", "(", ")", ",", "AND", "IN",
            "VALUES", "IS", "NOT", "NULL", "?", ":p", "\n", "\t", "--c\n", "/*c*/", ";", "\"q\"", "IN (",
            "VALUES (", "), (", "||", "::", "$1", "@x", "CASE", "THEN", "ELSE", "END", "BETWEEN", "LIMIT",
        };
        String[] literals = {
            "'zq'", "'z''q'", "'z\\'q'", "X'FACE'", "0x7E57", "73571", "7.3e5", "-735", "+735", ".735",
            "N'zq'", "E'z\\'q'", "$$zq$$", "$t$zq$t$", "'zq\\'",
        };
        Random random = new Random(42);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder sql = new StringBuilder();
            int tokens = 1 + random.nextInt(30);
            for (int i = 0; i < tokens; i++) {
                boolean literal = random.nextInt(4) == 0;
                if (literal) {
                    // "abc" + "123" would be the identifier abc123, not a literal
                    sql.append(' ').append(literals[random.nextInt(literals.length)]).append(' ');
                } else {
                    sql.append(fragments[random.nextInt(fragments.length)]).append(random.nextBoolean() ? " " : "");
                }
            }
            String normalized = SqlNormalizer.normalize(sql.toString());
            for (String secret : new String[] {"zq", "z'", "FACE", "7E57", "735", "3e5"}) {
                assertFalse(normalized.contains(secret), () -> sql + " => " + normalized);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'", "\"", "`", "[", "/*", "--", "$", "$$", "$a$", "@", ":", "?", "X'", "x'AB", "0x", "1e", "1e+", ".",
        "\\", "'\\", "'\\'", "\uD83D", "\uD83D\uDE00", "SELECT\u0000FROM", "((((", "))))", "IN (", "IN (1,",
        "VALUES (1), (", "VALUES", "- ", "-", "SELECT -",
    })
    void fragmentsNeverThrow(String sql) {
        assertDoesNotThrow(() -> SqlNormalizer.normalize(sql));
        assertDoesNotThrow(() -> StatementIdentity.of(sql));
    }

    @Test
    void randomInputNeverThrows() {
        String alphabet = "SELECTFROMWHEREINVALUESselect'\"`[]()-+*/=<>!|&;:?@$.,0123456789eExX \t\r\n\\#{}\u00e9\uD83D\uDE00";
        Random random = new Random(7);
        List<String> inputs = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            char[] chars = new char[random.nextInt(60)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            inputs.add(new String(chars));
        }
        for (String sql : inputs) {
            assertDoesNotThrow(() -> StatementIdentity.of(sql), sql);
            String normalized = SqlNormalizer.normalize(sql);
            assertEquals(normalized, normalized.strip(), sql);
        }
    }
}
