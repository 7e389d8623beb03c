package dev.mip.data;

import java.util.Map;

/**
 * A person whose data a model was trained on (or, for holdout profiles, was not).
 *
 * @param id unique id (e.g. {@code p017})
 * @param name the person's name
 * @param biography free text
 * @param image the profile photo
 * @param attributes named facts (job, birthplace, ...), informative only
 */
public record Profile(String id, String name, String biography, ImageRef image, Map<String, String> attributes) {
    /** Defensive copy of the attributes, keeping their order (Map.copyOf's order varies between JVM runs). */
    public Profile {
        attributes = attributes == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }
}
