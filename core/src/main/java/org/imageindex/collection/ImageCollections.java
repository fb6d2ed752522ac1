package org.imageindex.collection;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.imageindex.ImageIndex;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.SourcePosition;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.Value;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;

/**
 * The simple and smart collections of an index. Obtain it from {@code ImageIndex.collections()}.
 *
 * <p><b>Simple collections</b> are named groups of records, nested like folders. A record's
 * membership is stored on the record itself, in the keyword attribute {@value #MEMBERSHIP_FIELD}
 * (the ids of its collections), so it survives reopen, export and import, is changed without
 * reading the image, and every filter language can restrict to it: {@link #filterFor(String)}
 * gives the filter to AND into a search or listing, and {@code {"collections": "<id>"}} or
 * {@code collections:<id>} say the same in Mongo JSON and Lucene syntax. The definitions (names,
 * nesting, times) are kept in the index's commit data and committed with the records.
 *
 * <p><b>Deleting</b> a collection deletes its subcollections too (as deleting a folder does); the
 * records stay in the index and only lose their membership of the deleted collections.
 * <b>Deactivated</b> records keep their membership but, as everywhere, are hidden from listings
 * and counts until restored; <b>deleting</b> a record for good removes it from every collection.
 *
 * <p><b>Smart collections</b> save a filter (Mongo JSON, YAML rules or Lucene syntax) under a
 * name; the filter is validated when saved and evaluated at each listing, so members follow
 * record updates.
 *
 * {@snippet :
 * ImageCollections c = index.collections();
 * ImageCollection art = c.create("art");
 * ImageCollection paintings = c.createIn(art.id(), "paintings");
 * c.add(paintings.id(), List.of("mona-lisa", "starry-night"));
 * RecordPage page = c.records(paintings.id(), Listing.of(List.of(SortKey.descending("created")), 0, 20), FieldSelection.ALL);
 * long oil = index.count("{\"collections\": \"" + paintings.id() + "\", \"tags\": \"oil\"}", QueryLanguage.MONGO_JSON);
 * SmartCollection davinci = c.createSmart("da vinci", "{\"artist\": \"Da Vinci\"}", QueryLanguage.MONGO_JSON);
 * }
 *
 * <p>Thread-safe: every change runs while no other thread writes to the index, so membership
 * and definitions change together and commit together.
 */
public final class ImageCollections {

    /** The record attribute holding the ids of the record's simple collections (keyword, multi-valued). */
    public static final String MEMBERSHIP_FIELD = "collections";

    /**
     * The record attribute naming the collection whose {@link #replaceContent} inserted the record
     * (keyword). Only such records are deleted from the index when a later replacement leaves them
     * out: a record inserted on its own and then added to a collection belongs to its inserter.
     */
    public static final String CREATOR_FIELD = "created_by_collection";

    /** 200 characters per name: names are labels shown in lists and paths, not descriptions. */
    public static final int MAX_NAME_LENGTH = 200;

    static final String KEY = "collections";

    private final ImageIndex index;
    private final IndexAccess access;
    private volatile CollectionBook book;

    /**
     * The collections of {@code index}; applications call {@code ImageIndex.collections()} instead.
     *
     * @throws IllegalStateException if the stored definitions are damaged
     */
    public ImageCollections(ImageIndex index, IndexAccess access) {
        this.index = Objects.requireNonNull(index, "index");
        this.access = Objects.requireNonNull(access, "access");
        this.book = access.organisationData(KEY).map(CollectionBook::fromJson).orElse(CollectionBook.EMPTY);
    }

    // ---- restriction --------------------------------------------------------------------

    /**
     * The filter matching the records directly in collection {@code collectionId}; AND it into any
     * search, listing, count or export to restrict it to the collection.
     */
    public static Filter filterFor(String collectionId) {
        Objects.requireNonNull(collectionId, "collectionId");
        return new Filter.Equals(MEMBERSHIP_FIELD, Value.of(collectionId), SourcePosition.jsonPointer("/" + MEMBERSHIP_FIELD));
    }

    /**
     * The filter matching the records in collection {@code collectionId} or any of its
     * subcollections, as they are now.
     *
     * @throws IllegalArgumentException if there is no such collection
     */
    public Filter treeFilter(String collectionId) {
        CollectionBook b = book;
        entry(b, collectionId);
        return new Filter.In(MEMBERSHIP_FIELD, b.subtree(collectionId).stream().<Value>map(Value::of).toList(),
                SourcePosition.jsonPointer("/" + MEMBERSHIP_FIELD));
    }

    // ---- simple collections: definitions ------------------------------------------------

    /**
     * Creates a top-level collection.
     *
     * @throws IllegalArgumentException if the name is blank, too long, holds {@code /} or is taken
     *                                  by another top-level collection
     */
    public ImageCollection create(String name) {
        return create(null, name);
    }

    /**
     * Creates a collection inside collection {@code parentId}.
     *
     * @throws IllegalArgumentException if there is no such parent, or the name is refused as by {@link #create(String)}
     */
    public ImageCollection createIn(String parentId, String name) {
        return create(Objects.requireNonNull(parentId, "parentId"), name);
    }

    private ImageCollection create(String parentId, String name) {
        checkName(name);
        String id = newId();
        return change(b -> {
            if (parentId != null) {
                entry(b, parentId);
            }
            checkFree(b, parentId, name, null);
            Instant now = now();
            return b.with(new CollectionBook.Entry(id, name, parentId, List.of(), Map.of(), now, now));
        }, b -> b.view(id));
    }

    /**
     * Renames collection {@code collectionId}; its id, members and children stay.
     *
     * @throws IllegalArgumentException if there is no such collection, or the name is refused as by {@link #create(String)}
     */
    public ImageCollection rename(String collectionId, String newName) {
        checkName(newName);
        return change(b -> {
            CollectionBook.Entry e = entry(b, collectionId);
            checkFree(b, e.parent(), newName, collectionId);
            return b.with(e.renamed(newName, now()));
        }, b -> b.view(collectionId));
    }

    /**
     * Sets the keywords and metadata of collection {@code collectionId} itself (LTU's collection
     * keywords and metadata; not criteria).
     *
     * @throws IllegalArgumentException if there is no such collection
     */
    public ImageCollection describe(String collectionId, List<String> keywords, Map<String, String> metadata) {
        List<String> k = List.copyOf(Objects.requireNonNull(keywords, "keywords"));
        Map<String, String> m = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        return change(b -> b.with(entry(b, collectionId).described(k, m, now())), b -> b.view(collectionId));
    }

    /**
     * Deletes collection {@code collectionId} and all its subcollections. Their records stay in
     * the index and lose only their membership of the deleted collections.
     *
     * @return the ids of the deleted collections, the collection first, then its descendants
     * @throws IllegalArgumentException if there is no such collection
     */
    public List<String> delete(String collectionId) {
        return access.exclusively(() -> {
            CollectionBook b = book;
            entry(b, collectionId);
            List<String> gone = b.subtree(collectionId);
            Set<String> goneSet = Set.copyOf(gone);
            List<String> members = access.idsMatching(new Filter.In(MEMBERSHIP_FIELD, gone.stream().<Value>map(Value::of).toList(),
                    SourcePosition.jsonPointer("/" + MEMBERSHIP_FIELD)));
            rewriteMembership(members, current -> current.stream().filter(c -> !goneSet.contains(c)).toList());
            save(b.without(gone));
            return gone;
        });
    }

    /** The collection {@code collectionId}, if it exists. */
    public Optional<ImageCollection> get(String collectionId) {
        CollectionBook b = book;
        return b.entry(collectionId) == null ? Optional.empty() : Optional.of(b.view(collectionId));
    }

    /** Every collection, parents before their children, siblings by name (LTU's {@code full=true}). */
    public List<ImageCollection> list() {
        CollectionBook b = book;
        List<ImageCollection> out = new ArrayList<>();
        for (CollectionBook.Entry top : b.children(null)) {
            b.subtree(top.id()).forEach(id -> out.add(b.view(id)));
        }
        return out;
    }

    /** The top-level collections, by name (LTU's {@code full=false}). */
    public List<ImageCollection> topLevel() {
        CollectionBook b = book;
        return b.children(null).stream().map(e -> b.view(e.id())).toList();
    }

    /**
     * The direct children of collection {@code collectionId}, by name.
     *
     * @throws IllegalArgumentException if there is no such collection
     */
    public List<ImageCollection> children(String collectionId) {
        CollectionBook b = book;
        entry(b, collectionId);
        return b.children(collectionId).stream().map(e -> b.view(e.id())).toList();
    }

    // ---- simple collections: membership -------------------------------------------------

    /**
     * Adds records to collection {@code collectionId}; no image is read.
     *
     * @return per record, in order: {@link Code#UPDATED}, {@link Code#UNCHANGED} (a member already),
     *         {@link Code#NOT_FOUND}, or {@link Code#INVALID_RECORD} with the reason
     * @throws IllegalArgumentException if there is no such collection
     */
    public BatchResult add(String collectionId, List<String> recordIds) {
        return membership(collectionId, recordIds, true);
    }

    /**
     * Removes records from collection {@code collectionId}; they stay in the index.
     *
     * @return per record, as {@link #add}; {@link Code#UNCHANGED} when it was no member
     * @throws IllegalArgumentException if there is no such collection
     */
    public BatchResult remove(String collectionId, List<String> recordIds) {
        return membership(collectionId, recordIds, false);
    }

    private BatchResult membership(String collectionId, List<String> recordIds, boolean add) {
        Objects.requireNonNull(recordIds, "recordIds");
        return access.exclusively(() -> {
            entry(book, collectionId);
            Map<String, List<String>> current = new HashMap<>();
            for (StoredRecord r : index.get(List.copyOf(new LinkedHashSet<>(recordIds)), FieldSelection.of(MEMBERSHIP_FIELD))) {
                current.put(r.id(), memberships(r));
            }
            List<RecordStatus> out = new ArrayList<>();
            List<RecordUpdate> updates = new ArrayList<>();
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < recordIds.size(); i++) {
                String id = recordIds.get(i);
                List<String> now = current.get(id);
                if (now == null) {
                    out.add(RecordStatus.refused(i, id, Code.NOT_FOUND, "no record with id '" + id + "'"));
                    continue;
                }
                List<String> next = new ArrayList<>(now);
                if (add ? next.contains(collectionId) : !next.remove(collectionId)) {
                    out.add(RecordStatus.ok(i, id, Code.UNCHANGED));
                    continue;
                }
                if (add) {
                    next.add(collectionId);
                }
                current.put(id, next);
                out.add(null);
                updates.add(update(id, next));
                rows.add(i);
            }
            BatchResult done = index.update(updates);
            for (int j = 0; j < rows.size(); j++) {
                RecordStatus s = done.get(j);
                out.set(rows.get(j), new RecordStatus(rows.get(j), s.id(), s.code(), s.reason(), s.duplicates()));
            }
            if (!updates.isEmpty()) {
                save(book.with(book.entry(collectionId).touched(now())));
            }
            return new BatchResult(out);
        });
    }

    /**
     * A page of the visible records directly in collection {@code collectionId}, ordered and
     * paged by {@code listing}, with the total.
     *
     * @throws IllegalArgumentException if there is no such collection, or as {@code ImageIndex.find}
     */
    public RecordPage records(String collectionId, Listing listing, FieldSelection fields) {
        entry(book, collectionId);
        return index.find(filterFor(collectionId), listing, fields);
    }

    /**
     * The similarity service's collection info.
     *
     * @throws IllegalArgumentException if there is no such collection
     */
    public CollectionInfo info(String collectionId) {
        CollectionBook.Entry e = entry(book, collectionId);
        org.imageindex.FineTuningInfo f = index.fineTuningInfo(); // fine-tuning is index-wide: one vocabulary
        return new CollectionInfo(e.id(), e.name(), index.count(filterFor(collectionId)), f.requiresFinetuning(), e.modified(),
                f.lastFinetuned(), f.progress());
    }

    /**
     * Replaces the content of collection {@code collectionId} with the rows of a CSV (the
     * similarity service's {@code updatecontent}; columns {@code id,origin,name,tags,<attributes…>}
     * as {@code ImageIndex.exportCsv} writes them): stored ids get the row's name, tags and
     * attributes and join the collection; new ids are inserted from their {@code origin} (file or
     * URL) into it and are marked as created by it ({@value #CREATOR_FIELD}); members absent from
     * the CSV leave the collection, and those the collection created and that are then in no
     * collection at all are deleted from the index. Records inserted otherwise only leave it.
     *
     * @return one status per CSV row, then one {@link Code#DELETED} per record deleted
     * @throws IOException              if reading fails
     * @throws IllegalArgumentException if there is no such collection or the CSV has no {@code id} column
     */
    public BatchResult replaceContent(String collectionId, Reader csv, BatchProgress progress) throws IOException {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(progress, "progress");
        try {
            return access.exclusively(() -> {
                CollectionBook b = book;
                entry(b, collectionId);
                List<Value> others = b.entries().stream().map(CollectionBook.Entry::id).filter(id -> !id.equals(collectionId))
                        .<Value>map(Value::of).toList();
                SourcePosition at = SourcePosition.jsonPointer("/" + MEMBERSHIP_FIELD);
                Filter createdHere = new Filter.Equals(CREATOR_FIELD, Value.of(collectionId), SourcePosition.jsonPointer("/" + CREATOR_FIELD));
                Filter onlyHere = others.isEmpty() ? new Filter.And(List.of(filterFor(collectionId), createdHere), at)
                        : new Filter.And(List.of(filterFor(collectionId), createdHere,
                                new Filter.Not(new Filter.In(MEMBERSHIP_FIELD, others, at), at)), at);
                List<String> before = access.idsMatching(filterFor(collectionId));
                BatchResult result;
                try {
                    result = index.replaceFromCsv(csv, onlyHere, progress);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Set<String> kept = new LinkedHashSet<>();
                List<RecordUpdate> created = new ArrayList<>();
                for (RecordStatus s : result.statuses()) {
                    if (s.code() == Code.INSERTED || s.code() == Code.UPDATED) {
                        kept.add(s.id());
                    }
                    if (s.code() == Code.INSERTED) {
                        created.add(RecordUpdate.builder(s.id()).set(CREATOR_FIELD, collectionId).build());
                    }
                }
                for (RecordStatus s : index.update(created).statuses()) {
                    if (!s.code().success()) {
                        throw new IllegalStateException("record '" + s.id() + "' could not be marked as created by the collection: " + s.reason());
                    }
                }
                List<String> leaving = before.stream().filter(id -> !kept.contains(id)).toList();
                rewriteMembership(leaving, current -> current.stream().filter(c -> !c.equals(collectionId)).toList());
                rewriteMembership(List.copyOf(kept), current -> {
                    List<String> next = new ArrayList<>(current);
                    if (!next.contains(collectionId)) {
                        next.add(collectionId);
                    }
                    return next;
                });
                save(book.with(book.entry(collectionId).touched(now())));
                return result;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Writes the visible records directly in collection {@code collectionId} as CSV (the similarity
     * service's {@code csvfile}), in the format {@link #replaceContent} reads.
     *
     * @return how many records were written
     * @throws IOException              if writing fails
     * @throws IllegalArgumentException if there is no such collection
     */
    public long exportCsv(String collectionId, Writer out, List<String> attributeColumns) throws IOException {
        entry(book, collectionId);
        return index.exportCsv(out, filterFor(collectionId), attributeColumns);
    }

    // ---- smart collections --------------------------------------------------------------

    /**
     * Saves a filter as a smart collection, after checking it parses in {@code language}.
     *
     * @throws org.imageindex.query.QueryException with the location and reason when the filter is invalid
     * @throws IllegalArgumentException            if the name is blank, too long or taken by another smart collection
     */
    public SmartCollection createSmart(String name, String query, QueryLanguage language) {
        checkName(name);
        index.filter(Objects.requireNonNull(query, "query"), Objects.requireNonNull(language, "language"));
        String id = newId();
        return change(b -> {
            checkSmartFree(b, name, null);
            Instant now = now();
            return b.with(new SmartCollection(id, name, query, language, now, now));
        }, b -> b.smart(id));
    }

    /**
     * Replaces the filter of smart collection {@code smartId}, after checking it parses.
     *
     * @throws org.imageindex.query.QueryException with the location and reason when the filter is invalid
     * @throws IllegalArgumentException            if there is no such smart collection
     */
    public SmartCollection updateSmart(String smartId, String query, QueryLanguage language) {
        index.filter(Objects.requireNonNull(query, "query"), Objects.requireNonNull(language, "language"));
        return change(b -> {
            SmartCollection s = smartEntry(b, smartId);
            return b.with(new SmartCollection(s.id(), s.name(), query, language, s.created(), now()));
        }, b -> b.smart(smartId));
    }

    /**
     * Renames smart collection {@code smartId}.
     *
     * @throws IllegalArgumentException if there is no such smart collection, or the name is refused as by {@link #createSmart}
     */
    public SmartCollection renameSmart(String smartId, String newName) {
        checkName(newName);
        return change(b -> {
            SmartCollection s = smartEntry(b, smartId);
            checkSmartFree(b, newName, smartId);
            return b.with(new SmartCollection(s.id(), newName, s.query(), s.language(), s.created(), now()));
        }, b -> b.smart(smartId));
    }

    /**
     * Deletes smart collection {@code smartId}; no record changes.
     *
     * @throws IllegalArgumentException if there is no such smart collection
     */
    public void deleteSmart(String smartId) {
        change(b -> {
            smartEntry(b, smartId);
            return b.withoutSmart(smartId);
        }, b -> null);
    }

    /** The smart collection {@code smartId}, if it exists. */
    public Optional<SmartCollection> smart(String smartId) {
        return Optional.ofNullable(book.smart(smartId));
    }

    /** Every smart collection, by name. */
    public List<SmartCollection> listSmart() {
        return book.smartCollections();
    }

    /**
     * The filter of smart collection {@code smartId}, parsed now against the index's current
     * field types and object hierarchy; AND it into any search to restrict it to the members.
     *
     * @throws IllegalArgumentException if there is no such smart collection
     */
    public Filter smartFilter(String smartId) {
        SmartCollection s = smartEntry(book, smartId);
        return index.filter(s.query(), s.language());
    }

    /**
     * A page of the visible records smart collection {@code smartId}'s filter matches now.
     *
     * @throws IllegalArgumentException if there is no such smart collection, or as {@code ImageIndex.find}
     */
    public RecordPage smartRecords(String smartId, Listing listing, FieldSelection fields) {
        return index.find(smartFilter(smartId), listing, fields);
    }

    // ---- internals ----------------------------------------------------------------------

    /** A change of the book; {@code result} reads the answer from the new book. */
    private <T> T change(java.util.function.UnaryOperator<CollectionBook> edit,
                         java.util.function.Function<CollectionBook, T> result) {
        return access.exclusively(() -> {
            CollectionBook next = edit.apply(book);
            save(next);
            return result.apply(next);
        });
    }

    private void save(CollectionBook next) {
        access.organisationData(KEY, next.toJson());
        book = next;
    }

    /** Rewrites the membership of {@code recordIds} with {@code edit}; runs inside {@code exclusively}. */
    private void rewriteMembership(List<String> recordIds, java.util.function.UnaryOperator<List<String>> edit) {
        List<RecordUpdate> updates = new ArrayList<>();
        for (StoredRecord r : index.get(recordIds, FieldSelection.of(MEMBERSHIP_FIELD))) {
            List<String> now = memberships(r);
            List<String> next = edit.apply(now);
            if (!next.equals(now)) {
                updates.add(update(r.id(), next));
            }
        }
        BatchResult done = index.update(updates);
        for (RecordStatus s : done.statuses()) {
            if (!s.code().success()) {
                throw new IllegalStateException("membership of record '" + s.id() + "' could not be rewritten: " + s.reason());
            }
        }
    }

    private static List<String> memberships(StoredRecord r) {
        Object v = r.attributes().get(MEMBERSHIP_FIELD).orElse(List.of());
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    private static RecordUpdate update(String recordId, List<String> memberships) {
        RecordUpdate.Builder u = RecordUpdate.builder(recordId);
        return (memberships.isEmpty() ? u.unset(MEMBERSHIP_FIELD) : u.set(MEMBERSHIP_FIELD, List.copyOf(memberships))).build();
    }

    private static CollectionBook.Entry entry(CollectionBook b, String collectionId) {
        Objects.requireNonNull(collectionId, "collectionId");
        CollectionBook.Entry e = b.entry(collectionId);
        if (e == null) {
            throw new IllegalArgumentException("collectionId names no collection, got: " + collectionId);
        }
        return e;
    }

    private static SmartCollection smartEntry(CollectionBook b, String smartId) {
        Objects.requireNonNull(smartId, "smartId");
        SmartCollection s = b.smart(smartId);
        if (s == null) {
            throw new IllegalArgumentException("smartId names no smart collection, got: " + smartId);
        }
        return s;
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.contains("/")) {
            throw new IllegalArgumentException("name must have 1.." + MAX_NAME_LENGTH + " characters, not be blank and hold no '/',"
                    + " got: \"" + name + "\"");
        }
    }

    private static void checkFree(CollectionBook b, String parentId, String name, String self) {
        for (CollectionBook.Entry sibling : b.children(parentId)) {
            if (sibling.name().equals(name) && !sibling.id().equals(self)) {
                throw new IllegalArgumentException("name must be unique among its siblings, got: \"" + name + "\", the name of collection "
                        + sibling.id() + (parentId == null ? " at the top level" : " in " + b.path(parentId)));
            }
        }
    }

    private static void checkSmartFree(CollectionBook b, String name, String self) {
        for (SmartCollection s : b.smartCollections()) {
            if (s.name().equals(name) && !s.id().equals(self)) {
                throw new IllegalArgumentException("name must be unique among smart collections, got: \"" + name
                        + "\", the name of smart collection " + s.id());
            }
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }
}
