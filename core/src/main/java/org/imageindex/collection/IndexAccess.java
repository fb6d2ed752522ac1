package org.imageindex.collection;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.imageindex.query.ast.Filter;
import org.imageindex.record.ImageSource;
import org.imageindex.signatures.QueryImage;

/**
 * The index operations that the organisation views ({@link ImageCollections},
 * {@code Annotations}) and the matcher run on, beyond the public {@code ImageIndex} API. An
 * {@code ImageIndex} implements it for the views it hands out ({@code collections()},
 * {@code annotations()}, {@code matcher()}); applications use those views and never implement
 * or call this interface.
 */
public interface IndexAccess {

    /** The organisation value stored under {@code key}, as last set (committed or not). */
    Optional<String> organisationData(String key);

    /**
     * Sets the organisation value under {@code key}; it becomes durable with the next commit,
     * atomically with the record writes before it.
     *
     * @throws IllegalStateException unless called inside {@link #exclusively}
     */
    void organisationData(String key, String value);

    /**
     * Runs {@code action} while no other thread writes to the index: record writes made inside it
     * (through the public API) and organisation changes commit together or not at all.
     */
    <T> T exclusively(Supplier<T> action);

    /**
     * This image as a query: read within the index's decode limits, each signature extracted
     * with the index's extractor when first asked for.
     *
     * @throws IllegalArgumentException naming why the image cannot be read
     */
    QueryImage queryImage(ImageSource source);

    /**
     * Ids of the {@code k} visible records {@code filter} matches whose similarity vectors are
     * nearest to {@code vector} (the model's vector of a query image; a fine-tuned index maps it
     * into its own space), nearest first.
     */
    List<String> nearestBySimilarity(float[] vector, int k, Filter filter);

    /**
     * Ids of the {@code k} visible records {@code filter} matches whose visual words score highest
     * (BM25) against the words of {@code features}, best first.
     */
    List<String> nearestByWords(org.imageindex.signatures.matching.MatchingFeatures features, int k, Filter filter);

    /** Ids of the visible records {@code filter} matches whose perceptual hash lies within {@code radius} of {@code bits}, closest first. */
    List<String> withinHashRadius(long bits, int radius, Filter filter);

    /** Ids of every record {@code filter} matches, deactivated records included. */
    List<String> idsMatching(Filter filter);
}
