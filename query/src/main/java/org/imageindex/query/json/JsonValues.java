package org.imageindex.query.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads JSON text into plain Java values and writes them back; see the package documentation for
 * the type mapping. One JSON value per call, which is what a JSON Lines file holds per line.
 *
 * <p>Thread-safe: no state besides an immutable factory.
 */
public final class JsonValues {

    /**
     * 256 levels of nesting: far deeper than any record (attributes nest a handful of levels),
     * yet shallow enough that a hostile line cannot exhaust the stack of the recursive reader.
     */
    public static final int MAX_DEPTH = 256;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonValues() {
    }

    /**
     * The value written in {@code json}.
     *
     * @throws IllegalArgumentException if the text is not exactly one JSON value, naming the line
     *                                  and column of the problem
     */
    public static Object parse(String json) {
        Objects.requireNonNull(json, "json");
        JsonParser p = null;
        try (JsonParser parser = FACTORY.createParser(json)) {
            p = parser;
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("json must hold one value, got empty text");
            }
            Object value = read(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("json must hold one value, got more text at line "
                        + p.currentLocation().getLineNr() + " column " + p.currentLocation().getColumnNr());
            }
            return value;
        } catch (JsonProcessingException e) {
            // Constraint violations (nesting depth) carry no location of their own.
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            throw new IllegalArgumentException("json is malformed at line " + at.getLineNr()
                    + " column " + at.getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("json holds an unexpected token " + t + " at line "
                    + p.currentLocation().getLineNr() + " column " + p.currentLocation().getColumnNr());
        }
    }

    /**
     * {@code value} as compact JSON text on one line.
     *
     * @throws IllegalArgumentException if the value or something inside it is not a map with
     *                                  string keys, collection, array of objects, string, number,
     *                                  boolean or null, or is a non-finite double
     */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object value, String path) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Double d -> {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("value at '" + path + "' must be a finite number, got: " + d);
                }
                g.writeNumber(d);
            }
            case Float f -> write(g, f.doubleValue(), path);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case BigInteger bi -> g.writeNumber(bi);
            case BigDecimal bd -> g.writeNumber(bd);
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("map keys at '" + path + "' must be strings, got: " + e.getKey());
                    }
                    g.writeFieldName(key);
                    write(g, e.getValue(), path + "/" + key);
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                int i = 0;
                for (Object o : c) {
                    write(g, o, path + "/" + i++);
                }
                g.writeEndArray();
            }
            case Object[] array -> write(g, java.util.Arrays.asList(array), path);
            default -> throw new IllegalArgumentException("value at '" + path
                    + "' must be a map, collection, array, string, number, boolean or null, got "
                    + value.getClass().getName() + ": " + value);
        }
    }
}
