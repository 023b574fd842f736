package com.threatlens.example.generate;

import com.threatlens.example.data.OwaspCategory;
import java.util.List;

/** The threats, mitigations, tags and CWE references that belong to one OWASP category. */
record CategoryVocabulary(
        OwaspCategory category,
        List<String> threats,
        List<String> mitigations,
        List<String> tags,
        List<String> references) {
}
