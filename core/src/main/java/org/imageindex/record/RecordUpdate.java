package org.imageindex.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes to a stored record's metadata; the image and its signatures stay as they are (to
 * change the image, delete and insert again). Unset parts are left unchanged.
 *
 * {@snippet :
 * RecordUpdate u = RecordUpdate.builder("sku-1").set("day", "monday").unset("draft").tags(List.of("sale")).build();
 * }
 *
 * @param id         the record to change
 * @param name       the new name, or empty to keep it
 * @param clearName  true to remove the name
 * @param tags       the new tags (replacing all), or empty to keep them
 * @param set        attributes to set, each replacing the value at its path
 * @param unset      attribute paths to remove (with anything nested under them)
 */
public record RecordUpdate(String id, Optional<String> name, boolean clearName, Optional<List<String>> tags,
                           Attributes set, List<String> unset) {

    public RecordUpdate {
        ImageRecord.checkId(id);
        Objects.requireNonNull(name, "name");
        if (clearName && name.isPresent()) {
            throw new IllegalArgumentException("clearName and a new name exclude each other, got name: " + name.get());
        }
        tags = tags.map(ImageRecord::checkTags);
        Objects.requireNonNull(set, "set");
        unset = List.copyOf(unset);
    }

    /** Sets these attributes (paths or nested maps), as Ximilar's update does. */
    public static RecordUpdate of(String id, Map<String, ?> set) {
        return new RecordUpdate(id, Optional.empty(), false, Optional.empty(), Attributes.of(set), List.of());
    }

    /** Starts an update of record {@code id}. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Applies this update to a record's metadata parts. */
    public Attributes apply(Attributes current) {
        Attributes out = current;
        for (String path : unset) {
            out = out.without(path);
        }
        return out.with(set);
    }

    /** Collects changes. */
    public static final class Builder {
        private final String id;
        private Optional<String> name = Optional.empty();
        private boolean clearName;
        private Optional<List<String>> tags = Optional.empty();
        private Attributes set = Attributes.empty();
        private final List<String> unset = new ArrayList<>();

        private Builder(String id) {
            ImageRecord.checkId(id);
            this.id = id;
        }

        /** A new name. */
        public Builder name(String name) {
            this.name = Optional.of(name);
            this.clearName = false;
            return this;
        }

        /** Removes the name. */
        public Builder clearName() {
            this.name = Optional.empty();
            this.clearName = true;
            return this;
        }

        /** Replaces all tags. */
        public Builder tags(List<String> tags) {
            this.tags = Optional.of(ImageRecord.checkTags(tags));
            return this;
        }

        /** Sets one attribute. */
        public Builder set(String path, Object value) {
            set = set.with(path, value);
            return this;
        }

        /** Removes an attribute and anything nested under it. */
        public Builder unset(String path) {
            unset.add(Objects.requireNonNull(path, "path"));
            return this;
        }

        /** The update. */
        public RecordUpdate build() {
            return new RecordUpdate(id, name, clearName, tags, set, unset);
        }
    }
}
