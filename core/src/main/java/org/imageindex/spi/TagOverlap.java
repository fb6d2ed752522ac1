package org.imageindex.spi;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The tag part of visual + tags scoring, the same on every backend: the Jaccard overlap of the
 * query's tags and a record's.
 */
public final class TagOverlap {

    private TagOverlap() {
    }

    /** |a ∩ b| / |a ∪ b|, 0 when both are empty; repeated tags of {@code b} count once. */
    public static double jaccard(Set<String> a, Collection<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 0;
        }
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        long common = new HashSet<>(b).stream().filter(a::contains).count();
        return (double) common / union.size();
    }
}
