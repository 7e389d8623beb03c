package dev.mip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with decoupled weight decay (AdamW) and global-norm gradient clipping,
 * over plain parameter arrays. Updates run outside autograd, in place, each in its own scope; the
 * moment estimates live in this optimizer's manager and are freed by {@link #close()}.
 *
 * <p>Mixed precision: a float16 parameter gets a float32 master copy and float32 moments; its
 * float16 gradient is widened, the update applied to the master, and the master rounded back into
 * the parameter. Without it, updates smaller than half a float16 step of the weight (about 5e-4
 * relative) would round away: at a learning rate of 1e-4 a float16 weight near 1 would never move.
 */
public final class Adam implements AutoCloseable {
    private final List<NDArray> params;
    private final NDManager state;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    /** Per parameter its float32 master copy (float16 parameters), else null. */
    private final List<NDArray> masters = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private long t;

    /**
     * @param params trainable arrays (leaves requiring gradients when {@link #step(double, double)}
     *     reads their own gradients)
     * @param beta1 first-moment decay (usually 0.9)
     * @param beta2 second-moment decay (usually 0.999)
     * @param eps denominator epsilon (usually 1e-8)
     * @param weightDecay decoupled weight decay per unit learning rate (0 disables)
     */
    public Adam(List<NDArray> params, double beta1, double beta2, double eps, double weightDecay) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("no trainable parameters");
        }
        this.params = List.copyOf(params);
        this.state = params.get(0).getManager().newSubManager();
        for (NDArray p : params) {
            boolean half = p.getDataType() == DataType.FLOAT16;
            DataType moments = half ? DataType.FLOAT32 : p.getDataType();
            NDArray zm = state.zeros(p.getShape(), moments);
            NDArray zv = state.zeros(p.getShape(), moments);
            NDScope.unregister(zm, zv);
            m.add(zm);
            v.add(zv);
            NDArray master = null;
            if (half) {
                master = p.toType(DataType.FLOAT32, true);
                master.attach(state);
                NDScope.unregister(master);
            }
            masters.add(master);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /**
     * Global L2 norm of the current gradients.
     *
     * @return the norm (NaN or infinite when a gradient is)
     */
    public double gradientNorm() {
        try (NDScope s = new NDScope()) {
            return norm(currentGradients());
        }
    }

    private static double norm(List<NDArray> grads) {
        double sq = 0;
        try (NDScope s = new NDScope()) {
            NDArray total = null;
            for (NDArray g : grads) {
                // float16 squares summed in float32: a float16 sum overflows at 65,504.
                NDArray g2 = (g.getDataType() == DataType.FLOAT16
                        ? g.toType(DataType.FLOAT32, false) : g).square().sum();
                total = total == null ? g2 : total.add(g2);
            }
            sq = total.toType(DataType.FLOAT64, false).getDouble();
        }
        return Math.sqrt(sq);
    }

    private List<NDArray> currentGradients() {
        List<NDArray> out = new ArrayList<>(params.size());
        for (NDArray p : params) {
            out.add(p.getGradient());
        }
        return out;
    }

    /**
     * One update with the parameters' own gradients (accumulated by a backward pass on them), then
     * zeroes them.
     *
     * @param lr learning rate of this step
     * @param clipNorm rescale gradients whose global norm exceeds this (0 disables)
     * @return the gradient norm before clipping
     */
    public double step(double lr, double clipNorm) {
        try (NDScope s = new NDScope()) {
            List<NDArray> grads = currentGradients();
            double norm = step(lr, clipNorm, grads);
            for (NDArray g : grads) {
                g.subi(g);
            }
            return norm;
        }
    }

    /**
     * One update with given gradients (for example the sum of several passes' gradients taken on
     * aliases of the parameters); the parameters' own gradient buffers are not read.
     *
     * @param lr learning rate of this step
     * @param clipNorm rescale gradients whose global norm exceeds this (0 disables)
     * @param grads one gradient per parameter, in the constructor's order
     * @return the gradient norm before clipping
     */
    public double step(double lr, double clipNorm, List<NDArray> grads) {
        if (grads.size() != params.size()) {
            throw new IllegalArgumentException(grads.size() + " gradients for " + params.size() + " parameters");
        }
        double norm = norm(grads);
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / bc1;
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            try (NDScope s = new NDScope()) {
                NDArray g = grads.get(i);
                NDArray master = masters.get(i);
                NDArray w = master == null ? p : master;
                NDArray gw = master == null ? g : g.toType(DataType.FLOAT32, false);
                NDArray gs = scale == 1.0 ? gw : gw.mul(scale);
                m.get(i).muli(beta1).addi(gs.mul(1 - beta1));
                v.get(i).muli(beta2).addi(gs.square().muli(1 - beta2));
                NDArray denom = v.get(i).div(bc2).sqrt().addi(eps);
                if (weightDecay > 0) {
                    w.muli(1 - lr * weightDecay);
                }
                w.subi(m.get(i).div(denom).muli(stepSize));
                if (master != null) {
                    // p = round(master): in place, p stays the same leaf (its gradient buffer too).
                    p.set(new ai.djl.ndarray.index.NDIndex("..."), master.toType(DataType.FLOAT16, false));
                }
            }
        }
        return norm;
    }

    /** @return number of updates so far */
    public long steps() {
        return t;
    }

    @Override
    public void close() {
        state.close();
    }
}
