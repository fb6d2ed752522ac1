package org.imageindex.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imageindex.search.NearDuplicatePairs;
import org.imageindex.signatures.hash.HashSignature;

/**
 * All near-duplicate pairs of a set of perceptual hashes, in memory, the same way for every
 * backend: multi-index hashing over the hash's four 16-bit bands (two hashes within radius r
 * agree to within floor(r / 4) bits in at least one band), each candidate pair checked exactly.
 * A backend loads the {@code (id, hash)} of the records its filter keeps and calls {@link #of}.
 */
public final class HashPairs {

    private HashPairs() {
    }

    /**
     * The pairs of {@code ids} (with {@code hashes} at the same positions) within {@code radius}
     * bits, closest first, then by ids; and their connected groups, largest first.
     *
     * @throws IllegalArgumentException if radius is outside 0..64
     */
    public static NearDuplicatePairs of(List<String> ids, long[] hashes, int radius) {
        if (radius < 0 || radius > HashSignature.BITS) {
            throw new IllegalArgumentException("radius must be in 0.." + HashSignature.BITS + ", got: " + radius);
        }
        if (ids.size() != hashes.length) {
            throw new IllegalArgumentException("ids and hashes must have the same length, got: " + ids.size() + " and " + hashes.length);
        }
        List<NearDuplicatePairs.Pair> pairs = allPairs(ids, hashes, radius);
        return new NearDuplicatePairs(radius, pairs, groups(pairs));
    }

    /** Multi-index hashing in memory; see the class comment. */
    private static List<NearDuplicatePairs.Pair> allPairs(List<String> ids, long[] hashes, int radius) {
        int n = hashes.length;
        int bands = 4;
        int perBand = radius / bands;
        int[] flips = flipMasks(perBand);
        List<NearDuplicatePairs.Pair> out = new ArrayList<>();
        int[] lastSeenBy = new int[n];
        Arrays.fill(lastSeenBy, -1);
        int[][] start = new int[bands][];
        int[][] members = new int[bands][];
        for (int b = 0; b < bands; b++) {
            int[] count = new int[(1 << 16) + 1];
            for (long h : hashes) {
                count[band(h, b) + 1]++;
            }
            for (int v = 0; v < 1 << 16; v++) {
                count[v + 1] += count[v];
            }
            int[] fill = Arrays.copyOf(count, count.length);
            int[] m = new int[n];
            for (int i = 0; i < n; i++) {
                m[fill[band(hashes[i], b)]++] = i;
            }
            start[b] = count;
            members[b] = m;
        }
        for (int i = 0; i < n; i++) {
            long hi = hashes[i];
            for (int b = 0; b < bands; b++) {
                int value = band(hi, b);
                for (int mask : flips) {
                    int v = value ^ mask;
                    for (int p = start[b][v]; p < start[b][v + 1]; p++) {
                        int j = members[b][p];
                        if (j <= i || lastSeenBy[j] == i) {
                            continue;
                        }
                        lastSeenBy[j] = i;
                        int d = Long.bitCount(hi ^ hashes[j]);
                        if (d <= radius) {
                            String a = ids.get(i);
                            String c = ids.get(j);
                            out.add(a.compareTo(c) < 0 ? new NearDuplicatePairs.Pair(a, c, d) : new NearDuplicatePairs.Pair(c, a, d));
                        }
                    }
                }
            }
        }
        out.sort(Comparator.comparingInt(NearDuplicatePairs.Pair::distance).thenComparing(NearDuplicatePairs.Pair::a)
                .thenComparing(NearDuplicatePairs.Pair::b));
        return out;
    }

    private static int band(long bits, int b) {
        return (int) ((bits >>> (b * 16)) & 0xFFFF);
    }

    /** Every 16-bit mask with at most {@code budget} bits set. */
    private static int[] flipMasks(int budget) {
        List<Integer> masks = new ArrayList<>();
        for (int m = 0; m < 1 << 16; m++) {
            if (Integer.bitCount(m) <= budget) {
                masks.add(m);
            }
        }
        return masks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Connected components of the pairs, each sorted, largest first. */
    private static List<List<String>> groups(List<NearDuplicatePairs.Pair> pairs) {
        Map<String, String> parent = new HashMap<>();
        for (NearDuplicatePairs.Pair p : pairs) {
            String ra = root(parent, p.a());
            String rb = root(parent, p.b());
            if (!ra.equals(rb)) {
                parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
            }
        }
        Map<String, List<String>> byRoot = new HashMap<>();
        for (String id : parent.keySet()) {
            byRoot.computeIfAbsent(root(parent, id), k -> new ArrayList<>()).add(id);
        }
        List<List<String>> groups = new ArrayList<>();
        for (List<String> g : byRoot.values()) {
            g.sort(null);
            groups.add(g);
        }
        groups.sort(Comparator.<List<String>>comparingInt(List::size).reversed().thenComparing(g -> g.get(0)));
        return groups;
    }

    private static String root(Map<String, String> parent, String id) {
        parent.putIfAbsent(id, id);
        String r = id;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        parent.put(id, r);
        return r;
    }

}
