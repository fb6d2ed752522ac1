package org.imageindex.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.imageindex.ImageIndex;
import org.imageindex.annotation.Annotation;
import org.imageindex.annotation.Annotations;
import org.imageindex.annotation.Region;
import org.imageindex.record.RecordStatus;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code imageindex annotate}: labelled regions of a record's image ({@link Annotations}), in
 * normalised coordinates (fractions of the width and height, origin top left). Labels are
 * searchable: {@code list --filter 'want: [{has: cat}]'} or {@code {"objects": "cat"}}.
 */
@Command(name = "annotate", mixinStandardHelpOptions = true,
    description = "Add, list and remove labelled regions (boxes, polygons, polylines, points) of a record's image.",
    subcommands = {AnnotateCommand.Add.class, AnnotateCommand.ListAll.class, AnnotateCommand.Remove.class})
final class AnnotateCommand {

  /** Exactly one shape per {@code add}. */
  static final class Shape {
    @Option(names = "--bbox", paramLabel = "X,Y,W,H", split = ",", arity = "1",
        description = "A box: top-left corner, width and height, each in 0..1.")
    List<Double> bbox;
    @Option(names = "--polygon", paramLabel = "X1,Y1,X2,Y2,...", split = ",", arity = "1",
        description = "A closed outline of 3 to " + Region.MAX_POINTS + " vertices.")
    List<Double> polygon;
    @Option(names = "--polyline", paramLabel = "X1,Y1,X2,Y2,...", split = ",", arity = "1",
        description = "An open line of 2 to " + Region.MAX_POINTS + " vertices.")
    List<Double> polyline;
    @Option(names = "--point", paramLabel = "X,Y", split = ",", arity = "1", description = "A point.")
    List<Double> point;

    Region region() {
      if (bbox != null) {
        if (bbox.size() != 4) {
          throw new IllegalArgumentException("--bbox takes 4 numbers X,Y,W,H, got " + bbox.size());
        }
        return new Region.BoundingBox(bbox.get(0), bbox.get(1), bbox.get(2), bbox.get(3));
      }
      if (point != null) {
        if (point.size() != 2) {
          throw new IllegalArgumentException("--point takes 2 numbers X,Y, got " + point.size());
        }
        return new Region.Point(point.get(0), point.get(1));
      }
      if (polygon != null) {
        return Region.Polygon.of(polygon.stream().mapToDouble(Double::doubleValue).toArray());
      }
      return Region.Polyline.of(polyline.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  static String describe(Region r) {
    return switch (r) {
      case Region.BoundingBox b -> String.format(Locale.ROOT, "bbox x=%.4f y=%.4f w=%.4f h=%.4f", b.x(), b.y(), b.w(), b.h());
      case Region.Point p -> String.format(Locale.ROOT, "point (%.4f, %.4f)", p.x(), p.y());
      case Region.Polygon p -> r.type() + " " + points(p.points());
      case Region.Polyline p -> r.type() + " " + points(p.points());
    };
  }

  private static String points(List<Region.Point> points) {
    return String.join(" ", points.stream().map(p -> String.format(Locale.ROOT, "(%.4f, %.4f)", p.x(), p.y())).toList());
  }

  /** Turns a refused annotation change into the usage error the command line prints. */
  static void requireSuccess(RecordStatus s) {
    if (!s.code().success()) {
      throw new IllegalArgumentException(s.reason());
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Add a labelled region to a record.", "Example: annotate add cat01.jpg cat --bbox 0.1,0.2,0.5,0.6"})
  static final class Add extends OnIndex {
    @Parameters(index = "0", paramLabel = "RECORD", description = "The record's id.")
    String record;
    @Parameters(index = "1", paramLabel = "LABEL", description = "What the region shows (1.." + Annotation.MAX_LABEL_LENGTH
        + " characters).")
    String label;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Shape shape;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      Annotation a = Annotation.of(shape.region(), label);
      requireSuccess(idx.annotations().add(record, List.of(a)));
      out.printf("%s: added %s '%s' (%d region%s now)%n", record, a.region().type(), label,
          idx.annotations().get(record).size(), idx.annotations().get(record).size() == 1 ? "" : "s");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List a record's regions, numbered from 1.")
  static final class ListAll extends OnIndex {
    @Parameters(paramLabel = "RECORD", description = "The record's id.")
    String record;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      List<Annotation> all = idx.annotations().get(record);
      out.printf("%s: %d region%s%n", record, all.size(), all.size() == 1 ? "" : "s");
      for (int i = 0; i < all.size(); i++) {
        out.printf("%3d  %-20s %s%n", i + 1, all.get(i).object(), describe(all.get(i).region()));
      }
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove regions of a record: by number (as 'list' shows them), by label, or all.")
  static final class Remove extends OnIndex {
    @Parameters(paramLabel = "RECORD", description = "The record's id.")
    String record;

    static final class Which {
      @Option(names = "--number", paramLabel = "N", description = "The region numbered N by 'list'.")
      Integer number;
      @Option(names = "--label", paramLabel = "LABEL", description = "Every region with this label.")
      String label;
      @Option(names = "--all", description = "Every region.")
      boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Override
    void run(ImageIndex idx, PrintWriter out) throws Exception {
      List<Annotation> before = idx.annotations().get(record);
      List<Annotation> after = new ArrayList<>(before);
      if (which.number != null) {
        if (which.number < 1 || which.number > before.size()) {
          throw new IllegalArgumentException("--number must be in 1.." + before.size() + " (the regions of " + record
              + "), got: " + which.number);
        }
        after.remove(which.number - 1);
      } else if (which.label != null) {
        after.removeIf(a -> a.object().equals(which.label));
        if (after.size() == before.size()) {
          throw new IllegalArgumentException(record + " has no region labelled '" + which.label + "'; its labels: "
              + before.stream().map(Annotation::object).distinct().toList());
        }
      } else {
        after.clear();
      }
      requireSuccess(idx.annotations().set(record, after));
      out.printf("%s: removed %d region%s (%d left)%n", record, before.size() - after.size(),
          before.size() - after.size() == 1 ? "" : "s", after.size());
    }
  }
}
