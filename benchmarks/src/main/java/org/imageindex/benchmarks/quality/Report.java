package org.imageindex.benchmarks.quality;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the harness's results as Markdown tables and as JSON.
 *
 * <p>Every figure of ours stands beside its baseline: retrieval cells read
 * {@code value (±difference to the mode's baseline)}, copy-detection cells
 * {@code ours vs pHash}.
 */
final class Report {

  private Report() {}

  static String markdown(List<RetrievalResult> retrieval, List<IndexAgreement> agreement, CopyDetectionResult copies) {
    StringBuilder md = new StringBuilder();
    if (!retrieval.isEmpty()) {
      md.append("## Retrieval (exact ranking)\n\n")
          .append("Cells: value (difference to the mode's baseline). Baselines: RGB 8×8×8 histogram "
              + "with L1 for the similarity, colour and hash signatures; the similarity signature as "
              + "shipped for the fine-tuned one (whitening learned from every image of the run, as "
              + "fine-tuning an index holding them learns it); the perceptual hash alone for matching.\n");
    }
    for (RetrievalResult r : retrieval) {
      md.append("\n### ").append(r.set()).append("\n\n")
          .append(r.images()).append(" images, ").append(r.queries()).append(" queries, relevance from ")
          .append(formName(r.form())).append("; N-S score ")
          .append(r.nsApplicable() ? "over groups of 4" : "not applicable (groups are not all of 4 images)")
          .append(".\n\n");
      md.append("| mode | baseline | mAP | P@1 | P@4 | P@10 | R@1 | R@4 | R@10 |")
          .append(r.nsApplicable() ? " N-S |" : "").append('\n');
      md.append("|---|---|---|---|---|---|---|---|---|").append(r.nsApplicable() ? "---|" : "").append('\n');
      for (SearchMode mode : SearchMode.values()) {
        RetrievalResult.Scores s = r.scores().get(mode);
        SearchMode base = mode.baseline();
        RetrievalResult.Scores b = base == null ? null : r.scores().get(base);
        md.append("| ").append(mode.label()).append(" | ").append(base == null ? "(is a baseline)" : shortName(base));
        md.append(" | ").append(cell(s.map(), b == null ? Double.NaN : b.map()));
        for (int c = 0; c < RetrievalEvaluation.CUTOFFS.length; c++) {
          md.append(" | ").append(cell(s.precision()[c], b == null ? Double.NaN : b.precision()[c]));
        }
        for (int c = 0; c < RetrievalEvaluation.CUTOFFS.length; c++) {
          md.append(" | ").append(cell(s.recall()[c], b == null ? Double.NaN : b.recall()[c]));
        }
        if (r.nsApplicable()) {
          md.append(" | ").append(cell(s.ns(), b == null ? Double.NaN : b.ns()));
        }
        md.append(" |\n");
      }
    }
    if (!agreement.isEmpty()) {
      md.append("\n## The index against exact ranking\n\n")
          .append("The tables above rank exactly. Here each set's signatures are written into an index "
              + "(Lucene HNSW, as an application searches it) and every image queries it: recall@10 is the "
              + "share of the exact ten nearest (the query left out) the index returns; the times are per "
              + "query, the exact ranking computing every distance and sorting. On sets this small the "
              + "exact scan is the cheaper; docs/performance.md measures both from 10,000 to 1,000,000 "
              + "records.\n\n")
          .append("| set | signature | images | recall@10: index vs exact | ms/query: index vs exact |\n")
          .append("|---|---|---|---|---|\n");
      for (IndexAgreement a : agreement) {
        md.append("| ").append(a.set()).append(" | ").append(a.signature()).append(" | ").append(a.images())
            .append(" | ").append(num(a.recallAt10())).append(" | ")
            .append(String.format(Locale.ROOT, "%.3f vs %.3f", a.indexMillis(), a.exactMillis())).append(" |\n");
      }
    }
    if (copies != null) {
      md.append("\n## Copy detection (").append(copies.folder()).append(")\n\n")
          .append(copies.photos()).append(" photos: ").append(copies.indexed()).append(" indexed, ")
          .append(copies.distractors()).append(" held out as distractors. Cells: ours vs the perceptual "
              + "hash alone (nearest Hamming distance for recall@1; within the near-duplicate radius "
              + "for verdicts).\n\n")
          .append("| attack | strength | copies | recall@1: matching vs pHash | verdict precision: matching vs pHash "
              + "| distractor copies | false-Match rate: matching vs pHash |\n")
          .append("|---|---|---|---|---|---|---|\n");
      for (CopyDetectionResult.Row row : copies.rows()) {
        md.append("| ").append(row.attack().kind().label())
            .append(" | ").append(Attack.format(row.attack().strength()))
            .append(" | ").append(row.copies())
            .append(" | ").append(num(row.recallAt1())).append(" vs ").append(num(row.hashRecallAt1()))
            .append(" | ").append(num(row.verdictPrecision())).append(" (").append(row.matchVerdicts())
            .append(") vs ").append(num(row.hashVerdictPrecision())).append(" (").append(row.hashVerdicts()).append(')')
            .append(" | ").append(row.distractorQueries())
            .append(" | ").append(num(row.falseMatchRate())).append(" vs ").append(num(row.hashFalseRate()))
            .append(" |\n");
      }
      int distractorQueries = copies.rows().stream().mapToInt(CopyDetectionResult.Row::distractorQueries).sum();
      int falseMatches = copies.rows().stream().mapToInt(CopyDetectionResult.Row::falseMatches).sum();
      int hashFalse = copies.rows().stream().mapToInt(CopyDetectionResult.Row::hashFalse).sum();
      md.append("\nAll distractor copies: ").append(falseMatches).append(" of ").append(distractorQueries)
          .append(" got a Clone/Match verdict (false-Match rate ")
          .append(num(distractorQueries == 0 ? Double.NaN : (double) falseMatches / distractorQueries))
          .append("); the perceptual hash put ").append(hashFalse).append(" within its radius (")
          .append(num(distractorQueries == 0 ? Double.NaN : (double) hashFalse / distractorQueries)).append(").\n");
    }
    return md.toString();
  }

  static String json(List<RetrievalResult> retrieval, List<IndexAgreement> agreement, CopyDetectionResult copies) {
    StringBuilder j = new StringBuilder("{\n  \"retrieval\": [");
    for (int i = 0; i < retrieval.size(); i++) {
      RetrievalResult r = retrieval.get(i);
      j.append(i == 0 ? "\n" : ",\n").append("    {\"set\": ").append(str(r.set()))
          .append(", \"form\": ").append(str(r.form().name().toLowerCase(Locale.ROOT)))
          .append(", \"images\": ").append(r.images()).append(", \"queries\": ").append(r.queries())
          .append(", \"ns_applicable\": ").append(r.nsApplicable()).append(", \"modes\": {");
      int m = 0;
      for (Map.Entry<SearchMode, RetrievalResult.Scores> e : r.scores().entrySet()) {
        RetrievalResult.Scores s = e.getValue();
        SearchMode base = e.getKey().baseline();
        j.append(m++ == 0 ? "\n" : ",\n").append("      ").append(str(e.getKey().name().toLowerCase(Locale.ROOT)))
            .append(": {\"label\": ").append(str(e.getKey().label()))
            .append(", \"baseline\": ").append(base == null ? "null" : str(base.name().toLowerCase(Locale.ROOT)))
            .append(", \"map\": ").append(jnum(s.map()));
        for (int c = 0; c < RetrievalEvaluation.CUTOFFS.length; c++) {
          j.append(", \"p@").append(RetrievalEvaluation.CUTOFFS[c]).append("\": ").append(jnum(s.precision()[c]));
        }
        for (int c = 0; c < RetrievalEvaluation.CUTOFFS.length; c++) {
          j.append(", \"r@").append(RetrievalEvaluation.CUTOFFS[c]).append("\": ").append(jnum(s.recall()[c]));
        }
        j.append(", \"ns\": ").append(jnum(s.ns())).append(", \"pr_curve\": [");
        for (int l = 0; l < s.prCurve().length; l++) {
          j.append(l == 0 ? "" : ", ").append("[").append(jnum(RankingMetrics.RECALL_LEVELS[l])).append(", ")
              .append(jnum(s.prCurve()[l])).append("]");
        }
        j.append("]}");
      }
      j.append("\n    }}");
    }
    j.append(retrieval.isEmpty() ? "]" : "\n  ]");
    j.append(",\n  \"index_vs_exact\": [");
    for (int i = 0; i < agreement.size(); i++) {
      IndexAgreement a = agreement.get(i);
      j.append(i == 0 ? "\n" : ",\n").append("    {\"set\": ").append(str(a.set()))
          .append(", \"signature\": ").append(str(a.signature())).append(", \"images\": ").append(a.images())
          .append(", \"recall@10\": ").append(jnum(a.recallAt10()))
          .append(", \"index_ms\": ").append(jnum(a.indexMillis()))
          .append(", \"exact_ms\": ").append(jnum(a.exactMillis())).append('}');
    }
    j.append(agreement.isEmpty() ? "]" : "\n  ]");
    j.append(",\n  \"copy_detection\": ");
    if (copies == null) {
      j.append("null");
    } else {
      j.append("{\"folder\": ").append(str(copies.folder())).append(", \"photos\": ").append(copies.photos())
          .append(", \"indexed\": ").append(copies.indexed()).append(", \"distractors\": ").append(copies.distractors())
          .append(", \"attacks\": [");
      for (int i = 0; i < copies.rows().size(); i++) {
        CopyDetectionResult.Row row = copies.rows().get(i);
        j.append(i == 0 ? "\n" : ",\n").append("    {\"kind\": ").append(str(row.attack().kind().name().toLowerCase(Locale.ROOT)))
            .append(", \"strength\": ").append(jnum(row.attack().strength()))
            .append(", \"copies\": ").append(row.copies())
            .append(", \"recall@1\": ").append(jnum(row.recallAt1()))
            .append(", \"phash_recall@1\": ").append(jnum(row.hashRecallAt1()))
            .append(", \"match_verdicts\": ").append(row.matchVerdicts())
            .append(", \"verdict_precision\": ").append(jnum(row.verdictPrecision()))
            .append(", \"phash_verdicts\": ").append(row.hashVerdicts())
            .append(", \"phash_verdict_precision\": ").append(jnum(row.hashVerdictPrecision()))
            .append(", \"distractor_queries\": ").append(row.distractorQueries())
            .append(", \"false_match_rate\": ").append(jnum(row.falseMatchRate()))
            .append(", \"phash_false_rate\": ").append(jnum(row.hashFalseRate())).append('}');
      }
      j.append("\n  ]}");
    }
    return j.append("\n}\n").toString();
  }

  private static String formName(GroundTruth.Form form) {
    return switch (form) {
      case GROUPS -> "groups (image,group)";
      case DIRECTED_PAIRS -> "pairs (query,relevant)";
      case PAIRS -> "pairs (image_a,image_b, both ways)";
    };
  }

  private static String shortName(SearchMode mode) {
    return switch (mode) {
      case HASH -> "pHash";
      case SIMILARITY -> "S2 as shipped";
      default -> "RGB hist";
    };
  }

  private static String cell(double value, double baseline) {
    if (Double.isNaN(baseline)) {
      return num(value);
    }
    return num(value) + " (" + String.format(Locale.ROOT, "%+.3f", value - baseline) + ")";
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String jnum(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
  }

  private static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
