package dev.mip.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Line and column of every key and list item of a YAML text, by dotted path
 * ({@code gate.rules[2].max}), so that a message can point into the file, and the keys that appear
 * twice in one mapping. A Jackson tree keeps neither (and lets the last duplicate win), hence this
 * second, streaming pass.
 */
final class YamlLocations {
    private final Map<String, Position> byPath;
    private final Map<String, Position> duplicates;

    private YamlLocations(Map<String, Position> byPath, Map<String, Position> duplicates) {
        this.byPath = byPath;
        this.duplicates = duplicates;
    }

    /**
     * A place in the file, 1-based.
     *
     * @param line line number
     * @param column column number
     */
    record Position(int line, int column) implements Comparable<Position> {
        /** The start of the file: where problems without a better place point. */
        static final Position START = new Position(1, 1);

        static Position of(JsonLocation l) {
            return new Position(l.getLineNr(), l.getColumnNr());
        }

        @Override
        public int compareTo(Position o) {
            return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
        }

        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /**
     * @param yaml the text of a file that has already parsed as YAML
     * @return the locations (empty if the text does not parse after all)
     */
    static YamlLocations of(String yaml) {
        Map<String, Position> out = new HashMap<>();
        Map<String, Position> dups = new LinkedHashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            Deque<Frame> stack = new ArrayDeque<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Frame top = stack.peek();
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pop();
                    continue;
                }
                if (t == JsonToken.FIELD_NAME) {
                    String path = top.path.isEmpty() ? p.currentName() : top.path + "." + p.currentName();
                    Position at = Position.of(p.currentTokenLocation());
                    top.pendingDuplicate = out.put(path, at) != null; // the last one wins, as in the tree
                    if (top.pendingDuplicate && !top.insideDuplicate) {
                        dups.putIfAbsent(path, at);
                    }
                    top.pending = path;
                    continue;
                }
                String here = "";
                boolean dup = top != null && top.insideDuplicate;
                if (top != null && top.array) {
                    here = top.path + "[" + top.index++ + "]";
                    out.put(here, Position.of(p.currentTokenLocation()));
                } else if (top != null) {
                    here = top.pending;
                    dup |= top.pendingDuplicate;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    stack.push(new Frame(here, t == JsonToken.START_ARRAY, dup));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreachable for text that parsed before; keep what was found
        }
        return new YamlLocations(out, dups);
    }

    /** @return the dotted paths of keys written a second time in the same mapping, with the second place */
    Map<String, Position> duplicates() {
        return duplicates;
    }

    /**
     * @param field a dotted path; when it is not in the file (a missing key) the nearest enclosing
     *     key that is
     * @return where it is; {@link Position#START} when nothing enclosing it is in the file
     */
    Position find(String field) {
        for (String f = field; !f.isEmpty(); f = f.substring(0, Math.max(0, Math.max(f.lastIndexOf('.'), f.lastIndexOf('['))))) {
            Position at = byPath.get(f);
            if (at != null) {
                return at;
            }
        }
        return Position.START;
    }

    /** An open mapping or list while streaming. */
    private static final class Frame {
        final String path;
        final boolean array;
        final boolean insideDuplicate;
        int index;
        String pending = "";
        boolean pendingDuplicate;

        Frame(String path, boolean array, boolean insideDuplicate) {
            this.path = path;
            this.array = array;
            this.insideDuplicate = insideDuplicate;
        }
    }
}
