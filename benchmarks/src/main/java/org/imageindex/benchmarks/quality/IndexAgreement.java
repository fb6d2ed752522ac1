package org.imageindex.benchmarks.quality;

import java.io.StringReader;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.imageindex.ImageIndex;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.VectorSignature;
import org.imageindex.signatures.ImageSignatures;

/**
 * The index against the exact ranking on one set: the set's signatures written into an
 * {@link ImageIndex} (Lucene HNSW, as applications search it), every image its own query, and
 * the index's ten nearest compared with the exact ten nearest under the same signature. The
 * retrieval tables rank exactly, so this says how much of them an application searching the
 * index actually gets, and what each way costs per query.
 *
 * @param set the ground-truth set
 * @param signature {@code similarity} or {@code colour}
 * @param images images in the set
 * @param recallAt10 share of the exact ten nearest (the query itself left out) the index returns
 * @param indexMillis mean time of one index search, in milliseconds
 * @param exactMillis mean time of one exact ranking (every distance, then a sort), in milliseconds
 */
record IndexAgreement(String set, String signature, int images, double recallAt10, double indexMillis,
    double exactMillis) {

  static final int K = 10;

  /** Both vector signatures of one set. */
  static List<IndexAgreement> measure(String set, List<IndexedImage> images) {
    try (ImageIndex index = ImageIndex.inMemory()) {
      BatchResult r = index.importJsonLines(new StringReader(lines(images)), BatchProgress.NONE);
      if (!r.allSucceeded()) {
        throw new IllegalStateException("cannot index the signatures of " + set + ": " + r.skipped());
      }
      return List.of(measure(set, index, images, VectorSignature.SIMILARITY, "similarity"),
          measure(set, index, images, VectorSignature.COLOR, "colour"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static IndexAgreement measure(String set, ImageIndex index, List<IndexedImage> images,
      VectorSignature signature, String name) {
    int n = images.size();
    int k = Math.min(K, n - 1);
    if (k < 1) {
      return new IndexAgreement(set, name, n, Double.NaN, Double.NaN, Double.NaN);
    }
    boolean similarity = signature.equals(VectorSignature.SIMILARITY);
    // One untimed pass of each first, so class loading and the JIT are not charged to the figures.
    for (int pass = 0; pass < 2; pass++) {
      long indexNanos = 0;
      long exactNanos = 0;
      int found = 0;
      for (int q = 0; q < n; q++) {
        ImageSignatures query = images.get(q).signatures();
        float[] vector = similarity ? query.similarity().vector() : query.color().vector();
        long t0 = System.nanoTime();
        List<String> hits = index.search(KnnRequest.builder(signature, SearchQuery.vector(vector)).k(k + 1).build()).ids();
        long t1 = System.nanoTime();
        int self = q;
        List<Integer> exact = IntStream.range(0, n).boxed()
            .sorted(Comparator.<Integer>comparingDouble(r -> distance(similarity, query, images.get(r).signatures()))
                .thenComparing(r -> r))
            .toList();
        long t2 = System.nanoTime();
        indexNanos += t1 - t0;
        exactNanos += t2 - t1;
        Set<String> exactTop = new HashSet<>();
        for (int r : exact) {
          if (r != self && exactTop.size() < k) {
            exactTop.add(id(r));
          }
        }
        found += (int) hits.stream().filter(h -> !h.equals(id(self))).limit(k).filter(exactTop::contains).count();
      }
      if (pass == 1) {
        return new IndexAgreement(set, name, n, found / (double) (k * n), indexNanos / 1e6 / n, exactNanos / 1e6 / n);
      }
    }
    throw new AssertionError("unreachable");
  }

  private static double distance(boolean similarity, ImageSignatures a, ImageSignatures b) {
    return similarity ? a.similarity().distance(b.similarity()) : a.color().distance(b.color());
  }

  private static String id(int i) {
    return String.format("img%05d", i);
  }

  /** The signatures as JSON Lines the index imports without the images. */
  private static String lines(List<IndexedImage> images) {
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < images.size(); i++) {
      ImageSignatures s = images.get(i).signatures();
      String digest = String.format("%040x", i);
      out.append("{\"id\":\"").append(id(i)).append("\",\"tags\":[],\"attributes\":{},")
          .append("\"created\":{\"$date\":\"2026-01-01T00:00:00Z\"},\"image\":{\"width\":").append(s.width())
          .append(",\"height\":").append(s.height()).append(",\"format\":\"").append(s.format())
          .append("\",\"size\":1,\"sha1\":\"").append(digest).append("\",\"md5\":\"").append(digest, 0, 32)
          .append("\",\"pixel_hash\":\"").append(digest).append("\",\"phash\":\"").append(s.hash().hex())
          .append("\"},\"signatures\":{\"matching\":\"").append(b64.encodeToString(s.matching().toBytes()))
          .append("\",\"similarity\":\"").append(b64.encodeToString(s.similarity().toBytes()))
          .append("\",\"color\":\"").append(b64.encodeToString(s.color().toBytes()))
          .append("\",\"hash\":\"").append(s.hash().hex()).append("\"}}\n");
    }
    return out.toString();
  }
}
