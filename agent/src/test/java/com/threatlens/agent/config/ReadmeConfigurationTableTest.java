package com.threatlens.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's configuration table and the settings the agent understands must not drift apart. */
class ReadmeConfigurationTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\| (`[^`]*`|\\(none\\)) \\|", Pattern.MULTILINE);

    private static Map<String, String> readmeRows() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher matcher = ROW.matcher(readme);
        while (matcher.find()) {
            String shown = matcher.group(2);
            rows.put(matcher.group(1), shown.equals("(none)") ? "" : shown.substring(1, shown.length() - 1));
        }
        return rows;
    }

    @Test
    void every_setting_is_in_the_readme_with_its_default() throws IOException {
        Map<String, String> rows = readmeRows();
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(rows.containsKey(setting.key()), "README lacks a row for " + setting.key());
            assertEquals(setting.defaultText(), rows.get(setting.key()), "README default of " + setting.key());
        }
    }

    @Test
    void the_readme_lists_no_key_the_agent_does_not_know() throws IOException {
        for (String key : readmeRows().keySet()) {
            assertTrue(Settings.BY_KEY.containsKey(key), "README documents unknown key " + key);
        }
    }
}
