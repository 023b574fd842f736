package com.threatlens.example.generate;

import static com.threatlens.example.generate.RandomPicks.chance;
import static com.threatlens.example.generate.RandomPicks.pick;

import com.threatlens.example.data.OwaspCategory;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the markdown {@code sections} text of a security wiki: headed sections filled with
 * sentences assembled from the category's threats and mitigations until the text reaches a
 * target length between 2 and 4 KB.
 */
final class SecurityProseWriter {

    static final int MIN_LENGTH = 2048;
    static final int MAX_LENGTH = 4096;

    private static final List<String> HEADINGS = List.of(
            "Overview", "Threat Model", "Attack Scenarios", "Mitigations", "Detection and Response");

    private final SplittableRandom random;

    SecurityProseWriter(SplittableRandom random) {
        this.random = random;
    }

    String title(OwaspCategory category, String component) {
        String threat = pick(random, vocabulary(category).threats());
        return switch (random.nextInt(4)) {
            case 0 -> capitalize(threat) + " in the " + component;
            case 1 -> "Hardening the " + component + " against " + threat;
            case 2 -> capitalize(component) + ": " + threat + " review";
            default -> "Threat assessment of the " + component + " (" + category.title() + ")";
        };
    }

    String sections(OwaspCategory category, String component) {
        CategoryVocabulary vocabulary = vocabulary(category);
        // Headings, references and the sentence that crosses the target add up to ~600
        // characters, so aiming below MAX_LENGTH - 600 keeps every text within 2-4 KB.
        int targetLength = MIN_LENGTH + random.nextInt(MAX_LENGTH - MIN_LENGTH - 600);
        StringBuilder[] bodies = new StringBuilder[HEADINGS.size()];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = new StringBuilder();
        }
        int length = 0;
        int section = 0;
        while (length < targetLength) {
            String sentence = sentence(section, vocabulary, component);
            bodies[section].append(sentence);
            length += sentence.length();
            section = (section + 1) % bodies.length;
        }
        StringBuilder text = new StringBuilder(targetLength + 512);
        for (int i = 0; i < bodies.length; i++) {
            text.append("## ").append(HEADINGS.get(i)).append('\n').append(bodies[i]).append("\n\n");
        }
        text.append("## References\n");
        text.append("- OWASP Top 10 2021 ").append(category.code()).append(": ").append(category.title()).append('\n');
        text.append("- ").append(pick(random, vocabulary.references())).append('\n');
        return text.toString();
    }

    /** A short paragraph (a few hundred characters) for a threat document. */
    String threatSummary(OwaspCategory category, String component) {
        CategoryVocabulary vocabulary = vocabulary(category);
        StringBuilder text = new StringBuilder(800);
        int sentences = 3 + random.nextInt(3);
        for (int i = 0; i < sentences; i++) {
            text.append(sentence(1 + random.nextInt(HEADINGS.size() - 1), vocabulary, component));
        }
        return text.toString().trim();
    }

    private String sentence(int section, CategoryVocabulary vocabulary, String component) {
        String threat = pick(random, vocabulary.threats());
        String mitigation = pick(random, vocabulary.mitigations());
        String asset = pick(random, SecurityVocabulary.ASSETS);
        String actor = pick(random, SecurityVocabulary.ACTORS);
        String category = vocabulary.category().title().toLowerCase(Locale.ROOT);
        return switch (HEADINGS.get(section)) {
            case "Overview" -> switch (random.nextInt(4)) {
                case 0 -> "The " + component + " handles " + asset + " and is in scope for " + category + " reviews. ";
                case 1 -> "This page records how the team assessed " + threat + " for the " + component + ". ";
                case 2 -> "Earlier incidents involving " + asset + " made " + threat + " a priority for this quarter. ";
                default -> "The " + component + " is reachable from the public internet and trusts its callers too much. ";
            };
            case "Threat Model" -> switch (random.nextInt(3)) {
                case 0 -> capitalize(actor) + " could exploit " + threat + " in the " + component + " to "
                        + pick(random, SecurityVocabulary.IMPACTS) + ". ";
                case 1 -> "The trust boundary between the " + component + " and the "
                        + pick(random, SecurityVocabulary.COMPONENTS) + " is where " + threat + " becomes possible. ";
                default -> "Likelihood is rated " + pick(random, List.of("low", "moderate", "high"))
                        + " because " + actor + " needs no special tooling to attempt " + threat + ". ";
            };
            case "Attack Scenarios" -> chance(random, 0.15)
                    ? "A vulnerable snippet found during review: " + pick(random, SecurityVocabulary.CODE_FRAGMENTS) + ". "
                    : chance(random, 0.5)
                            ? "The attack succeeds when " + pick(random, SecurityVocabulary.CONDITIONS)
                                    + ", which exposes " + asset + ". "
                            : "In a tabletop exercise " + actor + " chained " + threat + " with "
                                    + pick(random, vocabulary.threats()) + " against the " + component + ". ";
            case "Mitigations" -> chance(random, 0.6)
                    ? "- " + capitalize(mitigation) + "; owners verify it in the next release.\n"
                    : "- " + capitalize(mitigation) + " for the " + component + " and add a regression test.\n";
            default -> chance(random, 0.5)
                    ? "Detection relies on " + pick(random, SecurityVocabulary.DETECTIONS)
                            + " so that attempts at " + threat + " surface within minutes. "
                    : "Responders rotate affected " + asset + " and review " + pick(random, SecurityVocabulary.DETECTIONS)
                            + " after any alert from the " + component + ". ";
        };
    }

    static CategoryVocabulary vocabulary(OwaspCategory category) {
        return SecurityVocabulary.BY_CATEGORY.get(category);
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
