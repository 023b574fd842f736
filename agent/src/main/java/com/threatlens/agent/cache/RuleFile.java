package com.threatlens.agent.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.threatlens.agent.config.Units;

/**
 * Reads the cache rules file: one {@code name = value} per line, {@code #} comments.
 *
 * <pre>
 * # a region: its time to live (overrides a built-in one, or declares a new one)
 * region.wiki = 2h
 * # a rule: the method, then options separated by ';'
 * rule.wiki-by-id = com.acme.WikiService#getWiki(long); region=wiki; tags=wiki:{0}, repo:{result.repoId}
 * </pre>
 *
 * Rule options: {@code region} (required), {@code ttl} (default: the region's), {@code key}
 * (comma-separated expressions, default: all arguments), {@code tags} (comma-separated
 * expressions), {@code nulls=true} (cache null results), {@code copy=true} (hand out copies),
 * {@code disk=false} (memory only). A line that is wrong is reported with its rule name and
 * skipped; the other rules stand.
 */
final class RuleFile {

    private final Map<String, Region> regions;
    private final List<CacheRule> rules;
    private final List<String> problems;

    private RuleFile(Map<String, Region> regions, List<CacheRule> rules, List<String> problems) {
        this.regions = regions;
        this.rules = rules;
        this.problems = problems;
    }

    static RuleFile read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException | RuntimeException unreadable) {
            return new RuleFile(Region.builtIn(), List.of(),
                List.of("cache.rules=" + file + " cannot be read (" + unreadable.getMessage() + "); no method is cached"));
        }
    }

    static RuleFile parse(List<String> lines, String source) {
        Map<String, Region> regions = Region.builtIn();
        List<String> problems = new ArrayList<>();
        Map<String, String> ruleLines = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? line : line.substring(0, equals).trim();
            String value = equals < 0 ? "" : line.substring(equals + 1).trim();
            String where = source + ":" + (n + 1);
            if (equals < 0 || value.isEmpty()) {
                problems.add(where + ": '" + line + "' is not 'rule.<name> = <method>; region=<region>' or 'region.<name> = <ttl>'");
            } else if (name.startsWith("region.") && name.length() > "region.".length()) {
                String region = name.substring("region.".length());
                try {
                    regions.put(region, new Region(region, ttl(value)));
                } catch (IllegalArgumentException bad) {
                    problems.add(where + ": region '" + region + "': " + bad.getMessage());
                }
            } else if (name.startsWith("rule.") && name.length() > "rule.".length()) {
                String rule = name.substring("rule.".length());
                if (ruleLines.putIfAbsent(rule, where + "\n" + value) != null) {
                    problems.add(where + ": rule '" + rule + "' is declared twice; the first one stands");
                }
            } else {
                problems.add(where + ": '" + name + "' is neither 'rule.<name>' nor 'region.<name>'");
            }
        }
        List<CacheRule> rules = new ArrayList<>();
        for (Map.Entry<String, String> entry : ruleLines.entrySet()) {
            String[] whereAndValue = entry.getValue().split("\n", 2);
            try {
                rules.add(rule(entry.getKey(), whereAndValue[1], regions));
            } catch (IllegalArgumentException bad) {
                problems.add(whereAndValue[0] + ": cache rule '" + entry.getKey() + "' is off: " + bad.getMessage());
            }
        }
        return new RuleFile(regions, List.copyOf(rules), List.copyOf(problems));
    }

    private static CacheRule rule(String name, String value, Map<String, Region> regions) {
        String[] fields = value.split(";");
        RuleTarget target = RuleTarget.parse(fields[0]);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i].trim();
            if (field.isEmpty()) {
                continue;
            }
            int equals = field.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + field + "' is not 'option=value'");
            }
            options.put(field.substring(0, equals).trim().toLowerCase(Locale.ROOT), field.substring(equals + 1).trim());
        }
        String regionName = options.remove("region");
        if (regionName == null) {
            throw new IllegalArgumentException("it names no region (region=wiki, search, analytics, patterns, owasp or one declared as region.<name>)");
        }
        Region region = regions.get(regionName);
        if (region == null) {
            throw new IllegalArgumentException("region '" + regionName + "' is unknown; known: " + regions.keySet()
                + " (declare more as region.<name> = <ttl>)");
        }
        String ttlText = options.remove("ttl");
        Duration ttl = ttlText == null ? region.ttl() : ttl(ttlText);
        List<ValueTemplate> key = null;
        String keyText = options.remove("key");
        if (keyText != null) {
            key = templates(keyText, "key");
            for (ValueTemplate part : key) {
                if (part.usesResult()) {
                    throw new IllegalArgumentException("key '" + keyText + "' uses {result}, which is not known before the call");
                }
            }
        }
        String tagsText = options.remove("tags");
        List<ValueTemplate> tags = tagsText == null ? List.of() : templates(tagsText, "tags");
        boolean nulls = flag(options.remove("nulls"), false, "nulls");
        boolean copy = flag(options.remove("copy"), false, "copy");
        boolean disk = flag(options.remove("disk"), true, "disk");
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + options.keySet()
                + "; accepted: region, ttl, key, tags, nulls, copy, disk");
        }
        return new CacheRule(name, target, region, ttl, key, tags, nulls, copy, disk);
    }

    private static List<ValueTemplate> templates(String text, String option) {
        List<ValueTemplate> templates = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                throw new IllegalArgumentException(option + " '" + text + "' has an empty part");
            }
            templates.add(ValueTemplate.parse(part.trim()));
        }
        return List.copyOf(templates);
    }

    private static Duration ttl(String text) {
        Duration ttl;
        try {
            ttl = Units.parseDuration(text);
        } catch (RuntimeException bad) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 30s, 15m, 1h");
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("a time to live must be above zero, not '" + text + "'");
        }
        return ttl;
    }

    private static boolean flag(String text, boolean fallback, String option) {
        if (text == null) {
            return fallback;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(option + "=" + text + " is not true or false");
    }

    Map<String, Region> regions() {
        return regions;
    }

    List<CacheRule> rules() {
        return rules;
    }

    List<String> problems() {
        return problems;
    }
}
