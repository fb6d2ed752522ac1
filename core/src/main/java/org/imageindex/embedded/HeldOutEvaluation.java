package org.imageindex.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.signatures.matching.MatchVerifier;
import org.imageindex.signatures.matching.MatchingFeatures;
import org.imageindex.signatures.matching.vocabulary.VisualVocabulary;
import org.imageindex.signatures.similarity.SimilarityWhitening;

/**
 * Measures a fine-tuning against the model in use on records held out of its training, so that
 * fine-tuning keeps only what helps ({@link org.imageindex.FineTuningGain} says what is asked).
 *
 * <p>Why feature-space attacks: the index keeps no pixels, only each record's stored features, so
 * a copy of a held-out record is made from those: a crop keeps the features inside a window, a
 * weaker copy drops features, and both jitter every descriptor byte, which is what recompression
 * and resampling do to a SURF descriptor. The records each held-out record verifies against
 * (the same scene, the same object elsewhere) are the other half: they are what a vocabulary
 * trained on too few images loses, as the box of the test data lost its scene.
 *
 * <p>Candidates are ranked as the index ranks them (BM25 over one token per feature, the query's
 * distinct words boosted by their count, its {@value MatchingWords#MAX_QUERY_WORDS} rarest words
 * only), here over the sampled records in memory.
 */
final class HeldOutEvaluation {

    /** One record in five is held out. */
    static final int HELD_OUT_MODULUS = 5;
    /** At most 200 held-out records are measured: enough to see a gain of a few percent. */
    static final int MAX_HELD_OUT = 200;
    /** Fewer held-out records than this measure nothing: the fine-tuning keeps the model in use. */
    static final int MIN_HELD_OUT = 5;
    /** A crop copy keeps the features of a window of 30 % of the area (the hardest crops reach 25 %). */
    static final double CROP_AREA = 0.3;
    /** A weaker copy keeps each feature with this probability. */
    static final double KEEP = 0.5;
    /**
     * Standard deviation of the jitter added to each quantised descriptor byte (a unit descriptor
     * has bytes of about 32 in magnitude): about a fifth of a descriptor's length in all, the
     * distance between a SURF descriptor and its match in a JPEG-compressed, resampled copy.
     */
    static final double JITTER = 6;
    /** A copy keeping fewer features than this is no test of a vocabulary. */
    static final int MIN_QUERY_FEATURES = 20;
    static final double K1 = 1.2;
    static final double B = 0.75;

    private HeldOutEvaluation() {
    }

    /** Whether the record {@code id} is held out: by a hash of the id alone, the same in every copy of the index. */
    static boolean heldOut(String id) {
        return Math.floorMod((id + "#held-out").hashCode(), HELD_OUT_MODULUS) == 0;
    }

    /** Matching and similarity figures of one model. */
    record Figures(int matchingPairs, double matching, double reciprocalRank, int similarityQueries, double similarity) {
    }

    /** The figures of the model in use and of the new one, on the same questions. */
    record Comparison(int heldOut, Figures before, Figures after) {
    }

    /**
     * Compares the vocabularies and whitenings (null: the model's own space) on the records at
     * {@code heldOut} of the sampled {@code features} and {@code vectors}.
     */
    static Comparison compare(List<MatchingFeatures> features, List<float[]> vectors, List<String> ids, List<Integer> heldOut,
            VisualVocabulary before, VisualVocabulary after, SimilarityWhitening whiteningBefore,
            SimilarityWhitening whiteningAfter, BooleanSupplier cancelled, DoubleConsumer progress) {
        int k = ImageMatchQuery.DEFAULT_CANDIDATES;
        Words wb = new Words(before, features);
        progress.accept(0.2);
        Words wa = before.equals(after) ? wb : new Words(after, features);
        progress.accept(0.4);
        // Each question: the query's words per vocabulary and the record sought.
        List<int[][]> attacked = new ArrayList<>();
        List<Integer> sought = new ArrayList<>();
        for (int h : heldOut) {
            SplittableRandom rnd = new SplittableRandom(ids.get(h).hashCode());
            for (int[] keep : copies(features.get(h), rnd)) {
                byte[][] jittered = jitter(features.get(h), keep, rnd);
                attacked.add(new int[][] {words(before, jittered), words(after, jittered)});
                sought.add(h);
            }
        }
        int[][] ranks = IntStream.range(0, attacked.size()).parallel().mapToObj(q -> {
            check(cancelled);
            return new int[] {wb.rank(attacked.get(q)[0], sought.get(q), -1, k), wa.rank(attacked.get(q)[1], sought.get(q), -1, k)};
        }).toArray(int[][]::new);
        progress.accept(0.6);
        // The records each held-out record verifies against, among the candidates of either vocabulary.
        MatchVerifier verifier = MatchVerifier.standard();
        List<int[]> verified = IntStream.range(0, heldOut.size()).parallel().mapToObj(i -> {
            check(cancelled);
            int h = heldOut.get(i);
            Set<Integer> pool = new LinkedHashSet<>();
            int[] qb = before.words(features.get(h));
            int[] qa = after.equals(before) ? qb : after.words(features.get(h));
            pool.addAll(wb.top(qb, h, k));
            pool.addAll(wa.top(qa, h, k));
            List<Integer> matches = new ArrayList<>();
            for (int c : pool) {
                if (verifier.verify(features.get(h), features.get(c)).verdict().isMatch()) {
                    matches.add(c);
                }
            }
            int[] out = new int[1 + matches.size() * 2];
            out[0] = h;
            for (int m = 0; m < matches.size(); m++) {
                out[1 + 2 * m] = wb.rank(qb, matches.get(m), h, k);
                out[2 + 2 * m] = wa.rank(qa, matches.get(m), h, k);
            }
            return append(out, matches);
        }).toList();
        progress.accept(0.9);
        Figures fb = figures(ranks, verified, 0, vectors, whiteningBefore);
        Figures fa = figures(ranks, verified, 1, vectors, whiteningAfter);
        progress.accept(1);
        return new Comparison(heldOut.size(), fb, fa);
    }

    /** Appends the matched records' indices after the ranks: [h, rank pairs..., matches...]. */
    private static int[] append(int[] out, List<Integer> matches) {
        int[] all = Arrays.copyOf(out, out.length + matches.size());
        for (int i = 0; i < matches.size(); i++) {
            all[out.length + i] = matches.get(i);
        }
        return all;
    }

    private static Figures figures(int[][] attackedRanks, List<int[]> verified, int side, List<float[]> vectors,
            SimilarityWhitening whitening) {
        int pairs = 0;
        int found = 0;
        double rr = 0;
        for (int[] r : attackedRanks) {
            pairs++;
            found += r[side] >= 0 ? 1 : 0;
            rr += r[side] >= 0 ? 1.0 / (r[side] + 1) : 0;
        }
        List<float[]> space = vectors.stream().map(v -> whitening == null ? v : whitening.apply(v)).toList();
        int simQueries = 0;
        double ap = 0;
        for (int[] v : verified) {
            int m = (v.length - 1) / 3;
            for (int i = 0; i < m; i++) {
                int rank = v[1 + 2 * i + side];
                pairs++;
                found += rank >= 0 ? 1 : 0;
                rr += rank >= 0 ? 1.0 / (rank + 1) : 0;
            }
            if (m > 0) {
                simQueries++;
                ap += averagePrecision(space, v[0], Arrays.copyOfRange(v, 1 + 2 * m, v.length));
            }
        }
        return new Figures(pairs, pairs == 0 ? 0 : (double) found / pairs, pairs == 0 ? 0 : rr / pairs, simQueries,
                simQueries == 0 ? 0 : ap / simQueries);
    }

    /** Average precision of {@code relevant} in the dot-product ranking of every other vector for {@code query}. */
    static double averagePrecision(List<float[]> space, int query, int[] relevant) {
        float[] q = space.get(query);
        double[] score = new double[space.size()];
        for (int i = 0; i < score.length; i++) {
            float[] v = space.get(i);
            double s = 0;
            for (int d = 0; d < q.length; d++) {
                s += q[d] * v[d];
            }
            score[i] = s;
        }
        double ap = 0;
        for (int r : relevant) {
            // Rank of r among the others, ties counted against it; relevant records above it count as hits.
            int above = 0;
            int relevantAbove = 0;
            for (int i = 0; i < score.length; i++) {
                if (i != query && i != r && score[i] >= score[r]) {
                    above++;
                    if (contains(relevant, i)) {
                        relevantAbove++;
                    }
                }
            }
            ap += (relevantAbove + 1.0) / (above + 1.0);
        }
        return ap / relevant.length;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** The features two copies of a record keep: a crop window and a random half, each when large enough. */
    private static List<int[]> copies(MatchingFeatures f, SplittableRandom rnd) {
        List<int[]> out = new ArrayList<>();
        double side = Math.sqrt(CROP_AREA);
        double x0 = rnd.nextDouble() * (1 - side) * f.width();
        double y0 = rnd.nextDouble() * (1 - side) * f.height();
        int[] crop = IntStream.range(0, f.size()).filter(i -> f.x(i) >= x0 && f.x(i) < x0 + side * f.width()
                && f.y(i) >= y0 && f.y(i) < y0 + side * f.height()).toArray();
        int[] half = IntStream.range(0, f.size()).filter(i -> rnd.nextDouble() < KEEP).toArray();
        for (int[] keep : List.of(crop, half)) {
            if (keep.length >= MIN_QUERY_FEATURES) {
                out.add(keep);
            }
        }
        return out;
    }

    private static byte[][] jitter(MatchingFeatures f, int[] keep, SplittableRandom rnd) {
        byte[][] out = new byte[keep.length][];
        for (int i = 0; i < keep.length; i++) {
            byte[] d = f.descriptor(keep[i]).clone();
            for (int j = 0; j < d.length; j++) {
                long v = Math.round(d[j] + gaussian(rnd) * JITTER);
                d[j] = (byte) Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, v));
            }
            out[i] = d;
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller on the deterministic stream.
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private static int[] words(VisualVocabulary v, byte[][] descriptors) {
        int[] w = new int[descriptors.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = v.word(descriptors[i]);
        }
        return w;
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("fine-tuning cancelled while measuring on the held-out records");
        }
    }

    /** The sampled records' words under one vocabulary, as postings scored by BM25. */
    private static final class Words {
        private final Map<Integer, int[][]> postings = new HashMap<>();
        private final int[] length;
        private final double averageLength;

        Words(VisualVocabulary v, List<MatchingFeatures> features) {
            int n = features.size();
            length = new int[n];
            int[][] all = IntStream.range(0, n).parallel().mapToObj(i -> v.words(features.get(i))).toArray(int[][]::new);
            Map<Integer, List<int[]>> lists = new HashMap<>();
            long total = 0;
            for (int d = 0; d < n; d++) {
                length[d] = all[d].length;
                total += all[d].length;
                for (Map.Entry<Integer, Integer> e : counts(all[d]).entrySet()) {
                    lists.computeIfAbsent(e.getKey(), w -> new ArrayList<>()).add(new int[] {d, e.getValue()});
                }
            }
            lists.forEach((w, l) -> postings.put(w, l.toArray(int[][]::new)));
            averageLength = n == 0 ? 1 : Math.max(1, (double) total / n);
        }

        /** Scores of every record for the query words (the rarest {@value MatchingWords#MAX_QUERY_WORDS} distinct ones). */
        double[] scores(int[] query) {
            int n = length.length;
            List<Map.Entry<Integer, Integer>> terms = new ArrayList<>();
            for (Map.Entry<Integer, Integer> e : counts(query).entrySet()) {
                if (postings.containsKey(e.getKey())) {
                    terms.add(e);
                }
            }
            terms.sort((a, b) -> Integer.compare(postings.get(a.getKey()).length, postings.get(b.getKey()).length));
            double[] score = new double[n];
            for (Map.Entry<Integer, Integer> t : terms.subList(0, Math.min(terms.size(), MatchingWords.MAX_QUERY_WORDS))) {
                int[][] p = postings.get(t.getKey());
                double idf = Math.log(1 + (n - p.length + 0.5) / (p.length + 0.5));
                for (int[] e : p) {
                    double tf = e[1];
                    score[e[0]] += t.getValue() * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length[e[0]] / averageLength));
                }
            }
            return score;
        }

        /** Position of {@code target} among the first {@code k} records (without {@code exclude}), or -1. */
        int rank(int[] query, int target, int exclude, int k) {
            double[] s = scores(query);
            if (s[target] <= 0) {
                return -1;
            }
            int above = 0;
            for (int i = 0; i < s.length; i++) {
                // Ties are counted against the record sought: neither vocabulary gains by them.
                if (i != target && i != exclude && s[i] >= s[target]) {
                    above++;
                }
            }
            return above < k ? above : -1;
        }

        /** The first {@code k} records by score (without {@code exclude}), with a score above 0. */
        List<Integer> top(int[] query, int exclude, int k) {
            double[] s = scores(query);
            return IntStream.range(0, s.length).filter(i -> i != exclude && s[i] > 0).boxed()
                    .sorted((a, b) -> Double.compare(s[b], s[a])).limit(k).toList();
        }

        private static Map<Integer, Integer> counts(int[] words) {
            Map<Integer, Integer> tf = new HashMap<>();
            for (int w : words) {
                tf.merge(w, 1, Integer::sum);
            }
            return tf;
        }
    }
}
