package com.threatlens.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** Which methods a rule names, and which of them it can cache. */
class RuleSitesTest {

    private static final String SERVICE = "com.threatlens.agent.cache.FixtureService";
    private static final TypeDescription FIXTURE = TypeDescription.ForLoadedType.of(FixtureService.class);

    private static CacheRule rule(String options) {
        RuleFile file = RuleFile.parse(List.of("rule.test = " + SERVICE + "#getWiki; region=wiki; " + options), "test");
        assertEquals(List.of(), file.problems());
        return file.rules().get(0);
    }

    private static MethodDescription method(String name) {
        return new MethodDescription.ForLoadedMethod(TestEngine.method(name));
    }

    private static MethodDescription method(String name, Class<?>... parameters) throws NoSuchMethodException {
        return new MethodDescription.ForLoadedMethod(FixtureService.class.getMethod(name, parameters));
    }

    @Test
    void a_void_method_is_refused() {
        String problem = RuleSites.problemWith(rule(""), method("touch"));

        assertNotNull(problem);
        assertTrue(problem.contains("void"), problem);
    }

    @Test
    void an_argument_past_the_last_parameter_is_refused() {
        String inKey = RuleSites.problemWith(rule("key={1}"), method("getWiki"));
        String inTags = RuleSites.problemWith(rule("tags=wiki:{0}, other:{2}"), method("getWiki"));

        assertEquals("'{1}' names argument 1, but the method takes 1 argument", inKey);
        assertEquals("'other:{2}' names argument 2, but the method takes 1 argument", inTags);
    }

    @Test
    void a_property_the_parameter_type_lacks_is_refused() throws NoSuchMethodException {
        String ofArgument = RuleSites.problemWith(rule("key={0.owner}"), method("listWikis"));
        String ofResult = RuleSites.problemWith(rule("tags=repo:{result.owner}"), method("getWiki"));
        String ofPrimitive = RuleSites.problemWith(rule("key={0.value}"), method("getWiki"));
        String ofArray = RuleSites.problemWith(rule("key={0.length}"), method("wikisByIds"));
        String ofGetter = RuleSites.problemWith(rule("key={1.size}"),
            method("findWiki", String.class, FixtureService.Page.class));

        assertTrue(ofArgument.contains("has no property 'owner'"), ofArgument);
        assertTrue(ofArgument.contains("WikiQuery"), ofArgument);
        assertTrue(ofResult.contains("has no property 'owner'"), ofResult);
        assertTrue(ofPrimitive.contains("has no property 'value'"), ofPrimitive);
        assertTrue(ofArray.contains("has no property 'length'"), ofArray);
        assertTrue(ofGetter.contains("has no property 'size'"), ofGetter);
    }

    @Test
    void record_components_getters_and_the_result_s_properties_are_accepted() throws NoSuchMethodException {
        assertNull(RuleSites.problemWith(rule("key={0.repoId}, {0.text}"), method("listWikis")));
        assertNull(RuleSites.problemWith(rule("key={0}; tags=repo:{result.repoId}, t:{result.title}"), method("getWiki")));
        assertNull(RuleSites.problemWith(rule("key={0}, {1.number}"),
            method("findWiki", String.class, FixtureService.Page.class)));
        assertNull(RuleSites.problemWith(rule("tags=first:{result.wikis}"), method("summary")));
    }

    @Test
    void a_property_of_an_interface_is_left_to_the_call() throws NoSuchMethodException {
        // A List argument may be any implementation: its properties are only known on a call.
        assertNull(RuleSites.problemWith(rule("key={0.anything}"), method("findWiki", List.class)));
    }

    private static List<String> matched(String target) {
        RuleTarget parsed = RuleTarget.parse(target);
        return Arrays.stream(FixtureService.class.getDeclaredMethods())
            .map(MethodDescription.ForLoadedMethod::new)
            .filter(candidate -> parsed.matches(FIXTURE, candidate))
            .map(candidate -> candidate.getName() + "(" + candidate.getParameters().size() + ")")
            .sorted()
            .collect(Collectors.toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        SERVICE + "#getWiki                                    | getWiki(1)",
        SERVICE + "#getWiki(long)                              | getWiki(1)",
        SERVICE + "#getWiki(int)                               | ''",
        SERVICE + "#getWiki()                                  | ''",
        SERVICE + "#findWiki                                   | findWiki(1), findWiki(2)",
        SERVICE + "#findWiki(String, Page)                     | findWiki(2)",
        SERVICE + "#findWiki(java.lang.String,FixtureService$Page) | ''",
        SERVICE + "#findWiki(java.lang.String, " + SERVICE + "$Page) | findWiki(2)",
        SERVICE + "#findWiki(List)                             | findWiki(1)",
        SERVICE + "#findWiki(java.util.List)                   | findWiki(1)",
        SERVICE + "#find                                       | ''",
        SERVICE + "#find*                                      | findWiki(1), findWiki(2)",
        SERVICE + "#*Wiki                                      | findWiki(1), findWiki(2), getWiki(1)",
        "com.threatlens.agent.cache.Fixture*#*Wikis            | countWikis(1), listWikis(1)",
        "*.FixtureService#getWiki                              | getWiki(1)",
        "com.threatlens.agent.cache.Other*#getWiki             | ''",
        "com.threatlens.agent.FixtureService#getWiki           | ''",
        "@" + SERVICE + "$Cached                               | countWikis(1)",
        "@com.acme.Cached                                      | ''",
    })
    void a_target_names_methods_by_name_parameter_types_wildcards_or_annotation(String target, String expected) {
        List<String> wanted = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(",\\s*"));
        assertEquals(wanted, matched(target));
    }

    @Test
    void the_first_rule_that_names_a_method_caches_it_and_a_refused_rule_leaves_it_alone() {
        RuleFile file = RuleFile.parse(List.of(
            "rule.refused = " + SERVICE + "#touch; region=wiki",
            "rule.first = " + SERVICE + "#*Wiki; region=wiki",
            "rule.second = " + SERVICE + "#getWiki; region=search",
            "rule.annotated = @" + SERVICE + "$Cached; region=analytics"), "test");
        CacheSites sites = new CacheSites(new JsonCodec(), 16);
        RuleSites ruleSites = new RuleSites(file.rules(), sites);
        ClassLoader loader = FixtureService.class.getClassLoader();

        int touch = ruleSites.siteOf(FIXTURE, method("touch"), loader);
        int getWiki = ruleSites.siteOf(FIXTURE, method("getWiki"), loader);
        int count = ruleSites.siteOf(FIXTURE, method("countWikis"), loader);
        int list = ruleSites.siteOf(FIXTURE, method("listWikis"), loader);

        assertEquals(-1, touch);
        assertTrue(ruleSites.refused().get("refused").contains("void"), ruleSites.refused().toString());
        assertEquals("first", sites.get(getWiki).rule.name());
        assertEquals(SERVICE + "#getWiki(long)", sites.get(getWiki).signature);
        assertEquals("annotated", sites.get(count).rule.name());
        assertEquals(-1, list);
        assertEquals(getWiki, ruleSites.siteOf(FIXTURE, method("getWiki"), loader), "registered once");
        assertTrue(ruleSites.mayDeclare(FIXTURE));
        assertFalse(new RuleSites(List.of(file.rules().get(1)), sites)
            .mayDeclare(TypeDescription.ForLoadedType.of(String.class)));
    }
}
