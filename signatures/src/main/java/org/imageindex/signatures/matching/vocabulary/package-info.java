/**
 * Visual words for the matching signature: a vocabulary tree that turns each local feature of
 * {@link org.imageindex.signatures.matching.MatchingFeatures} into an integer word, so an index
 * can retrieve the candidates of a matching search with a text-retrieval score (tf-idf, BM25)
 * before verifying them with {@link org.imageindex.signatures.matching.MatchVerifier}.
 *
 * <h2>How to quantise features</h2>
 * {@snippet :
 * MatchingFeatures f = MatchingExtractor.standard().extract(image);
 * int[] words = VisualVocabulary.standard().words(f);   // one word per feature, in [0, 10000)
 * }
 *
 * <h2>How to train a vocabulary on your own images</h2>
 * {@snippet :
 * List<MatchingFeatures> features = ...;                 // e.g. the stored features of an index
 * VisualVocabulary v = VocabularyTrainer.train(features, VocabularyTrainer.Options.defaults(),
 *         fraction -> System.out.println(fraction), () -> false);
 * byte[] stored = v.toBytes();                           // versioned format; VisualVocabulary.fromBytes reads it
 * }
 *
 * <p>Words are only comparable within one vocabulary: {@link
 * org.imageindex.signatures.matching.vocabulary.VisualVocabulary#id()} names it, and an index
 * records the id of the vocabulary its words were made with.
 */
package org.imageindex.signatures.matching.vocabulary;
