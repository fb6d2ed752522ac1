package org.imageindex.benchmarks.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

  private static GroundTruth parse(String... lines) {
    return GroundTruth.parse("t", Path.of("."), "t.csv", List.of(lines));
  }

  @Test
  void imageGroupHeaderGivesGroupsWhateverTheLabelColumnIsCalled() {
    GroundTruth t = parse("image,colour,variant", "a.jpg,red,x", "b.jpg,red,y", "c.jpg,blue,z");
    assertEquals(GroundTruth.Form.GROUPS, t.form());
    assertEquals(List.of("a.jpg", "b.jpg", "c.jpg"), t.images());
    assertEquals(Map.of("a.jpg", Set.of("b.jpg"), "b.jpg", Set.of("a.jpg")), t.relevant());
    assertEquals(List.of("a.jpg", "b.jpg"), t.queries(), "an image alone in its group is no query");
    assertFalse(t.hasGroupsOfFour());
  }

  @Test
  void queryRelevantHeaderGivesDirectedPairs() {
    GroundTruth t = parse("query,relevant,relation", "a.jpg,b.jpg,scaled", "a.jpg,c.jpg,crop");
    assertEquals(GroundTruth.Form.DIRECTED_PAIRS, t.form());
    assertEquals(Map.of("a.jpg", Set.of("b.jpg", "c.jpg")), t.relevant());
    assertEquals(List.of("a.jpg", "b.jpg", "c.jpg"), t.images());
  }

  @Test
  void imageAImageBHeaderGivesPairsBothWaysAndQuotedCommasStayInTheirCell() {
    GroundTruth t = parse("image_a,image_b,relation,notes", "a.png,b.png,stereo,\"left, right \"\"pair\"\"\"");
    assertEquals(GroundTruth.Form.PAIRS, t.form());
    assertEquals(Map.of("a.png", Set.of("b.png"), "b.png", Set.of("a.png")), t.relevant());
    assertEquals(List.of("x", "left, right \"pair\""),
        GroundTruth.Csv.split("x,\"left, right \"\"pair\"\"\""));
  }

  @Test
  void groupsOfFourAreRecognised() {
    GroundTruth t = parse("image,group", "1,a", "2,a", "3,a", "4,a", "5,b", "6,b", "7,b", "8,b");
    assertTrue(t.hasGroupsOfFour());
    assertEquals(Set.of("2", "3", "4"), t.relevant().get("1"));
  }

  @Test
  void unknownHeaderAndShortRowsAreReportedWithFileAndLine() {
    IllegalArgumentException header = assertThrows(IllegalArgumentException.class, () -> parse("file,label", "a,b"));
    assertEquals("t.csv: cannot tell the ground-truth form from the header 'file,label'; expected "
        + "'image,<group>' (e.g. image,group), 'query,relevant' or 'image_a,image_b'", header.getMessage());
    IllegalArgumentException row = assertThrows(IllegalArgumentException.class,
        () -> parse("image,group", "a.jpg,x", "b.jpg"));
    assertEquals("t.csv:3: expected at least 2 columns, got 1: b.jpg", row.getMessage());
    IllegalArgumentException twoGroups = assertThrows(IllegalArgumentException.class,
        () -> parse("image,group", "a.jpg,x", "a.jpg,y"));
    assertEquals("t.csv:3: image a.jpg is in two groups: x and y", twoGroups.getMessage());
  }

  @Test
  void harnessArgumentsNameTheBadOne() {
    IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
        () -> QualityHarness.Arguments.parse("--out", "o", "--threads", "two", "--truth", "t.csv"));
    assertEquals("--threads must be an integer >= 1, got: two", threads.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> QualityHarness.Arguments.parse("--out", "o", "--k", "3"));
    assertEquals("unknown argument: --k", unknown.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> QualityHarness.Arguments.parse("--truth"));
    assertEquals("--truth needs a value", missing.getMessage());
    IllegalArgumentException noOut = assertThrows(IllegalArgumentException.class,
        () -> QualityHarness.Arguments.parse("--copy-detection"));
    assertEquals("--out is required", noOut.getMessage());
  }
}
