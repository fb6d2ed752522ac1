/**
 * An HTTP server example: the Ximilar {@code /v2/*} similarity API (also under the seed's
 * {@code /similarity/photos/v2/} and {@code /similarity/products/v2/} prefixes), LTU
 * MediaDB's search by image, the similarity service's collections ({@code /api/collection/*},
 * {@code /api/verify}) and rokka's source images ({@code /sourceimages/<org>}), served from one
 * local index on 127.0.0.1.
 *
 * <h2>How to serve an index</h2>
 * {@snippet :
 * try (ImageIndex index = ImageIndex.open(Path.of("photos.index"));
 *      SimilarityServer server = SimilarityServer.start(index,
 *          ServerOptions.of(8080).withFileRoot(Path.of("photos")))) {
 *     String token = server.options().token(); // every request: "Authorization: Token " + token
 *     // POST http://127.0.0.1:8080/v2/insert {"records": [{"_id": "1", "_file": "cat.jpg"}]}
 *     // POST http://127.0.0.1:8080/v2/visualKNN {"query_record": {"_id": "1"}, "k": 3}
 *     // POST http://127.0.0.1:8080/services/search/media  (multipart: media=@query.jpg)
 * }
 * }
 * or from the command line {@code ./imageindex serve --index photos.index --file-root photos},
 * which prints the token and where it is kept.
 *
 * <h2>What maps to what</h2>
 * A Ximilar data record's {@code _id} is the record id, {@code _file} / {@code _url} /
 * {@code _base64} its image source (kept as the record's origin, returned as {@code _file} or
 * {@code _url}), {@code tags} its tags, {@code name} its name and every other field an
 * attribute. {@code fields_to_return} selects what answer records hold ({@code _id} always).
 * {@code filter} is the library's MongoDB-style filter. kNN, range and multi-image methods use
 * the similarity signature (distance {@code 1 - cosine}, 0..2; {@code range}'s radius is on
 * that scale); {@code nearDuplicates}, {@code nearDupsInsert} and {@code allNearDupPairs} use
 * the perceptual hash, and their {@code radius} is a Hamming distance in bits (0..64).
 * An LTU MediaDB media's {@code keywords} are the record's tags and its {@code metadata} its
 * attributes; its collections and smart collections are the index's
 * ({@link org.imageindex.collection.ImageCollections}), a smart collection's query saved as a
 * Mongo JSON filter. {@code POST /media} adds, {@code POST /services/search/media} searches.
 *
 * <p>The image dataset platform (seed 002) is served on its {@code /api/...} paths by
 * {@link org.imageindex.examples.server.DatasetPlatformHttp}: the YAML query on
 * {@code POST /api/query}, pictures, ratings, uploads, and a login whose password is the token
 * and whose session cookie ({@code HttpOnly}, {@code SameSite=Strict}) opens those paths only.
 *
 * <h2>Safety</h2>
 * The server binds to the loopback address only and treats every client as hostile: a request
 * must carry the token ({@code Authorization: Token}, {@code Bearer} or {@code api-key}), name
 * this server in {@code Host} (against DNS rebinding), carry no foreign {@code Origin}, and send
 * JSON or multipart bodies only (a cross-site {@code text/plain} POST is 415). Each connection
 * has its own virtual thread and deadlines for its request head, body, answer and idle time;
 * connections, body bytes, records per request and {@code k} are bounded
 * ({@link org.imageindex.examples.server.ServerOptions.Limits}). {@code _file} sources are read
 * only inside {@link org.imageindex.examples.server.ServerOptions#fileRoot()} (status 403
 * otherwise); export files are created new in
 * {@link org.imageindex.examples.server.ServerOptions#exportDir()}, never replacing a file or
 * following a link. {@code _url} sources are fetched by the index's loader with its timeout and
 * byte limit. By default a write is committed before it is answered
 * ({@link org.imageindex.examples.server.ServerOptions.Durability}).
 */
package org.imageindex.examples.server;
