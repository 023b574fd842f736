package com.threatlens.example.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.threatlens.example.data.OwaspCategory;
import com.threatlens.example.data.SecurityTags;
import com.threatlens.example.generate.SecurityVocabulary;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** Decides what each iteration does and builds its request paths and bodies. Shared, immutable. */
final class Workload {

    static final int PAGE_SIZE = 20;

    private static final List<String> ANALYTICS_PATHS = List.of(
            "/api/analytics/owasp-distribution?days=30",
            "/api/analytics/repo-activity?days=30",
            "/api/analytics/tag-frequency?limit=20");
    private static final List<String> SEARCH_TERMS = SecurityVocabulary.searchTerms();
    private static final OwaspCategory[] CATEGORIES = OwaspCategory.values();
    private static final Pattern REVISION_SUFFIX = Pattern.compile(" \\[rev \\d+]$");

    private final OperationMix mix;
    private final double writeRatio;
    private final IdSampler wikiIds;
    private final long repos;
    private final ObjectMapper mapper = new ObjectMapper();

    Workload(OperationMix mix, double writeRatio, IdSampler wikiIds, long repos) {
        this.mix = mix;
        this.writeRatio = writeRatio;
        this.wikiIds = wikiIds;
        this.repos = repos;
    }

    Operation nextOperation(SplittableRandom random) {
        return random.nextDouble() < writeRatio ? Operation.WRITE : mix.pick(random);
    }

    String wikiPath(SplittableRandom random) {
        return "/api/wikis/" + wikiIds.next(random);
    }

    String listPath(SplittableRandom random) {
        return "/api/repos/" + (1 + random.nextLong(repos)) + "/wikis?page=" + (1 + random.nextInt(3))
                + "&page_size=" + PAGE_SIZE;
    }

    /** A term from the generated prose; sometimes narrowed by OWASP category or tag. */
    String searchPath(SplittableRandom random) {
        StringBuilder path = new StringBuilder("/api/search?q=")
                .append(encode(SEARCH_TERMS.get(random.nextInt(SEARCH_TERMS.size()))));
        if (random.nextDouble() < 0.2) {
            path.append("&owasp=").append(CATEGORIES[random.nextInt(CATEGORIES.length)].code());
        }
        if (random.nextDouble() < 0.1) {
            path.append("&tag=").append(SecurityTags.KNOWN.get(random.nextInt(SecurityTags.KNOWN.size())));
        }
        return path.append("&page=").append(1 + random.nextInt(2)).append("&page_size=").append(PAGE_SIZE).toString();
    }

    String analyticsPath(SplittableRandom random) {
        return ANALYTICS_PATHS.get(random.nextInt(ANALYTICS_PATHS.size()));
    }

    /** The wiki JSON as fetched, with its title given a new revision suffix. */
    byte[] withChangedTitle(byte[] wikiJson, SplittableRandom random) throws IOException {
        JsonNode node = mapper.readTree(wikiJson);
        if (!(node instanceof ObjectNode wiki) || !wiki.path("title").isTextual()) {
            throw new IOException("GET /api/wikis/{id} did not return a wiki object");
        }
        String title = REVISION_SUFFIX.matcher(wiki.get("title").textValue()).replaceFirst("");
        wiki.put("title", title + " [rev " + (1 + random.nextInt(1_000_000)) + "]");
        return mapper.writeValueAsBytes(wiki);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
