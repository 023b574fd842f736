package com.threatlens.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatlens.example.generate.GenerationPreset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceOptionsTest {

    @Test
    void onlyTheDatabaseIsRequired() throws UsageException {
        ServiceOptions options = ServiceOptions.parse("--db", "x.db");

        assertEquals(Path.of("x.db"), options.database());
        assertNull(options.generate());
        assertEquals(8080, options.port());
        assertEquals("127.0.0.1", options.host());
    }

    @Test
    void readsEveryOption() throws UsageException {
        ServiceOptions options = ServiceOptions.parse(
                "--db", "/tmp/a.db", "--generate", "Medium", "--port", "0", "--host", "0.0.0.0");

        assertEquals(GenerationPreset.MEDIUM, options.generate());
        assertEquals(0, options.port());
        assertEquals("0.0.0.0", options.host());
    }

    @Test
    void helpNeedsNothingElse() throws UsageException {
        assertTrue(ServiceOptions.parse("--help").help());
    }

    @Test
    void rejectsBadCommandLines() {
        assertThrows(UsageException.class, () -> ServiceOptions.parse());
        assertThrows(UsageException.class, () -> ServiceOptions.parse("--db"));
        assertThrows(UsageException.class, () -> ServiceOptions.parse("--db", "x.db", "--port", "http"));
        assertThrows(UsageException.class, () -> ServiceOptions.parse("--db", "x.db", "--port", "70000"));
        assertThrows(UsageException.class, () -> ServiceOptions.parse("--db", "x.db", "--generate", "huge"));
        assertThrows(UsageException.class, () -> ServiceOptions.parse("--db", "x.db", "--verbose", "yes"));
        assertThrows(UsageException.class, () -> ServiceOptions.parse("x.db"));
    }
}
