package org.imageindex;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;

/**
 * Real photographs indexed once per JVM: the first {@link #PHOTOS} photos (reduced) are
 * extracted into an in-memory index and exported with their signatures; each test imports that
 * export into its own index, which carries the signatures without extracting again.
 */
final class PhotoFixture {

    static final int PHOTOS = 6;

    private static String export;

    private PhotoFixture() {
    }

    /** Id of photo {@code i}: {@code p0} .. {@code p5}; created one minute apart from 2020-01-01. */
    static String id(int i) {
        return "p" + i;
    }

    static synchronized String export() {
        if (export == null) {
            List<ImageRecord> records = new ArrayList<>();
            List<Path> files = TestImages.photoFiles(PHOTOS);
            for (int i = 0; i < PHOTOS; i++) {
                records.add(ImageRecord.builder().id(id(i)).source(ImageSource.bytes(TestImages.photoJpeg(files.get(i))))
                        .name("photo " + i).created(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(60L * i)).build());
            }
            try (ImageIndex index = ImageIndex.builder().extractionThreads(2).inMemory()) {
                BatchResult r = index.insert(records);
                if (!r.allSucceeded()) {
                    throw new IllegalStateException("fixture photos not indexed: " + r.statuses());
                }
                StringWriter out = new StringWriter();
                index.exportJsonLines(out, ImageIndex.ALL_RECORDS, FieldSelection.ALL_WITH_SIGNATURES);
                export = out.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return export;
    }

    /** A new index in {@code dir} holding the fixture photos. */
    static ImageIndex open(Path dir) throws IOException {
        ImageIndex index = reopen(dir);
        BatchResult r = index.importJsonLines(new StringReader(export()), BatchProgress.NONE);
        if (!r.allSucceeded()) {
            index.close();
            throw new IllegalStateException("fixture import failed: " + r.statuses());
        }
        return index;
    }

    /**
     * A new index in {@code dir} holding the fixture photos, photo {@code i} created at
     * {@code created.get(i)} (an upload time other than the fixture's).
     */
    static ImageIndex open(Path dir, List<Instant> created) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String line : export().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(
                    (java.util.Map<String, Object>) org.imageindex.query.json.JsonValues.parse(line));
            int i = Integer.parseInt(((String) m.get("id")).substring(1));
            m.put("created", java.util.Map.of("$date", created.get(i).toString()));
            lines.append(org.imageindex.query.json.JsonValues.write(m)).append('\n');
        }
        ImageIndex index = reopen(dir);
        BatchResult r = index.importJsonLines(new StringReader(lines.toString()), BatchProgress.NONE);
        if (!r.allSucceeded()) {
            index.close();
            throw new IllegalStateException("fixture import failed: " + r.statuses());
        }
        return index;
    }

    /** Opens the index in {@code dir} as the fixture does, without adding anything. */
    static ImageIndex reopen(Path dir) throws IOException {
        return ImageIndex.builder().extractionThreads(2).commitInterval(Duration.ZERO).open(dir);
    }
}
