package org.conv4j.internal.plan;

import org.conv4j.DType;
import org.conv4j.Tensor;
import org.conv4j.internal.algo.PatchExtraction;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.parallel.Parallelism;

/**
 * extract_patches as a {@link ConvOperation}: the geometry of the convolution whose patch matrix
 * it writes (see {@link org.conv4j.internal.geometry.ExtractPatchesValidator}) and the copy
 * that writes it. It has no filter and does no arithmetic.
 */
public record ExtractPatchesOperation(Conv2dGeometry geometry, PatchExtraction extraction) implements ConvOperation {

    @Override
    public String name() {
        return "extract_patches";
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

    /** None: every output value is a copy of an input value or a padding zero. */
    @Override
    public double flops() {
        return 0;
    }

    @Override
    public String describe() {
        Conv2dGeometry g = geometry;
        return String.format("%s NHWC %s n%d ih%dx%d ic%d -> oh%dx%d, patch %dx%dx%d = %d values, s%dx%d r%dx%d"
                        + " pad t%d b%d l%d r%d | %s",
                name(), g.dtype() == DType.FLOAT32 ? "f32" : "f64", g.batch(), g.height(), g.width(), g.channels(),
                g.outHeight(), g.outWidth(), g.filterHeight(), g.filterWidth(), g.channels(), g.outChannels(),
                g.strideH(), g.strideW(), g.dilationH(), g.dilationW(), g.padTop(), g.padBottom(), g.padLeft(),
                g.padRight(), extraction.describe());
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        extraction.run(input, output, parallelism);
    }
}
