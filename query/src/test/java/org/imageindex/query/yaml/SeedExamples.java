package org.imageindex.query.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The query examples of the seed documents, character for character, kept once as resources so
 * that the query, core and server tests replay the same text (this class ships in the query
 * module's test jar).
 */
public final class SeedExamples {

    /** Seed 002's documented YAML query: want a cat, a dog and grass or a flower; exclude humans, old and small. */
    public static final String DATASET_PLATFORM_QUERY = resource("seed002-query-example.yaml");

    private SeedExamples() {
    }

    private static String resource(String name) {
        try (InputStream in = SeedExamples.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing beside SeedExamples: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
