package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imageindex.annotation.Annotation;
import org.imageindex.annotation.Annotations;
import org.imageindex.annotation.Region;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordStatus.Code;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Annotated regions: validation, storage on the record, {@code has} through the stored hierarchy. */
class AnnotationsTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void extractOnce() {
        PhotoFixture.export();
    }

    private static void refused(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void shapesOutsideTheImageOrMalformedAreRefusedWithTheValue() {
        refused("x must be in [0, 1] (a fraction of the image size), got: 1.2", () -> new Region.BoundingBox(1.2, 0, 0.1, 0.1));
        refused("h must be in [0, 1] (a fraction of the image size), got: -0.1", () -> new Region.BoundingBox(0, 0, 0.1, -0.1));
        refused("bbox x + w must be <= 1 (the box must lie inside the image), got: 0.6 + 0.5",
                () -> new Region.BoundingBox(0.6, 0, 0.5, 0.1));
        refused("y must be in [0, 1] (a fraction of the image size), got: NaN", () -> new Region.Point(0.5, Double.NaN));
        refused("polygon must have 3..256 points, got: 2", () -> Region.Polygon.of(0, 0, 1, 1));
        refused("polyline must have 2..256 points, got: 1", () -> Region.Polyline.of(0.5, 0.5));
        refused("polygon coordinates must come in x, y pairs, got 5 numbers", () -> Region.Polygon.of(0, 0, 1, 0, 1));
        refused("polyline point 1: x must be in [0, 1] (a fraction of the image size), got: 2.0", () -> Region.Polyline.of(0, 0, 2, 0));
        refused("object must be a label of 1..200 characters, not blank, got: \" \"",
                () -> Annotation.of(new Region.Point(0.1, 0.1), " "));
        refused("[1].shape[2].x must be in [0, 1] (a fraction of the image size), got: 1.5", () -> Annotations.parseJson("""
                [{"type": "point", "shape": {"x": 0.5, "y": 0.5}, "object": "eye"},
                 {"type": "polygon", "shape": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1.5, "y": 1}], "object": "pizza"}]"""));
        refused("[0].type must be one of bbox, polygon, polyline, point, got: circle",
                () -> Annotations.parseJson("[{\"type\": \"circle\", \"shape\": {}, \"object\": \"x\"}]"));
        refused("[0].shape.w must be a number in [0, 1], got: null",
                () -> Annotations.parseJson("[{\"type\": \"bbox\", \"shape\": {\"x\": 0, \"y\": 0, \"h\": 1}, \"object\": \"x\"}]"));
    }

    @Test
    void theSeedsRawFormatRoundTrips() {
        List<Annotation> seedExample = Annotations.parseJson("""
                [
                  {"type": "bbox", "shape": {"x": 0.1, "y": 0.1, "w": 0.5, "h": 0.5}, "object": "Cat (Felis catus)"},
                  {"type": "polygon", "shape": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 0, "y": 1}], "object": "Slice of pizza margherita"},
                  {"type": "point", "shape": {"x": 0.5, "y": 0.5}, "object": "Cat (Felis catus) - left eye"}
                ]""");
        assertEquals(List.of(
                Annotation.of(new Region.BoundingBox(0.1, 0.1, 0.5, 0.5), "Cat (Felis catus)"),
                Annotation.of(Region.Polygon.of(0, 0, 1, 0, 0, 1), "Slice of pizza margherita"),
                Annotation.of(new Region.Point(0.5, 0.5), "Cat (Felis catus) - left eye")), seedExample);
        assertEquals(seedExample, Annotations.parseJson(Annotations.toJson(seedExample)));
    }

    @Test
    void hasFollowsTheStoredHierarchyAndCountsRegions() throws IOException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            Annotations a = index.annotations();
            List<Annotation> car = List.of(Annotation.of(new Region.BoundingBox(0.1, 0.2, 0.3, 0.3), "car"),
                    Annotation.of(Region.Polyline.of(0.1, 0.9, 0.9, 0.9), "road"));
            assertEquals(Code.UPDATED, a.set("p0", car).code());
            assertEquals(Code.UPDATED, a.set("p1", List.of(Annotation.of(new Region.Point(0.4, 0.4), "cat"))).code());
            assertEquals(Code.NOT_FOUND, a.set("nope", car).code());
            assertEquals(car, a.get("p0"));
            assertEquals(2L, index.get("p0").orElseThrow().attributes().get(ImageRecordFields.REGION_COUNT).orElseThrow());
            assertEquals(List.of("car", "road"), index.get("p0").orElseThrow().attributes().get(ImageRecordFields.OBJECTS).orElseThrow());

            String hasVehicle = "want:\n- has: [vehicle]\n";
            assertEquals(List.of(), a.find(hasVehicle, FieldSelection.ID_ONLY).ids());
            a.addChildren("vehicle", List.of("motor vehicle"));
            a.addChildren("motor vehicle", List.of("car", "bus"));
            assertEquals(List.of("p0"), a.find(hasVehicle, FieldSelection.ID_ONLY).ids());
            assertEquals(1, index.count(hasVehicle, QueryLanguage.YAML)); // the core's YAML overload uses the stored hierarchy
            assertEquals(List.of(), a.find("want:\n- has_object: [vehicle]\n", FieldSelection.ID_ONLY).ids());
            assertEquals(List.of("p0"), a.find("want:\n- above_region_count: 2\n", FieldSelection.ID_ONLY).ids());

            refused("child 'vehicle' of 'car' is already an ancestor of 'car'; an object hierarchy may not have cycles",
                    () -> a.addChildren("car", List.of("vehicle")));
            assertEquals(Map.of("vehicle", List.of("motor vehicle"), "motor vehicle", List.of("car", "bus")), a.hierarchyLinks());

            assertEquals(Code.UPDATED, a.add("p1", List.of(Annotation.of(new Region.Point(0.5, 0.5), "bus"))).code());
            assertEquals(List.of("p0", "p1"), a.find(hasVehicle + "ordering: date-asc\n", FieldSelection.ID_ONLY).ids());
            assertEquals(Code.UPDATED, a.set("p0", List.of()).code());
            assertEquals(0L, index.get("p0").orElseThrow().attributes().get(ImageRecordFields.REGION_COUNT).orElseThrow());
            assertEquals(List.of("p1"), a.find(hasVehicle, FieldSelection.ID_ONLY).ids());
        }
    }
}
