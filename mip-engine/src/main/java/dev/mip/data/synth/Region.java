package dev.mip.data.synth;

/**
 * A set of points of the image plane, in unit coordinates ({@code x} to the right, {@code y}
 * downwards, the image covering {@code [0, 1]²}), tested point by point by {@link Rasteriser}.
 *
 * <p>Membership uses only {@code +, -, *, /} and comparisons on {@code double} (strict IEEE 754
 * arithmetic in Java 17), never transcendental functions, so whether a sample point is inside a
 * region is the same on every machine and JDK.
 */
@FunctionalInterface
interface Region {
    /** The empty region. */
    Region NONE = (x, y) -> false;

    /**
     * @param x horizontal coordinate
     * @param y vertical coordinate (downwards)
     * @return whether the point belongs to the region
     */
    boolean contains(double x, double y);

    /**
     * @param other another region
     * @return the union
     */
    default Region or(Region other) {
        return (x, y) -> contains(x, y) || other.contains(x, y);
    }

    /**
     * @param other another region
     * @return the intersection
     */
    default Region and(Region other) {
        return (x, y) -> contains(x, y) && other.contains(x, y);
    }

    /**
     * @param other the region to cut away
     * @return this region without {@code other}
     */
    default Region minus(Region other) {
        return (x, y) -> contains(x, y) && !other.contains(x, y);
    }

    /** Axis-aligned ellipse. */
    static Region ellipse(double cx, double cy, double rx, double ry) {
        return (x, y) -> {
            double u = (x - cx) / rx;
            double v = (y - cy) / ry;
            return u * u + v * v <= 1.0;
        };
    }

    /** Disc. */
    static Region circle(double cx, double cy, double r) {
        return (x, y) -> {
            double u = x - cx;
            double v = y - cy;
            return u * u + v * v <= r * r;
        };
    }

    /** Annulus between two radii around one centre. */
    static Region ring(double cx, double cy, double outer, double inner) {
        return (x, y) -> {
            double u = x - cx;
            double v = y - cy;
            double d = u * u + v * v;
            return d <= outer * outer && d >= inner * inner;
        };
    }

    /** Axis-aligned rectangle given by two corners. */
    static Region box(double x0, double y0, double x1, double y1) {
        return (x, y) -> x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }

    /** Points with {@code y} below (greater than) a line through two points; a half plane. */
    static Region below(double x0, double y0, double x1, double y1) {
        return (x, y) -> y >= y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }

    /** Rectangle centred at {@code (cx, cy)} with half extents and corners rounded by {@code radius}. */
    static Region roundedBox(double cx, double cy, double halfWidth, double halfHeight, double radius) {
        return (x, y) -> {
            double qx = Math.abs(x - cx) - (halfWidth - radius);
            double qy = Math.abs(y - cy) - (halfHeight - radius);
            if (qx <= 0 || qy <= 0) {
                return qx <= radius && qy <= radius;
            }
            return qx * qx + qy * qy <= radius * radius;
        };
    }

    /** A thick line: the points within {@code halfThickness} of the segment (a capsule). */
    static Region segment(double x0, double y0, double x1, double y1, double halfThickness) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len2 = dx * dx + dy * dy;
        return (x, y) -> {
            double t = len2 == 0 ? 0 : ((x - x0) * dx + (y - y0) * dy) / len2;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            double ex = x - (x0 + t * dx);
            double ey = y - (y0 + t * dy);
            return ex * ex + ey * ey <= halfThickness * halfThickness;
        };
    }

    /**
     * Polygon by the even-odd rule.
     *
     * @param xy vertex coordinates {@code x0, y0, x1, y1, ...} (at least three vertices)
     */
    static Region polygon(double... xy) {
        if (xy.length < 6 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("a polygon needs at least three (x, y) vertices");
        }
        double[] v = xy.clone();
        int n = v.length / 2;
        return (x, y) -> {
            boolean inside = false;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                double xi = v[2 * i];
                double yi = v[2 * i + 1];
                double xj = v[2 * j];
                double yj = v[2 * j + 1];
                if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                    inside = !inside;
                }
            }
            return inside;
        };
    }
}
