package org.imageindex.query.compile;

import java.util.ArrayList;
import java.util.List;
import java.text.Collator;
import java.util.Locale;

/**
 * Names and encodings shared by {@link FieldIndexer} (writing) and the compiler (reading), kept
 * in one place so the two cannot drift apart. The package documentation lists them for readers
 * of a raw index.
 */
final class IndexLayout {

    /** One term per field a document has (any value, null and the empty array included): MongoDB's {@code $exists}. */
    static final String EXISTS_FIELD = "__exists";
    /** One term per field whose value is null or an array holding null: MongoDB's equality with null. */
    static final String NULL_FIELD = "__null";
    /** Companion of a text field holding its whole value lower-cased, for case-insensitive "contains". */
    static final String LOWER_SUFFIX = "#lower";
    /** Companion of a text field holding its lower-cased words, for full-text terms. */
    static final String WORDS_SUFFIX = "#words";
    /**
     * Companion of a text field holding the root-locale collation key of its value as sorted
     * doc values, so text sorts case-insensitively ("grass" before "Zebra dog").
     */
    static final String COLLATION_SUFFIX = "#collation";
    /**
     * Characters of a text value that take part in its collation key: beyond a few hundred
     * characters no listing order depends on the rest, and doc-value terms are limited to 32 KB.
     */
    static final int COLLATION_CHARS = 1_000;
    /** How booleans are spelled in their keyword field (also what Lucene syntax users type). */
    static final String TRUE = "true";
    static final String FALSE = "false";

    private IndexLayout() {
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * Splits text into lower-cased words: maximal runs of letters and digits. Deliberately simple
     * and locale-free so indexing and querying split identically without an analyzer dependency.
     */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean wordChar = Character.isLetterOrDigit(cp);
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                words.add(lower(text.substring(start, i)));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            words.add(lower(text.substring(start)));
        }
        return words;
    }

    /**
     * The sort key of text: java.text's root-locale collator at its default (tertiary) strength,
     * which orders by letters first, then accents, then case, so "grass" sorts before "Zebra dog"
     * and "cat" next to "Cat". Its byte form compares as the keys do (CollationKey#toByteArray).
     */
    static byte[] collationKey(String value) {
        String s = value.length() > COLLATION_CHARS ? value.substring(0, COLLATION_CHARS) : value;
        // A Collator is not thread-safe; a clone of the shared prototype is.
        return ((Collator) ROOT_COLLATOR.clone()).getCollationKey(s).toByteArray();
    }

    private static final Collator ROOT_COLLATOR = Collator.getInstance(Locale.ROOT);

    static String bool(boolean value) {
        return value ? TRUE : FALSE;
    }
}
