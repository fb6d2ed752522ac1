package org.imageindex.query;

import java.util.Objects;

/**
 * Where in the user's text a filter element came from, in the style of its language: a JSON
 * pointer for Mongo filters, a 1-based line and column for YAML, a 0-based character offset for
 * Lucene syntax. Fields that do not apply to the language are {@code null} or {@code -1}.
 *
 * @param language    the language of the text
 * @param jsonPointer RFC 6901 pointer ({@code ""} is the root), only for {@link QueryLanguage#MONGO_JSON}
 * @param line        1-based line, only for {@link QueryLanguage#YAML}, else -1
 * @param column      1-based column, only for {@link QueryLanguage#YAML}, else -1
 * @param offset      0-based character offset, only for {@link QueryLanguage#LUCENE} and
 *                    {@link QueryLanguage#ROKKA}, else -1
 */
public record SourcePosition(QueryLanguage language, String jsonPointer, int line, int column, int offset) {

    public SourcePosition {
        Objects.requireNonNull(language, "language");
    }

    /** A position inside a Mongo filter, e.g. {@code /$and/2/tags/$in}. */
    public static SourcePosition jsonPointer(String pointer) {
        return new SourcePosition(QueryLanguage.MONGO_JSON, Objects.requireNonNull(pointer, "pointer"), -1, -1, -1);
    }

    /** A position inside YAML rules; line and column start at 1. */
    public static SourcePosition lineColumn(int line, int column) {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, got: " + line);
        }
        if (column < 1) {
            throw new IllegalArgumentException("column must be >= 1, got: " + column);
        }
        return new SourcePosition(QueryLanguage.YAML, null, line, column, -1);
    }

    /** A position inside a Lucene query string; the offset starts at 0. */
    public static SourcePosition offset(int offset) {
        return offset(QueryLanguage.LUCENE, offset);
    }

    /** A position inside a query string of a language located by offset (Lucene, rokka); the offset starts at 0. */
    public static SourcePosition offset(QueryLanguage language, int offset) {
        if (language != QueryLanguage.LUCENE && language != QueryLanguage.ROKKA) {
            throw new IllegalArgumentException("language must be LUCENE or ROKKA for an offset, got: " + language);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got: " + offset);
        }
        return new SourcePosition(language, null, -1, -1, offset);
    }

    /** Human-readable location, e.g. {@code "mongo filter at /price/$in"}. */
    public String describe() {
        return switch (language) {
            case MONGO_JSON -> language.label() + " at " + (jsonPointer.isEmpty() ? "the root" : jsonPointer);
            case YAML -> language.label() + " at line " + line + ", column " + column;
            case LUCENE, ROKKA -> language.label() + " at offset " + offset;
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
