package org.imageindex.embedded;

import org.imageindex.IncompatibleIndexException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;

/**
 * Files an index keeps in its directory beside Lucene's own: what fine-tuning learned (a visual
 * vocabulary, a similarity whitening), each named {@code <prefix><id>.bin} (names Lucene never
 * uses) and named in the commit data. Written whole and synced before a commit names them, read
 * whole, and deleted once a commit names another.
 */
final class SideFiles {

    private static final String SUFFIX = ".bin";

    private SideFiles() {
    }

    /** The file name of the item {@code id} of a kind ({@code prefix}). */
    static String name(String prefix, String id) {
        return prefix + id + SUFFIX;
    }

    /** Writes {@code bytes} as {@code name}, replacing an earlier file of that name, and syncs it. */
    static void write(Directory directory, String name, byte[] bytes) throws IOException {
        try {
            directory.deleteFile(name);
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            // not written before: the usual case
        }
        try (IndexOutput out = directory.createOutput(name, IOContext.DEFAULT)) {
            out.writeBytes(bytes, bytes.length);
        }
        directory.sync(List.of(name));
    }

    /** The content of {@code name}, or null if there is no such file. */
    static byte[] read(Directory directory, String name) throws IOException {
        try (IndexInput in = directory.openInput(name, IOContext.READONCE)) {
            byte[] bytes = new byte[Math.toIntExact(in.length())];
            in.readBytes(bytes, 0, bytes.length);
            return bytes;
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Reads the item {@code id} of a kind ({@code prefix}) that a commit names, checking that the
     * file is there, that {@code parse} accepts it and that it holds that item.
     *
     * @param what  the kind, as error messages name it ("visual vocabulary")
     * @param noun  the item, as error messages name it ("vocabulary")
     * @param parse reads the bytes, throwing {@link IllegalArgumentException} on bad ones
     * @param idOf  the id of a parsed item
     * @throws IncompatibleIndexException naming the file if it is missing, unreadable or another item
     */
    static <T> T readNamed(Directory directory, String prefix, String id, String what, String noun,
                           Function<byte[], T> parse, Function<T, String> idOf) throws IOException {
        String name = name(prefix, id);
        byte[] bytes = read(directory, name);
        if (bytes == null) {
            throw new IncompatibleIndexException("index in " + directory + " names " + what + " '" + id
                    + "' but its file " + name + " is missing; fine-tune the index again or re-index it");
        }
        T item;
        try {
            item = parse.apply(bytes);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleIndexException(what + " file " + name + " in " + directory + " cannot be read: " + e.getMessage());
        }
        if (!idOf.apply(item).equals(id)) {
            throw new IncompatibleIndexException(what + " file " + name + " in " + directory
                    + " holds " + noun + " '" + idOf.apply(item) + "', expected '" + id + "'");
        }
        return item;
    }

    /** Deletes the files of a kind ({@code prefix}) other than {@code keep} (null: all of them). */
    static void deleteOthers(Directory directory, String prefix, String keep) throws IOException {
        List<String> stale = new ArrayList<>();
        for (String f : directory.listAll()) {
            if (f.startsWith(prefix) && f.endsWith(SUFFIX) && !f.equals(keep)) {
                stale.add(f);
            }
        }
        for (String f : stale) {
            directory.deleteFile(f);
        }
    }
}
