package org.imageindex.embedded;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;
import org.imageindex.signatures.hash.HashSignature;

/**
 * Multi-index hashing of the 64-bit perceptual hash (Norouzi, Punjani and Fleet, 2012): the
 * hash is cut into {@link #BANDS} substrings of {@link #BAND_BITS} bits, each indexed as its own
 * term field {@code __hash.band<i>}. Two hashes within Hamming distance {@code r} agree to within
 * {@code floor(r / BANDS)} bits in at least one band (pigeonhole), so the candidates of a query
 * are the documents whose band {@code i} is one of the values within that distance of the
 * query's band {@code i}, for any {@code i}. At the default radius 12 that is 697 terms per band:
 * a term lookup instead of a scan of every hash. Candidates are then checked exactly.
 */
final class HashBands {

    /** Four bands of 16 bits: 65,536 values per band keep postings short up to millions of records. */
    static final int BANDS = 4;
    static final int BAND_BITS = HashSignature.BITS / BANDS;
    static final String FIELD_PREFIX = "__hash.band";

    private HashBands() {
    }

    static void addTo(Document doc, long bits) {
        for (int i = 0; i < BANDS; i++) {
            doc.add(new StringField(FIELD_PREFIX + i, term(band(bits, i)), Field.Store.NO));
        }
    }

    /**
     * A query for every document that may lie within {@code radius} of {@code bits}.
     *
     * @throws IllegalArgumentException if radius is outside 0..64
     */
    public static Query candidates(long bits, int radius) {
        if (radius < 0 || radius > HashSignature.BITS) {
            throw new IllegalArgumentException("radius must be in 0.." + HashSignature.BITS + ", got: " + radius);
        }
        int perBand = radius / BANDS;
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (int i = 0; i < BANDS; i++) {
            List<BytesRef> terms = new ArrayList<>();
            neighbours(band(bits, i), perBand, 0, terms);
            b.add(new TermInSetQuery(FIELD_PREFIX + i, terms), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    /** All values within {@code budget} flips of {@code value}, flipping only bits at or above {@code from}. */
    private static void neighbours(int value, int budget, int from, List<BytesRef> out) {
        out.add(term(value));
        if (budget == 0) {
            return;
        }
        for (int bit = from; bit < BAND_BITS; bit++) {
            neighbours(value ^ (1 << bit), budget - 1, bit + 1, out);
        }
    }

    static int band(long bits, int i) {
        return (int) ((bits >>> (i * BAND_BITS)) & 0xFFFF);
    }

    private static BytesRef term(int value) {
        return new BytesRef(new byte[] {(byte) (value >>> 8), (byte) value});
    }
}
