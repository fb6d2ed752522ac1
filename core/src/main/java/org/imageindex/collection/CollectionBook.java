package org.imageindex.collection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.json.JsonValues;

/**
 * The definitions of an index's collections and smart collections, immutable: every change
 * makes a new book, which {@link ImageCollections} stores as one JSON value in the index's commit
 * data (so it commits atomically with the membership written on the records).
 *
 * <p>Stored form, format 1:
 * {@code {"format": 1, "collections": [{"id", "name", "parent", "keywords", "metadata", "created", "modified"}],
 * "smart": [{"id", "name", "query", "language", "created", "modified"}]}}, times in epoch milliseconds.
 */
final class CollectionBook {

    static final long FORMAT = 1;

    /** A simple collection as stored. */
    record Entry(String id, String name, String parent, List<String> keywords, Map<String, String> metadata, Instant created,
                 Instant modified) {
        Entry {
            keywords = List.copyOf(keywords);
            metadata = Map.copyOf(metadata);
        }

        Entry renamed(String newName, Instant now) {
            return new Entry(id, newName, parent, keywords, metadata, created, now);
        }

        Entry described(List<String> newKeywords, Map<String, String> newMetadata, Instant now) {
            return new Entry(id, name, parent, newKeywords, newMetadata, created, now);
        }

        Entry touched(Instant now) {
            return new Entry(id, name, parent, keywords, metadata, created, now);
        }
    }

    static final CollectionBook EMPTY = new CollectionBook(Map.of(), Map.of());

    private final Map<String, Entry> simple;
    private final Map<String, SmartCollection> smart;

    private CollectionBook(Map<String, Entry> simple, Map<String, SmartCollection> smart) {
        this.simple = simple;
        this.smart = smart;
    }

    Entry entry(String id) {
        return simple.get(id);
    }

    SmartCollection smart(String id) {
        return smart.get(id);
    }

    List<Entry> entries() {
        return List.copyOf(simple.values());
    }

    List<SmartCollection> smartCollections() {
        return smart.values().stream().sorted(Comparator.comparing(SmartCollection::name)).toList();
    }

    /** Direct children of {@code parent} (null: the top level), by name. */
    List<Entry> children(String parent) {
        return simple.values().stream().filter(e -> Objects.equals(e.parent(), parent))
                .sorted(Comparator.comparing(Entry::name)).toList();
    }

    /** {@code id} and all its descendants, parents before children, siblings by name. */
    List<String> subtree(String id) {
        List<String> out = new ArrayList<>();
        addSubtree(id, out);
        return out;
    }

    private void addSubtree(String id, List<String> out) {
        out.add(id);
        for (Entry c : children(id)) {
            addSubtree(c.id(), out);
        }
    }

    String path(String id) {
        Entry e = simple.get(id);
        return e.parent() == null ? e.name() : path(e.parent()) + "/" + e.name();
    }

    ImageCollection view(String id) {
        Entry e = simple.get(id);
        return new ImageCollection(e.id(), e.name(), e.parent(), path(id), children(id).stream().map(Entry::id).toList(),
                e.keywords(), e.metadata(), e.created(), e.modified());
    }

    CollectionBook with(Entry e) {
        Map<String, Entry> next = new LinkedHashMap<>(simple);
        next.put(e.id(), e);
        return new CollectionBook(next, smart);
    }

    CollectionBook without(List<String> ids) {
        Map<String, Entry> next = new LinkedHashMap<>(simple);
        ids.forEach(next::remove);
        return new CollectionBook(next, smart);
    }

    CollectionBook with(SmartCollection s) {
        Map<String, SmartCollection> next = new LinkedHashMap<>(smart);
        next.put(s.id(), s);
        return new CollectionBook(simple, next);
    }

    CollectionBook withoutSmart(String id) {
        Map<String, SmartCollection> next = new LinkedHashMap<>(smart);
        next.remove(id);
        return new CollectionBook(simple, next);
    }

    String toJson() {
        List<Object> c = new ArrayList<>();
        for (Entry e : simple.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("name", e.name());
            m.put("parent", e.parent());
            m.put("keywords", e.keywords());
            m.put("metadata", e.metadata());
            m.put("created", e.created().toEpochMilli());
            m.put("modified", e.modified().toEpochMilli());
            c.add(m);
        }
        List<Object> s = new ArrayList<>();
        for (SmartCollection x : smart.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", x.id());
            m.put("name", x.name());
            m.put("query", x.query());
            m.put("language", x.language().name());
            m.put("created", x.created().toEpochMilli());
            m.put("modified", x.modified().toEpochMilli());
            s.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("collections", c);
        root.put("smart", s);
        return JsonValues.write(root);
    }

    /**
     * Reads a stored book.
     *
     * @throws IllegalStateException if the text is not a book of format 1
     */
    static CollectionBook fromJson(String json) {
        try {
            Map<?, ?> root = (Map<?, ?>) JsonValues.parse(json);
            if (!Long.valueOf(FORMAT).equals(root.get("format"))) {
                throw new IllegalStateException("the index's stored collections have format " + root.get("format")
                        + ", this library reads format " + FORMAT);
            }
            Map<String, Entry> simple = new LinkedHashMap<>();
            for (Object o : (List<?>) root.get("collections")) {
                Map<?, ?> m = (Map<?, ?>) o;
                Map<String, String> meta = new LinkedHashMap<>();
                ((Map<?, ?>) m.get("metadata")).forEach((k, v) -> meta.put((String) k, (String) v));
                Entry e = new Entry((String) m.get("id"), (String) m.get("name"), (String) m.get("parent"),
                        ((List<?>) m.get("keywords")).stream().map(String.class::cast).toList(), meta, time(m.get("created")),
                        time(m.get("modified")));
                simple.put(e.id(), e);
            }
            Map<String, SmartCollection> smart = new LinkedHashMap<>();
            for (Object o : (List<?>) root.get("smart")) {
                Map<?, ?> m = (Map<?, ?>) o;
                SmartCollection s = new SmartCollection((String) m.get("id"), (String) m.get("name"), (String) m.get("query"),
                        QueryLanguage.valueOf((String) m.get("language")), time(m.get("created")), time(m.get("modified")));
                smart.put(s.id(), s);
            }
            return new CollectionBook(simple, smart);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalStateException("the index's stored collections are damaged: " + e.getMessage(), e);
        }
    }

    private static Instant time(Object epochMillis) {
        return Instant.ofEpochMilli((Long) epochMillis);
    }
}
