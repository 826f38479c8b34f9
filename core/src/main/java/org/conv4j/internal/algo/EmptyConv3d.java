package org.conv4j.internal.algo;

import java.util.Arrays;
import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.internal.geometry.Conv3dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * The conv3d problems with nothing to multiply, as {@link EmptyConv2d} for conv2d: an empty
 * output, or an empty input (only explicit padding was convolved, so the answer is zeros).
 */
public final class EmptyConv3d implements Conv3dAlgorithm {
    private final boolean emptyOutput;

    /** Whether the geometry has no arithmetic at all. */
    public static boolean applies(Conv3dGeometry g) {
        return g.outputSize() == 0 || g.inputSize() == 0;
    }

    public EmptyConv3d(Conv3dGeometry geometry) {
        this.emptyOutput = geometry.outputSize() == 0;
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
        return emptyOutput ? "empty output: nothing to compute" : "empty input: zeros (only padding)";
    }
}
