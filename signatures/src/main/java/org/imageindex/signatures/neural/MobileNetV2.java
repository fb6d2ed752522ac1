package org.imageindex.signatures.neural;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The convolutional trunk of MobileNetV2 (Sandler et al. 2018, width 1.0, 224 x 224 input) in
 * plain Java: no native runtime, so the signatures module still needs only a JDK.
 *
 * <p>The weights are those of the npm package nsfwjs 4.4.0 (MIT; see {@code PROVENANCE.md}
 * beside the weight file): a Keras MobileNetV2 whose blocks up to 10 are the ImageNet weights,
 * frozen while the package's authors trained blocks 11 to 16 and the last 1x1 convolution for
 * their own classes. Batch normalisation is folded into the convolution before it when the
 * weights are loaded, so a block is three convolutions with a bias each.
 *
 * <p>Layout: activations are {@code float[h * w * c]}, channels fastest (as TensorFlow's
 * NHWC), so a 1x1 convolution is a matrix product whose inner loop runs over contiguous output
 * channels and the JIT vectorises it. Immutable and thread-safe: every forward pass allocates
 * its own buffers.
 */
final class MobileNetV2 {

  /** Input side the weights were trained at. */
  static final int SIDE = 224;

  private static final String RESOURCE = "mobilenet_v2.bin";
  private static final int MAGIC = 0x49494E31;
  /** Keras' BatchNormalization epsilon in this model. */
  private static final double BN_EPSILON = 1e-3;

  private static final class Holder {
    static final MobileNetV2 INSTANCE = load();
  }

  /** One inverted-residual block; {@code expand} is null for block 0, which has none. */
  private record Block(String name, Conv expand, Conv depthwise, int stride, Conv project, boolean residual) {}

  /** Folded weights of a convolution: kernel {@code [kh][kw][cin][cout]} (depthwise: {@code [kh][kw][c]}). */
  private record Conv(float[] kernel, float[] bias, int cin, int cout) {}

  private final Conv stem;
  private final List<Block> blocks;
  private final Conv top;

  private MobileNetV2(Conv stem, List<Block> blocks, Conv top) {
    this.stem = stem;
    this.blocks = blocks;
    this.top = top;
  }

  /** The model of the bundled weights, read once. */
  static MobileNetV2 standard() {
    return Holder.INSTANCE;
  }

  /**
   * Runs the trunk on {@code input} (224 x 224 x 3, NHWC, scaled as the caller's layer expects)
   * up to {@code last}, and returns the global average over the spatial positions of that
   * layer's output, one value per channel.
   */
  float[] pooled(float[] input, NeuralLayer last) {
    if (input.length != SIDE * SIDE * 3) {
      throw new IllegalArgumentException("input must hold 224 x 224 x 3 floats, got: " + input.length);
    }
    int side = SIDE;
    float[] x = stemForward(input);
    side = SIDE / 2;
    for (Block b : blocks) {
      boolean stopAfterExpand = last.isExpandOf(b.name());
      float[] h = x;
      int c = b.depthwise().cout();
      if (b.expand() != null) {
        h = pointwise(x, side * side, b.expand(), true);
        if (stopAfterExpand) {
          return average(h, side * side, c);
        }
      }
      int outSide = side / b.stride();
      h = depthwise(h, side, c, b.depthwise(), b.stride());
      h = pointwise(h, outSide * outSide, b.project(), false);
      if (b.residual()) {
        for (int i = 0; i < h.length; i++) {
          h[i] += x[i];
        }
      }
      x = h;
      side = outSide;
      if (last.isOutputOf(b.name())) {
        return average(x, side * side, b.project().cout());
      }
    }
    float[] t = pointwise(x, side * side, top, true);
    return average(t, side * side, top.cout());
  }

  /** Conv1: 3x3, stride 2, Keras pads one pixel at the bottom and right only, then ReLU6. */
  private float[] stemForward(float[] in) {
    int out = SIDE / 2;
    int co = stem.cout();
    float[] y = new float[out * out * co];
    float[] k = stem.kernel();
    for (int oy = 0; oy < out; oy++) {
      for (int ox = 0; ox < out; ox++) {
        int o = (oy * out + ox) * co;
        System.arraycopy(stem.bias(), 0, y, o, co);
        for (int ky = 0; ky < 3; ky++) {
          int iy = oy * 2 + ky;
          if (iy >= SIDE) {
            continue;
          }
          for (int kx = 0; kx < 3; kx++) {
            int ix = ox * 2 + kx;
            if (ix >= SIDE) {
              continue;
            }
            int ib = (iy * SIDE + ix) * 3;
            for (int ci = 0; ci < 3; ci++) {
              float v = in[ib + ci];
              int kb = ((ky * 3 + kx) * 3 + ci) * co;
              for (int c = 0; c < co; c++) {
                y[o + c] += v * k[kb + c];
              }
            }
          }
        }
        relu6(y, o, co);
      }
    }
    return y;
  }

  /**
   * 1x1 convolution: {@code [n][cin] x [cin][cout]}. Rows are taken four at a time so each
   * weight row read from memory serves four output rows.
   */
  private static float[] pointwise(float[] in, int n, Conv conv, boolean relu) {
    int ci = conv.cin();
    int co = conv.cout();
    float[] w = conv.kernel();
    float[] y = new float[n * co];
    int p = 0;
    for (; p + 4 <= n; p += 4) {
      int o0 = p * co;
      int o1 = o0 + co;
      int o2 = o1 + co;
      int o3 = o2 + co;
      System.arraycopy(conv.bias(), 0, y, o0, co);
      System.arraycopy(conv.bias(), 0, y, o1, co);
      System.arraycopy(conv.bias(), 0, y, o2, co);
      System.arraycopy(conv.bias(), 0, y, o3, co);
      int i0 = p * ci;
      for (int k = 0; k < ci; k++) {
        float a0 = in[i0 + k];
        float a1 = in[i0 + ci + k];
        float a2 = in[i0 + 2 * ci + k];
        float a3 = in[i0 + 3 * ci + k];
        int wb = k * co;
        for (int c = 0; c < co; c++) {
          float wv = w[wb + c];
          y[o0 + c] += a0 * wv;
          y[o1 + c] += a1 * wv;
          y[o2 + c] += a2 * wv;
          y[o3 + c] += a3 * wv;
        }
      }
    }
    for (; p < n; p++) {
      int o = p * co;
      System.arraycopy(conv.bias(), 0, y, o, co);
      for (int k = 0; k < ci; k++) {
        float a = in[p * ci + k];
        int wb = k * co;
        for (int c = 0; c < co; c++) {
          y[o + c] += a * w[wb + c];
        }
      }
    }
    if (relu) {
      relu6(y, 0, y.length);
    }
    return y;
  }

  /**
   * 3x3 depthwise convolution then ReLU6. Stride 1 pads one pixel on every side ("same");
   * stride 2 pads one at the bottom and right only, as the Keras model's ZeroPadding2D does.
   */
  private static float[] depthwise(float[] in, int side, int c, Conv conv, int stride) {
    int out = side / stride;
    int pad = stride == 1 ? 1 : 0;
    float[] k = conv.kernel();
    float[] y = new float[out * out * c];
    for (int oy = 0; oy < out; oy++) {
      for (int ox = 0; ox < out; ox++) {
        int o = (oy * out + ox) * c;
        System.arraycopy(conv.bias(), 0, y, o, c);
        for (int ky = 0; ky < 3; ky++) {
          int iy = oy * stride + ky - pad;
          if (iy < 0 || iy >= side) {
            continue;
          }
          for (int kx = 0; kx < 3; kx++) {
            int ix = ox * stride + kx - pad;
            if (ix < 0 || ix >= side) {
              continue;
            }
            int ib = (iy * side + ix) * c;
            int kb = (ky * 3 + kx) * c;
            for (int ch = 0; ch < c; ch++) {
              y[o + ch] += in[ib + ch] * k[kb + ch];
            }
          }
        }
        relu6(y, o, c);
      }
    }
    return y;
  }

  private static void relu6(float[] y, int from, int n) {
    for (int i = from; i < from + n; i++) {
      y[i] = Math.min(6f, Math.max(0f, y[i]));
    }
  }

  private static float[] average(float[] x, int n, int c) {
    double[] sum = new double[c];
    for (int p = 0; p < n; p++) {
      int b = p * c;
      for (int ch = 0; ch < c; ch++) {
        sum[ch] += x[b + ch];
      }
    }
    float[] out = new float[c];
    for (int ch = 0; ch < c; ch++) {
      out[ch] = (float) (sum[ch] / n);
    }
    return out;
  }

  // ---- loading -------------------------------------------------------------------------

  private record Tensor(int[] shape, float[] values) {}

  private static MobileNetV2 load() {
    try (InputStream raw = MobileNetV2.class.getResourceAsStream(RESOURCE)) {
      if (raw == null) {
        throw new IllegalStateException("MobileNetV2 weights missing from the class path: " + RESOURCE);
      }
      return build(read(new DataInputStream(new BufferedInputStream(raw))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MobileNetV2 weights " + RESOURCE, e);
    }
  }

  private static Map<String, Tensor> read(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a MobileNetV2 weight file (bad magic)");
    }
    int count = in.readInt();
    Map<String, Tensor> tensors = new HashMap<>();
    for (int t = 0; t < count; t++) {
      String name = in.readUTF();
      int[] shape = new int[in.readInt()];
      int n = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = in.readInt();
        n *= shape[i];
      }
      double min = in.readDouble();
      double scale = in.readDouble();
      int bytes = in.readInt();
      if (bytes != n) {
        throw new IOException("tensor " + name + " holds " + bytes + " values, its shape needs " + n);
      }
      byte[] q = in.readNBytes(n);
      if (q.length != n) {
        throw new IOException("weight file truncated in tensor " + name);
      }
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        // TensorFlow.js's own dequantisation: computed in double, stored as float.
        v[i] = (float) ((q[i] & 0xFF) * scale + min);
      }
      tensors.put(name, new Tensor(shape, v));
    }
    return tensors;
  }

  private static MobileNetV2 build(Map<String, Tensor> t) {
    Conv stem = fold(t, "Conv1/kernel", "bn_Conv1", false);
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block("expanded_conv", null,
        fold(t, "expanded_conv_depthwise/depthwise_kernel", "expanded_conv_depthwise_BN", true), 1,
        fold(t, "expanded_conv_project/kernel", "expanded_conv_project_BN", false), false));
    for (int i = 1; i <= 16; i++) {
      String n = "block_" + i;
      Conv expand = fold(t, n + "_expand/kernel", n + "_expand_BN", false);
      Conv dw = fold(t, n + "_depthwise/depthwise_kernel", n + "_depthwise_BN", true);
      Conv project = fold(t, n + "_project/kernel", n + "_project_BN", false);
      int stride = i == 1 || i == 3 || i == 6 || i == 13 ? 2 : 1;
      blocks.add(new Block(n, expand, dw, stride, project, stride == 1 && expand.cin() == project.cout()));
    }
    Conv top = fold(t, "Conv_1/kernel", "Conv_1_bn", false);
    return new MobileNetV2(stem, List.copyOf(blocks), top);
  }

  /** Folds {@code bn} into the kernel before it: {@code w' = w g / sqrt(v + e)}, {@code b' = beta - m g / sqrt(v + e)}. */
  private static Conv fold(Map<String, Tensor> t, String kernelName, String bn, boolean depthwise) {
    Tensor kernel = tensor(t, kernelName);
    float[] gamma = tensor(t, bn + "/gamma").values();
    float[] beta = tensor(t, bn + "/beta").values();
    float[] mean = tensor(t, bn + "/moving_mean").values();
    float[] var = tensor(t, bn + "/moving_variance").values();
    int[] s = kernel.shape();
    int cout = depthwise ? s[2] : s[3];
    int cin = s[2];
    float[] w = kernel.values().clone();
    float[] bias = new float[cout];
    double[] factor = new double[cout];
    for (int c = 0; c < cout; c++) {
      factor[c] = gamma[c] / Math.sqrt(var[c] + BN_EPSILON);
      bias[c] = (float) (beta[c] - mean[c] * factor[c]);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (w[i] * factor[i % cout]);
    }
    return new Conv(w, bias, cin, cout);
  }

  private static Tensor tensor(Map<String, Tensor> t, String name) {
    Tensor x = t.get(name);
    if (x == null) {
      throw new IllegalStateException("MobileNetV2 weight file lacks tensor " + name);
    }
    return x;
  }
}
