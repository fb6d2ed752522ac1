package org.imageindex.query.ast;

import java.util.List;
import java.util.Objects;
import org.imageindex.query.SourcePosition;

/**
 * A parsed filter: a tree of immutable nodes, each remembering where it was written. The
 * semantics are MongoDB's for flat documents: a condition on a field is met when the field's
 * value, or any element of an array value, meets it; negations ({@link Not}) are plain
 * complements, so they include documents that lack the field.
 *
 * <p>The tree knows nothing of Lucene; {@code org.imageindex.query.compile} turns it into a query.
 */
public sealed interface Filter {

    /** Where this node was written. */
    SourcePosition position();

    /** Every document ({@code {}} in Mongo, an empty rule list in YAML, {@code *:*} in Lucene). */
    record MatchAll(SourcePosition position) implements Filter {
        public MatchAll {
            Objects.requireNonNull(position, "position");
        }
    }

    /** All clauses hold. Never empty: an empty conjunction is {@link MatchAll}. */
    record And(List<Filter> clauses, SourcePosition position) implements Filter {
        public And {
            clauses = List.copyOf(clauses);
            if (clauses.isEmpty()) {
                throw new IllegalArgumentException("clauses must not be empty");
            }
            Objects.requireNonNull(position, "position");
        }
    }

    /** At least one clause holds. Never empty. */
    record Or(List<Filter> clauses, SourcePosition position) implements Filter {
        public Or {
            clauses = List.copyOf(clauses);
            if (clauses.isEmpty()) {
                throw new IllegalArgumentException("clauses must not be empty");
            }
            Objects.requireNonNull(position, "position");
        }
    }

    /** The complement: every document the inner filter does not match, including those lacking its field. */
    record Not(Filter filter, SourcePosition position) implements Filter {
        public Not {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(position, "position");
        }
    }

    /**
     * The field's value, or any element of it, equals {@code value} within the same type bracket.
     * Equality with {@link Value.Null} also matches documents lacking the field.
     */
    record Equals(String field, Value value, SourcePosition position) implements Filter {
        public Equals {
            checkField(field);
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(position, "position");
        }
    }

    /** As an OR of {@link Equals} over {@code values}; an empty list matches nothing. */
    record In(String field, List<Value> values, SourcePosition position) implements Filter {
        public In {
            checkField(field);
            values = List.copyOf(values);
            Objects.requireNonNull(position, "position");
        }
    }

    /**
     * The field's value, or any element of it, compares to {@code bound} as {@code operator} says,
     * within the bound's type bracket (numbers never compare with strings).
     */
    record Range(String field, RangeOperator operator, Value bound, SourcePosition position) implements Filter {
        public Range {
            checkField(field);
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(bound, "bound");
            Objects.requireNonNull(position, "position");
        }
    }

    /** The document has the field, whatever its value (null and the empty array included). */
    record Exists(String field, SourcePosition position) implements Filter {
        public Exists {
            checkField(field);
            Objects.requireNonNull(position, "position");
        }
    }

    /** A string value, or any string element, starts with {@code prefix} (case-sensitive). */
    record Prefix(String field, String prefix, SourcePosition position) implements Filter {
        public Prefix {
            checkField(field);
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(position, "position");
        }
    }

    /** A string value contains {@code text}, ignoring case (SQL {@code ILIKE '%text%'}). */
    record Contains(String field, String text, SourcePosition position) implements Filter {
        public Contains {
            checkField(field);
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(position, "position");
        }
    }

    /**
     * A string value matches the SQL {@code ILIKE} pattern, case-insensitively and as a whole:
     * {@code %} stands for any run of characters, {@code _} for exactly one, and {@code \}
     * makes the next character literal ({@code 100\%}). {@code "cat%lawn"} matches
     * "Cat and dog on the lawn"; {@code "%cat%"} is a substring search.
     */
    record Like(String field, String pattern, SourcePosition position) implements Filter {
        public Like {
            checkField(field);
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(position, "position");
        }
    }

    /** Full-text: the field's words include every word of {@code text} (analysed, case-insensitive). */
    record TextSearch(String field, String text, SourcePosition position) implements Filter {
        public TextSearch {
            checkField(field);
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(position, "position");
        }
    }

    private static void checkField(String field) {
        Objects.requireNonNull(field, "field");
        if (field.isEmpty()) {
            throw new IllegalArgumentException("field must not be empty");
        }
    }
}
