package org.conv4j.internal.algo;

import java.util.Arrays;
import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * The convolutions with nothing to multiply: an empty output (nothing to write), an empty input
 * (only padding was convolved, so TensorFlow's answer is zeros) or an empty filter window (which
 * TensorFlow's depthwise kernel accepts: every sum is empty, so zeros again). Chosen for them
 * whatever algorithm was asked for, since the others size their tiles by dimensions that are
 * zero here.
 */
public final class EmptyConv2d implements Conv2dAlgorithm {
    private final Conv2dGeometry g;

    /** Whether the geometry has no arithmetic at all. */
    public static boolean applies(Conv2dGeometry g) {
        return g.outputSize() == 0 || (long) g.batch() * g.height() * g.width() * g.channels() == 0
                || (long) g.filterHeight() * g.filterWidth() == 0;
    }

    public EmptyConv2d(Conv2dGeometry geometry) {
        this.g = geometry;
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        if (output.dtype() == DType.FLOAT32) {
            Arrays.fill(output.floats(), 0f);
        } else {
            Arrays.fill(output.doubles(), 0d);
        }
    }

    @Override
    public String describe() {
        if (g.outputSize() == 0) {
            return "empty output: nothing to compute";
        }
        return (long) g.filterHeight() * g.filterWidth() == 0 ? "empty filter window: zeros" : "empty input: zeros (only padding)";
    }
}
