package org.imageindex.matching;

import java.util.Objects;
import java.util.Optional;
import org.imageindex.query.SourcePosition;
import org.imageindex.query.ast.Filter;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageSource;
import org.imageindex.signatures.hash.HashSignature;

/**
 * A search by image (LTU MediaDB's search): the query image, which records may answer, how many
 * candidates to verify and how many hits to return.
 *
 * {@snippet :
 * ImageMatchQuery q = ImageMatchQuery.builder(ImageSource.file(Path.of("photo.jpg")))
 *         .filter(index.filter("{\"tags\": \"painting\"}", QueryLanguage.MONGO_JSON))
 *         .collection(paintings.id())
 *         .build();
 * }
 *
 * @param image             the query image
 * @param filter            only records this filter matches may answer
 * @param collectionId      only records of this simple collection may answer, or null for any
 * @param candidates        how many records, best by visual words first, are verified
 * @param hashRadius        records within this Hamming distance of the query's perceptual hash are verified too
 * @param limit             most hits returned
 * @param includeRejections whether verified candidates that were rejected are returned (after every match)
 * @param fields            the parts of each hit's record to return
 */
public record ImageMatchQuery(ImageSource image, Filter filter, String collectionId, int candidates, int hashRadius, int limit,
                              boolean includeRejections, FieldSelection fields) {

    /**
     * 30 candidates by visual words: verification time is linear in the candidates (a few
     * milliseconds each). With 30, the copy-detection test (docs/quality.md, "Matching search")
     * meets its floors; where the true original ranks by word score has not been measured yet,
     * so a smaller default may serve as well.
     */
    public static final int DEFAULT_CANDIDATES = 30;

    /** At most 1,000 candidates: verification is linear in them, a few milliseconds each. */
    public static final int MAX_CANDIDATES = 1000;

    /** 20 hits, a result page. */
    public static final int DEFAULT_LIMIT = 20;

    public ImageMatchQuery {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(filter, "filter");
        if (candidates < 1 || candidates > MAX_CANDIDATES) {
            throw new IllegalArgumentException("candidates must be in 1.." + MAX_CANDIDATES + ", got: " + candidates);
        }
        if (hashRadius < 0 || hashRadius > HashSignature.BITS) {
            throw new IllegalArgumentException("hashRadius must be in 0.." + HashSignature.BITS + ", got: " + hashRadius);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got: " + limit);
        }
        Objects.requireNonNull(fields, "fields");
    }

    /** The collection restriction, if any. */
    public Optional<String> collection() {
        return Optional.ofNullable(collectionId);
    }

    /** A query for {@code image} with every default. */
    public static ImageMatchQuery of(ImageSource image) {
        return builder(image).build();
    }

    /** Starts a query for {@code image}. */
    public static Builder builder(ImageSource image) {
        return new Builder(image);
    }

    /** Collects a query's options; every option has a default. Not thread-safe. */
    public static final class Builder {
        /** Every record; equal to {@code ImageIndex.ALL_RECORDS}, held here so the query never depends on the index. */
        private static final Filter ALL_RECORDS = new Filter.MatchAll(SourcePosition.jsonPointer(""));

        private final ImageSource image;
        private Filter filter = ALL_RECORDS;
        private String collectionId;
        private int candidates = DEFAULT_CANDIDATES;
        private int hashRadius = HashSignature.NEAR_DUPLICATE_RADIUS;
        private int limit = DEFAULT_LIMIT;
        private boolean includeRejections;
        private FieldSelection fields = FieldSelection.ALL;

        private Builder(ImageSource image) {
            this.image = Objects.requireNonNull(image, "image");
        }

        /** Only records this filter matches (keywords, metadata) may answer; default all. */
        public Builder filter(Filter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Only records of this simple collection may answer. */
        public Builder collection(String collectionId) {
            this.collectionId = Objects.requireNonNull(collectionId, "collectionId");
            return this;
        }

        /** Records verified, best by visual words first; default {@link #DEFAULT_CANDIDATES}. */
        public Builder candidates(int candidates) {
            this.candidates = candidates;
            return this;
        }

        /** Hamming radius of the perceptual-hash candidates; default {@link HashSignature#NEAR_DUPLICATE_RADIUS}. */
        public Builder hashRadius(int radius) {
            this.hashRadius = radius;
            return this;
        }

        /** Most hits; default {@link #DEFAULT_LIMIT}. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** Also return rejected candidates, with their rejection verdict, after the matches. */
        public Builder includeRejections(boolean include) {
            this.includeRejections = include;
            return this;
        }

        /** The parts of each record returned; default {@link FieldSelection#ALL}. */
        public Builder fields(FieldSelection fields) {
            this.fields = Objects.requireNonNull(fields, "fields");
            return this;
        }

        /**
         * The query.
         *
         * @throws IllegalArgumentException if an option is out of range
         */
        public ImageMatchQuery build() {
            return new ImageMatchQuery(image, filter, collectionId, candidates, hashRadius, limit, includeRejections, fields);
        }
    }
}
