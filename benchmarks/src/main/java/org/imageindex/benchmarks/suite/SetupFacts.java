package org.imageindex.benchmarks.suite;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Figures a benchmark's setup measures besides JMH's timings (recall against an exact scan,
 * bytes per record), handed from the forked JVM to the suite through the file named by
 * {@value #PROPERTY}. Without that property (a benchmark run by hand) nothing is written; the
 * setup prints its figures either way.
 */
public final class SetupFacts {

    /** System property naming the file the forked JVMs append to. */
    public static final String PROPERTY = "imageindex.benchmark.facts";

    private static final Pattern KEY = Pattern.compile("[a-z0-9.-]+");

    private SetupFacts() {
    }

    /**
     * Appends {@code key=value}; a later value of the same key wins when the file is read.
     *
     * @throws IllegalArgumentException if the key holds anything but {@code [a-z0-9.-]}
     */
    public static void record(String key, double value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("fact key must match " + KEY + ", got: " + key);
        }
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        String line = key + "=" + String.format(Locale.ROOT, "%.6f", value) + "\n";
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** The facts in {@code file}, or none if it does not exist. */
    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        return p;
    }
}
