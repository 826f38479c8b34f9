package org.conv4j.internal.plan;

import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.internal.algo.Conv3dAlgorithm;
import org.conv4j.internal.geometry.Conv3dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/** A conv3d geometry and the algorithm chosen for it, as a {@link ConvOperation}. */
public record Conv3dOperation(Conv3dGeometry geometry, Conv3dAlgorithm algorithm) implements ConvOperation {

    @Override
    public String name() {
        return "conv3d";
    }

    @Override
    public DType dtype() {
        return geometry.dtype();
    }

    @Override
    public int[] inputShape() {
        return geometry.inputShape();
    }

    @Override
    public int[] outputShape() {
        return geometry.outputShape();
    }

    @Override
    public double flops() {
        return geometry.flops();
    }

    @Override
    public String describe() {
        return "conv3d " + geometry.describe() + " | " + algorithm.describe();
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        algorithm.run(input, output, parallelism);
    }
}
