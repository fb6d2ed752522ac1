package org.imageindex.annotation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.imageindex.ImageIndex;
import org.imageindex.collection.IndexAccess;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.json.JsonValues;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.query.yaml.ObjectHierarchy;
import org.imageindex.query.yaml.YamlQuery;
import org.imageindex.query.yaml.YamlRulesParser;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;

/**
 * Annotated regions of records, the object hierarchy, ratings, replacements and the YAML
 * listing of the dataset platform (seed 002). Obtain it from {@code ImageIndex.annotations()}.
 *
 * <p>A record's annotations are stored in its attributes, so they survive reopen, export and
 * import, and are rewritten without reading the image:
 * <ul>
 *   <li>{@value #REGIONS}: one JSON object per region in the platform's raw format;</li>
 *   <li>{@value ImageRecordFields#OBJECTS}: the distinct object labels, read by {@code has} and
 *       {@code has_object};</li>
 *   <li>{@value ImageRecordFields#REGION_COUNT}: the number of regions (0 once cleared), read by
 *       {@code above/below_region_count} and the {@code number-regions-*} orderings.</li>
 * </ul>
 * The object hierarchy (parent label → child labels) is kept in the index itself and committed
 * with it; {@link #find} and {@code ImageIndex.filter(text, YAML)} resolve {@code has} through it,
 * so {@code has: [vehicle]} finds a record annotated {@code car} once {@code vehicle → car} is
 * linked. Labels need not be in the hierarchy to be used on regions. The platform's upload time
 * is the record's {@code created} time ({@code ImageRecord.Builder.created}): {@code before_date},
 * {@code after_date} and the {@code date-*} orderings read it.
 *
 * {@snippet :
 * Annotations a = index.annotations();
 * a.addChildren("vehicle", List.of("car", "bus"));
 * a.set("img-1", List.of(Annotation.of(new Region.BoundingBox(0.1, 0.2, 0.3, 0.3), "car")));
 * RecordPage page = a.find("want:\n- has: [vehicle]\nordering: date-desc\n", FieldSelection.ALL);
 * }
 *
 * <p>Thread-safe: changes to the hierarchy are serialised with the index's writes.
 */
public final class Annotations {

    /** The attribute holding one JSON object per region. */
    public static final String REGIONS = "regions";
    /** Lowest star rating. */
    public static final int MIN_STARS = 1;
    /** Highest star rating. */
    public static final int MAX_STARS = 5;

    static final String HIERARCHY_KEY = "objects";
    private static final long HIERARCHY_FORMAT = 1;

    private final ImageIndex index;
    private final IndexAccess access;
    private volatile Map<String, List<String>> links;
    private volatile ObjectHierarchy hierarchy;

    /**
     * The annotations of {@code index}; applications call {@code ImageIndex.annotations()} instead.
     *
     * @throws IllegalStateException if the stored hierarchy is damaged
     */
    public Annotations(ImageIndex index, IndexAccess access) {
        this.index = Objects.requireNonNull(index, "index");
        this.access = Objects.requireNonNull(access, "access");
        install(access.organisationData(HIERARCHY_KEY).map(Annotations::readLinks).orElse(Map.of()));
    }

    // ---- regions ------------------------------------------------------------------------

    /**
     * Replaces the annotations of record {@code recordId} (an empty list clears them).
     *
     * @return {@link Code#UPDATED}, or {@link Code#NOT_FOUND} / {@link Code#INVALID_RECORD} with the reason
     */
    public RecordStatus set(String recordId, List<Annotation> annotations) {
        List<Annotation> copy = List.copyOf(Objects.requireNonNull(annotations, "annotations"));
        RecordUpdate.Builder u = RecordUpdate.builder(recordId).set(ImageRecordFields.REGION_COUNT, (long) copy.size());
        if (copy.isEmpty()) {
            u.unset(REGIONS).unset(ImageRecordFields.OBJECTS);
        } else {
            u.set(REGIONS, copy.stream().map(AnnotationJson::write).toList());
            u.set(ImageRecordFields.OBJECTS, List.copyOf(new LinkedHashSet<>(copy.stream().map(Annotation::object).toList())));
        }
        return index.update(List.of(u.build())).get(0);
    }

    /**
     * Adds annotations to those record {@code recordId} has.
     *
     * @return as {@link #set}
     */
    public RecordStatus add(String recordId, List<Annotation> annotations) {
        Objects.requireNonNull(annotations, "annotations");
        return access.exclusively(() -> {
            Optional<StoredRecord> r = index.get(recordId);
            if (r.isEmpty()) {
                return RecordStatus.refused(0, recordId, Code.NOT_FOUND, "no record with id '" + recordId + "'");
            }
            List<Annotation> all = new ArrayList<>(read(r.get()));
            all.addAll(annotations);
            return set(recordId, all);
        });
    }

    /**
     * The annotations of record {@code recordId}, in the order they were set.
     *
     * @throws IllegalArgumentException if there is no such record
     */
    public List<Annotation> get(String recordId) {
        return read(index.get(recordId).orElseThrow(() -> new IllegalArgumentException("recordId names no record, got: "
                + recordId)));
    }

    /** The annotations held by a record read with its attributes. */
    public static List<Annotation> of(StoredRecord record) {
        return read(record);
    }

    private static List<Annotation> read(StoredRecord r) {
        Object stored = r.attributes().get(REGIONS).orElse(List.of());
        List<?> values = stored instanceof List<?> l ? l : List.of(stored);
        return values.stream().map(v -> AnnotationJson.read((String) v)).toList();
    }

    /**
     * Reads annotations in the platform's raw JSON format: a list of
     * {@code {"type": "bbox"|"polygon"|"polyline"|"point", "shape": ..., "object": "label"}}.
     *
     * @throws IllegalArgumentException naming the element and key at fault, e.g. {@code [1].shape.x}
     */
    public static List<Annotation> parseJson(String json) {
        return AnnotationJson.readList(Objects.requireNonNull(json, "json"));
    }

    /** The annotations in the platform's raw JSON format, as the platform sends them back. */
    public static String toJson(List<Annotation> annotations) {
        return AnnotationJson.write(List.copyOf(annotations));
    }

    // ---- object hierarchy ---------------------------------------------------------------

    /** The stored object hierarchy, as the YAML parser takes it. */
    public ObjectHierarchy hierarchy() {
        return hierarchy;
    }

    /** The stored parent → children links. */
    public Map<String, List<String>> hierarchyLinks() {
        return links;
    }

    /**
     * Links {@code children} under {@code parent} (kept with links made before).
     *
     * @throws IllegalArgumentException if a label is blank or too long, or a link would make a
     *                                  label its own descendant
     */
    public void addChildren(String parent, List<String> children) {
        Annotation.checkLabel("parent", parent);
        Objects.requireNonNull(children, "children");
        children.forEach(c -> Annotation.checkLabel("child", c));
        access.exclusively(() -> {
            for (String child : children) {
                if (hierarchy.selfAndDescendants(child).contains(parent)) {
                    throw cycle(parent, child);
                }
            }
            Map<String, List<String>> next = new LinkedHashMap<>(links);
            LinkedHashSet<String> kids = new LinkedHashSet<>(next.getOrDefault(parent, List.of()));
            kids.addAll(children);
            next.put(parent, List.copyOf(kids));
            store(next);
            return null;
        });
    }

    /**
     * Replaces the whole hierarchy with these parent → children links.
     *
     * @throws IllegalArgumentException as {@link #addChildren}
     */
    public void setHierarchy(Map<String, ? extends List<String>> parentToChildren) {
        Objects.requireNonNull(parentToChildren, "parentToChildren");
        Map<String, List<String>> next = new LinkedHashMap<>();
        parentToChildren.forEach((p, kids) -> {
            Annotation.checkLabel("parent", p);
            Objects.requireNonNull(kids, "children of " + p).forEach(c -> Annotation.checkLabel("child", c));
            next.put(p, List.copyOf(new LinkedHashSet<>(kids)));
        });
        access.exclusively(() -> {
            store(next);
            return null;
        });
    }

    private void store(Map<String, List<String>> next) {
        ObjectHierarchy h = ObjectHierarchy.of(next);
        for (Map.Entry<String, List<String>> e : next.entrySet()) {
            for (String child : e.getValue()) {
                if (h.selfAndDescendants(child).contains(e.getKey())) {
                    throw cycle(e.getKey(), child);
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", HIERARCHY_FORMAT);
        json.put("children", next);
        access.organisationData(HIERARCHY_KEY, JsonValues.write(json));
        install(next);
    }

    private static IllegalArgumentException cycle(String parent, String child) {
        return new IllegalArgumentException("child '" + child + "' of '" + parent + "' is already an ancestor of '" + parent
                + "'; an object hierarchy may not have cycles");
    }

    private void install(Map<String, List<String>> next) {
        links = Map.copyOf(next);
        hierarchy = ObjectHierarchy.of(next);
    }

    private static Map<String, List<String>> readLinks(String json) {
        if (!(JsonValues.parse(json) instanceof Map<?, ?> m) || !(m.get("children") instanceof Map<?, ?> children)
                || !Long.valueOf(HIERARCHY_FORMAT).equals(m.get("format"))) {
            throw new IllegalStateException("the index's stored object hierarchy is not of format " + HIERARCHY_FORMAT + ": " + json);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        children.forEach((k, v) -> out.put((String) k, ((List<?>) v).stream().map(String.class::cast).toList()));
        return out;
    }

    // ---- YAML listing -------------------------------------------------------------------

    /**
     * Parses a YAML query with the stored hierarchy.
     *
     * @throws org.imageindex.query.QueryException with line and column when the text is not a valid query
     */
    public YamlQuery parse(String yaml) {
        YamlQuery q = YamlRulesParser.parse(yaml, hierarchy);
        List<SortKey> sort = q.listing().sort().stream()
                .map(k -> k.field().equals(ImageRecordFields.DATE) ? new SortKey(RecordFields.CREATED, k.descending(), k.missing()) : k).toList();
        return new YamlQuery(onCreated(q.filter()), new Listing(sort, q.listing().random(), q.listing().offset(), q.listing().limit()),
                q.includeObsolete());
    }

    /** The platform's upload time is the record's {@code created} time: date rules read that field. */
    private static Filter onCreated(Filter f) {
        return switch (f) {
            case Filter.MatchAll m -> m;
            case Filter.And a -> new Filter.And(a.clauses().stream().map(Annotations::onCreated).toList(), a.position());
            case Filter.Or o -> new Filter.Or(o.clauses().stream().map(Annotations::onCreated).toList(), o.position());
            case Filter.Not n -> new Filter.Not(onCreated(n.filter()), n.position());
            case Filter.Equals e -> new Filter.Equals(date(e.field()), e.value(), e.position());
            case Filter.In i -> new Filter.In(date(i.field()), i.values(), i.position());
            case Filter.Range r -> new Filter.Range(date(r.field()), r.operator(), r.bound(), r.position());
            case Filter.Exists x -> new Filter.Exists(date(x.field()), x.position());
            case Filter.Prefix p -> p;
            case Filter.Contains c -> c;
            case Filter.TextSearch t -> t;
            case Filter.Like l -> l;
        };
    }

    private static String date(String field) {
        return field.equals(ImageRecordFields.DATE) ? RecordFields.CREATED : field;
    }

    /**
     * The page of visible records a YAML query selects: its {@code want} / {@code exclude} rules,
     * {@code include_obsolete}, {@code ordering}, {@code offset} and {@code limit}, as the dataset
     * platform's query endpoint.
     *
     * @throws org.imageindex.query.QueryException with line and column when the text is not a valid query
     * @throws IllegalArgumentException if the page lies beyond the listing window (offset + limit over 10,000)
     */
    public RecordPage find(String yaml, FieldSelection fields) {
        YamlQuery q = parse(yaml);
        return index.find(q.filter(), q.listing(), fields);
    }

    // ---- ratings and replacements -------------------------------------------------------

    /**
     * Adds one star rating to record {@code recordId}: updates the average ({@value ImageRecordFields#RATING})
     * and the count ({@value ImageRecordFields#RATING_COUNT}).
     *
     * @throws IllegalArgumentException if {@code stars} is outside 1..5
     */
    public RecordStatus rate(String recordId, int stars) {
        if (stars < MIN_STARS || stars > MAX_STARS) {
            throw new IllegalArgumentException("stars must be in " + MIN_STARS + ".." + MAX_STARS + ", got: " + stars);
        }
        return access.exclusively(() -> {
            Optional<StoredRecord> r = index.get(recordId);
            if (r.isEmpty()) {
                return RecordStatus.refused(0, recordId, Code.NOT_FOUND, "no record with id '" + recordId + "'");
            }
            long count = (Long) r.get().attributes().get(ImageRecordFields.RATING_COUNT).orElse(0L);
            double average = (Double) r.get().attributes().get(ImageRecordFields.RATING).orElse(0.0);
            double next = (average * count + stars) / (count + 1);
            return index.update(List.of(RecordUpdate.builder(recordId).set(ImageRecordFields.RATING, next)
                    .set(ImageRecordFields.RATING_COUNT, count + 1).build())).get(0);
        });
    }

    /**
     * Records that {@code newId} replaces {@code oldId}: {@code oldId} gets
     * {@value ImageRecordFields#REPLACED_BY} (obsolete: hidden from YAML listings unless
     * {@code include_obsolete: true}), {@code newId} gets {@value ImageRecordFields#REPLACES}.
     *
     * @return one status per record, old first
     * @throws IllegalArgumentException if both ids are the same
     */
    public BatchResult replace(String oldId, String newId) {
        if (Objects.requireNonNull(oldId, "oldId").equals(newId)) {
            throw new IllegalArgumentException("newId must differ from oldId, got: " + newId + " for both");
        }
        return index.update(List.of(RecordUpdate.builder(oldId).set(ImageRecordFields.REPLACED_BY, newId).build(),
                RecordUpdate.builder(Objects.requireNonNull(newId, "newId")).set(ImageRecordFields.REPLACES, oldId).build()));
    }

    /** The labels a {@code has} rule on {@code label} matches: the label and its descendants. */
    public Set<String> expand(String label) {
        return hierarchy.selfAndDescendants(label);
    }
}
