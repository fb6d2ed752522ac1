package org.imageindex.examples.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imageindex.ImageIndex;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.json.JsonValues;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageSource;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.matching.Homography;
import org.imageindex.signatures.matching.MatchResult;
import org.imageindex.signatures.matching.MatchingBox;

/**
 * LTU MediaDB's search by image ({@code POST /media}): the query image as a multipart
 * {@code media} file part, or in JSON as {@code media} (an http(s) URL or base64 image bytes),
 * optionally with {@code keywords} and {@code metadata} that every answer must match. Each hit
 * carries the match {@code details} of the geometric verification. Without an image, records
 * matching the keywords and metadata are listed, without details.
 */
final class MediaSearch {

  /** The signature name under which LTU reports its local-feature matching. */
  static final String SIGNATURE = "matching";

  /** The form parts of a multipart search: the query image and its JSON parameters. */
  static final java.util.Set<String> PARTS = java.util.Set.of("media", "data");

  private final ImageIndex index;
  private final ServerOptions.Limits limits;

  MediaSearch(ImageIndex index, ServerOptions.Limits limits) {
    this.index = index;
    this.limits = limits;
  }

  /** The answer to a search whose parameters were read from JSON or from a form. */
  Map<String, Object> search(Object media, byte[] mediaBytes, Map<String, Object> data) {
    Filter filter = filter(data);
    int limit = ImageMatchQuery.DEFAULT_LIMIT;
    Object given = data.get("limit");
    if (given != null) {
      if (!(given instanceof Long l) || l < 1 || l > limits.maxRecords()) {
        throw ApiException.aborted("limit must be a whole number in 1.." + limits.maxRecords()
            + " (ServerOptions.Limits.maxRecords, --max-records), got: " + LoopbackHttp.cut(JsonValues.write(given)));
      }
      limit = l.intValue();
    }
    List<Object> results = new ArrayList<>();
    if (mediaBytes == null && media == null) {
      for (StoredRecord r : index.find(filter, Listing.of(List.of(), 0, limit), FieldSelection.ALL).records()) {
        results.add(media(r));
      }
    } else {
      ImageSource source = mediaBytes != null ? ImageSource.bytes(mediaBytes) : sourceOf(media);
      ImageMatchQuery query;
      try {
        query = ImageMatchQuery.builder(source).filter(filter).limit(limit)
            .includeRejections(Boolean.TRUE.equals(data.get("include_rejections")))
            .fields(FieldSelection.ALL).build();
      } catch (IllegalArgumentException e) {
        throw ApiException.aborted(e.getMessage());
      }
      List<ImageMatch> hits;
      try {
        hits = index.matcher().search(query);
      } catch (IllegalArgumentException e) {
        throw ApiException.wrongQuery(e.getMessage());
      }
      for (ImageMatch h : hits) {
        Map<String, Object> m = media(h.record());
        m.put("details", details(h));
        results.add(m);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", (long) results.size());
    out.put("results", results);
    return out;
  }

  static ImageSource sourceOf(Object media) {
    if (!(media instanceof String s) || s.isBlank()) {
      throw ApiException.aborted("media must be an image URL or base64 image bytes, got: "
          + (media == null ? "null" : LoopbackHttp.cut(String.valueOf(media))));
    }
    String scheme = urlScheme(s);
    if (scheme == null) {
      return ImageSource.base64(s);
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ApiException.aborted("unsupported URL scheme '" + LoopbackHttp.cut(scheme)
          + ":' in media; media takes an http:// or https:// URL or base64 image bytes");
    }
    try {
      return ImageSource.url(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.aborted(e.getMessage());
    }
  }

  /**
   * The lower-case scheme of a value that reads as a URL ({@code letters:...}), or null. Base64
   * text never holds a colon, so a value with a scheme is a URL however the rest reads.
   */
  static String urlScheme(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0 || !value.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return null;
    }
    return value.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** The keywords of a request, as tags. */
  static List<String> keywords(Object keywords) {
    if (keywords == null) {
      return List.of();
    }
    if (!(keywords instanceof List<?> list) || list.stream().anyMatch(k -> !(k instanceof String))) {
      throw ApiException.aborted("keywords must be an array of strings, got: " + JsonValues.write(keywords));
    }
    return list.stream().map(String.class::cast).toList();
  }

  /** The metadata of a request, as attributes. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> metadata(Object metadata) {
    if (metadata == null) {
      return Map.of();
    }
    if (!(metadata instanceof Map<?, ?> map)) {
      throw ApiException.aborted("metadata must be a JSON object, got: " + JsonValues.write(metadata));
    }
    return (Map<String, Object>) map;
  }

  /** Keywords and metadata (every one required) as the clauses of a Mongo JSON {@code $and}. */
  static List<Object> clauses(Map<String, Object> data) {
    List<Object> clauses = new ArrayList<>();
    keywords(data.get("keywords")).forEach(k -> clauses.add(Map.of("tags", k)));
    metadata(data.get("metadata")).forEach((k, v) -> clauses.add(Map.of(k, v)));
    return clauses;
  }

  /** Keywords (every one required, as tags) and metadata (equality per key) as one filter. */
  private Filter filter(Map<String, Object> data) {
    List<Object> clauses = clauses(data);
    if (clauses.isEmpty()) {
      return ImageIndex.ALL_RECORDS;
    }
    return index.filter(JsonValues.write(Map.of("$and", clauses)), QueryLanguage.MONGO_JSON);
  }

  static Map<String, Object> media(StoredRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    if (r.origin() != null && (r.origin().startsWith("http://") || r.origin().startsWith("https://"))) {
      m.put("media", Map.of("url", r.origin()));
    }
    m.put("name", r.name() != null ? r.name() : r.id());
    m.put("keywords", new ArrayList<>(r.tags()));
    m.put("metadata", RecordJson.plain(r.attributes().toNested()));
    return m;
  }

  /** Seed 000's {@code details}: per signature, the verdict, boxes, scores, distance and homography. */
  static Map<String, Object> details(ImageMatch hit) {
    MatchResult r = hit.result();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("decision", r.verdict().label());
    info.put("category", "LOCALMATCHING");
    Map<String, Object> reference = new LinkedHashMap<>();
    if (hit.record().image() != null) {
      reference.put("originalDimensions",
          List.of((double) hit.record().image().width(), (double) hit.record().image().height()));
    }
    reference.put("matchingBox", box(r.referenceBox()));
    info.put("reference", reference);
    Map<String, Object> scores = new LinkedHashMap<>();
    scores.put("boxCoveredSurface", round(r.scores().coveredSurface()));
    scores.put("boxPointsRatioHomography", round(r.scores().pointsRatio()));
    scores.put("matchStrength", round(r.scores().matchStrength()));
    info.put("scores", scores);
    info.put("distance", round(r.distance()));
    info.put("query", Map.of("matchingBox", box(r.queryBox())));
    info.put("homography", homography(r.homography()));
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("message", "succeed");
    signature.put("keywords", new ArrayList<>(hit.record().tags()));
    signature.put("code", 0.0);
    signature.put("info", info);
    signature.put("score", r.distance());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("best_index", SIGNATURE);
    details.put(SIGNATURE, signature);
    details.put("score", r.distance());
    details.put("keywords", new ArrayList<>(hit.record().tags()));
    return details;
  }

  private static Map<String, Object> box(MatchingBox b) {
    List<Object> points = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      double[] p = b.point(i);
      points.add(List.of(round(p[0]), round(p[1])));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("points", points);
    m.put("area", round(b.area()));
    return m;
  }

  private static Map<String, Object> homography(Homography h) {
    List<Object> c = new ArrayList<>();
    for (double v : h.coefficients()) {
      c.add(v);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", "reference");
    m.put("coefficients", c);
    m.put("destination", "query");
    return m;
  }

  /** Four decimals, as the seed prints coordinates and scores. */
  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
