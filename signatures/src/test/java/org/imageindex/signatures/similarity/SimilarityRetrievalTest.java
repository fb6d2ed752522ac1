package org.imageindex.signatures.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.imageindex.signatures.Images;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retrieval quality of the shipped model on real photographs, against a plain colour histogram.
 *
 * <p>boofcv-triples is held out from training: each of its 36 images queries the other 35 and
 * the two other views of its scene are relevant. pixabay-categories is part of the (label-free)
 * training set: images of the same category are relevant. Both sets are printed for the
 * ours-vs-baseline table in the documentation.
 */
class SimilarityRetrievalTest {

  /** Bins per channel of the baseline histogram (8 x 8 x 8 = 512 cells, as in the literature). */
  private static final int BASELINE_LEVELS = 8;

  private static SimilarityData.Labelled triples;
  private static SimilarityData.Labelled pixabay;
  private static List<Images.Pixels> triplePixels;
  private static List<Images.Pixels> pixabayPixels;

  @BeforeAll
  static void load() {
    triples = SimilarityData.labelled("boofcv-triples", "groundtruth_groups.csv");
    pixabay = SimilarityData.labelled("pixabay-categories", "groundtruth_categories.csv");
    triplePixels = triples.files().stream().map(SimilarityData::pixels).toList();
    pixabayPixels = pixabay.files().stream().map(SimilarityData::pixels).toList();
  }

  @Test
  void groundTruthIsWhatTheDatasetsDescribe() {
    assertEquals(36, triples.files().size());
    assertEquals(12, triples.labels().stream().distinct().count());
    assertEquals(55, pixabay.files().size());
  }

  @Test
  void beatsColourHistogramOnBoofcvTriplesAndPixabay() {
    SimilarityExtractor ours = SimilarityExtractor.standard();
    SimilarityExtractor noColour = SimilarityExtractor.of(withoutColour(ours.model()));

    double tOurs = map(triples.labels(), ours, triplePixels);
    double tNoColour = map(triples.labels(), noColour, triplePixels);
    double[] tBase = baseline(triples.labels(), triplePixels);
    double pOurs = map(pixabay.labels(), ours, pixabayPixels);
    double pNoColour = map(pixabay.labels(), noColour, pixabayPixels);
    double[] pBase = baseline(pixabay.labels(), pixabayPixels);

    System.out.printf("similarity mAP (%s)%n", ours.model().id());
    System.out.printf("  boofcv-triples    : ours %.3f, ours without colour %.3f, RGB 8x8x8 L1 %.3f, chi2 %.3f%n",
        tOurs, tNoColour, tBase[0], tBase[1]);
    System.out.printf("  pixabay-categories: ours %.3f, ours without colour %.3f, RGB 8x8x8 L1 %.3f, chi2 %.3f%n",
        pOurs, pNoColour, pBase[0], pBase[1]);

    List<SimilaritySignature> ts = triplePixels.stream().map(ours::extract).toList();
    double same = 0;
    double other = 0;
    double minSame = 1;
    double maxOther = 0;
    int nSame = 0;
    int nOther = 0;
    for (int i = 0; i < ts.size(); i++) {
      for (int j = i + 1; j < ts.size(); j++) {
        double s = ts.get(i).score(ts.get(j));
        if (triples.labels().get(i).equals(triples.labels().get(j))) {
          same += s;
          minSame = Math.min(minSame, s);
          nSame++;
        } else {
          other += s;
          maxOther = Math.max(maxOther, s);
          nOther++;
        }
      }
    }
    System.out.printf("  boofcv-triples scores: same scene mean %.3f (min %.3f), other scenes mean %.3f (max %.3f)%n",
        same / nSame, minSame, other / nOther, maxOther);

    // Three views of twelve distinct scenes: colour alone already ranks every pair first, so
    // ours can at best tie here; the relit variant below is where the two separate.
    assertTrue(tOurs >= Math.max(tBase[0], tBase[1]),
        "boofcv-triples: ours " + tOurs + " vs baseline " + tBase[0] + " / " + tBase[1]);
    assertTrue(tOurs > 0.9, "boofcv-triples mAP " + tOurs);
    assertTrue(pOurs > Math.max(pBase[0], pBase[1]),
        "pixabay-categories: ours " + pOurs + " vs baseline " + pBase[0] + " / " + pBase[1]);
  }

  /**
   * The same held-out triples, each query photographed "under other light": a darker exposure
   * (gamma 1.4) with a warm white balance (red x1.15, blue x0.8), computed in memory. Relevant
   * are still the two other views, not the query's own original, which is left out of the
   * ranking. Another time of day or another camera changes colours this much; what a picture
   * shows does not change.
   */
  @Test
  void beatsColourHistogramOnBoofcvTriplesUnderOtherLight() {
    SimilarityExtractor ours = SimilarityExtractor.standard();
    List<Images.Pixels> relit = triplePixels.stream().map(SimilarityRetrievalTest::relight).toList();
    List<SimilaritySignature> db = triplePixels.stream().map(ours::extract).toList();
    List<SimilaritySignature> queries = relit.stream().map(ours::extract).toList();
    double oursMap = Retrieval.meanAveragePrecision(triples.labels(),
        (q, i) -> queries.get(q).distance(db.get(i)));
    List<double[]> dbHist = triplePixels.stream().map(SimilarityRetrievalTest::histogram).toList();
    List<double[]> qHist = relit.stream().map(SimilarityRetrievalTest::histogram).toList();
    double l1 = Retrieval.meanAveragePrecision(triples.labels(), (q, i) -> l1(qHist.get(q), dbHist.get(i)));
    double chi2 = Retrieval.meanAveragePrecision(triples.labels(), (q, i) -> chi2(qHist.get(q), dbHist.get(i)));
    System.out.printf("  boofcv-triples, queries relit: ours %.3f, RGB 8x8x8 L1 %.3f, chi2 %.3f%n", oursMap, l1, chi2);
    assertTrue(oursMap > Math.max(l1, chi2), "relit boofcv-triples: ours " + oursMap + " vs baseline " + l1 + " / " + chi2);
  }

  static SimilarityModel withoutColour(SimilarityModel m) {
    return new SimilarityModel(m.pcaDims(), m.words(), 0f, m.mean(), m.axes(), m.centroids());
  }

  private static double map(List<String> labels, SimilarityExtractor extractor, List<Images.Pixels> images) {
    List<SimilaritySignature> s = images.stream().map(extractor::extract).toList();
    return Retrieval.meanAveragePrecision(labels, (q, i) -> s.get(q).distance(s.get(i)));
  }

  /** mAP of the baseline with L1 and with chi-square distance. */
  private static double[] baseline(List<String> labels, List<Images.Pixels> images) {
    List<double[]> h = images.stream().map(SimilarityRetrievalTest::histogram).toList();
    return new double[] {
        Retrieval.meanAveragePrecision(labels, (q, i) -> l1(h.get(q), h.get(i))),
        Retrieval.meanAveragePrecision(labels, (q, i) -> chi2(h.get(q), h.get(i)))};
  }

  /** Normalised 8 x 8 x 8 RGB histogram of the pixels the extractors receive. */
  static double[] histogram(Images.Pixels p) {
    int shift = 8 - Integer.numberOfTrailingZeros(BASELINE_LEVELS);
    double[] h = new double[BASELINE_LEVELS * BASELINE_LEVELS * BASELINE_LEVELS];
    for (int v : p.rgb()) {
      int r = (v >>> 16 & 0xFF) >> shift;
      int g = (v >>> 8 & 0xFF) >> shift;
      int b = (v & 0xFF) >> shift;
      h[(r * BASELINE_LEVELS + g) * BASELINE_LEVELS + b]++;
    }
    for (int i = 0; i < h.length; i++) {
      h[i] /= p.rgb().length;
    }
    return h;
  }

  static double l1(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s;
  }

  static double chi2(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double t = a[i] + b[i];
      if (t > 0) {
        s += (a[i] - b[i]) * (a[i] - b[i]) / t;
      }
    }
    return s;
  }

  static Images.Pixels relight(Images.Pixels p) {
    int[] src = p.rgb();
    int[] out = new int[src.length];
    for (int i = 0; i < src.length; i++) {
      int v = src[i];
      int r = channel(v >>> 16 & 0xFF, 1.15);
      int g = channel(v >>> 8 & 0xFF, 1.0);
      int b = channel(v & 0xFF, 0.8);
      out[i] = r << 16 | g << 8 | b;
    }
    return new Images.Pixels(p.width(), p.height(), out);
  }

  private static int channel(int value, double gain) {
    return (int) Math.min(255, Math.round(255 * Math.pow(value / 255.0, 1.4) * gain));
  }
}
