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
@Command(name = "index", mixinStandardHelpOptions = true, description = "Add the images of a folder to the index (ids are paths relative to the folder).")
final class IndexCommand implements Callable<Integer> {

  /** Records per batch: progress stays live and a kill loses at most one uncommitted batch. */
  static final int BATCH = 64;

  @Mixin
  ImageIndexCli.IndexOption index = new ImageIndexCli.IndexOption();

  @Parameters(paramLabel = "DIR", description = "Folder of images (jpg, jpeg, png, gif, bmp).")
  Path dir;

  @Option(names = {"-r", "--recursive"}, description = "Include sub-folders.")
  boolean recursive;

  @Option(names = "--unless-near-duplicate", description = "Skip images that are near duplicates of indexed ones.")
  boolean unlessNearDuplicate;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<Path> files = ImageFolder.list(dir, recursive);
    var out = spec.commandLine().getOut();
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), !noProgress && System.console() != null);
    Map<RecordStatus.Code, List<String>> skipped = new TreeMap<>();
    long inserted = 0;
    try (ImageIndex idx = index.open()) {
      for (int start = 0; start < files.size(); start += BATCH) {
        List<ImageRecord> batch = new ArrayList<>();
        for (Path f : files.subList(start, Math.min(files.size(), start + BATCH))) {
          batch.add(ImageRecord.builder().source(ImageSource.file(f)).id(ImageFolder.idOf(dir, f))
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
          index.index, idx.count());
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
}
