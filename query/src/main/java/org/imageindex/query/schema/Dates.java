package org.imageindex.query.schema;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The date spellings filters accept, shared by the three parsers. */
public final class Dates {

    /** What a date must look like, for error messages. */
    public static final String EXPECTED =
            "an ISO-8601 date such as 2017-01-01, 2017-01-01T00:00:00Z or 2017-01-18T14:10:40+0000";

    /** rokka's {@code created} values carry an offset without a colon: {@code +0000}. */
    private static final DateTimeFormatter COMPACT_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]xx");

    private Dates() {
    }

    /**
     * Epoch milliseconds of an ISO-8601 instant ({@code 2017-01-01T00:00:00Z}), date-time with an
     * offset ({@code +01:00} or {@code +0000}), date-time without one (taken as UTC) or a date
     * (its start, UTC).
     *
     * @throws DateTimeException if the text is none of those, or a date too far from 1970 for
     *                           epoch milliseconds in a long (about 292 million years)
     */
    public static long parseMillis(String text) {
        try {
            return epochMillis(text);
        } catch (ArithmeticException e) {
            throw new DateTimeException("date out of range for epoch milliseconds: " + text, e);
        }
    }

    private static long epochMillis(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next spelling
        }
        try {
            return OffsetDateTime.parse(text, COMPACT_OFFSET).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next spelling
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next spelling
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new DateTimeException("not a date: " + text, e);
        }
    }

    /** The instant of {@link #parseMillis}. */
    public static Instant parse(String text) {
        return Instant.ofEpochMilli(parseMillis(text));
    }
}
