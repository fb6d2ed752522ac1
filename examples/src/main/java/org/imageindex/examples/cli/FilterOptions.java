package org.imageindex.examples.cli;

import org.imageindex.ImageIndex;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Filter;
import picocli.CommandLine.Option;

/** {@code --filter} in any of the query languages. */
final class FilterOptions {

  @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
      description = "Metadata filter: MongoDB-style JSON ({\"tags\": \"cat\"}), YAML want/exclude rules, Lucene syntax (width:[1000 TO *]) or rokka's URL form (width=[1000,}&format=jpg).")
  String text;

  @Option(names = "--lang", paramLabel = "LANGUAGE",
      description = "Filter language: ${COMPLETION-CANDIDATES}. Default: guessed (JSON if it starts with '{', YAML if it has 'want:' or 'exclude:', ROKKA if it starts with field=, else Lucene).")
  QueryLanguage language;

  Filter parse(ImageIndex idx) {
    if (text == null || text.isBlank()) {
      return ImageIndex.ALL_RECORDS;
    }
    return idx.filter(text, language != null ? language : guess(text));
  }

  static QueryLanguage guess(String text) {
    String t = text.strip();
    if (t.startsWith("{")) {
      return QueryLanguage.MONGO_JSON;
    }
    if (t.matches("(?s).*\\b(want|exclude)\\s*:.*")) {
      return QueryLanguage.YAML;
    }
    // Lucene syntax has no '=' after a field name; rokka's URL form always starts with one.
    if (t.matches("(?s)[A-Za-z_][\\w.]*(:[A-Za-z_][\\w.]*)*=.*")) {
      return QueryLanguage.ROKKA;
    }
    return QueryLanguage.LUCENE;
  }
}
