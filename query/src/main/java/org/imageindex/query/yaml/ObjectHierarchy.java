package org.imageindex.query.yaml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parent-to-children links between object labels ("Animal" → "Cat (Felis catus)"), which the
 * {@code has} rule follows: {@code has: [Animal]} matches any record with an Animal or a
 * descendant. Cycles are tolerated (each label is visited once).
 */
public final class ObjectHierarchy {

    private static final ObjectHierarchy EMPTY = new ObjectHierarchy(Map.of());

    private final Map<String, List<String>> children;

    private ObjectHierarchy(Map<String, List<String>> children) {
        this.children = children;
    }

    /** No links: {@code has} then behaves like {@code has_object}. */
    public static ObjectHierarchy empty() {
        return EMPTY;
    }

    /** The hierarchy with these parent → children links (copied). */
    public static ObjectHierarchy of(Map<String, ? extends Iterable<String>> children) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        children.forEach((parent, kids) -> {
            Objects.requireNonNull(parent, "parent label");
            List<String> list = new java.util.ArrayList<>();
            kids.forEach(k -> list.add(Objects.requireNonNull(k, "child label of " + parent)));
            copy.put(parent, List.copyOf(list));
        });
        return new ObjectHierarchy(Map.copyOf(copy));
    }

    /** The direct children of {@code label}. */
    public List<String> children(String label) {
        return children.getOrDefault(label, List.of());
    }

    /** {@code label} and all its descendants, breadth first. */
    public Set<String> selfAndDescendants(String label) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.add(label);
        while (!pending.isEmpty()) {
            String next = pending.poll();
            if (seen.add(next)) {
                pending.addAll(children(next));
            }
        }
        return seen;
    }
}
