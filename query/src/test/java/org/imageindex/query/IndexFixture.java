package org.imageindex.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.imageindex.query.compile.FieldIndexer;
import org.imageindex.query.schema.FieldTypes;

/** A small in-memory index of records written through {@link FieldIndexer}, queried by id. */
public final class IndexFixture implements AutoCloseable {

    private static final String ID = "_id";

    private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    /** Indexes {@code records} (id → field → value) in order. */
    public IndexFixture(FieldTypes types, Map<String, Map<String, Object>> records) {
        FieldIndexer indexer = FieldIndexer.of(types);
        try {
            try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
                for (Map.Entry<String, Map<String, Object>> r : records.entrySet()) {
                    Document doc = new Document();
                    doc.add(new StoredField(ID, r.getKey()));
                    r.getValue().forEach((field, value) -> indexer.add(doc, field, value));
                    writer.addDocument(doc);
                }
            }
            reader = DirectoryReader.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        searcher = new IndexSearcher(reader);
    }

    /** A record literal: alternating field names and values (values may be null). */
    public static Map<String, Object> record(Object... fieldsAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            m.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return m;
    }

    /** The ids of all matches, sorted. */
    public Set<String> ids(Query query) {
        return new TreeSet<>(ordered(query, null));
    }

    /** The ids of all matches in the sort's order (index order without a sort). */
    public List<String> ordered(Query query, Sort sort) {
        try {
            int n = Math.max(1, reader.maxDoc());
            TopDocs top = sort == null ? searcher.search(query, n) : searcher.search(query, n, sort);
            StoredFields stored = searcher.storedFields();
            List<String> ids = new ArrayList<>();
            ScoreDoc[] docs = top.scoreDocs;
            if (sort == null) {
                java.util.Arrays.sort(docs, java.util.Comparator.comparingInt(d -> d.doc));
            }
            for (ScoreDoc d : docs) {
                ids.add(stored.document(d.doc).get(ID));
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The number of indexed records. */
    public int size() {
        return reader.maxDoc();
    }

    @Override
    public void close() throws IOException {
        reader.close();
        dir.close();
    }
}
