package org.imageindex.examples.cli;

import java.io.PrintWriter;

/** A one-line progress bar redrawn in place, or nothing when the output is not a terminal. */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean enabled;
  private final long started = System.nanoTime();

  ProgressBar(PrintWriter out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  void show(long done, long total, String label) {
    if (!enabled || total <= 0) {
      return;
    }
    int filled = (int) (WIDTH * done / total);
    double seconds = (System.nanoTime() - started) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    out.printf("\r[%s%s] %d/%d %5.1f images/s %s", "#".repeat(filled), " ".repeat(WIDTH - filled),
        done, total, rate, label.length() > 30 ? "..." + label.substring(label.length() - 27) : label);
    out.flush();
  }

  void finish() {
    if (enabled) {
      out.println();
    }
  }
}
