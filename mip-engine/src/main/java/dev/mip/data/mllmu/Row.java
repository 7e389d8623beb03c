package dev.mip.data.mllmu;

import dev.mip.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One row of an MLLMU-Bench Parquet file, as plain Java values (see {@link GroupValues}), with what
 * error messages need to point at it.
 *
 * @param file the Parquet file
 * @param source the file's path relative to the benchmark directory ({@code Full_Set/train-00000-of-00001.parquet})
 * @param index 0-based row number inside the file
 * @param id the row's {@code ID}
 * @param values the row's columns by name
 */
record Row(Path file, String source, int index, String id, Map<String, Object> values) {

    /**
     * @param file the Parquet file
     * @param source its relative path
     * @param index 0-based row number
     * @param values the row's columns (must include {@code ID})
     * @return the row
     * @throws InvalidInputException if {@code ID} is missing or not a non-empty string
     */
    static Row of(Path file, String source, int index, Map<String, Object> values) {
        Object id = values.get("ID");
        if (!(id instanceof String s) || s.isBlank()) {
            throw InvalidInputException.of(file, "row " + index + ", column ID",
                    id == null ? "is missing (null)" : "is empty",
                    "Every MLLMU-Bench row needs a non-empty ID: fix or drop the row");
        }
        return new Row(file, source, index, s, values);
    }

    /**
     * @param name a top-level column that was read
     * @return its value
     */
    FieldValue column(String name) {
        return new FieldValue(this, name, values.get(name));
    }

    /** @return whether the file has (and this read projected) the column */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** @return {@code row <n> (ID '<id>')}, for messages */
    String where() {
        return "row " + index + " (ID '" + id + "')";
    }

    /** @return the stable id of this row's image(s): {@code <source>#row<n>} */
    String imageId() {
        return source + "#row" + index;
    }

    /**
     * @param path dotted path of the offending value inside the row
     * @param problem what is wrong
     * @param fix what the user should do
     * @return an exception naming the file, the row, its ID and the column
     */
    InvalidInputException error(String path, String problem, String fix) {
        return InvalidInputException.of(file, where() + ", column " + path, problem, fix);
    }
}
