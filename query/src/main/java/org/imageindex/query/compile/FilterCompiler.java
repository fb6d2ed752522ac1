package org.imageindex.query.compile;

import java.util.Objects;
import org.apache.lucene.search.Query;
import org.imageindex.query.QueryException;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.schema.FieldTypes;

/**
 * Turns a parsed {@link Filter} into a Lucene {@link Query} over an index written with
 * {@link FieldIndexer} for the same {@link FieldTypes}. The query has MongoDB's semantics: see
 * the package documentation for the rules and for what the index must contain.
 *
 * {@snippet :
 * FilterCompiler compiler = FilterCompiler.of(types);
 * Query query = compiler.compile(MongoFilterParser.parse("{\"size\": {\"$gte\": 30000}}"));
 * TopDocs hits = searcher.search(query, 10);
 * }
 *
 * <p>Immutable and thread-safe; compiling does not touch the index.
 */
public final class FilterCompiler {

    private final FieldTypes types;

    private FilterCompiler(FieldTypes types) {
        this.types = types;
    }

    /** A compiler for indexes with this schema. */
    public static FilterCompiler of(FieldTypes types) {
        return new FilterCompiler(Objects.requireNonNull(types, "types"));
    }

    /** The schema queries are compiled for. */
    public FieldTypes types() {
        return types;
    }

    /**
     * Compiles {@code filter}.
     *
     * @throws QueryException if a node cannot apply to its field's type (a prefix on a number field,
     *                        a substring search on a non-text field), located where it was written
     */
    public Query compile(Filter filter) {
        return new QueryTranslation(types).translate(Objects.requireNonNull(filter, "filter"));
    }
}
