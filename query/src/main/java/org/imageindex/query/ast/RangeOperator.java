package org.imageindex.query.ast;

/** The four one-sided comparisons; a two-sided range is the AND of two of them. */
public enum RangeOperator {
    /** Strictly less than. */
    LT("$lt"),
    /** Less than or equal. */
    LTE("$lte"),
    /** Strictly greater than. */
    GT("$gt"),
    /** Greater than or equal. */
    GTE("$gte");

    private final String mongoName;

    RangeOperator(String mongoName) {
        this.mongoName = mongoName;
    }

    /** The MongoDB spelling, e.g. {@code "$gte"}. */
    public String mongoName() {
        return mongoName;
    }

    /** True for {@link #LTE} and {@link #GTE}. */
    public boolean inclusive() {
        return this == LTE || this == GTE;
    }

    /** True for {@link #GT} and {@link #GTE}: the value is a lower bound. */
    public boolean lowerBound() {
        return this == GT || this == GTE;
    }
}
