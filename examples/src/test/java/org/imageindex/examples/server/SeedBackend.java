package org.imageindex.examples.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.imageindex.ClusterConfig;
import org.imageindex.ImageIndex;
import org.imageindex.cluster.TestCluster;

/**
 * Where a seed scenario test keeps its indexes. Each seed test (one per seed: LTU 000, the
 * collection API 001, the dataset platform 002, Ximilar 003, rokka 004) opens every index through
 * its {@code backend()}: {@link #EMBEDDED} for the test class itself, {@link #cluster} for its
 * {@code ...OnClusterTest} subclass, which runs the same test methods against the shared two-node
 * test cluster ({@link TestCluster#shared()}, started once per module run and shared with
 * {@code ClusterCommandsTest}).
 *
 * <p>On the cluster every index opened gets a name of its own ({@code <prefix>-<n>}, numbered
 * across the test JVM), so no test sees another test's records, also when one test class opens an
 * index per test method.
 */
final class SeedBackend {

  /** The library's default: an index in a folder, or in memory where the test chose that. */
  static final SeedBackend EMBEDDED = new SeedBackend(null);

  /** Numbers the cluster indexes of this JVM: unique names for every index any seed test opens. */
  private static final AtomicInteger OPENED = new AtomicInteger();

  /** Index-name prefix on the cluster; {@code null} for the embedded index. */
  private final String prefix;

  private SeedBackend(String prefix) {
    this.prefix = prefix;
  }

  /** Indexes on the shared test cluster, named {@code prefix-1}, {@code prefix-2}, ... */
  static SeedBackend cluster(String prefix) {
    return new SeedBackend(prefix);
  }

  boolean onCluster() {
    return prefix != null;
  }

  /** {@code builder}'s index in {@code folder}, or a fresh index on the cluster. */
  ImageIndex open(ImageIndex.Builder builder, Path folder) throws IOException {
    return onCluster() ? builder.cluster(next()) : builder.open(folder);
  }

  /** {@code builder}'s in-memory index, or a fresh index on the cluster. */
  ImageIndex inMemory(ImageIndex.Builder builder) {
    return onCluster() ? builder.cluster(next()) : builder.inMemory();
  }

  private ClusterConfig next() {
    return ClusterConfig.of(TestCluster.shared().urls(), prefix + "-" + OPENED.incrementAndGet());
  }

  @Override
  public String toString() {
    return onCluster() ? "the test cluster (indexes " + prefix + "-n)" : "the embedded index";
  }
}
