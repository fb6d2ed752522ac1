package org.imageindex.examples.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The image files of a folder, in a stable order, and every entry left out with the reason: a
 * user who sees "indexed 1 of 2" for a folder of six entries must learn where the other four went.
 */
final class ImageFolder {

  /** Extensions the decoder reads; other files are not offered to the index at all. */
  static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp");

  /** One entry of the folder that is not offered to the index. */
  record LeftOut(Path path, String reason) {}

  /**
   * What a walk found.
   *
   * @param images      image files to index, sorted
   * @param leftOut     entries not offered to the index, sorted by path
   * @param nestedImages with recursion off, how many image files the sub-folders hold
   */
  record Listing(List<Path> images, List<LeftOut> leftOut, long nestedImages) {}

  private ImageFolder() {}

  /**
   * Walks {@code dir} (sub-folders too when {@code recursive}), never following a symbolic link out
   * of it; {@code skip} (the index's own folder, when it lies inside) is left out without a word.
   */
  static Listing list(Path dir, boolean recursive, Path skip) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a folder: " + dir);
    }
    Path root = dir.toRealPath();
    Path skipReal = skip != null && Files.isDirectory(skip) ? skip.toRealPath() : null;
    List<Path> images = new ArrayList<>();
    List<LeftOut> leftOut = new ArrayList<>();
    long[] nested = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        if (d.equals(dir)) {
          return FileVisitResult.CONTINUE;
        }
        if (skipReal != null && d.toRealPath().equals(skipReal)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (!recursive) {
          long n = countImages(d);
          nested[0] += n;
          leftOut.add(new LeftOut(d, "sub-folder, not searched without recursion (" + n + " image"
              + (n == 1 ? "" : "s") + " inside)"));
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        String reason = reasonToLeaveOut(f, attrs, root);
        if (reason == null) {
          images.add(f);
        } else {
          leftOut.add(new LeftOut(f, reason));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) {
        leftOut.add(new LeftOut(f, "cannot be read (" + e.getClass().getSimpleName() + ")"));
        return FileVisitResult.CONTINUE;
      }
    });
    images.sort(Comparator.naturalOrder());
    leftOut.sort(Comparator.comparing(LeftOut::path));
    return new Listing(List.copyOf(images), List.copyOf(leftOut), nested[0]);
  }

  /** Why a file is not offered to the index, or null when it is an image to index. */
  private static String reasonToLeaveOut(Path f, BasicFileAttributes attrs, Path root) throws IOException {
    if (attrs.isSymbolicLink()) {
      if (!Files.exists(f)) {
        return "broken symbolic link";
      }
      Path target = f.toRealPath();
      if (!target.startsWith(root)) {
        return "symbolic link out of the folder: to " + target + ", not followed";
      }
      if (Files.isDirectory(target)) {
        return "symbolic link to a folder: not followed";
      }
      attrs = Files.readAttributes(target, BasicFileAttributes.class);
    }
    if (attrs.isDirectory()) {
      return "folder";
    }
    if (!attrs.isRegularFile()) {
      return "not a regular file (a FIFO, socket or device)";
    }
    if (!isImageName(f)) {
      return "not an image name (" + String.join(", ", EXTENSIONS.stream().sorted().toList()) + ")";
    }
    if (!Files.isReadable(f)) {
      return "not readable (permission denied)";
    }
    return null;
  }

  private static long countImages(Path d) {
    try (var files = Files.walk(d)) {
      return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).filter(ImageFolder::isImageName).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  static boolean isImageName(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
  }

  /** The record id of a file: its path relative to the indexed folder, with forward slashes. */
  static String idOf(Path root, Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}
