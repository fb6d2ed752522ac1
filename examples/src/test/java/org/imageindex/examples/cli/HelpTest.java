package org.imageindex.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every subcommand, and every subcommand of a subcommand, answers {@code --help} and {@code -h} with its usage. */
class HelpTest {

  @Test
  void everyCommandAnswersBothHelpOptionsWithoutAWarning() {
    Set<String> top = new CommandLine(new ImageIndexCli()).getSubcommands().keySet();
    assertTrue(top.size() >= 9, "subcommands: " + top);
    int checked = 0;
    for (String name : top) {
      CommandLine sub = new CommandLine(new ImageIndexCli()).getSubcommands().get(name);
      // An alias (find) prints the usage of the command it names (list).
      checked += check(new String[] {name}, sub.getCommandName());
      for (var nested : sub.getSubcommands().entrySet()) {
        checked += check(new String[] {name, nested.getKey()}, sub.getCommandName() + " " + nested.getValue().getCommandName());
      }
    }
    assertTrue(checked >= 2 * top.size(), "checked " + checked);
  }

  private static int check(String[] path, String usage) {
    int n = 0;
    for (String option : new String[] {"--help", "-h"}) {
      String[] args = java.util.Arrays.copyOf(path, path.length + 1);
      args[path.length] = option;
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      // picocli's own warnings (an unescaped '%' in a description) go to System.err, not to the given stream.
      java.io.PrintStream systemErr = System.err;
      java.io.ByteArrayOutputStream stray = new java.io.ByteArrayOutputStream();
      int status;
      try {
        System.setErr(new java.io.PrintStream(stray, true, java.nio.charset.StandardCharsets.UTF_8));
        status = ImageIndexCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
      } finally {
        System.setErr(systemErr);
      }
      err.write(stray.toString(java.nio.charset.StandardCharsets.UTF_8));
      String cmd = String.join(" ", args);
      assertEquals(0, status, cmd + ": " + err);
      assertTrue(out.toString().startsWith("Usage: imageindex " + usage), cmd + ": " + out);
      assertFalse(err.toString().contains("[picocli WARN]"), cmd + ": " + err);
      assertEquals("", err.toString(), cmd);
      n++;
    }
    return n;
  }
}
