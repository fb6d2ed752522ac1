package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster's configuration and what opening one needs, without a cluster: core alone has no cluster backend. */
class ClusterConfigTest {

    private static final List<URI> NODE = List.of(URI.create("http://127.0.0.1:9200"));

    @Test
    void withoutTheClusterModuleOpeningSaysWhichModuleIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ImageIndex.builder().cluster(ClusterConfig.of(NODE, "photos")));
        assertTrue(e.getMessage().startsWith("an index on a cluster needs the module org.imageindex:imageindex-cluster on the class path"),
                e.getMessage());
    }

    @Test
    void defaultsAndBadValuesAreNamed() {
        ClusterConfig c = ClusterConfig.of(NODE, "photos");
        assertEquals(2, c.shards());
        assertEquals(1, c.replicas());
        assertEquals(200, c.bulkRecords());
        assertEquals(3, c.withShards(3, 0).shards());
        assertEquals("indexName must be lower-case letters, digits, '_', '-' or '.', not starting with one of the last three, "
                + "at most 200 characters, got: 'Photos'",
                assertThrows(IllegalArgumentException.class, () -> ClusterConfig.of(NODE, "Photos")).getMessage());
        assertEquals("node must be an http(s)://host:port URL, got: ftp://x:1",
                assertThrows(IllegalArgumentException.class, () -> ClusterConfig.of(List.of(URI.create("ftp://x:1")), "p")).getMessage());
        assertEquals("shards must be in 1..1024, got: 0",
                assertThrows(IllegalArgumentException.class, () -> c.withShards(0, 1)).getMessage());
        assertEquals("replicas must be in 0..16, got: -1",
                assertThrows(IllegalArgumentException.class, () -> c.withShards(1, -1)).getMessage());
        assertEquals("bulkRecords must be in 1..10000, got: 0",
                assertThrows(IllegalArgumentException.class, () -> c.withBulkRecords(0)).getMessage());
    }
}
