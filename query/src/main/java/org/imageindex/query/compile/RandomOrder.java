package org.imageindex.query.compile;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.FieldComparator;
import org.apache.lucene.search.FieldComparatorSource;
import org.apache.lucene.search.LeafFieldComparator;
import org.apache.lucene.search.Pruning;
import org.apache.lucene.search.Scorable;

/**
 * Orders documents by a seeded hash of their id within the reader: a shuffle that costs no
 * storage and is the same for every page of one listing read from one reader.
 */
final class RandomOrder extends FieldComparatorSource {

    private final long seed;

    RandomOrder(long seed) {
        this.seed = seed;
    }

    @Override
    public FieldComparator<Long> newComparator(String fieldname, int numHits, Pruning pruning, boolean reversed) {
        long[] slots = new long[numHits];
        return new FieldComparator<>() {
            private long bottom;
            private long top;

            @Override
            public int compare(int slot1, int slot2) {
                return Long.compare(slots[slot1], slots[slot2]);
            }

            @Override
            public void setTopValue(Long value) {
                top = value;
            }

            @Override
            public Long value(int slot) {
                return slots[slot];
            }

            @Override
            public LeafFieldComparator getLeafComparator(LeafReaderContext context) {
                int base = context.docBase;
                return new LeafFieldComparator() {
                    @Override
                    public void setBottom(int slot) {
                        bottom = slots[slot];
                    }

                    @Override
                    public int compareBottom(int doc) {
                        return Long.compare(bottom, key(base + doc));
                    }

                    @Override
                    public int compareTop(int doc) {
                        return Long.compare(top, key(base + doc));
                    }

                    @Override
                    public void copy(int slot, int doc) {
                        slots[slot] = key(base + doc);
                    }

                    @Override
                    public void setScorer(Scorable scorer) {
                    }
                };
            }
        };
    }

    /** SplitMix64 finaliser over seed and document: well spread, cheap, deterministic. */
    long key(int doc) {
        long z = seed + 0x9E3779B97F4A7C15L * (doc + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomOrder other && other.seed == seed;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "RandomOrder(seed=" + seed + ")";
    }
}
