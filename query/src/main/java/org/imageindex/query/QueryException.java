package org.imageindex.query;

import java.util.Objects;
import java.util.Optional;

/**
 * The one error every parser and the compiler throw for a filter a user wrote wrongly, whatever
 * the language. It says where ({@link #position()}), which operator or rule was involved, what
 * was expected and what was found, so an API can return it to the user unchanged. The message
 * is a single line, for example:
 *
 * <pre>mongo filter at /price/$in: $in expects an array of values, found the number 10</pre>
 *
 * <p>Unchecked, because a bad filter is a caller error like a bad argument.
 */
public final class QueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SourcePosition position;
    private final String operator;
    private final String expected;
    private final String found;
    private final String problem;

    private QueryException(SourcePosition position, String operator, String expected, String found,
                           String problem, Throwable cause) {
        super(position.describe() + ": " + problem, cause);
        this.position = position;
        this.operator = operator;
        this.expected = expected;
        this.found = found;
        this.problem = problem;
    }

    /**
     * An operator or rule met a value of the wrong shape; the problem reads
     * "{operator} expects {expected}, found {found}".
     */
    public static QueryException mismatch(SourcePosition position, String operator, String expected, String found) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(found, "found");
        return new QueryException(position, operator, expected, found,
                operator + " expects " + expected + ", found " + excerpt(found), null);
    }

    /**
     * An operator, rule or field name that does not exist; the problem reads
     * "unknown {what} {name}; expected one of {expected}".
     */
    public static QueryException unknown(SourcePosition position, String what, String name, String expected) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expected, "expected");
        return new QueryException(position, name, expected, name,
                "unknown " + what + " " + excerpt(name) + "; expected one of " + expected, null);
    }

    /** Any other problem, described in one line that says what to do. */
    public static QueryException problem(SourcePosition position, String operator, String problem) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(problem, "problem");
        return new QueryException(position, operator, null, null, problem, null);
    }

    /** As {@link #problem}, keeping the low-level parser error as the cause for debugging. */
    public static QueryException problem(SourcePosition position, String operator, String problem, Throwable cause) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(problem, "problem");
        return new QueryException(position, operator, null, null, problem, cause);
    }

    /** Longest piece of the user's input a message quotes whole; {@link #found()} keeps all of it. */
    public static final int MAX_ECHO = 100;

    /**
     * {@code text} as a message quotes it: whole up to {@link #MAX_ECHO} characters, else its
     * start, an ellipsis and its length (a 60,000-character term must not make a 60,000-character message).
     */
    public static String excerpt(String text) {
        if (text.length() <= MAX_ECHO) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_ECHO - 1)) ? MAX_ECHO - 1 : MAX_ECHO;
        return text.substring(0, end) + "… (" + text.length() + " characters)";
    }

    /** Where the problem is. */
    public SourcePosition position() {
        return position;
    }

    /** The operator or rule involved ({@code $in}, {@code above_width}, {@code TO}), if any. */
    public Optional<String> operator() {
        return Optional.ofNullable(operator);
    }

    /** What the operator accepts, when the problem is a mismatch. */
    public Optional<String> expected() {
        return Optional.ofNullable(expected);
    }

    /** What the user wrote instead, when the problem is a mismatch. */
    public Optional<String> found() {
        return Optional.ofNullable(found);
    }

    /** The message without its location prefix. */
    public String problem() {
        return problem;
    }
}
