package com.threatlens.agent.cache.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk tier's directory holds the application's data: private to its owner. */
class PrivateDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void a_new_directory_is_readable_by_its_owner_only() throws IOException {
        Path directory = parent.resolve("cache");
        assertNull(PrivateDirectory.prepare(directory));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
    }

    @Test
    void an_existing_directory_others_may_write_to_is_refused() throws IOException {
        Path directory = Files.createDirectory(parent.resolve("shared"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        String reason = PrivateDirectory.prepare(directory);
        assertTrue(reason != null && reason.contains("other users"), String.valueOf(reason));
    }

    @Test
    void a_link_in_place_of_the_directory_is_refused() throws IOException {
        Path target = Files.createDirectory(parent.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(parent.resolve("cache"), target);
        String reason = PrivateDirectory.prepare(link);
        assertTrue(reason != null && reason.contains("not a directory"), String.valueOf(reason));
    }
}
