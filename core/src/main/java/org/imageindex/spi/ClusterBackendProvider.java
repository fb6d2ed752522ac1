package org.imageindex.spi;

import java.util.Map;
import org.imageindex.ClusterConfig;
import org.imageindex.query.schema.FieldType;
import org.imageindex.signatures.SignatureExtractor;

/**
 * Opens the backend of an index on a cluster. {@code core} does not depend on the module that
 * implements it: {@code ImageIndex.builder().cluster(...)} finds the implementation with
 * {@link java.util.ServiceLoader}, which reads it from the module's
 * {@code META-INF/services/org.imageindex.spi.ClusterBackendProvider}.
 */
public interface ClusterBackendProvider {

    /**
     * Opens (creating when absent) the index {@link ClusterConfig#indexName()}.
     *
     * @param extractor     the signatures records carry (the vector fields the index maps)
     * @param declaredTypes attribute types fixed before their first value
     * @param services      what {@code ImageIndex} does for the backend (query images)
     * @throws IllegalStateException         if the index exists with another layout
     * @throws java.io.UncheckedIOException if the cluster does not answer within the timeout
     */
    IndexBackend open(ClusterConfig config, SignatureExtractor extractor, Map<String, FieldType> declaredTypes,
                      IndexServices services);
}
