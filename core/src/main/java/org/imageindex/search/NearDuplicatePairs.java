package org.imageindex.search;

import java.util.List;
import java.util.Objects;

/**
 * Every pair of visible records whose perceptual hashes lie within a Hamming radius (Ximilar's
 * allNearDupPairs), and the groups they form.
 *
 * @param radius the Hamming radius used
 * @param pairs  the pairs, distance ascending, then by ids; in each pair {@code a < b}
 * @param groups the connected components of the pairs (records linked by a chain of near
 *               duplicates), each sorted by id, largest group first (ties by first id)
 */
public record NearDuplicatePairs(int radius, List<Pair> pairs, List<List<String>> groups) {

    public NearDuplicatePairs {
        pairs = List.copyOf(pairs);
        groups = groups.stream().map(List::copyOf).toList();
    }

    /**
     * Two records that are near duplicates of each other.
     *
     * @param a        the smaller id
     * @param b        the larger id
     * @param distance Hamming distance of their hashes, 0..64
     */
    public record Pair(String a, String b, int distance) {
        public Pair {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            if (a.compareTo(b) >= 0) {
                throw new IllegalArgumentException("a must sort before b, got: " + a + ", " + b);
            }
            if (distance < 0 || distance > 64) {
                throw new IllegalArgumentException("distance must be in 0..64, got: " + distance);
            }
        }
    }
}
