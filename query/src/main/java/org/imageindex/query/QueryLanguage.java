package org.imageindex.query;

/** The filter languages the query module reads; each names its location style. */
public enum QueryLanguage {
    /** MongoDB-style filter JSON (Ximilar's {@code filter}); located by JSON pointer. */
    MONGO_JSON("mongo filter"),
    /** YAML want/exclude rules of the image-dataset platform; located by line and column. */
    YAML("yaml rules"),
    /** Lucene query syntax for listings (rokka style); located by character offset. */
    LUCENE("lucene query"),
    /**
     * rokka's listing URL parameters (<code>size=[30000,&#125;&amp;name=foo*</code>, {@code user:int:f=3});
     * located by character offset.
     */
    ROKKA("rokka filter");

    private final String label;

    QueryLanguage(String label) {
        this.label = label;
    }

    /** The short name used at the start of error messages, e.g. {@code "mongo filter"}. */
    public String label() {
        return label;
    }
}
