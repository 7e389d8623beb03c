package dev.mip.data.mllmu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * Turns a record read with parquet-java's example {@link Group} API into plain Java values, so that
 * the mapping code never sees Parquet types: a struct becomes a {@code Map<String, Object>} (in
 * schema order), a LIST a {@code List<Object>}, a MAP a {@code Map<String, Object>}, a string a
 * {@code String}, other binary a {@code byte[]}, numbers and booleans their boxed types; an absent
 * optional value is {@code null}.
 *
 * <p>Lists follow the Parquet LIST rules, including the backward-compatibility ones: the 3-level
 * form pyarrow writes ({@code optional group X (LIST) { repeated group list { optional <element> } }})
 * and the older 2-level forms (repeated primitive; repeated group with several fields or named
 * {@code array} / {@code X_tuple}).
 */
final class GroupValues {
    private GroupValues() {}

    /**
     * @param record one row
     * @return its top-level fields by name
     */
    static Map<String, Object> row(Group record) {
        return struct(record, record.getType());
    }

    private static Map<String, Object> struct(Group g, GroupType type) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type f = type.getType(i);
            int n = g.getFieldRepetitionCount(i);
            if (f.isRepetition(Type.Repetition.REPEATED)) {
                // A bare repeated field (legacy list without a LIST group).
                List<Object> items = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    items.add(value(g, i, j, f));
                }
                out.put(f.getName(), items);
            } else {
                out.put(f.getName(), n == 0 ? null : value(g, i, 0, f));
            }
        }
        return out;
    }

    private static Object value(Group g, int field, int index, Type t) {
        if (t.isPrimitive()) {
            return primitive(g, field, index, t);
        }
        Group child = g.getGroup(field, index);
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            return list(child, t.asGroupType());
        }
        if (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
            return map(child, t.asGroupType());
        }
        return struct(child, t.asGroupType());
    }

    private static Object primitive(Group g, int field, int index, Type t) {
        return switch (t.asPrimitiveType().getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY -> isText(t) ? g.getString(field, index) : g.getBinary(field, index).getBytes();
            case INT32 -> g.getInteger(field, index);
            case INT64 -> g.getLong(field, index);
            case BOOLEAN -> g.getBoolean(field, index);
            case FLOAT -> g.getFloat(field, index);
            case DOUBLE -> g.getDouble(field, index);
            case INT96 -> g.getInt96(field, index).getBytes();
        };
    }

    private static boolean isText(Type t) {
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
    }

    private static List<Object> list(Group listGroup, GroupType listType) {
        Type repeated = listType.getType(0);
        int n = listGroup.getFieldRepetitionCount(0);
        List<Object> items = new ArrayList<>(n);
        if (isThreeLevel(repeated, listType.getName())) {
            Type element = repeated.asGroupType().getType(0);
            for (int j = 0; j < n; j++) {
                Group wrapper = listGroup.getGroup(0, j);
                items.add(wrapper.getFieldRepetitionCount(0) == 0 ? null : value(wrapper, 0, 0, element));
            }
        } else {
            for (int j = 0; j < n; j++) {
                items.add(value(listGroup, 0, j, repeated));
            }
        }
        return items;
    }

    /** The Parquet spec's rule for telling the 3-level LIST form from the legacy 2-level ones. */
    private static boolean isThreeLevel(Type repeated, String listName) {
        if (repeated.isPrimitive()) {
            return false;
        }
        GroupType g = repeated.asGroupType();
        return g.getFieldCount() == 1 && !g.getName().equals("array") && !g.getName().equals(listName + "_tuple");
    }

    private static Map<String, Object> map(Group mapGroup, GroupType mapType) {
        GroupType keyValue = mapType.getType(0).asGroupType();
        Map<String, Object> out = new LinkedHashMap<>();
        int n = mapGroup.getFieldRepetitionCount(0);
        for (int j = 0; j < n; j++) {
            Map<String, Object> kv = struct(mapGroup.getGroup(0, j), keyValue);
            Object key = kv.get(keyValue.getType(0).getName());
            Object value = keyValue.getFieldCount() > 1 ? kv.get(keyValue.getType(1).getName()) : null;
            out.put(String.valueOf(key), value);
        }
        return out;
    }
}
