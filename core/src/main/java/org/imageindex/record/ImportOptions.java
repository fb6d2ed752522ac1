package org.imageindex.record;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code ImageIndex.importJsonLines} treats what an export file asks of it. An export may come
 * from anywhere, so nothing in it is trusted: by default a line whose {@code origin} is a local
 * path is refused rather than read (a file naming a system file must not make the import open
 * it), and a line whose id is already stored is skipped.
 *
 * @param duplicateIds what happens to a line whose id is already stored
 * @param originFolder the folder whose files lines without usable signatures may be re-read from;
 *                     empty to read no local file at all (URLs are fetched under the index's URL
 *                     rules either way)
 */
public record ImportOptions(DuplicateIds duplicateIds, Optional<Path> originFolder) {

    /** Skip stored ids; read no local file. */
    public static final ImportOptions DEFAULT = new ImportOptions(DuplicateIds.SKIP, Optional.empty());

    /** What a line whose id is already stored gets. */
    public enum DuplicateIds {
        /** Not imported: {@link RecordStatus.Code#DUPLICATE_ID}; the stored record stays as it is. */
        SKIP,
        /**
         * The stored record is replaced by the line's, in the same write that stores it, so a line
         * refused for any reason leaves the stored record untouched: {@link RecordStatus.Code#UPDATED}.
         */
        REPLACE
    }

    public ImportOptions {
        Objects.requireNonNull(duplicateIds, "duplicateIds");
        Objects.requireNonNull(originFolder, "originFolder");
    }

    /** These options with {@code policy} for stored ids. */
    public ImportOptions withDuplicateIds(DuplicateIds policy) {
        return new ImportOptions(policy, originFolder);
    }

    /**
     * These options allowing local origins under {@code folder}: a path with a {@code ..} element,
     * or whose real path (links resolved) lies outside the folder's real path, is still refused.
     */
    public ImportOptions withOriginFolder(Path folder) {
        return new ImportOptions(duplicateIds, Optional.of(Objects.requireNonNull(folder, "folder")));
    }
}
