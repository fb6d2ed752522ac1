package org.imageindex.examples.server;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 rows as the library's collection CSV holds them (quoted cells with doubled quotes and
 * line breaks inside, CRLF or LF), read and written so that the server can check and rewrite one
 * column (a row's {@code origin}) and leave every other cell as it was.
 */
final class CsvRows {

  private CsvRows() {
  }

  /** The rows of {@code text}; blank lines are dropped. */
  static List<List<String>> read(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"' && cell.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else if (c != '\r') {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("the CSV ends inside a quoted cell: close it with \"");
    }
    if (!cell.isEmpty() || !row.isEmpty()) {
      row.add(cell.toString());
      rows.add(row);
    }
    rows.removeIf(r -> r.size() == 1 && r.get(0).isBlank());
    return rows;
  }

  /** {@code rows} as CSV text, cells quoted where they hold a comma, a quote or a line break. */
  static String write(List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        String c = row.get(i);
        if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
          out.append('"').append(c.replace("\"", "\"\"")).append('"');
        } else {
          out.append(c);
        }
      }
      out.append("\r\n");
    }
    return out.toString();
  }
}
