package org.imageindex.benchmarks.quality;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.imageindex.signatures.ImageSignatures;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.signatures.hash.HashSignature;
import org.imageindex.signatures.matching.MatchResult;
import org.imageindex.signatures.matching.MatchVerifier;
import org.imageindex.signatures.decode.ImageDecoder;

/**
 * Copy detection on a folder of photos, with the attacks generated here from its own images.
 *
 * <p>The photos (sorted by name) are split: every {@link #DISTRACTOR_EVERY}-th is held out as a
 * distractor, the others are indexed. Each photo is read at up to {@link #SOURCE_SIDE} px, every
 * {@link Attack} is applied to it, and the attacked copy is verified against every indexed
 * photo. An indexed photo's copy is found when its original ranks first by verified match
 * distance and that verdict is Clone or Match; a distractor's copy should match nothing. The
 * perceptual hash alone is the baseline: nearest Hamming distance for recall@1, the
 * near-duplicate radius ({@value HashSignature#NEAR_DUPLICATE_RADIUS}) for verdicts.
 *
 * <p>Memory stays bounded: a worker holds one photo, its paste host and one attacked copy.
 */
final class CopyDetection {

  /** Every 4th photo is held out, a quarter of the folder: enough distractor queries (8 of 32). */
  static final int DISTRACTOR_EVERY = 4;
  /** Originals are read at up to 1024 px: large enough for a 20 % crop to keep detail. */
  static final int SOURCE_SIDE = 1024;

  private final int threads;
  private final int distractorEvery;
  private final List<Attack> attacks;
  private final SignatureExtractor extractor = SignatureExtractor.standard();
  private final ImageDecoder decoder = ImageDecoder.standard().withTargetSide(SOURCE_SIDE);
  private final MatchVerifier verifier = MatchVerifier.standard();

  CopyDetection(int threads, List<Attack> attacks) {
    this(threads, attacks, DISTRACTOR_EVERY);
  }

  /** Holding out every {@code distractorEvery}-th photo (2: half the photos are distractors). */
  CopyDetection(int threads, List<Attack> attacks, int distractorEvery) {
    if (distractorEvery < 2) {
      throw new IllegalArgumentException("distractorEvery must be >= 2, got: " + distractorEvery);
    }
    this.threads = threads;
    this.attacks = List.copyOf(attacks);
    this.distractorEvery = distractorEvery;
  }

  /** Lists the images of a folder (not recursive), sorted by name. */
  static List<Path> imagesIn(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> images = files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
              .matches(".*\\.(jpe?g|png|gif|bmp|webp|tiff?)"))
          .sorted()
          .toList();
      if (images.size() < 2 * DISTRACTOR_EVERY) {
        throw new IllegalArgumentException("--images: copy detection needs at least " + (2 * DISTRACTOR_EVERY)
            + " images in " + folder + ", found " + images.size());
      }
      return images;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list --images folder " + folder, e);
    }
  }

  CopyDetectionResult evaluate(Path folder) {
    return evaluate(folder.getFileName().toString(), imagesIn(folder));
  }

  /** Copy detection on the given photos, split as the class comment says; {@code name} names them in reports. */
  CopyDetectionResult evaluate(String name, List<Path> photos) {
    List<Integer> indexedPhotos = new ArrayList<>();
    List<Integer> distractors = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      (i % distractorEvery == distractorEvery - 1 ? distractors : indexedPhotos).add(i);
    }
    List<ImageSignatures> index = Extraction.parallel(indexedPhotos.size(), threads,
        i -> extractor.extract(read(photos.get(indexedPhotos.get(i)))));
    List<List<Outcome>> perPhoto = Extraction.parallel(photos.size(), threads, p -> {
      int original = indexedPhotos.indexOf(p);
      int hostPhoto = distractors.get((distractors.indexOf(p) + 1 + p) % distractors.size());
      if (hostPhoto == p) {
        hostPhoto = distractors.get((distractors.indexOf(p) + 1) % distractors.size());
      }
      BufferedImage source = read(photos.get(p));
      BufferedImage host = read(photos.get(hostPhoto));
      List<Outcome> outcomes = new ArrayList<>();
      for (int a = 0; a < attacks.size(); a++) {
        Attack attack = attacks.get(a);
        BufferedImage copy = attack.apply(source, host, 31L * p + a);
        outcomes.add(query(attack, original, extractor.extract(copy), index));
      }
      return outcomes;
    });
    Map<Attack, List<Outcome>> byAttack = new LinkedHashMap<>();
    attacks.forEach(a -> byAttack.put(a, new ArrayList<>()));
    perPhoto.forEach(list -> list.forEach(o -> byAttack.get(o.attack).add(o)));
    List<CopyDetectionResult.Row> rows = new ArrayList<>();
    byAttack.forEach((attack, outcomes) -> rows.add(row(attack, outcomes)));
    return new CopyDetectionResult(name, photos.size(), indexedPhotos.size(),
        distractors.size(), rows);
  }

  private BufferedImage read(Path file) {
    return decoder.decode(file).pixels(SOURCE_SIDE).toImage();
  }

  /** What one attacked copy found among the indexed photos. */
  private record Outcome(Attack attack, int original, boolean matchingFirst, int matchedPairs,
      int matchedPairsToOriginal, boolean hashFirst, int hashPairs, int hashPairsToOriginal) {}

  private Outcome query(Attack attack, int original, ImageSignatures copy, List<ImageSignatures> index) {
    double[] matchDistance = new double[index.size()];
    double[] hashDistance = new double[index.size()];
    boolean[] matched = new boolean[index.size()];
    int matchedPairs = 0;
    int matchedToOriginal = 0;
    int hashPairs = 0;
    int hashToOriginal = 0;
    for (int r = 0; r < index.size(); r++) {
      MatchResult m = verifier.verify(copy.matching(), index.get(r).matching());
      matchDistance[r] = m.distance();
      matched[r] = m.verdict().isMatch();
      if (matched[r]) {
        matchedPairs++;
        matchedToOriginal += r == original ? 1 : 0;
      }
      hashDistance[r] = copy.hash().distance(index.get(r).hash());
      if (copy.hash().isNearDuplicate(index.get(r).hash())) {
        hashPairs++;
        hashToOriginal += r == original ? 1 : 0;
      }
    }
    // Not attack.hashCode(): that includes the enum's identity hash, which changes from run to
    // run, and the baseline's tie order with it.
    int seed = (attack.kind().ordinal() * 31 + Double.hashCode(attack.strength())) ^ original;
    int bestMatch = RetrievalEvaluation.rank(seed, matchDistance).getFirst();
    int bestHash = RetrievalEvaluation.rank(seed, hashDistance).getFirst();
    return new Outcome(attack, original,
        original >= 0 && bestMatch == original && matched[bestMatch], matchedPairs, matchedToOriginal,
        original >= 0 && bestHash == original, hashPairs, hashToOriginal);
  }

  private static CopyDetectionResult.Row row(Attack attack, List<Outcome> outcomes) {
    int copies = 0;
    int found = 0;
    int hashFound = 0;
    int matchedPairs = 0;
    int matchedRight = 0;
    int hashPairs = 0;
    int hashRight = 0;
    int distractorQueries = 0;
    int falseMatches = 0;
    int falseMatchVerdicts = 0;
    int hashFalse = 0;
    for (Outcome o : outcomes) {
      if (o.original >= 0) {
        copies++;
        found += o.matchingFirst ? 1 : 0;
        hashFound += o.hashFirst ? 1 : 0;
        matchedPairs += o.matchedPairs;
        matchedRight += o.matchedPairsToOriginal;
        hashPairs += o.hashPairs;
        hashRight += o.hashPairsToOriginal;
      } else {
        distractorQueries++;
        falseMatches += o.matchedPairs > 0 ? 1 : 0;
        falseMatchVerdicts += o.matchedPairs;
        hashFalse += o.hashPairs > 0 ? 1 : 0;
      }
    }
    return new CopyDetectionResult.Row(attack, copies, found, hashFound, matchedPairs, matchedRight,
        hashPairs, hashRight, distractorQueries, falseMatches, hashFalse, falseMatchVerdicts);
  }
}
