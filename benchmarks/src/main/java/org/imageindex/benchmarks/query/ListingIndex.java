package org.imageindex.benchmarks.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.imageindex.query.compile.FieldIndexer;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;

/**
 * A rokka-like listing index of synthetic source-image records, written through {@link FieldIndexer}
 * and cached on disk (under the JVM's temporary directory) so each JMH trial does not rebuild it.
 */
final class ListingIndex {

    static final FieldTypes TYPES = FieldTypes.builder()
            .add("name", FieldSpec.single(FieldType.KEYWORD))
            .add("format", FieldSpec.single(FieldType.KEYWORD))
            .add("size", FieldSpec.single(FieldType.LONG))
            .add("width", FieldSpec.single(FieldType.LONG))
            .add("created", FieldSpec.single(FieldType.DATE))
            .add("tags", FieldSpec.multi(FieldType.KEYWORD))
            .add("user:int:my_integer_field", FieldSpec.single(FieldType.LONG))
            .build();

    private static final List<String> FORMATS = List.of("jpg", "png", "gif", "webp");
    private static final List<String> TAGS = List.of("draft", "sky", "leaf", "car", "red", "blue");
    /** Bump when the generated data changes, so a stale cache is never reused. */
    private static final String VERSION = "v1";
    private static final long SEED = 42L;

    private ListingIndex() {
    }

    /** Opens the cached index of {@code size} records, building it first if needed. */
    static Directory open(int size) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "imageindex-query-bench-" + VERSION + "-" + size);
        Path done = dir.resolve("complete");
        try {
            if (!Files.exists(done)) {
                build(dir, size);
                Files.writeString(done, "ok");
            }
            return FSDirectory.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void build(Path dir, int size) throws IOException {
        Files.createDirectories(dir);
        FieldIndexer indexer = FieldIndexer.of(TYPES);
        Random r = new Random(SEED);
        long start = Instant.parse("2015-01-01T00:00:00Z").toEpochMilli();
        try (Directory d = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                     .setRAMBufferSizeMB(256))) {
            for (int i = 0; i < size; i++) {
                Document doc = new Document();
                indexer.add(doc, "name", (r.nextInt(20) == 0 ? "plant" : "img") + i + ".jpg");
                indexer.add(doc, "format", FORMATS.get(r.nextInt(FORMATS.size())));
                indexer.add(doc, "size", 1_000L + r.nextInt(100_000));
                indexer.add(doc, "width", 100L + r.nextInt(4_000));
                indexer.add(doc, "created", Instant.ofEpochMilli(start + (long) r.nextInt(3 * 365) * 86_400_000L));
                int tags = r.nextInt(3);
                indexer.add(doc, "tags", r.ints(tags, 0, TAGS.size()).mapToObj(TAGS::get).distinct().toList());
                if (r.nextBoolean()) {
                    indexer.add(doc, "user:int:my_integer_field", (long) r.nextInt(10));
                }
                w.addDocument(doc);
            }
            w.forceMerge(1);
        }
    }
}
