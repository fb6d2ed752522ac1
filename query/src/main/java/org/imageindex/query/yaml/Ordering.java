package org.imageindex.query.yaml;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;

/** The dataset platform's {@code ordering} values and the sort each stands for. */
public enum Ordering {
    /** Newest upload first. */
    DATE_DESC("date-desc", SortKey.descending(ImageRecordFields.DATE)),
    /** Oldest upload first. */
    DATE_ASC("date-asc", SortKey.ascending(ImageRecordFields.DATE)),
    /** Titles A to Z, case-insensitively (root-locale collation: "grass" before "Zebra dog"). */
    TITLE_ASC("title-asc", SortKey.ascending(ImageRecordFields.TITLE)),
    /** Titles Z to A. */
    TITLE_DESC("title-desc", SortKey.descending(ImageRecordFields.TITLE)),
    /** Most annotated regions first; an unannotated picture has 0. */
    NUMBER_REGIONS_DESC("number-regions-desc", SortKey.descending(ImageRecordFields.REGION_COUNT).missingAs(0)),
    /** Fewest annotated regions first; unannotated pictures (0 regions) lead. */
    NUMBER_REGIONS_ASC("number-regions-asc", SortKey.ascending(ImageRecordFields.REGION_COUNT).missingAs(0)),
    /** A random order. */
    RANDOM("random", null);

    private final String spelling;
    private final SortKey key;

    Ordering(String spelling, SortKey key) {
        this.spelling = spelling;
        this.key = key;
    }

    /** As written in queries, e.g. {@code "date-desc"}. */
    public String spelling() {
        return spelling;
    }

    /** The listing for this ordering and page. */
    public Listing listing(int offset, int limit) {
        return this == RANDOM ? Listing.randomOrder(offset, limit) : Listing.of(List.of(key), offset, limit);
    }

    /**
     * The ordering spelled {@code text}.
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static Ordering fromSpelling(String text) {
        for (Ordering o : values()) {
            if (o.spelling.equals(text)) {
                return o;
            }
        }
        throw new IllegalArgumentException("ordering must be one of " + allSpellings() + ", got: " + text);
    }

    /** {@code "date-desc, date-asc, ..."}, for messages. */
    public static String allSpellings() {
        return Arrays.stream(values()).map(Ordering::spelling).collect(Collectors.joining(", "));
    }
}
