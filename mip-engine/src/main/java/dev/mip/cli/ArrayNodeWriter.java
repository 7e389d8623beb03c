package dev.mip.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** Small JSON helpers for report output. */
final class ArrayNodeWriter {
    private ArrayNodeWriter() {}

    static void doubles(ArrayNode a, List<Double> values) {
        for (double v : values) {
            a.add(Math.round(v * 1e6) / 1e6);
        }
    }
}
