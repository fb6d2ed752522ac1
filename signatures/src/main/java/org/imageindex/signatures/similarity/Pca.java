package org.imageindex.signatures.similarity;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Principal axes of a set of descriptors: the mean and the eigenvectors of the covariance with
 * the largest eigenvalues. Projecting onto them before aggregation keeps most of a SURF
 * descriptor's variance in half its length, which halves the vector for a given codebook size
 * and decorrelates the components so residuals of different words compare fairly.
 */
final class Pca {

  final float[] mean;
  /** {@code dims} rows of {@code length} floats, strongest axis first. */
  final float[] axes;
  /** The variance along each axis (the covariance's eigenvalues, never below 0), same order. */
  final double[] variances;

  private Pca(float[] mean, float[] axes, double[] variances) {
    this.mean = mean;
    this.axes = axes;
    this.variances = variances;
  }

  static Pca fit(List<float[]> rows, int dims) {
    int n = rows.size();
    int length = rows.get(0).length;
    double[] mean = new double[length];
    for (float[] r : rows) {
      for (int i = 0; i < length; i++) {
        mean[i] += r[i];
      }
    }
    for (int i = 0; i < length; i++) {
      mean[i] /= n;
    }
    DMatrixRMaj cov = new DMatrixRMaj(length, length);
    double[] c = new double[length];
    for (float[] r : rows) {
      for (int i = 0; i < length; i++) {
        c[i] = r[i] - mean[i];
      }
      for (int i = 0; i < length; i++) {
        double ci = c[i];
        int base = i * length;
        for (int j = i; j < length; j++) {
          cov.data[base + j] += ci * c[j];
        }
      }
    }
    for (int i = 0; i < length; i++) {
      for (int j = i; j < length; j++) {
        double v = cov.data[i * length + j] / Math.max(1, n - 1);
        cov.data[i * length + j] = v;
        cov.data[j * length + i] = v;
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(length, true, true);
    if (!eig.decompose(cov)) {
      throw new IllegalStateException("eigen decomposition of the descriptor covariance failed");
    }
    Integer[] order = new Integer[length];
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      order[i] = i;
      values[i] = eig.getEigenvalue(i).getReal();
    }
    // Strongest first; ties by index so the order never depends on the sort's stability.
    Arrays.sort(order, (a, b) -> values[a] != values[b] ? Double.compare(values[b], values[a]) : Integer.compare(a, b));
    float[] axes = new float[dims * length];
    double[] variances = new double[dims];
    for (int d = 0; d < dims; d++) {
      variances[d] = Math.max(0, values[order[d]]);
      DMatrixRMaj v = eig.getEigenVector(order[d]);
      // An eigenvector's sign is arbitrary; fix it (largest component positive) so the model
      // does not depend on the decomposition's internals.
      int big = 0;
      for (int i = 1; i < length; i++) {
        if (Math.abs(v.data[i]) > Math.abs(v.data[big])) {
          big = i;
        }
      }
      double sign = v.data[big] < 0 ? -1 : 1;
      double norm = 0;
      for (int i = 0; i < length; i++) {
        norm += v.data[i] * v.data[i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < length; i++) {
        axes[d * length + i] = (float) (sign * v.data[i] / norm);
      }
    }
    float[] m = new float[length];
    for (int i = 0; i < length; i++) {
      m[i] = (float) mean[i];
    }
    return new Pca(m, axes, variances);
  }
}
