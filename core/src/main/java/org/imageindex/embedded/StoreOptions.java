package org.imageindex.embedded;

import java.time.Duration;
import java.util.Map;
import org.imageindex.query.schema.FieldType;
import org.imageindex.signatures.SignatureExtractor;

/**
 * What the embedded store needs of an index's options: the signatures it holds (vector fields,
 * similarity model), when it commits by itself, the threads one search may spread over, and the
 * attribute types declared before any value was seen. Validated by {@code ImageIndex.Builder}.
 */
public record StoreOptions(SignatureExtractor extractor, Duration commitInterval, int searchThreads,
                           Map<String, FieldType> declaredTypes) {
}
