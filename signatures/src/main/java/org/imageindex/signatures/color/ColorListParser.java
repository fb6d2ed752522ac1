package org.imageindex.signatures.color;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the colour-query syntax of {@link Palette#parse(String)}. Errors quote the token and
 * give its offset in the input, because colour lists arrive from forms and URLs where the
 * person who typed them needs to see which part was wrong.
 */
final class ColorListParser {

  private ColorListParser() {}

  static Palette parse(String text) {
    Objects.requireNonNull(text, "text");
    List<Integer> rgbs = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    int start = 0;
    int withWeight = 0;
    while (start <= text.length()) {
      int end = nextSeparator(text, start);
      String entry = text.substring(start, end);
      int lead = leadingSpace(entry);
      String trimmed = entry.strip();
      if (trimmed.isEmpty()) {
        if (!text.isBlank()) {
          throw error(text, start, "empty colour entry", entry);
        }
        throw new IllegalArgumentException("colour list must not be empty, got: \"" + text + "\"");
      }
      int at = start + lead;
      int split = splitPoint(trimmed);
      String colour = split < 0 ? trimmed : trimmed.substring(0, split);
      rgbs.add(parseColour(text, at, colour));
      if (split >= 0) {
        String rest = trimmed.substring(split).strip();
        if (rest.startsWith(":")) {
          rest = rest.substring(1).strip();
        }
        int restAt = at + trimmed.indexOf(rest, split);
        weights.add(parseWeight(text, restAt, rest));
        withWeight++;
      } else {
        weights.add(1.0);
      }
      if (rgbs.size() > Palette.MAX_QUERY_COLORS) {
        throw error(text, at, "more than " + Palette.MAX_QUERY_COLORS + " colours, at", colour);
      }
      start = end + 1;
    }
    if (withWeight != 0 && withWeight != rgbs.size()) {
      throw new IllegalArgumentException("give a weight to every colour or to none: " + withWeight
          + " of " + rgbs.size() + " have one in \"" + text + "\"");
    }
    int[] r = rgbs.stream().mapToInt(Integer::intValue).toArray();
    double[] w = weights.stream().mapToDouble(Double::doubleValue).toArray();
    return Palette.of(r, w);
  }

  private static int nextSeparator(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == ';') {
        return i;
      }
    }
    return text.length();
  }

  private static int leadingSpace(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Index where the weight part starts (a space or ':'), or -1 when there is none. */
  private static int splitPoint(String entry) {
    for (int i = 0; i < entry.length(); i++) {
      char c = entry.charAt(i);
      if (c == ':' || Character.isWhitespace(c)) {
        return i;
      }
    }
    return -1;
  }

  private static int parseColour(String text, int at, String token) {
    String hex = token.startsWith("#") ? token.substring(1) : token;
    boolean ok = (hex.length() == 3 || hex.length() == 6)
        && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    if (!ok) {
      throw error(text, at, "bad colour (expected #rgb or #rrggbb hex)", token);
    }
    if (hex.length() == 3) {
      hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
    }
    return Integer.parseInt(hex, 16);
  }

  private static double parseWeight(String text, int at, String token) {
    String number = token;
    double scale = 1;
    if (number.endsWith("%")) {
      number = number.substring(0, number.length() - 1).strip();
      scale = 0.01;
    }
    // Plain decimals only: Double.parseDouble would also take "NaN", "1e3" and "0x1p3".
    if (!number.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+")) {
      throw error(text, at, "bad weight (expected a number like 0.6 or 60%)", token);
    }
    double value = Double.parseDouble(number);
    if (!(value > 0)) {
      throw error(text, at, "bad weight (must be > 0)", token);
    }
    return value * scale;
  }

  private static IllegalArgumentException error(String text, int at, String what, String token) {
    return new IllegalArgumentException(what + " '" + token + "' at offset " + at + " in \"" + text + "\"");
  }
}
