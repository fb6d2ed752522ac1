package org.imageindex.benchmarks.quality;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the harness's results as Markdown tables and as JSON.
 *
 * <p>Every figure of ours stands beside the textbook baselines of the same run, each with its
 * 95 % bootstrap interval over queries ({@link Bootstrap}); the last column gives the paired
 * difference to the set's best baseline. Copy-detection cells read {@code ours vs pHash}.
 */
final class Report {

  private Report() {}

  static String markdown(List<RetrievalResult> retrieval, List<IndexAgreement> agreement, CopyDetectionResult copies) {
    StringBuilder md = new StringBuilder();
    if (!retrieval.isEmpty()) {
      md.append("## Retrieval (exact ranking)\n\n")
          .append("Every cell: the mean over queries [its 95 % bootstrap confidence interval: ")
          .append(Bootstrap.RESAMPLES).append(" resamples of the queries, fixed seed, the same draws for every mode]. ")
          .append("Baselines, computed in the same run from the same pixels: ");
      StringBuilder names = new StringBuilder();
      for (SearchMode m : SearchMode.values()) {
        if (m.isBaseline()) {
          names.append(names.isEmpty() ? "" : "; ").append(m.descriptor().label());
        }
      }
      md.append(names).append(". Last column: mAP minus the set's best baseline by mAP, with the paired bootstrap "
          + "interval (an interval above 0 is a win, one containing 0 is a tie, one below 0 a loss). "
          + "Fine-tuned similarity: whitening learned from every image of the run, as fine-tuning an index "
          + "holding them learns it.\n");
    }
    for (RetrievalResult r : retrieval) {
      SearchMode best = r.bestBaseline();
      md.append("\n### ").append(r.set()).append("\n\n")
          .append(r.images()).append(" images, ").append(r.queries()).append(" queries, relevance from ")
          .append(formName(r.form())).append("; N-S score ")
          .append(r.nsApplicable() ? "over groups of 4" : "not applicable (groups are not all of 4 images)")
          .append("; best baseline by mAP: ").append(best.descriptor().shortName()).append(".\n\n");
      md.append("| mode | mAP | P@1 | P@4 | P@10 | R@1 | R@4 | R@10 |")
          .append(r.nsApplicable() ? " N-S |" : "").append(" Δ mAP vs ").append(best.descriptor().shortName()).append(" |\n");
      md.append("|---|---|---|---|---|---|---|---|").append(r.nsApplicable() ? "---|" : "").append("---|\n");
      double[] bestMap = r.values(best, RetrievalResult.Scores::map, null);
      for (SearchMode mode : r.modes()) {
        md.append("| ").append(mode.label());
        md.append(" | ").append(ci(Bootstrap.of(r.values(mode, RetrievalResult.Scores::map, null))));
        for (int c = 0; c < RetrievalEvaluation.CUTOFFS.length; c++) {
          int k = c;
          md.append(" | ").append(ci(Bootstrap.of(r.values(mode, s -> s.precision()[k], null))));
        }
        for (int c = 0; c < RetrievalEvaluation.CUTOFFS.length; c++) {
          int k = c;
          md.append(" | ").append(ci(Bootstrap.of(r.values(mode, s -> s.recall()[k], null))));
        }
        if (r.nsApplicable()) {
          md.append(" | ").append(ci(Bootstrap.of(r.values(mode, RetrievalResult.Scores::ns, null))));
        }
        md.append(" | ").append(mode == best ? "(best baseline)"
            : signed(Bootstrap.ofDifference(r.values(mode, RetrievalResult.Scores::map, null), bestMap)));
        md.append(" |\n");
      }
      List<String> classes = r.classes();
      if (classes.size() > 1) {
        md.append("\nPer class, mAP [95 % CI] (P@k and R@k per class are in the JSON):\n\n| class (queries) |");
        for (SearchMode mode : r.modes()) {
          md.append(' ').append(shortLabel(mode)).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(r.modes().size())).append('\n');
        for (String cls : classes) {
          md.append("| ").append(cls).append(" (").append(r.values(best, RetrievalResult.Scores::map, cls).length).append(")");
          for (SearchMode mode : r.modes()) {
            md.append(" | ").append(ci(Bootstrap.of(r.values(mode, RetrievalResult.Scores::map, cls))));
          }
          md.append(" |\n");
        }
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
            .append(" | ").append(num(row.recallAt1())).append(' ').append(interval(row.recallInterval()))
            .append(" vs ").append(num(row.hashRecallAt1()))
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
          .append(num(distractorQueries == 0 ? Double.NaN : (double) hashFalse / distractorQueries)).append(").")
          .append(" Over every (distractor copy, indexed photo) pair verified: ")
          .append((long) distractorQueries * copies.indexed()).append(" pairs, ")
          .append(copies.rows().stream().mapToInt(CopyDetectionResult.Row::falseMatchVerdicts).sum())
          .append(" Clone/Match verdicts. Recall@1 intervals: 95 % Wilson score intervals over the copies.\n");
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
        j.append(", \"ns\": ").append(jnum(s.ns()));
        SearchMode mode = e.getKey();
        j.append(", \"ci95\": ").append(jsonIntervals(r, mode, null));
        if (!r.classes().isEmpty()) {
          j.append(", \"per_class\": {");
          int k = 0;
          for (String cls : r.classes()) {
            j.append(k++ == 0 ? "" : ", ").append(str(cls)).append(": ").append(jsonIntervals(r, mode, cls));
          }
          j.append('}');
        }
        j.append(", \"pr_curve\": [");
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

  /** Mean and 95 % interval of every metric, as {@code {"map": [mean, low, high], ...}}. */
  private static String jsonIntervals(RetrievalResult r, SearchMode mode, String cls) {
    StringBuilder b = new StringBuilder("{\"queries\": ").append(r.values(mode, RetrievalResult.Scores::map, cls).length);
    b.append(", \"map\": ").append(jsonInterval(Bootstrap.of(r.values(mode, RetrievalResult.Scores::map, cls))));
    for (int c = 0; c < RetrievalEvaluation.CUTOFFS.length; c++) {
      int k = c;
      b.append(", \"p@").append(RetrievalEvaluation.CUTOFFS[c]).append("\": ")
          .append(jsonInterval(Bootstrap.of(r.values(mode, s -> s.precision()[k], cls))));
    }
    for (int c = 0; c < RetrievalEvaluation.CUTOFFS.length; c++) {
      int k = c;
      b.append(", \"r@").append(RetrievalEvaluation.CUTOFFS[c]).append("\": ")
          .append(jsonInterval(Bootstrap.of(r.values(mode, s -> s.recall()[k], cls))));
    }
    return b.append('}').toString();
  }

  private static String jsonInterval(Bootstrap.Interval i) {
    return "[" + jnum(i.mean()) + ", " + jnum(i.low()) + ", " + jnum(i.high()) + "]";
  }

  private static String formName(GroundTruth.Form form) {
    return switch (form) {
      case GROUPS -> "groups (image,group)";
      case DIRECTED_PAIRS -> "pairs (query,relevant)";
      case PAIRS -> "pairs (image_a,image_b, both ways)";
    };
  }

  /** A mean and its interval: {@code 0.472 [0.31, 0.64]}. */
  static String ci(Bootstrap.Interval i) {
    if (Double.isNaN(i.mean())) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.3f [%.2f, %.2f]", i.mean(), i.low(), i.high());
  }

  /** A difference and its interval: {@code +0.084 [+0.01, +0.16]}. */
  static String signed(Bootstrap.Interval i) {
    return String.format(Locale.ROOT, "%+.3f [%+.2f, %+.2f]", i.mean(), i.low(), i.high());
  }

  /** Column names of the per-class tables. */
  static String shortLabel(SearchMode mode) {
    return switch (mode) {
      case SIMILARITY -> "S2";
      case SIMILARITY_FINE_TUNED -> "S2 tuned";
      case COLOR -> "S3 colour";
      case HASH -> "S4 hash";
      case MATCHING -> "S1 matching";
      case NEURAL -> "S6 neural";
      default -> mode.descriptor().shortName();
    };
  }

  private static String interval(double[] ci) {
    return Double.isNaN(ci[0]) ? "" : String.format(Locale.ROOT, "[%.2f, %.2f]", ci[0], ci[1]);
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
