package dev.mip.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and values of every decoder layer for the positions processed so far, so that each
 * generation step runs the new token only. Arrays outlive a step's {@link NDScope}: after each
 * step call {@link #keepCurrent()}; the arrays a step replaced are closed then.
 */
final class KvCache implements AutoCloseable {
    private final NDArray[] keys;
    private final NDArray[] values;
    private final List<NDArray> retired = new ArrayList<>();

    KvCache(int layers) {
        keys = new NDArray[layers];
        values = new NDArray[layers];
    }

    /** @return number of cached positions */
    long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    /**
     * Appends a step's keys and values of one layer.
     *
     * @param layer decoder layer
     * @param k {@code [B, K, T, E]}
     * @param v {@code [B, K, T, E]}
     * @return all keys and values so far, {@code [B, K, S, E]}
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        if (keys[layer] != null) {
            retired.add(keys[layer]);
            retired.add(values[layer]);
            k = keys[layer].concat(k, 2);
            v = values[layer].concat(v, 2);
        }
        keys[layer] = k;
        values[layer] = v;
        return new NDArray[] {k, v};
    }

    /**
     * Repeats cached rows: row {@code i} of the result is row {@code rows[i]} of the cache (one
     * prompt's keys and values shared by several continuations). The arrays replaced are retired.
     *
     * @param rows {@code [B']} row indices (int64)
     */
    void selectRows(NDArray rows) {
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                retired.add(keys[l]);
                retired.add(values[l]);
                keys[l] = keys[l].get(new ai.djl.ndarray.index.NDIndex("{}", rows));
                values[l] = values[l].get(new ai.djl.ndarray.index.NDIndex("{}", rows));
            }
        }
    }

    /** Takes the current arrays out of the step's scope and closes the ones they replaced. */
    void keepCurrent() {
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                NDScope.unregister(keys[l], values[l]);
            }
        }
        for (NDArray a : retired) {
            a.close();
        }
        retired.clear();
    }

    @Override
    public void close() {
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                keys[l].close();
                values[l].close();
            }
        }
        for (NDArray a : retired) {
            a.close();
        }
        retired.clear();
    }
}
