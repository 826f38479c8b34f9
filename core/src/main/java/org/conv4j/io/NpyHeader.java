package org.conv4j.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.conv4j.DType;
import org.conv4j.Tensor;

/**
 * The dict at the start of a {@code .npy} file: element type, byte order, memory order and
 * shape. Parses it with a small recursive-descent reader for the Python literals NumPy writes,
 * and formats it exactly as NumPy 2.x does.
 */
record NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, int[] shape) {

    private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");
    /** NumPy reserves room for this many digits in the growable axis so appends can rewrite the header in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Keeps messages about hostile multi-kilobyte headers readable. */
    private static final int MAX_QUOTE = 200;

    /** The number of elements; {@link #parse} has checked that it fits a Java array. */
    int elementCount() {
        return Tensor.checkedElementCount(shape);
    }

    /** The number of data bytes that follow the header. */
    long byteCount() {
        return (long) elementCount() * dtype.byteSize();
    }

    /** The header dict NumPy writes for a little-endian C-order array, without alignment padding. */
    static String format(DType dtype, int[] shape) {
        String descr = dtype == DType.FLOAT32 ? "<f4" : "<f8";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeRepr(shape) + ", }";
        return shape.length == 0 ? dict
                : dict + " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
    }

    /** A shape as Python prints a tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    static String shapeRepr(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ", "(", shape.length == 1 ? ",)" : ")"));
    }

    /**
     * Parses and validates a decoded header.
     *
     * @throws NpyFormatException if it is not a dict literal with exactly the keys descr,
     *     fortran_order and shape, or the dtype is not float32/float64, or the shape is not a tuple
     *     of non-negative ints whose product fits a Java array
     */
    static NpyHeader parse(String text) throws NpyFormatException {
        if (!(new Parser(text).document() instanceof Map<?, ?> dict)) {
            throw new NpyFormatException("malformed .npy header: not a dict: " + quote(text.strip()));
        }
        for (Object key : dict.keySet()) {
            if (!KEYS.contains(key)) {
                // NumPy rejects extra keys too, so such a file is not one NumPy would load.
                throw new NpyFormatException("malformed .npy header: unknown key " + repr(key)
                        + "; expected exactly 'descr', 'fortran_order' and 'shape'");
            }
        }
        for (String key : KEYS) {
            if (!dict.containsKey(key)) {
                throw new NpyFormatException("malformed .npy header: missing key '" + key + "' in " + quote(text.strip()));
            }
        }
        Object descr = dict.get("descr");
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new NpyFormatException("malformed .npy header: fortran_order is "
                    + repr(dict.get("fortran_order")) + ", not True or False");
        }
        if (!(descr instanceof String d) || !d.matches("[<>=|]f[48]")) {
            throw new NpyFormatException("unsupported dtype " + repr(descr) + whyUnsupported(descr)
                    + "; conv4j reads only float32 ('<f4', '>f4', '=f4') and float64 ('<f8', '>f8', '=f8')");
        }
        // '|' means "byte order not applicable"; NumPy reads '|f4' as native like '='.
        ByteOrder order = d.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN
                : d.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.nativeOrder();
        return new NpyHeader(d.charAt(2) == '4' ? DType.FLOAT32 : DType.FLOAT64, order, fortran,
                shape(dict.get("shape")));
    }

    private static String whyUnsupported(Object descr) {
        if (descr instanceof List) {
            return " (a structured dtype)";
        }
        return descr instanceof String d && d.matches("[<>=|]?O\\d*")
                ? " (object arrays hold pickled Python objects, which are never loaded)" : "";
    }

    private static int[] shape(Object value) throws NpyFormatException {
        if (!(value instanceof Tuple tuple)) {
            throw new NpyFormatException("malformed .npy header: shape " + repr(value) + " is not a tuple");
        }
        int[] shape = new int[tuple.items().size()];
        for (int i = 0; i < shape.length; i++) {
            Object dim = tuple.items().get(i);
            if (!(dim instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
                throw new NpyFormatException("malformed .npy header: shape " + repr(value) + " has entry "
                        + repr(dim) + ", which is not an integer from 0 to " + Integer.MAX_VALUE);
            }
            shape[i] = n.intValue();
        }
        try {
            Tensor.checkedElementCount(shape);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException("unsupported .npy shape " + repr(value) + ": " + e.getMessage(), e);
        }
        return shape;
    }

    /** A Python tuple, kept apart from a list because NumPy only accepts a tuple for the shape. */
    private record Tuple(List<Object> items) {}

    /** A literal the parser does not interpret: a float, None, or an int too large for a long. */
    private record Other(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Python's repr of a parsed value (near enough for a nested dict), for error messages. */
    private static String repr(Object v) {
        String s;
        if (v instanceof String str) {
            s = "'" + str + "'";
        } else if (v instanceof Boolean b) {
            s = b ? "True" : "False";
        } else if (v instanceof Tuple t) {
            s = t.items().size() == 1 ? "(" + repr(t.items().get(0)) + ",)" : join(t.items(), "(", ")");
        } else if (v instanceof List<?> list) {
            s = join(list, "[", "]");
        } else {
            s = String.valueOf(v);
        }
        return quote(s);
    }

    private static String join(List<?> items, String open, String close) {
        return items.stream().map(NpyHeader::repr).collect(Collectors.joining(", ", open, close));
    }

    private static String quote(String s) {
        return s.length() <= MAX_QUOTE ? s : s.substring(0, MAX_QUOTE) + "...";
    }

    /** Reads the Python literal subset NumPy headers use: dicts, tuples, lists, strings, ints, True/False. */
    private static final class Parser {
        /** Real headers nest two deep; a hostile "((((..." must not overflow the stack. */
        private static final int MAX_DEPTH = 32;
        private final String s;
        private int pos;
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        Object document() throws NpyFormatException {
            Object v = value();
            if (peek() != -1) {
                throw error("unexpected text after the dict");
            }
            return v;
        }

        private Object value() throws NpyFormatException {
            int next = peek();
            if (next == -1) {
                throw error("the header ends early");
            }
            char c = (char) next;
            if (Character.isLetterOrDigit(c) || c == '-' || c == '+' || c == '.') {
                return scalar();
            }
            if ("{[('\"".indexOf(c) < 0) {
                throw error("unexpected character '" + c + "'");
            }
            if (++depth > MAX_DEPTH) {
                throw error("values nested more than " + MAX_DEPTH + " deep");
            }
            pos++;
            Object v = c == '{' ? dict() : c == '[' ? items(']') : c == '(' ? tuple() : string(c);
            depth--;
            return v;
        }

        private Map<Object, Object> dict() throws NpyFormatException {
            Map<Object, Object> map = new LinkedHashMap<>();
            while (peek() != '}') {
                int at = pos;
                Object key = value();
                expect(':');
                // Python keeps the last duplicate silently; a header that says two things is broken.
                if (map.put(key, value()) != null) {
                    pos = at;
                    throw error("duplicate key " + repr(key));
                }
                if (peek() != '}') {
                    expect(',');
                }
            }
            pos++;
            return map;
        }

        /** After '(': {@code ()} and {@code (x,)} are tuples, but {@code (x)} is just x, as in Python. */
        private Object tuple() throws NpyFormatException {
            if (peek() == ')') {
                pos++;
                return new Tuple(List.of());
            }
            Object first = value();
            if (peek() == ')') {
                pos++;
                return first;
            }
            expect(',');
            List<Object> items = items(')');
            items.add(0, first);
            return new Tuple(items);
        }

        /** Comma-separated values up to {@code close}, which may follow a trailing comma. */
        private List<Object> items(char close) throws NpyFormatException {
            List<Object> items = new ArrayList<>();
            while (peek() != close) {
                items.add(value());
                if (peek() != close) {
                    expect(',');
                }
            }
            pos++;
            return items;
        }

        private String string(char quote) throws NpyFormatException {
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                    c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
                }
                out.append(c);
            }
            throw error("unterminated string");
        }

        /** An int (Python 2 wrote a trailing L), True, False, or any other bare word or number. */
        private Object scalar() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "+-._".indexOf(s.charAt(pos)) >= 0)) {
                pos++;
            }
            String word = s.substring(start, pos);
            if (word.equals("True") || word.equals("False")) {
                return word.equals("True");
            }
            try {
                return Long.parseLong(word.endsWith("L") || word.endsWith("l") ? word.substring(0, word.length() - 1) : word);
            } catch (NumberFormatException e) {
                return new Other(word);
            }
        }

        private void expect(char c) throws NpyFormatException {
            if (peek() != c) {
                throw error(pos < s.length() ? "expected '" + c + "' but found '" + s.charAt(pos) + "'"
                        : "expected '" + c + "' but the header ends");
            }
            pos++;
        }

        /** The next non-whitespace character, or -1 at the end. */
        private int peek() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return pos < s.length() ? s.charAt(pos) : -1;
        }

        private NpyFormatException error(String what) {
            return new NpyFormatException("malformed .npy header at character " + pos + ": " + what
                    + " in " + quote(s.strip()));
        }
    }
}
