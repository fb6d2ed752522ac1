package org.imageindex.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.imageindex.ImageIndex;
import org.imageindex.record.BatchResult;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code imageindex index DIR}: adds every image of a folder, with a summary of what was skipped and why. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = {"Add the images of a folder and its sub-folders to the index.",
        "Ids are paths relative to the folder; each record's origin is the file's absolute path, so"
            + " 'report' and 'import' find the images from any working folder."})
final class IndexCommand implements Callable<Integer> {

  /** Records per batch: progress stays live and a kill loses at most one uncommitted batch. */
  static final int BATCH = 64;

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Parameters(paramLabel = "DIR", description = "Folder of images (jpg, jpeg, png, gif, bmp).")
  Path dir;

  @Option(names = {"-r", "--recursive"}, negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Include sub-folders (the default); --no-recursive indexes the folder's own files only.")
  boolean recursive = true;

  @Option(names = "--unless-near-duplicate", description = "Skip images that are near duplicates of indexed ones.")
  boolean unlessNearDuplicate;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // Origins are absolute: a relative one would only resolve from the folder the index was built in.
    Path root = dir.toAbsolutePath().normalize();
    ImageFolder.Listing listing = ImageFolder.list(root, recursive, index.index.toAbsolutePath().normalize());
    List<Path> files = listing.images();
    var out = spec.commandLine().getOut();
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), !noProgress && System.console() != null);
    Map<RecordStatus.Code, List<String>> skipped = new TreeMap<>();
    long inserted = 0;
    try (ImageIndex idx = index.open()) {
      for (int start = 0; start < files.size(); start += BATCH) {
        List<ImageRecord> batch = new ArrayList<>();
        for (Path f : files.subList(start, Math.min(files.size(), start + BATCH))) {
          batch.add(ImageRecord.builder().source(ImageSource.file(f)).id(ImageFolder.idOf(root, f))
              .name(f.getFileName().toString()).build());
        }
        int offset = start;
        var progress = (org.imageindex.record.BatchProgress) (done, total, status) ->
            bar.show(offset + done, files.size(), status.id());
        BatchResult result = unlessNearDuplicate
            ? idx.insertUnlessNearDuplicate(batch, org.imageindex.signatures.hash.HashSignature.NEAR_DUPLICATE_RADIUS, progress)
            : idx.insert(batch, progress);
        inserted += result.count(RecordStatus.Code.INSERTED);
        for (RecordStatus s : result.skipped()) {
          skipped.computeIfAbsent(s.code(), c -> new ArrayList<>()).add(s.id() + ": " + s.reason());
        }
        idx.commit();
      }
      bar.finish();
      out.printf("indexed %d of %d images into %s (%d records in the index)%n", inserted, files.size(),
          index.describe(), idx.count());
    }
    Map<String, List<String>> leftOut = new TreeMap<>();
    for (ImageFolder.LeftOut l : listing.leftOut()) {
      leftOut.computeIfAbsent(kind(l.reason()), k -> new ArrayList<>()).add(ImageFolder.idOf(root, l.path()) + ": " + l.reason());
    }
    leftOut.forEach((kind, list) -> {
      out.printf("left out %d, %s:%n", list.size(), kind);
      list.stream().limit(20).forEach(line -> out.println("  " + line));
      if (list.size() > 20) {
        out.println("  ... and " + (list.size() - 20) + " more");
      }
    });
    if (listing.nestedImages() > 0) {
      out.printf("the sub-folders hold %d more image%s: run without --no-recursive to index them%n",
          listing.nestedImages(), listing.nestedImages() == 1 ? "" : "s");
    }
    skipped.forEach((code, list) -> {
      out.printf("skipped %d, %s:%n", list.size(), code.name().toLowerCase().replace('_', ' '));
      list.stream().limit(20).forEach(line -> out.println("  " + line));
      if (list.size() > 20) {
        out.println("  ... and " + (list.size() - 20) + " more");
      }
    });
    return 0;
  }

  /** The group a left-out entry is counted in: its reason up to the first parenthesis or comma. */
  private static String kind(String reason) {
    int cut = reason.length();
    for (char c : new char[] {'(', ',', ':'}) {
      int i = reason.indexOf(c);
      if (i > 0 && i < cut) {
        cut = i;
      }
    }
    return reason.substring(0, cut).strip();
  }
}
