package com.threatlens.example.it;

import com.threatlens.example.generate.DataGenerator;
import com.threatlens.example.generate.GenerationPreset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The tiny example database (5 repositories, 200 wikis), generated once per test class with the
 * same generator as {@code --generate tiny}, and copied for every JVM that gets its own file.
 */
final class TinyDatabase {

    static final int WIKIS = GenerationPreset.TINY.wikis();
    static final int REPOSITORIES = GenerationPreset.TINY.repositories();

    private TinyDatabase() {
    }

    /** Generates {@code tiny-template.db} in {@code directory} and returns its path. */
    static Path generate(Path directory) {
        Path template = directory.resolve("tiny-template.db");
        new DataGenerator().generate(template, GenerationPreset.TINY, LocalDate.now(ZoneOffset.UTC));
        return template;
    }

    /** A byte-for-byte copy of {@code template} named {@code name} in the template's directory. */
    static Path copy(Path template, String name) {
        Path copy = template.resolveSibling(name);
        try {
            return Files.copy(template, copy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + template + " to " + copy, e);
        }
    }
}
