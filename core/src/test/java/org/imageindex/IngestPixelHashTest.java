package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.imageindex.signatures.Images;
import org.imageindex.signatures.decode.DecodedImage;
import org.imageindex.signatures.decode.ImageDecoder;
import org.junit.jupiter.api.Test;

/**
 * The pixel hash is stored in every record and compared across inserts, so hashing the raster
 * in chunks must give the value the one-buffer definition of {@link org.imageindex.record.ImageInfo#pixelHash()}
 * gives, whatever the size (one chunk, an exact multiple, a remainder).
 */
class IngestPixelHashTest {

    @Test
    void chunkedHashEqualsTheHashOfTheWholeBuffer() throws Exception {
        ImageDecoder decoder = ImageDecoder.standard().withTargetSide(512);
        for (Path file : TestImages.photoFiles(3)) {
            DecodedImage d = decoder.decode(file);
            assertEquals(reference(d), Ingest.pixelHash(d), file.toString());
        }
        for (int[] size : new int[][] {{1, 1}, {128, 128}, {127, 129}, {16382, 1}, {16383, 2}}) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(size[0], size[1],
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    img.setRGB(x, y, (x * 31 + y * 17) * 0x010203);
                }
            }
            DecodedImage synthetic = new DecodedImage(img, "png", size[0], size[1], 1, 1, 0);
            assertEquals(reference(synthetic), Ingest.pixelHash(synthetic), size[0] + "x" + size[1]);
        }
    }

    private static String reference(DecodedImage decoded) throws Exception {
        int[] rgb = Images.rgb(decoded.image());
        ByteBuffer buf = ByteBuffer.allocate(8 + rgb.length * 4);
        buf.putInt(decoded.image().getWidth()).putInt(decoded.image().getHeight());
        buf.asIntBuffer().put(rgb);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(buf.array()));
    }
}
