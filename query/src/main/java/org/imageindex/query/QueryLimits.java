package org.imageindex.query;

/**
 * Bounds on what a parser accepts, so a hostile or accidental filter cannot exhaust the stack,
 * the heap or Lucene's clause limit. When a bound is exceeded the {@link QueryException} names
 * the setting, e.g. "nesting depth exceeds QueryLimits.maxDepth = 32".
 *
 * @param maxDepth      deepest nesting of objects/arrays (JSON, YAML) or parentheses (Lucene)
 * @param maxClauses    most leaf conditions (comparisons, equalities, rules) in one filter
 * @param maxInputChars longest filter text accepted, in UTF-16 chars
 */
public record QueryLimits(int maxDepth, int maxClauses, int maxInputChars) {

    /**
     * Real filters nest a handful of levels ({@code $and} / {@code $or} / field / operator);
     * 32 leaves room for generated filters while keeping recursion far from the JVM stack limit.
     */
    public static final int DEFAULT_MAX_DEPTH = 32;

    /**
     * Each leaf compiles to at most four Lucene clauses; Lucene's default limit for a whole
     * query is 1024 clauses, so 256 leaves always fit.
     */
    public static final int DEFAULT_MAX_CLAUSES = 256;

    /** 64 KiB: far above any hand-written filter, small enough to parse in well under a millisecond per KiB. */
    public static final int DEFAULT_MAX_INPUT_CHARS = 64 * 1024;

    /** The defaults above. */
    public static final QueryLimits DEFAULTS = new QueryLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_CLAUSES, DEFAULT_MAX_INPUT_CHARS);

    /** Hard ceiling for {@link #maxDepth}: deeper recursion would risk a StackOverflowError. */
    public static final int MAX_SUPPORTED_DEPTH = 400;

    public QueryLimits {
        if (maxDepth < 1 || maxDepth > MAX_SUPPORTED_DEPTH) {
            throw new IllegalArgumentException("maxDepth must be in [1, " + MAX_SUPPORTED_DEPTH + "], got: " + maxDepth);
        }
        if (maxClauses < 1) {
            throw new IllegalArgumentException("maxClauses must be >= 1, got: " + maxClauses);
        }
        if (maxInputChars < 1) {
            throw new IllegalArgumentException("maxInputChars must be >= 1, got: " + maxInputChars);
        }
    }

    /** Limits with the given values; see the record components. */
    public static QueryLimits of(int maxDepth, int maxClauses, int maxInputChars) {
        return new QueryLimits(maxDepth, maxClauses, maxInputChars);
    }

    /** Throws when {@code text} is longer than {@link #maxInputChars}. */
    public void checkInputSize(CharSequence text, SourcePosition start) {
        if (text.length() > maxInputChars) {
            throw QueryException.problem(start, null, "input of " + text.length()
                    + " characters exceeds QueryLimits.maxInputChars = " + maxInputChars);
        }
    }

    /** Throws when {@code depth} is deeper than {@link #maxDepth}. */
    public void checkDepth(int depth, SourcePosition where) {
        if (depth > maxDepth) {
            throw QueryException.problem(where, null, "nesting depth exceeds QueryLimits.maxDepth = " + maxDepth);
        }
    }

    /** Throws when {@code clauses} is more than {@link #maxClauses}. */
    public void checkClauses(int clauses, SourcePosition where) {
        if (clauses > maxClauses) {
            throw QueryException.problem(where, null, "more than QueryLimits.maxClauses = " + maxClauses
                    + " conditions in one filter");
        }
    }
}
