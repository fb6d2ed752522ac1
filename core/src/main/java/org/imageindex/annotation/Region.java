package org.imageindex.annotation;

import java.util.List;
import java.util.Objects;

/**
 * The shape of an annotated region, in the dataset platform's four kinds. Coordinates are
 * normalised: fractions of the image's width ({@code x}) and height ({@code y}) in [0, 1], origin
 * in the top-left corner; every constructor validates them.
 *
 * {@snippet :
 * Region box = new Region.BoundingBox(0.1, 0.1, 0.5, 0.5);
 * Region triangle = Region.Polygon.of(0, 0, 1, 0, 0, 1);      // x1, y1, x2, y2, ...
 * Region eye = new Region.Point(0.5, 0.5);
 * }
 */
public sealed interface Region {

    /**
     * 256 vertices per polygon or polyline: far more than hand annotation produces, and it keeps a
     * region's stored form (one indexed term) well below Lucene's 32 KB term limit.
     */
    int MAX_POINTS = 256;

    /** The kind as the dataset platform spells it: {@code bbox}, {@code polygon}, {@code polyline}, {@code point}. */
    String type();

    /** An axis-aligned rectangle: top-left corner {@code (x, y)}, width {@code w}, height {@code h}, inside the image. */
    record BoundingBox(double x, double y, double w, double h) implements Region {
        public BoundingBox {
            unit("x", x);
            unit("y", y);
            unit("w", w);
            unit("h", h);
            if (x + w > 1 + EPSILON) {
                throw new IllegalArgumentException("bbox x + w must be <= 1 (the box must lie inside the image), got: "
                        + x + " + " + w);
            }
            if (y + h > 1 + EPSILON) {
                throw new IllegalArgumentException("bbox y + h must be <= 1 (the box must lie inside the image), got: "
                        + y + " + " + h);
            }
        }

        @Override
        public String type() {
            return "bbox";
        }
    }

    /** A closed outline: the last vertex joins the first. At least 3 vertices. */
    record Polygon(List<Point> points) implements Region {
        public Polygon {
            points = vertices("polygon", points, 3);
        }

        /**
         * A polygon from coordinates {@code x1, y1, x2, y2, ...}.
         *
         * @throws IllegalArgumentException if the count is odd or a coordinate is outside [0, 1]
         */
        public static Polygon of(double... xy) {
            return new Polygon(pairs("polygon", xy));
        }

        @Override
        public String type() {
            return "polygon";
        }
    }

    /** An open line through its vertices. At least 2 vertices. */
    record Polyline(List<Point> points) implements Region {
        public Polyline {
            points = vertices("polyline", points, 2);
        }

        /**
         * A polyline from coordinates {@code x1, y1, x2, y2, ...}.
         *
         * @throws IllegalArgumentException if the count is odd or a coordinate is outside [0, 1]
         */
        public static Polyline of(double... xy) {
            return new Polyline(pairs("polyline", xy));
        }

        @Override
        public String type() {
            return "polyline";
        }
    }

    /** A single point; also a vertex of polygons and polylines. */
    record Point(double x, double y) implements Region {
        public Point {
            unit("x", x);
            unit("y", y);
        }

        @Override
        public String type() {
            return "point";
        }
    }

    /** Rounding slack for {@code x + w <= 1}: sums of fractions written with few decimals. */
    double EPSILON = 1e-9;

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1] (a fraction of the image size), got: " + v);
        }
    }

    private static List<Point> vertices(String kind, List<Point> points, int min) {
        Objects.requireNonNull(points, kind + " points");
        if (points.size() < min || points.size() > MAX_POINTS) {
            throw new IllegalArgumentException(kind + " must have " + min + ".." + MAX_POINTS + " points, got: " + points.size());
        }
        for (int i = 0; i < points.size(); i++) {
            Objects.requireNonNull(points.get(i), kind + " point " + i);
        }
        return List.copyOf(points);
    }

    private static List<Point> pairs(String kind, double[] xy) {
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException(kind + " coordinates must come in x, y pairs, got " + xy.length + " numbers");
        }
        Point[] out = new Point[xy.length / 2];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = new Point(xy[2 * i], xy[2 * i + 1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(kind + " point " + i + ": " + e.getMessage(), e);
            }
        }
        return List.of(out);
    }
}
