package org.imageindex.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the module's public surface: adding a public type is a decision, not an accident. Also
 * checks that the AST and schema packages expose no Lucene, Jackson or SnakeYAML type.
 */
class PublicApiTest {

    private static final Set<String> PUBLIC_TYPES = Set.of(
            "org.imageindex.query.QueryException",
            "org.imageindex.query.QueryLanguage",
            "org.imageindex.query.QueryLimits",
            "org.imageindex.query.SourcePosition",
            "org.imageindex.query.ast.Filter",
            "org.imageindex.query.ast.Filters",
            "org.imageindex.query.ast.Listing",
            "org.imageindex.query.ast.RangeOperator",
            "org.imageindex.query.ast.SortKey",
            "org.imageindex.query.ast.Value",
            "org.imageindex.query.compile.FieldIndexer",
            "org.imageindex.query.compile.FilterCompiler",
            "org.imageindex.query.compile.ListingSorts",
            "org.imageindex.query.json.JsonValues",
            "org.imageindex.query.lucene.LuceneSyntaxParser",
            "org.imageindex.query.mongo.MongoFilterParser",
            "org.imageindex.query.rokka.RokkaFields",
            "org.imageindex.query.rokka.RokkaQuery",
            "org.imageindex.query.rokka.RokkaQueryParser",
            "org.imageindex.query.schema.Dates",
            "org.imageindex.query.schema.FieldSpec",
            "org.imageindex.query.schema.FieldType",
            "org.imageindex.query.schema.FieldTypes",
            "org.imageindex.query.yaml.ImageRecordFields",
            "org.imageindex.query.yaml.ObjectHierarchy",
            "org.imageindex.query.yaml.Ordering",
            "org.imageindex.query.yaml.YamlQuery",
            "org.imageindex.query.yaml.YamlRulesParser");

    private static final List<String> FOREIGN = List.of("org.apache.lucene", "com.fasterxml", "org.yaml");

    @Test
    void publicTopLevelTypesArePinned() throws Exception {
        assertEquals(new TreeSet<>(PUBLIC_TYPES), publicTopLevelTypes());
    }

    @Test
    void astSchemaAndParsersExposeNoLibraryTypes() throws Exception {
        for (String name : publicTopLevelTypes()) {
            if (name.contains(".compile.")) {
                continue; // the compiler's job is to hand out Lucene types
            }
            Class<?> type = Class.forName(name);
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() != type) {
                    continue;
                }
                List<Class<?>> used = Stream.concat(Stream.of(m.getReturnType()), Stream.of(m.getParameterTypes())).toList();
                for (Class<?> c : used) {
                    for (String prefix : FOREIGN) {
                        assertTrue(!c.getName().startsWith(prefix), name + "." + m.getName() + " exposes " + c.getName());
                    }
                }
            }
        }
    }

    private static Set<String> publicTopLevelTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(QueryException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                String name = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
                if (name.endsWith("package-info")) {
                    continue;
                }
                if (Modifier.isPublic(Class.forName(name).getModifiers())) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
