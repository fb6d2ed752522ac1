package org.imageindex.query.ast;

/** Small structural facts about filter trees, used to enforce limits and by tests. */
public final class Filters {

    private Filters() {
    }

    /** The number of leaf conditions (everything that is not And, Or, Not or MatchAll). */
    public static int leafCount(Filter filter) {
        return switch (filter) {
            case Filter.And and -> and.clauses().stream().mapToInt(Filters::leafCount).sum();
            case Filter.Or or -> or.clauses().stream().mapToInt(Filters::leafCount).sum();
            case Filter.Not not -> leafCount(not.filter());
            case Filter.MatchAll all -> 0;
            default -> 1;
        };
    }

    /** The height of the tree: 1 for a leaf. */
    public static int depth(Filter filter) {
        return switch (filter) {
            case Filter.And and -> 1 + and.clauses().stream().mapToInt(Filters::depth).max().orElse(0);
            case Filter.Or or -> 1 + or.clauses().stream().mapToInt(Filters::depth).max().orElse(0);
            case Filter.Not not -> 1 + depth(not.filter());
            default -> 1;
        };
    }
}
