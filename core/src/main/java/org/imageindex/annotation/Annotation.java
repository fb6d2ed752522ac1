package org.imageindex.annotation;

import java.util.Objects;

/**
 * One annotated region of an image: its shape and the label of the object it shows (the
 * dataset platform's {@code {"type", "shape", "object"}}).
 *
 * {@snippet :
 * Annotation cat = Annotation.of(new Region.BoundingBox(0.1, 0.1, 0.5, 0.5), "Cat (Felis catus)");
 * }
 *
 * @param region the shape, in normalised coordinates
 * @param object the object label, e.g. {@code "Cat (Felis catus)"}
 */
public record Annotation(Region region, String object) {

    /**
     * 200 characters per label: the platform's labels are names such as
     * "Cat (Felis catus) - left eye"; anything longer is a description, not a label.
     */
    public static final int MAX_LABEL_LENGTH = 200;

    public Annotation {
        Objects.requireNonNull(region, "region");
        checkLabel("object", object);
    }

    /** The annotation of {@code region} with label {@code object}. */
    public static Annotation of(Region region, String object) {
        return new Annotation(region, object);
    }

    /** Throws unless {@code label} can be an object label; {@code what} names it in the message. */
    static void checkLabel(String what, String label) {
        Objects.requireNonNull(label, what);
        if (label.isBlank() || label.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException(what + " must be a label of 1.." + MAX_LABEL_LENGTH
                    + " characters, not blank, got: \"" + label + "\"");
        }
    }
}
