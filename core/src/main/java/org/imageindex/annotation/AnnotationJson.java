package org.imageindex.annotation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imageindex.query.json.JsonValues;

/**
 * The dataset platform's raw annotation format, used both for callers' JSON and for the stored
 * form of each region (one JSON object per region in the {@link Annotations#REGIONS} attribute):
 * {@code {"type": "bbox", "shape": {"x": .., "y": .., "w": .., "h": ..}, "object": "Cat"}}, with
 * a list of {@code {"x", "y"}} as the shape of polygons and polylines and one {@code {"x", "y"}}
 * for points.
 */
final class AnnotationJson {

    private AnnotationJson() {
    }

    static Map<String, Object> toMap(Annotation a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.region().type());
        m.put("shape", switch (a.region()) {
            case Region.BoundingBox b -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("x", b.x());
                s.put("y", b.y());
                s.put("w", b.w());
                s.put("h", b.h());
                yield s;
            }
            case Region.Polygon p -> points(p.points());
            case Region.Polyline p -> points(p.points());
            case Region.Point p -> point(p);
        });
        m.put("object", a.object());
        return m;
    }

    static String write(Annotation a) {
        return JsonValues.write(toMap(a));
    }

    static String write(List<Annotation> annotations) {
        return JsonValues.write(annotations.stream().map(AnnotationJson::toMap).toList());
    }

    /**
     * Reads a JSON list of annotations.
     *
     * @throws IllegalArgumentException naming the element and key at fault ({@code [1].shape.x})
     */
    static List<Annotation> readList(String json) {
        if (!(JsonValues.parse(json) instanceof List<?> list)) {
            throw new IllegalArgumentException("annotations must be a JSON list of {type, shape, object} objects, got: "
                    + abbreviate(json));
        }
        List<Annotation> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(read(list.get(i), "[" + i + "]"));
        }
        return out;
    }

    /** Reads one stored annotation. */
    static Annotation read(String json) {
        return read(JsonValues.parse(json), "annotation");
    }

    private static Annotation read(Object value, String at) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(at + " must be an object with type, shape and object, got: " + value);
        }
        Object type = m.get("type");
        Object shape = m.get("shape");
        if (!(m.get("object") instanceof String label)) {
            throw new IllegalArgumentException(at + ".object must be a string label, got: " + m.get("object"));
        }
        try {
            Region region = switch (String.valueOf(type)) {
                case "bbox" -> {
                    Map<?, ?> s = object(shape, at + ".shape", "{x, y, w, h}");
                    String in = at + ".shape";
                    yield new Region.BoundingBox(number(s, "x", in), number(s, "y", in), number(s, "w", in), number(s, "h", in));
                }
                case "polygon" -> new Region.Polygon(pointList(shape, at));
                case "polyline" -> new Region.Polyline(pointList(shape, at));
                case "point" -> toPoint(shape, at + ".shape");
                default -> throw new IllegalArgumentException(at + ".type must be one of bbox, polygon, polyline, point, got: " + type);
            };
            return new Annotation(region, label);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(at) ? e : new IllegalArgumentException(at + ".shape: " + e.getMessage(), e);
        }
    }

    private static List<Region.Point> pointList(Object shape, String at) {
        if (!(shape instanceof List<?> l)) {
            throw new IllegalArgumentException(at + ".shape must be a list of {x, y} points, got: " + shape);
        }
        List<Region.Point> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(toPoint(l.get(i), at + ".shape[" + i + "]"));
        }
        return out;
    }

    private static Region.Point toPoint(Object value, String at) {
        Map<?, ?> s = object(value, at, "{x, y}");
        try {
            return new Region.Point(number(s, "x", at), number(s, "y", at));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(at) ? e : new IllegalArgumentException(at + "." + e.getMessage(), e);
        }
    }

    private static Map<?, ?> object(Object value, String at, String expected) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(at + " must be an object " + expected + ", got: " + value);
        }
        return m;
    }

    private static double number(Map<?, ?> shape, String key, String at) {
        if (!(shape.get(key) instanceof Number n)) {
            throw new IllegalArgumentException(at + "." + key + " must be a number in [0, 1], got: " + shape.get(key));
        }
        return n.doubleValue();
    }

    private static List<Map<String, Object>> points(List<Region.Point> points) {
        return points.stream().map(AnnotationJson::point).toList();
    }

    private static Map<String, Object> point(Region.Point p) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("x", p.x());
        s.put("y", p.y());
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
