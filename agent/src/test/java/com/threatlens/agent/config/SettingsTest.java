package com.threatlens.agent.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void the_environment_name_is_the_prefixed_key_in_upper_case_with_underscores() {
        assertEquals("THREATLENS_PERF_HTTP_PORT", Settings.HTTP_PORT.environmentName());
        assertEquals("THREATLENS_PERF_ENABLED", Settings.ENABLED.environmentName());
        assertEquals("THREATLENS_PERF_LOG_LEVEL", Settings.LOG_LEVEL.environmentName());
    }

    @Test
    void a_dash_in_a_key_becomes_an_underscore_in_the_environment_name() {
        Setting<Integer> dashed = new Setting<>("pool.max-size", null, "10", ValueType.integer(1, 100), "test");

        assertEquals("THREATLENS_PERF_POOL_MAX_SIZE", dashed.environmentName());
    }

    @Test
    void every_default_parses() {
        for (Setting<?> setting : Settings.ALL) {
            Object value = assertDoesNotThrow(setting::defaultValue, setting.key());
            assertNotNull(value, setting.key());
        }
    }

    @Test
    void every_key_is_unique() {
        Set<String> keys = new HashSet<>();
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(keys.add(setting.key()), "duplicate key " + setting.key());
        }
    }

    @Test
    void every_environment_name_is_unique() {
        Set<String> names = new HashSet<>();
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(names.add(setting.environmentName()), "duplicate environment name " + setting.environmentName());
        }
    }

    @Test
    void every_setting_has_a_description_and_an_accepted_form() {
        for (Setting<?> setting : Settings.ALL) {
            assertFalse(setting.description() == null || setting.description().isBlank(), setting.key());
            assertFalse(setting.type().acceptedForm().isBlank(), setting.key());
        }
    }

    @Test
    void every_setting_can_be_looked_up_by_its_key() {
        assertEquals(Settings.ALL.size(), Settings.BY_KEY.size());
        for (Setting<?> setting : Settings.ALL) {
            assertEquals(setting, Settings.BY_KEY.get(setting.key()));
        }
    }

    @Test
    void every_setting_is_read_from_its_environment_variable() {
        for (Setting<?> setting : Settings.ALL) {
            if (setting == Settings.CONFIG_FILE) {
                continue;
            }
            AgentConfig config = AgentConfig.load(null, Map.of(), Map.of(setting.environmentName(), setting.defaultText()));
            assertEquals(List.of(), config.problems(), setting.key());
            assertEquals(setting.defaultValue(), config.get(setting), setting.key());
        }
    }

    @Test
    void the_features_of_the_settings_are_the_known_ones() {
        Set<String> known = Set.of(Settings.FEATURE_AGENT, Settings.FEATURE_HTTP, Settings.FEATURE_JDBC,
            Settings.FEATURE_POOL, Settings.FEATURE_API, Settings.FEATURE_CACHE, Settings.FEATURE_TASKS, Settings.FEATURE_SEARCH,
            Settings.FEATURE_ANALYTICS, Settings.FEATURE_ADVISOR);
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(setting.feature() == null || known.contains(setting.feature()), setting.key() + ": " + setting.feature());
        }
    }

    @Test
    void a_port_accepts_0_to_65535_only() {
        assertEquals(0, ValueType.PORT.parse("0"));
        assertEquals(65_535, ValueType.PORT.parse("65535"));
        assertEquals(8080, ValueType.PORT.parse(" 8080 "));
        for (String bad : List.of("-1", "65536", "abc", "", "80.0")) {
            assertThrows(IllegalArgumentException.class, () -> ValueType.PORT.parse(bad), bad);
        }
    }

    @Test
    void an_enum_type_names_its_constants_in_lower_case_as_the_accepted_form() {
        assertEquals("one of debug info warn error off", Settings.LOG_LEVEL.type().acceptedForm());
    }
}
