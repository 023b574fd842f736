package com.threatlens.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementIdentityTest {

    @Test
    void idIsFnv1a64OfTheNormalizedText() {
        // Published FNV-1a 64 test vectors.
        assertEquals("cbf29ce484222325", StatementIdentity.idOf(""));
        assertEquals("af63dc4c8601ec8c", StatementIdentity.idOf("a"));
        assertEquals("85944171f73967e8", StatementIdentity.idOf("foobar"));
        // UTF-8 bytes, not UTF-16 chars.
        assertEquals("5b78c93f99b8f2f9", StatementIdentity.idOf("SELECT \u00e9 FROM t"));
    }

    @Test
    void idOfAFixedStatementNeverChanges() {
        StatementIdentity identity = StatementIdentity.of("select * from users where id = 42");
        assertEquals("SELECT * FROM users WHERE id = ?", identity.normalized());
        assertEquals("8aecd125cab18145", identity.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1", "INSERT INTO t VALUES (1)", "garbage )(", "SELECT * FROM \"\u00fcber\" WHERE x = '\u00e9'",
    })
    void idIsSixteenLowerCaseHexDigits(String sql) {
        assertTrue(StatementIdentity.of(sql).id().matches("[0-9a-f]{16}"));
    }

    @Test
    void statementsDifferingOnlyInLiteralsShareAnIdentity() {
        StatementIdentity a = StatementIdentity.of("SELECT * FROM t WHERE a = 1 AND b = 'x'");
        StatementIdentity b = StatementIdentity.of("select *\nfrom t\nwhere a=2 and b='y' -- other");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.id(), b.id());
        assertNotEquals(a.id(), StatementIdentity.of("SELECT * FROM t WHERE a = 1 OR b = 'x'").id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t", "-- just a comment", "/* c */", ";"})
    void blankSqlIsTheEmptyIdentity(String sql) {
        assertSame(StatementIdentity.EMPTY, StatementIdentity.of(sql));
    }

    @Test
    void emptyIdentity() {
        assertSame(StatementIdentity.EMPTY, StatementIdentity.of(null));
        assertEquals("", StatementIdentity.EMPTY.normalized());
        assertEquals("cbf29ce484222325", StatementIdentity.EMPTY.id());
        assertEquals(SqlOperation.OTHER, StatementIdentity.EMPTY.operation());
        assertEquals(List.of(), StatementIdentity.EMPTY.tables());
    }

    static Stream<Arguments> statements() {
        return Stream.of(
            arguments("SELECT * FROM users WHERE id = ?", SqlOperation.SELECT, "users"),
            arguments("select u.name, o.total, p.title from Users u join orders o on o.user_id = u.id "
                + "left outer join \"Products\" p on p.id = o.product_id join users x on 1 = 1",
                SqlOperation.SELECT, "users,orders,products"),
            arguments("SELECT * FROM a, b AS bb, main.c WHERE a.id = bb.id", SqlOperation.SELECT, "a,b,c"),
            arguments("SELECT s.n FROM (SELECT count(*) AS n FROM events WHERE kind = 'x') AS s",
                SqlOperation.SELECT, "events"),
            arguments("SELECT * FROM a, (SELECT * FROM b) x, c JOIN d USING (id)", SqlOperation.SELECT, "a,b,c,d"),
            arguments("SELECT * FROM (a JOIN b ON a.x = b.x) JOIN c ON c.y = a.y", SqlOperation.SELECT, "a,b,c"),
            arguments("SELECT (SELECT max(v) FROM t2) FROM t1 WHERE id IN (SELECT id FROM t3)",
                SqlOperation.SELECT, "t2,t1,t3"),
            arguments("WITH recent AS (SELECT * FROM orders WHERE ts > ?), big AS (SELECT * FROM recent WHERE total > 100) "
                + "SELECT * FROM big JOIN customers c ON c.id = big.customer_id", SqlOperation.SELECT, "orders,customers"),
            arguments("WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < 10) SELECT x FROM cnt",
                SqlOperation.SELECT, ""),
            arguments("WITH ids AS (SELECT id FROM stale) DELETE FROM cache WHERE id IN (SELECT id FROM ids)",
                SqlOperation.DELETE, "stale,cache"),
            arguments("WITH v AS (SELECT 1) INSERT INTO log (x) SELECT * FROM v", SqlOperation.INSERT, "log"),
            arguments("INSERT INTO events (kind, ts) VALUES (?, ?), (?, ?)", SqlOperation.INSERT, "events"),
            arguments("INSERT INTO archive SELECT * FROM events WHERE ts < ?", SqlOperation.INSERT, "archive,events"),
            arguments("INSERT OR REPLACE INTO main.kv (k, v) VALUES (?, ?)", SqlOperation.INSERT, "kv"),
            arguments("REPLACE INTO \"Kv\" VALUES (?, ?)", SqlOperation.INSERT, "kv"),
            arguments("INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
                SqlOperation.INSERT, "kv"),
            arguments("UPDATE accounts SET balance = balance - ? WHERE id = ?", SqlOperation.UPDATE, "accounts"),
            arguments("UPDATE OR IGNORE t SET a = 1 FROM u WHERE t.id = u.id", SqlOperation.UPDATE, "t,u"),
            arguments("DELETE FROM sessions WHERE expires < ?", SqlOperation.DELETE, "sessions"),
            arguments("CREATE TABLE IF NOT EXISTS aux.Audit (id INTEGER PRIMARY KEY, msg TEXT NOT NULL)",
                SqlOperation.DDL, "aux.audit"),
            arguments("CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email ON users (email)", SqlOperation.DDL, "users"),
            arguments("DROP TABLE IF EXISTS `Old_Data`", SqlOperation.DDL, "old_data"),
            arguments("DROP INDEX idx_users_email", SqlOperation.DDL, ""),
            arguments("ALTER TABLE users ADD COLUMN age INTEGER", SqlOperation.DDL, "users"),
            arguments("CREATE TRIGGER trg AFTER INSERT ON orders BEGIN INSERT INTO audit VALUES (new.id); END",
                SqlOperation.DDL, "orders,audit"),
            arguments("PRAGMA table_info(users)", SqlOperation.OTHER, ""),
            arguments("PRAGMA journal_mode = WAL", SqlOperation.OTHER, ""),
            arguments("BEGIN", SqlOperation.OTHER, ""),
            arguments("COMMIT", SqlOperation.OTHER, ""),
            arguments("EXPLAIN QUERY PLAN SELECT * FROM t", SqlOperation.OTHER, "t"),
            arguments("(SELECT a FROM x) UNION (SELECT a FROM y)", SqlOperation.SELECT, "x,y"),
            arguments("SELECT * FROM json_each(?) j JOIN t ON t.id = j.value", SqlOperation.SELECT, "t"),
            arguments("SELECT * FROM t WHERE EXTRACT(year FROM d) = ? AND a IS DISTINCT FROM b", SqlOperation.SELECT, "t"),
            arguments("SELECT * FROM t FOR UPDATE NOWAIT", SqlOperation.SELECT, "t"),
            arguments("SELECT * FROM temp.scratch, [Weird Name]", SqlOperation.SELECT, "temp.scratch,weird name"),
            arguments("TRUNCATE TABLE logs", SqlOperation.DDL, "logs"),
            arguments("))) garbage", SqlOperation.OTHER, "")
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("statements")
    void operationAndTables(String sql, SqlOperation operation, String tables) {
        StatementIdentity identity = StatementIdentity.of(sql);
        assertEquals(operation, identity.operation(), identity::toString);
        List<String> expected = tables.isEmpty() ? List.of() : Arrays.asList(tables.split(","));
        assertEquals(expected, identity.tables(), identity::toString);
        assertEquals(operation.isWrite(), identity.isWrite());
    }

    @Test
    void tablesAreUnmodifiable() {
        List<String> tables = StatementIdentity.of("SELECT * FROM a JOIN b ON 1 = 1").tables();
        assertThrows(UnsupportedOperationException.class, () -> tables.add("c"));
    }

    @Test
    void writes() {
        assertTrue(StatementIdentity.of("INSERT INTO t VALUES (1)").isWrite());
        assertTrue(StatementIdentity.of("UPDATE t SET a = 1").isWrite());
        assertTrue(StatementIdentity.of("DELETE FROM t").isWrite());
        assertTrue(StatementIdentity.of("CREATE TABLE t (a)").isWrite());
        assertFalse(StatementIdentity.of("SELECT * FROM t").isWrite());
        assertFalse(StatementIdentity.of("PRAGMA foreign_keys = ON").isWrite());
    }
}
