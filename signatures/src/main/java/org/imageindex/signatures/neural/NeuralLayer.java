package org.imageindex.signatures.neural;

/**
 * Which MobileNetV2 layer the neural signature pools. Deeper layers describe what is in the
 * picture more than how it is drawn; the bundled network's blocks 11 and up were retrained for
 * another task than ImageNet, so the best layer for "looks like" is measured, not assumed
 * (docs/signatures-neural.md).
 */
public enum NeuralLayer {
  /** Output of block 10 (96 channels at 14 x 14): the last block with ImageNet weights. */
  BLOCK_10("block_10", false, 96),
  /** Expansion of block 13 (576 channels at 14 x 14). */
  BLOCK_13_EXPAND("block_13", true, 576),
  /** Output of block 16 (320 channels at 7 x 7). */
  BLOCK_16("block_16", false, 320),
  /** The final 1x1 convolution (1280 channels at 7 x 7), the layer classifiers read. */
  TOP("top", false, 1280);

  private final String block;
  private final boolean expand;
  private final int channels;

  NeuralLayer(String block, boolean expand, int channels) {
    this.block = block;
    this.expand = expand;
    this.channels = channels;
  }

  /** Number of channels, so the signature's dimension. */
  public int channels() {
    return channels;
  }

  boolean isExpandOf(String blockName) {
    return expand && block.equals(blockName);
  }

  boolean isOutputOf(String blockName) {
    return !expand && block.equals(blockName);
  }
}
