package org.imageindex.query.ast;

import java.time.Instant;
import java.util.Objects;

/**
 * A literal in a filter. The kinds follow MongoDB's type brackets: strings, numbers (whole and
 * floating, compared by value with each other), booleans, dates and null; a value never equals
 * a value of another bracket ({@code "15"} is not {@code 15}).
 */
public sealed interface Value {

    /** The bracket this value compares within. */
    Kind kind();

    /** Type brackets, in MongoDB's cross-type sort order. */
    enum Kind { NULL, NUMBER, STRING, BOOLEAN, DATE }

    /** A string, compared by Unicode code point (the order of UTF-8 bytes, as in MongoDB and Lucene). */
    record Text(String value) implements Value {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Kind kind() {
            return Kind.STRING;
        }
    }

    /** A whole number. */
    record Whole(long value) implements Value {
        @Override
        public Kind kind() {
            return Kind.NUMBER;
        }
    }

    /** A floating-point number; never NaN, and {@code -0.0} is stored as {@code 0.0} as MongoDB treats them equal. */
    record Real(double value) implements Value {
        public Real {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("value must not be NaN");
            }
            if (value == 0.0) {
                value = 0.0;
            }
        }

        @Override
        public Kind kind() {
            return Kind.NUMBER;
        }
    }

    /** A boolean; {@code false < true}. */
    record Bool(boolean value) implements Value {
        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** A point in time with millisecond precision. */
    record Date(long epochMillis) implements Value {
        @Override
        public Kind kind() {
            return Kind.DATE;
        }

        /** This date as an {@link Instant}. */
        public Instant instant() {
            return Instant.ofEpochMilli(epochMillis);
        }
    }

    /** MongoDB's null: equal to null and to a missing field. */
    record Null() implements Value {
        @Override
        public Kind kind() {
            return Kind.NULL;
        }
    }

    /** A string value. */
    static Value of(String value) {
        return new Text(value);
    }

    /** A whole-number value. */
    static Value of(long value) {
        return new Whole(value);
    }

    /** A floating-point value. */
    static Value of(double value) {
        return new Real(value);
    }

    /** A boolean value. */
    static Value of(boolean value) {
        return new Bool(value);
    }

    /** A date value. */
    static Value of(Instant value) {
        return new Date(value.toEpochMilli());
    }

    /** The null value. */
    static Value nullValue() {
        return new Null();
    }
}
