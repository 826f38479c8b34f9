package org.conv4j.internal.algo;

import java.util.Arrays;
import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * The filter gradients with nothing to sum: an empty gradient, no output pixels (an empty batch,
 * TensorFlow's {@code testConv2DBackpropFilterWithEmptyInput}), or an input with no elements
 * (only padding was convolved). The answer is zeros. Chosen for them whatever algorithm was asked
 * for, since the others size their blocks by dimensions that are zero here.
 */
public final class ZeroFilterGradient implements FilterGradientAlgorithm {
    private final Conv2dGeometry g;

    /** Whether the geometry has no arithmetic at all. */
    public static boolean applies(Conv2dGeometry g) {
        return g.filterSize() == 0 || (long) g.batch() * g.outHeight() * g.outWidth() == 0
                || (long) g.height() * g.width() * g.channels() == 0;
    }

    public ZeroFilterGradient(Conv2dGeometry geometry) {
        this.g = geometry;
    }

    @Override
    public void run(Tensor input, Tensor outBackprop, Tensor filterGradient, Parallelism parallelism) {
        if (filterGradient.dtype() == DType.FLOAT32) {
            Arrays.fill(filterGradient.floats(), 0f);
        } else {
            Arrays.fill(filterGradient.doubles(), 0d);
        }
    }

    @Override
    public String describe() {
        return g.filterSize() == 0 ? "empty gradient: nothing to compute" : "nothing to sum: zeros";
    }
}
