package org.imageindex.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The image files of a folder, in a stable order. */
final class ImageFolder {

  /** Extensions the decoder reads; other files are not offered to the index at all. */
  static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp");

  private ImageFolder() {}

  static List<Path> list(Path dir, boolean recursive) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a folder: " + dir);
    }
    try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
      return files.filter(Files::isRegularFile).filter(ImageFolder::isImageName).sorted().toList();
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
