package org.imageindex.cluster;

import java.util.Map;
import org.imageindex.ClusterConfig;
import org.imageindex.query.schema.FieldType;
import org.imageindex.signatures.SignatureExtractor;
import org.imageindex.spi.ClusterBackendProvider;
import org.imageindex.spi.IndexBackend;
import org.imageindex.spi.IndexServices;

/**
 * Registers the OpenSearch backend with {@code ImageIndex.builder().cluster(...)} through
 * {@code META-INF/services/org.imageindex.spi.ClusterBackendProvider}; public only because
 * {@link java.util.ServiceLoader} instantiates it. Applications do not use it directly.
 */
public final class OpenSearchBackendProvider implements ClusterBackendProvider {

    /** For {@link java.util.ServiceLoader}. */
    public OpenSearchBackendProvider() {
    }

    @Override
    public IndexBackend open(ClusterConfig config, SignatureExtractor extractor, Map<String, FieldType> declaredTypes,
                             IndexServices services) {
        return ClusterBackend.open(config, extractor, declaredTypes, services);
    }
}
