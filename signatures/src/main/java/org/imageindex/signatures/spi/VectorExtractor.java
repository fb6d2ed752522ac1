package org.imageindex.signatures.spi;

import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.imageindex.signatures.Images;

/**
 * A caller's own vector signature — a neural embedding, a domain-specific descriptor — added
 * beside the built-in ones without forking the library.
 *
 * <p>An implementation turns the working-size pixels every signature receives into a
 * fixed-length float vector, and says how vectors compare. The index stores the vector in an
 * HNSW field named after {@link #name()} and searches it like the built-in similarity and
 * colour vectors. Register one explicitly with
 * {@code SignatureExtractor.builder().add(extractor)}, or list it in
 * {@code META-INF/services/org.imageindex.signatures.spi.VectorExtractor} so
 * {@link #discover()} finds it.
 *
 * <p>Implementations must be thread-safe (extraction runs in parallel) and deterministic (the
 * same pixels give the same vector), and must change {@link #version()} whenever the vectors
 * they produce change meaning, so that an index built with the old version can refuse to mix
 * them.
 */
public interface VectorExtractor {

  /** What {@link #name()} must look like: a lower-case identifier usable as a field name. */
  Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /** Names the built-in signatures use; an extractor may not take them. */
  List<String> RESERVED_NAMES = List.of("matching", "similarity", "color", "hash");

  /** Unique name of the signature, matching {@link #NAME}, e.g. {@code "clip_vit_b32"}. */
  String name();

  /** Version of the vectors produced; change it when their meaning changes. */
  default String version() {
    return "1";
  }

  /** Length of every vector produced, at least 1. */
  int dimension();

  /** How two vectors compare; {@link VectorSimilarity#DOT_PRODUCT} requires unit length. */
  VectorSimilarity similarity();

  /**
   * The vector of an image given as pixels whose longer side is at most the extractor's working
   * size (512 by default). Must return exactly {@link #dimension()} finite values.
   */
  float[] extract(Images.Pixels pixels);

  /** The extractors registered through {@link ServiceLoader} on the class path. */
  static List<VectorExtractor> discover() {
    return ServiceLoader.load(VectorExtractor.class).stream().map(ServiceLoader.Provider::get).toList();
  }
}
