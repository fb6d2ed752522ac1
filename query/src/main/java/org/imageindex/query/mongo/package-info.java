/**
 * MongoDB-style filter JSON, as Ximilar's {@code "filter"} parameter uses it.
 *
 * <h2>How to parse a filter</h2>
 * {@snippet :
 * Filter f = MongoFilterParser.parse("{\"tags\": \"red\", \"price\": {\"$gte\": 10, \"$lt\": 50}}");
 * }
 * Operators: {@code $eq $ne $lt $lte $gt $gte $in $nin $exists $not $and $or $nor}; implicit
 * equality and implicit AND; dotted paths are plain field names; dates as {@code {"$date": "…"}}.
 * Errors carry the JSON pointer of the offending value, e.g. {@code /$and/2/tags/$in}.
 */
package org.imageindex.query.mongo;
