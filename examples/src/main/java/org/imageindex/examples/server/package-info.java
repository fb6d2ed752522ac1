/**
 * An HTTP server example: the Ximilar {@code /v2/*} similarity API and LTU MediaDB's search by
 * image, served from one local index on 127.0.0.1 with the JDK's built-in HTTP server.
 *
 * <h2>How to serve an index</h2>
 * {@snippet :
 * try (ImageIndex index = ImageIndex.open(Path.of("photos.index"));
 *      SimilarityServer server = SimilarityServer.start(index,
 *          ServerOptions.of(8080).withFileRoot(Path.of("photos")))) {
 *     // POST http://127.0.0.1:8080/v2/insert {"records": [{"_id": "1", "_file": "cat.jpg"}]}
 *     // POST http://127.0.0.1:8080/v2/visualKNN {"query_record": {"_id": "1"}, "k": 3}
 *     // POST http://127.0.0.1:8080/media  (multipart: media=@query.jpg)
 * }
 * }
 * or from the command line {@code java -cp imageindex.jar
 * org.imageindex.examples.server.SimilarityServer --index photos.index --file-root photos}.
 *
 * <h2>What maps to what</h2>
 * A Ximilar data record's {@code _id} is the record id, {@code _file} / {@code _url} /
 * {@code _base64} its image source (kept as the record's origin, returned as {@code _file} or
 * {@code _url}), {@code tags} its tags, {@code name} its name and every other field an
 * attribute. {@code fields_to_return} selects what answer records hold ({@code _id} always).
 * {@code filter} is the library's MongoDB-style filter. kNN, range and multi-image methods use
 * the similarity signature (distance {@code 1 - cosine}, 0..2); {@code nearDuplicates},
 * {@code nearDupsInsert} and {@code allNearDupPairs} use the perceptual hash, and their
 * {@code radius} is a Hamming distance in bits (0..64).
 *
 * <h2>Safety</h2>
 * The server binds to the loopback address only, reads at most
 * {@link org.imageindex.examples.server.ServerOptions#maxBodyBytes()} per request, and reads
 * {@code _file} sources only inside {@link org.imageindex.examples.server.ServerOptions#fileRoot()}
 * (status 403 otherwise). {@code _url} sources are fetched by the index's loader with its
 * timeout and byte limit.
 */
package org.imageindex.examples.server;
