package com.threatlens.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules file: what it accepts, and how each mistake is reported without costing the other rules. */
class RuleFileTest {

    private static final String GOOD = "rule.good = com.acme.WikiService#getWiki(long); region=wiki";

    private static RuleFile parse(String... lines) {
        return RuleFile.parse(List.of(lines), "rules.properties");
    }

    private static CacheRule rule(RuleFile file, String name) {
        return file.rules().stream().filter(rule -> rule.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no rule " + name + " in " + file.rules() + "; " + file.problems()));
    }

    @Test
    void the_rules_the_example_ships_parse_without_a_problem() {
        RuleFile file = RuleFile.read(Path.of("../examples/cache-rules.properties"));

        assertEquals(List.of(), file.problems());
        assertEquals(List.of("wiki-by-id", "wiki-list", "search", "owasp-distribution", "repo-activity", "tag-frequency"),
            file.rules().stream().map(CacheRule::name).toList());
        CacheRule wiki = rule(file, "wiki-by-id");
        assertEquals("com.threatlens.example.service.WikiService#getWiki(long)", wiki.target().toString());
        assertEquals("com.threatlens.example.service.WikiService", wiki.target().exactType());
        assertEquals(Duration.ofHours(1), wiki.ttl());
        assertEquals("[wiki:{0}, repo:{result.repoId}]", wiki.tags().toString());
        assertNull(wiki.key(), "all the arguments");
        assertTrue(wiki.disk());
        assertFalse(wiki.cacheNulls());
        assertEquals(Duration.ofMinutes(15), rule(file, "owasp-distribution").ttl());
    }

    @Test
    void a_file_that_cannot_be_read_is_one_problem_and_no_rule() {
        RuleFile file = RuleFile.read(Path.of("no/such/rules.properties"));

        assertEquals(1, file.problems().size());
        assertTrue(file.problems().get(0).contains("no/such/rules.properties"), file.problems().toString());
        assertEquals(List.of(), file.rules());
    }

    @Test
    void every_option_is_read() {
        RuleFile file = parse("# a comment", "",
            "rule.all = com.acme.*Service#find*; region=search; ttl=90s; key={0.repoId}, page-{1}; "
                + "tags=repo:{0.repoId}; nulls=true; copy=TRUE; disk=false");

        assertEquals(List.of(), file.problems());
        CacheRule rule = rule(file, "all");
        assertEquals("search", rule.region().name());
        assertEquals(Duration.ofSeconds(90), rule.ttl());
        assertEquals("[{0.repoId}, page-{1}]", rule.key().toString());
        assertEquals("[repo:{0.repoId}]", rule.tags().toString());
        assertTrue(rule.cacheNulls());
        assertTrue(rule.copy());
        assertFalse(rule.disk());
    }

    @Test
    void a_region_line_overrides_a_built_in_region_or_declares_a_new_one() {
        RuleFile file = parse("region.wiki = 2h", "region.reports = 5m", GOOD,
            "rule.report = com.acme.Reports#weekly; region=reports",
            "rule.short = com.acme.Reports#daily; region=reports; ttl=30s");

        assertEquals(List.of(), file.problems());
        assertEquals(Duration.ofHours(2), file.regions().get("wiki").ttl());
        assertEquals(Duration.ofHours(2), rule(file, "good").ttl());
        assertEquals(Duration.ofMinutes(5), rule(file, "report").ttl());
        assertEquals(Duration.ofSeconds(30), rule(file, "short").ttl(), "a rule's ttl beats its region's");
        assertEquals(Duration.ofMinutes(30), file.regions().get("search").ttl(), "the other built-in regions stand");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "rule.bad = com.acme.Reports#weekly; region=nowhere",
        "rule.bad = com.acme.Reports#weekly",
        "rule.bad = com.acme.Reports#weekly; ttl=1m",
        "rule.bad = com.acme.Reports; region=wiki",
        "rule.bad = com.acme.Reports#; region=wiki",
        "rule.bad = com.acme.Reports#weekly(long; region=wiki",
        "rule.bad = com.acme.Re-ports#weekly; region=wiki",
        "rule.bad = @not an annotation; region=wiki",
        "rule.bad = com.acme.Reports#weekly; region=wiki; colour=red",
        "rule.bad = com.acme.Reports#weekly; region=wiki; ttl=soon",
        "rule.bad = com.acme.Reports#weekly; region=wiki; ttl=0s",
        "rule.bad = com.acme.Reports#weekly; region=wiki; tags={x}",
        "rule.bad = com.acme.Reports#weekly; region=wiki; tags=repo:{0.}",
        "rule.bad = com.acme.Reports#weekly; region=wiki; tags=repo:{0",
        "rule.bad = com.acme.Reports#weekly; region=wiki; tags=a,,b",
        "rule.bad = com.acme.Reports#weekly; region=wiki; key={result.id}",
        "rule.bad = com.acme.Reports#weekly; region=wiki; key=id-{result}",
        "rule.bad = com.acme.Reports#weekly; region=wiki; nulls=maybe",
        "rule.bad = com.acme.Reports#weekly; region=wiki; disk",
    })
    void a_bad_rule_is_one_problem_naming_it_and_the_other_rules_stand(String badLine) {
        RuleFile file = parse(GOOD, badLine, "rule.also-good = com.acme.Reports#daily; region=analytics");

        assertEquals(1, file.problems().size(), file.problems().toString());
        String problem = file.problems().get(0);
        assertTrue(problem.startsWith("rules.properties:2: cache rule 'bad' is off: "), problem);
        assertEquals(List.of("good", "also-good"), file.rules().stream().map(CacheRule::name).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "region.wiki = forever          | region 'wiki'",
        "region.wiki = 0s               | region 'wiki'",
        "region.wiki =                  | 'region.wiki ='",
        "wiki = com.acme.A#b            | 'wiki' is neither",
        "rule.good = com.acme.A#b; region=search | declared twice",
    })
    void a_bad_line_that_is_no_rule_is_one_problem_and_the_rules_stand(String badLine, String named) {
        RuleFile file = parse(GOOD, badLine);

        assertEquals(1, file.problems().size(), file.problems().toString());
        assertTrue(file.problems().get(0).startsWith("rules.properties:2: "), file.problems().get(0));
        assertTrue(file.problems().get(0).contains(named), file.problems().get(0));
        assertEquals(List.of("good"), file.rules().stream().map(CacheRule::name).toList());
        assertEquals("wiki", rule(file, "good").region().name());
        assertEquals(Duration.ofHours(1), rule(file, "good").ttl());
    }
}
