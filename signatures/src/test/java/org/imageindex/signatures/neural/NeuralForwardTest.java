package org.imageindex.signatures.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java forward pass against TensorFlow.js running the published model
 * ({@code scripts/neural/reference-activations.js}): the pooled activations of four layers for
 * a fixed input pattern, every channel.
 */
class NeuralForwardTest {

  /** Same pattern as the reference script, float for float. */
  static float[] pattern() {
    int s = MobileNetV2.SIDE;
    float[] v = new float[s * s * 3];
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        for (int c = 0; c < 3; c++) {
          double a = Math.sin((x * (c + 1)) / 17.0) * Math.cos((y * (3 - c)) / 23.0);
          double b = ((x + 2 * y + 31 * c) % 56) < 28 ? 0.5 : -0.5;
          v[(y * s + x) * 3 + c] = (float) (0.6 * a + 0.4 * b);
        }
      }
    }
    return v;
  }

  static Map<NeuralLayer, float[]> reference() throws IOException {
    Map<String, NeuralLayer> byProbe = Map.of("block_10_project_BN", NeuralLayer.BLOCK_10,
        "block_13_expand_relu", NeuralLayer.BLOCK_13_EXPAND, "block_16_project_BN", NeuralLayer.BLOCK_16,
        "out_relu", NeuralLayer.TOP);
    Map<NeuralLayer, float[]> out = new EnumMap<>(NeuralLayer.class);
    try (InputStream in = NeuralForwardTest.class.getResourceAsStream("mobilenet_v2_reference.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(",");
        NeuralLayer layer = byProbe.get(f[0]);
        float[] v = out.computeIfAbsent(layer, l -> new float[l.channels()]);
        v[Integer.parseInt(f[1])] = Float.parseFloat(f[2]);
      }
    }
    return out;
  }

  @Test
  void everyProbedLayerMatchesTensorFlowJs() throws IOException {
    float[] input = pattern();
    Map<NeuralLayer, float[]> ref = reference();
    assertEquals(4, ref.size());
    for (NeuralLayer layer : NeuralLayer.values()) {
      float[] expected = ref.get(layer);
      float[] actual = MobileNetV2.standard().pooled(input, layer);
      assertEquals(layer.channels(), actual.length, layer.name());
      double maxAbs = 0;
      double worst = 0;
      for (int c = 0; c < expected.length; c++) {
        maxAbs = Math.max(maxAbs, Math.abs(expected[c]));
        worst = Math.max(worst, Math.abs(expected[c] - actual[c]));
      }
      // float32 sums in another order than TensorFlow.js: errors of 1e-4 of the layer's range.
      assertTrue(worst <= 1e-4 * Math.max(1, maxAbs) + 1e-5,
          layer + ": largest difference " + worst + " (largest value " + maxAbs + ")");
    }
  }

  @Test
  void theSamePixelsGiveTheSameVectorBitForBit() {
    float[] input = pattern();
    float[] a = MobileNetV2.standard().pooled(input, NeuralLayer.TOP);
    float[] b = MobileNetV2.standard().pooled(input.clone(), NeuralLayer.TOP);
    assertArrayEquals(a, b);
  }
}
