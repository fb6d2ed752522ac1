package org.imageindex.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A record's free, typed attributes, addressed by dotted path ({@code "exif.camera"}).
 *
 * <p>Values are normalised to one of five types, so that what {@code get} returns is exactly
 * what was stored: {@link String}, {@link Long} (from {@code Long}, {@code Integer},
 * {@code Short}, {@code Byte}), {@link Double} (from {@code Double}, {@code Float}),
 * {@link Boolean} and {@link Instant} (from {@code Instant}, {@link Date}); or a non-empty
 * {@link List} whose elements all have one of these types. Nested maps are flattened into
 * dotted paths; {@link #toNested()} rebuilds them.
 *
 * <p>Refused, with an {@link IllegalArgumentException} naming the path: null values (omit the
 * attribute instead), empty lists (their type cannot be known), lists mixing types, lists of
 * objects, non-finite doubles, path segments that are empty, start with {@code __} or contain
 * {@code #}, a first segment that is one of the {@link RecordFields#RESERVED} names,
 * and a path that is also the parent of another ({@code a} and {@code a.b}).
 *
 * {@snippet :
 * Attributes a = Attributes.of(Map.of("day", "monday", "exif", Map.of("iso", 200)));
 * a.get("exif.iso"); // Optional[200L]
 * }
 *
 * <p>Immutable; path order is the order of insertion.
 */
public final class Attributes {

    private static final Attributes EMPTY = new Attributes(Map.of());

    private final Map<String, Object> values;

    private Attributes(Map<String, Object> values) {
        this.values = values;
    }

    /** No attributes. */
    public static Attributes empty() {
        return EMPTY;
    }

    /**
     * Attributes from a map of paths (or nested maps) to values.
     *
     * @throws IllegalArgumentException if a path or value is refused (see the class documentation)
     */
    public static Attributes of(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", values, flat);
        checkPrefixes(flat.keySet());
        return new Attributes(Collections.unmodifiableMap(flat));
    }

    /** One attribute. */
    public static Attributes of(String path, Object value) {
        return EMPTY.with(path, value);
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("attribute names must be strings, got: " + e.getKey());
            }
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (e.getValue() instanceof Map<?, ?> nested) {
                if (nested.isEmpty()) {
                    throw new IllegalArgumentException("attribute '" + path + "' is an empty object; omit it");
                }
                flatten(path, nested, out);
            } else {
                checkPath(path);
                if (out.containsKey(path)) {
                    throw new IllegalArgumentException("attribute '" + path + "' is given twice");
                }
                out.put(path, normalise(path, e.getValue()));
            }
        }
    }

    /** Throws unless {@code path} can name an attribute. */
    static void checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("attribute path must not be empty");
        }
        for (String segment : path.split("\\.", -1)) {
            if (segment.isEmpty() || segment.startsWith("__") || segment.contains("#")) {
                throw new IllegalArgumentException("attribute path must be dot-separated non-empty names that neither start with __"
                        + " nor contain #, got: '" + path + "'");
            }
        }
        String top = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        if (RecordFields.RESERVED.contains(top)) {
            throw new IllegalArgumentException("attribute path '" + path + "' starts with the reserved name '" + top
                    + "'; reserved names are " + new java.util.TreeSet<>(RecordFields.RESERVED)
                    + " (built-in fields are set through the record, not as attributes)");
        }
    }

    private static void checkPrefixes(Set<String> paths) {
        for (String p : paths) {
            int dot = p.lastIndexOf('.');
            while (dot > 0) {
                String parent = p.substring(0, dot);
                if (paths.contains(parent)) {
                    throw new IllegalArgumentException("attribute '" + parent + "' cannot hold a value and also the nested attribute '"
                            + p + "'");
                }
                dot = parent.lastIndexOf('.');
            }
        }
    }

    /**
     * {@code value} in its normalised type.
     *
     * @throws IllegalArgumentException if the value cannot be an attribute value
     */
    static Object normalise(String path, Object value) {
        if (value instanceof Collection<?> c) {
            return normaliseList(path, new ArrayList<>(c));
        }
        if (value instanceof Object[] array) {
            return normaliseList(path, java.util.Arrays.asList(array));
        }
        if (value != null && value.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            List<Object> boxed = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                boxed.add(java.lang.reflect.Array.get(value, i));
            }
            return normaliseList(path, boxed);
        }
        return scalar(path, value);
    }

    private static List<Object> normaliseList(String path, List<?> list) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException("attribute '" + path + "' is an empty list, whose type cannot be known; omit it");
        }
        List<Object> out = new ArrayList<>(list.size());
        Class<?> kind = null;
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            if (v instanceof Map<?, ?> || v instanceof Collection<?> || (v != null && v.getClass().isArray())) {
                throw new IllegalArgumentException("attribute '" + path + "' element " + i
                        + " is an object or list; lists may hold only strings, whole numbers, real numbers, booleans or dates");
            }
            Object n = scalar(path + "[" + i + "]", v);
            if (kind != null && kind != n.getClass()) {
                throw new IllegalArgumentException("attribute '" + path + "' mixes types: element 0 is " + typeName(out.get(0))
                        + ", element " + i + " is " + typeName(n) + "; a list holds one type");
            }
            kind = n.getClass();
            out.add(n);
        }
        return List.copyOf(out);
    }

    private static Object scalar(String path, Object v) {
        return switch (v) {
            case null -> throw new IllegalArgumentException("attribute '" + path + "' is null; omit the attribute instead");
            case String s -> s;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Double d -> finite(path, d);
            case Float f -> finite(path, f.doubleValue());
            case Boolean b -> b;
            case Instant i -> i;
            case Date d -> d.toInstant();
            default -> throw new IllegalArgumentException("attribute '" + path + "' must be a string, whole number, real number,"
                    + " boolean, date (Instant or Date), a list of one of these, or a nested map; got "
                    + v.getClass().getName() + ": " + v);
        };
    }

    private static Double finite(String path, double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("attribute '" + path + "' must be a finite number, got: " + d);
        }
        return d == 0.0 ? 0.0 : d; // -0.0 and 0.0 are one value, as in filters
    }

    /** The type name used in messages: string, long, double, boolean or date. */
    public static String typeName(Object normalised) {
        Object v = normalised instanceof List<?> l && !l.isEmpty() ? l.get(0) : normalised;
        return switch (v) {
            case String s -> "string";
            case Long l -> "long";
            case Double d -> "double";
            case Boolean b -> "boolean";
            case Instant i -> "date";
            default -> v == null ? "null" : v.getClass().getSimpleName();
        };
    }

    /** The value at {@code path} (a normalised scalar or an unmodifiable list), or empty. */
    public Optional<Object> get(String path) {
        return Optional.ofNullable(values.get(path));
    }

    /** All paths, in insertion order. */
    public Set<String> paths() {
        return values.keySet();
    }

    /** Path to value, unmodifiable, in insertion order. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** True when there are no attributes. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * A copy with {@code path} set to {@code value} (replacing any previous value and any nested
     * attributes under {@code path}).
     *
     * @throws IllegalArgumentException if the path or value is refused
     */
    public Attributes with(String path, Object value) {
        if (value instanceof Map<?, ?> nested) {
            return merge(Attributes.of(Map.of(path, nested)), Set.of(path));
        }
        checkPath(path);
        return merge(new Attributes(Map.of(path, normalise(path, value))), Set.of(path));
    }

    /**
     * A copy with {@code other}'s attributes set, each replacing the value at its path; paths
     * under {@code other}'s top-level objects keep their values unless replaced.
     *
     * @throws IllegalArgumentException if the result would have a path that is also a parent
     */
    public Attributes with(Attributes other) {
        return merge(other, Set.of());
    }

    private Attributes merge(Attributes other, Set<String> replacedSubtrees) {
        Map<String, Object> out = new LinkedHashMap<>(values);
        for (String root : replacedSubtrees) {
            out.keySet().removeIf(p -> p.equals(root) || p.startsWith(root + "."));
        }
        for (Map.Entry<String, Object> e : other.values.entrySet()) {
            String p = e.getKey();
            // Setting a.b replaces a scalar a; setting a replaces the object under a.
            out.keySet().removeIf(q -> q.startsWith(p + "."));
            int dot = p.lastIndexOf('.');
            while (dot > 0) {
                out.remove(p.substring(0, dot));
                dot = p.lastIndexOf('.', dot - 1);
            }
            out.put(p, e.getValue());
        }
        checkPrefixes(out.keySet());
        return new Attributes(Collections.unmodifiableMap(out));
    }

    /** A copy without {@code path} and without any attribute nested under it. */
    public Attributes without(String path) {
        Objects.requireNonNull(path, "path");
        Map<String, Object> out = new LinkedHashMap<>(values);
        out.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "."));
        return new Attributes(Collections.unmodifiableMap(out));
    }

    /** Only the attributes at these paths or nested under them. */
    public Attributes select(Collection<String> paths) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((p, v) -> {
            for (String s : paths) {
                if (p.equals(s) || p.startsWith(s + ".")) {
                    out.put(p, v);
                    break;
                }
            }
        });
        return new Attributes(Collections.unmodifiableMap(out));
    }

    /** The attributes as nested maps ({@code exif.iso} under {@code exif}), for JSON output. */
    public Map<String, Object> toNested() {
        Map<String, Object> root = new LinkedHashMap<>();
        values.forEach((path, v) -> {
            String[] segments = path.split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < segments.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(segments[i], k -> new LinkedHashMap<>());
                node = child;
            }
            node.put(segments[segments.length - 1], v);
        });
        return root;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
