package dev.mip.data.mllmu;

import java.util.Locale;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A top-level column a split needs, with the shape its Parquet type must have. Nested fields are
 * checked value by value when rows are mapped, with the row's ID in the message.
 *
 * @param name column name, as Hugging Face writes it ({@code ID}, {@code Classification_Task}, ...)
 * @param kind expected shape
 * @param required whether a file without it is an error
 */
record Column(String name, Kind kind, boolean required) {

    /** The shapes a top-level MLLMU-Bench column has. */
    enum Kind {
        /** {@code binary (STRING)}. */
        STRING("a string (binary, STRING)"),
        /** A group that is neither a list nor a map: {@code image}, {@code Classification_Task}. */
        STRUCT("a struct (group)"),
        /** A group annotated LIST: {@code Generation_Task}, {@code images}. */
        LIST("a list (group annotated LIST)");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** @return how to name this shape in a message */
        String description() {
            return description;
        }

        boolean matches(Type t) {
            return switch (this) {
                case STRING -> t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
                        && (t.getLogicalTypeAnnotation() == null
                                || t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation);
                case STRUCT -> !t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED)
                        && t.getLogicalTypeAnnotation() == null;
                case LIST -> !t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED)
                        && t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation;
            };
        }
    }

    static Column required(String name, Kind kind) {
        return new Column(name, kind, true);
    }

    static Column optional(String name, Kind kind) {
        return new Column(name, kind, false);
    }

    /**
     * @param t a Parquet type
     * @return a short description for messages, e.g. {@code int64} or {@code a list}
     */
    static String describe(Type t) {
        if (t.isRepetition(Type.Repetition.REPEATED)) {
            return "a bare repeated field";
        }
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        if (t.isPrimitive()) {
            String p = t.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(Locale.ROOT);
            return a == null ? p : p + " (" + a + ")";
        }
        GroupType g = t.asGroupType();
        if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            return "a list";
        }
        if (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
            return "a map";
        }
        return "a struct of " + g.getFieldCount() + " field(s)";
    }
}
