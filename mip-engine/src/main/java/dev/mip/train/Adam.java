package dev.mip.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with decoupled weight decay (AdamW) and global-norm gradient clipping,
 * over plain parameter arrays. Updates run outside autograd, in place, each in its own scope; the
 * moment estimates live in this optimizer's manager and are freed by {@link #close()}.
 */
public final class Adam implements AutoCloseable {
    private final List<NDArray> params;
    private final NDManager state;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private long t;

    /**
     * @param params trainable leaves (must require gradients)
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
            NDArray zm = state.zeros(p.getShape(), p.getDataType());
            NDArray zv = state.zeros(p.getShape(), p.getDataType());
            NDScope.unregister(zm, zv);
            m.add(zm);
            v.add(zv);
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
        double sq = 0;
        try (NDScope s = new NDScope()) {
            NDArray total = null;
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                // float16 squares summed in float32: a float16 sum overflows at 65,504.
                NDArray g2 = (g.getDataType() == ai.djl.ndarray.types.DataType.FLOAT16
                        ? g.toType(ai.djl.ndarray.types.DataType.FLOAT32, false) : g).square().sum();
                total = total == null ? g2 : total.add(g2);
            }
            sq = total.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        }
        return Math.sqrt(sq);
    }

    /**
     * One update with the current gradients, then zeroes them.
     *
     * @param lr learning rate of this step
     * @param clipNorm rescale gradients whose global norm exceeds this (0 disables)
     * @return the gradient norm before clipping
     */
    public double step(double lr, double clipNorm) {
        double norm = gradientNorm();
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / bc1;
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            try (NDScope s = new NDScope()) {
                NDArray g = p.getGradient();
                NDArray gs = scale == 1.0 ? g : g.mul(scale);
                m.get(i).muli(beta1).addi(gs.mul(1 - beta1));
                v.get(i).muli(beta2).addi(gs.square().muli(1 - beta2));
                NDArray denom = v.get(i).div(bc2).sqrt().addi(eps);
                if (weightDecay > 0) {
                    p.muli(1 - lr * weightDecay);
                }
                p.subi(m.get(i).div(denom).muli(stepSize));
                g.subi(g);
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
