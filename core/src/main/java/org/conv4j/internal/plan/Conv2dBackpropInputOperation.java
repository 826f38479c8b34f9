package org.conv4j.internal.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.conv4j.Algorithm;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Tensor;
import org.conv4j.internal.algo.Conv2dAlgorithm;
import org.conv4j.internal.algo.Conv2dAlgorithms;
import org.conv4j.internal.algo.GemmConv2d;
import org.conv4j.internal.algo.OutputLayout;
import org.conv4j.internal.algo.PartitionedConv2d;
import org.conv4j.internal.algo.ReferenceConv2dBackpropInput;
import org.conv4j.internal.algo.WinogradConv2d;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.TransposedPhase;
import org.conv4j.internal.parallel.Parallelism;
import org.conv4j.internal.simd.Kernels;

/**
 * The input gradient of a conv2d ({@code conv2d_backprop_input}, {@code conv2d_transpose}) as
 * forward convolutions run by conv2d's own algorithms: {@code out_backprop} is the input,
 * {@code dx} the output.
 *
 * <p>Stride 1: the gradient is one stride-1 correlation of {@code dy} with the filter flipped and
 * its channels swapped, written straight into {@code dx}; conv2d's algorithm choice applies
 * (Winograd for 3x3 layers, the single-plane path, the GEMM).
 *
 * <p>Stride {@code s > 1}: the gradient splits into {@code sh x sw} sub-pixel phases
 * ({@link TransposedPhase}): the pixels {@code (qy*sh + ry, qx*sw + rx)} of one phase are a
 * stride-1 correlation of {@code dy} with the filter taps that reach them, which each phase
 * computes with its own packed sub-filter and writes in place, every {@code s}-th row and column
 * of {@code dx} ({@link OutputLayout#phase}). No zeros are inserted into {@code dy}, so the
 * arithmetic is the forward convolution's; phases that no tap reaches are zero-filled. The parts
 * of all phases are handed to the threads in one go.
 *
 * <p>Each output value is computed by one part, whose split depends on the problem only: results
 * are bitwise identical for any thread count. Per call nothing is allocated (the algorithms keep
 * per-thread workspaces).
 */
public final class Conv2dBackpropInputOperation implements ConvOperation {
    private final String name;
    /** The forward convolution: its input is {@code dx}, its output {@code dy}. */
    private final Conv2dGeometry forward;
    /** Computes all of {@code dx} when set (reference loops, zeros, or a single stride-1 phase). */
    private final Conv2dAlgorithm whole;
    private final String wholeDescription;
    /** Otherwise: the phases with taps... */
    private final PartitionedConv2d[] phases;
    /** ... the part number each phase starts at (one more entry: the total) ... */
    private final int[] firstPart;
    /** ... and the phases no tap reaches, one part each, zero-filled. */
    private final OutputLayout[] zeroPhases;
    private final int[][] zeroPhaseSizes;
    private final int parts;
    private final Parallelism.Parts body = this::part;

    private Conv2dBackpropInputOperation(String name, Conv2dGeometry forward, Conv2dAlgorithm whole, String wholeDescription,
            List<PartitionedConv2d> phases, List<OutputLayout> zeroPhases, List<int[]> zeroPhaseSizes) {
        this.name = name;
        this.forward = forward;
        this.whole = whole;
        this.wholeDescription = wholeDescription;
        this.phases = phases.toArray(new PartitionedConv2d[0]);
        this.firstPart = new int[this.phases.length + 1];
        for (int i = 0; i < this.phases.length; i++) {
            firstPart[i + 1] = firstPart[i] + this.phases[i].parts();
        }
        this.zeroPhases = zeroPhases.toArray(new OutputLayout[0]);
        this.zeroPhaseSizes = zeroPhaseSizes.toArray(new int[0][]);
        this.parts = firstPart[this.phases.length] + this.zeroPhases.length;
    }

    /**
     * Plans the input gradient of the validated forward convolution {@code forward} with this
     * filter (HWIO, the forward convolution's).
     *
     * @param name the operation's name for {@link #describe()}
     * @throws IllegalArgumentException if {@code algorithm} is WINOGRAD and a phase is not a
     *     3x3 float32 NHWC ungrouped correlation
     */
    public static Conv2dBackpropInputOperation plan(String name, Conv2dGeometry forward, Tensor filter, Algorithm algorithm) {
        List<PartitionedConv2d> none = List.of();
        if (forward.batch() * forward.inputImageSize() == 0) {
            return new Conv2dBackpropInputOperation(name, forward, zeros(), "empty output: nothing to compute", none,
                    List.of(), List.of());
        }
        if (forward.outputSize() == 0 || forward.filterHeight() * forward.filterWidth() == 0) {
            return new Conv2dBackpropInputOperation(name, forward, zeros(),
                    forward.outputSize() == 0 ? "empty out_backprop: zeros" : "filter without taps: zeros", none,
                    List.of(), List.of());
        }
        if (algorithm == Algorithm.REFERENCE) {
            ReferenceConv2dBackpropInput reference = new ReferenceConv2dBackpropInput(forward, filter);
            return new Conv2dBackpropInputOperation(name, forward, reference, reference.describe(), none, List.of(),
                    List.of());
        }
        TransposedPhase[] rows = TransposedPhase.of(forward.height(), forward.filterHeight(), forward.dilationH(),
                forward.strideH(), forward.padTop(), forward.outHeight());
        TransposedPhase[] cols = TransposedPhase.of(forward.width(), forward.filterWidth(), forward.dilationW(),
                forward.strideW(), forward.padLeft(), forward.outWidth());
        if (rows.length == 1 && cols.length == 1) {
            // Stride 1: one phase, which is all of dx in the plain layout.
            Conv2dGeometry g = phaseGeometry(forward, rows[0], cols[0]);
            Tensor sub = subFilter(forward, filter, rows[0], cols[0]);
            Conv2dAlgorithm a = switch (algorithm) {
                case GEMM -> new GemmConv2d(g, sub);
                case WINOGRAD -> winograd(name, g, sub, OutputLayout.of(g));
                default -> Conv2dAlgorithms.choose(g, sub, Algorithm.AUTO);
            };
            return new Conv2dBackpropInputOperation(name, forward, a, "one stride-1 correlation: " + a.describe(), none,
                    List.of(), List.of());
        }
        List<PartitionedConv2d> phases = new ArrayList<>();
        List<OutputLayout> zeroPhases = new ArrayList<>();
        List<int[]> zeroSizes = new ArrayList<>();
        for (TransposedPhase row : rows) {
            for (TransposedPhase col : cols) {
                if (row.outputs() == 0 || col.outputs() == 0) {
                    continue; // the input is smaller than the stride: no pixel has this phase
                }
                OutputLayout layout = OutputLayout.phase(forward.format(), forward.height(), forward.width(),
                        forward.channels(), forward.strideH(), forward.strideW(), row.offset(), col.offset());
                if (row.taps() == 0 || col.taps() == 0) {
                    zeroPhases.add(layout);
                    zeroSizes.add(new int[] {row.outputs(), col.outputs()});
                    continue;
                }
                Conv2dGeometry g = phaseGeometry(forward, row, col);
                Tensor sub = subFilter(forward, filter, row, col);
                boolean winograd = algorithm == Algorithm.WINOGRAD
                        || algorithm == Algorithm.AUTO && WinogradConv2d.applies(g);
                phases.add(winograd ? winograd(name, g, sub, layout) : new GemmConv2d(g, sub, Kernels.get(), layout));
            }
        }
        return new Conv2dBackpropInputOperation(name, forward, null, null, phases, zeroPhases, zeroSizes);
    }

    private static PartitionedConv2d winograd(String name, Conv2dGeometry g, Tensor filter, OutputLayout layout) {
        if (!WinogradConv2d.fits(g)) {
            throw new IllegalArgumentException("Winograd F(2x2,3x3) cannot compute this " + name + ": it needs every "
                    + "sub-pixel phase of the input gradient to be a float32 NHWC 3x3 stride-1 ungrouped correlation, got "
                    + g.describe());
        }
        return Conv2dAlgorithms.winograd(g, filter, Kernels.get(), layout);
    }

    /**
     * The stride-1 correlation that computes one phase: {@code dy} in, the phase's pixels of
     * {@code dx} out; groups as in the forward convolution, with the channel roles swapped.
     */
    private static Conv2dGeometry phaseGeometry(Conv2dGeometry f, TransposedPhase row, TransposedPhase col) {
        return new Conv2dGeometry(f.dtype(), f.format(), new int[] {f.batch()}, f.batch(), f.outHeight(), f.outWidth(),
                f.outChannels(), row.taps(), col.taps(), f.outChannelsPerGroup(), f.channels(), f.groups(), 1, 1,
                row.dilation(), col.dilation(), row.padBefore(), row.padAfter(), col.padBefore(), col.padAfter(),
                row.outputs(), col.outputs());
    }

    /**
     * The phase's filter, HWIO {@code [J_h, J_w, OC/G, C]}: its taps of the forward filter,
     * flipped, with input and output channels swapped within each group.
     */
    private static Tensor subFilter(Conv2dGeometry f, Tensor filter, TransposedPhase row, TransposedPhase col) {
        int kc = f.filterChannels();
        int oc = f.outChannels();
        int ocg = f.outChannelsPerGroup();
        int c = f.channels();
        int jh = row.taps();
        int jw = col.taps();
        Tensor sub = Tensor.zeros(f.dtype(), jh, jw, ocg, c);
        for (int i = 0; i < jh; i++) {
            for (int j = 0; j < jw; j++) {
                int tap = row.forwardTap(i) * f.filterWidth() + col.forwardTap(j);
                for (int group = 0; group < f.groups(); group++) {
                    for (int q = 0; q < ocg; q++) {
                        for (int ci = 0; ci < kc; ci++) {
                            int from = (tap * kc + ci) * oc + group * ocg + q;
                            int to = ((i * jw + j) * ocg + q) * c + group * kc + ci;
                            if (f.dtype() == DType.FLOAT32) {
                                sub.floats()[to] = filter.floats()[from];
                            } else {
                                sub.doubles()[to] = filter.doubles()[from];
                            }
                        }
                    }
                }
            }
        }
        return sub;
    }

    /** An algorithm that writes zeros everywhere: a gradient that nothing contributes to. */
    private static Conv2dAlgorithm zeros() {
        return new Conv2dAlgorithm() {
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
                return "zeros";
            }
        };
    }

    @Override
    public void run(Tensor input, Tensor output, Parallelism parallelism) {
        if (whole != null) {
            whole.run(input, output, parallelism);
        } else {
            parallelism.forEach(parts, body, input, output);
        }
    }

    /** Part {@code part} of all phases: a part of a phase with taps, or a whole zero phase. */
    private void part(int part, Tensor input, Tensor output) {
        int phase = phases.length;
        if (part < firstPart[phase]) {
            // Few phases (stride^2): a linear search is as good as any.
            phase = 0;
            while (part >= firstPart[phase + 1]) {
                phase++;
            }
            phases[phase].part(part - firstPart[phase], input, output);
        } else {
            int z = part - firstPart[phase];
            fillZeros(zeroPhases[z], zeroPhaseSizes[z][0], zeroPhaseSizes[z][1], output);
        }
    }

    private void fillZeros(OutputLayout layout, int rows, int cols, Tensor output) {
        int c = forward.channels();
        boolean nhwc = forward.format() == DataFormat.NHWC;
        for (int b = 0; b < forward.batch(); b++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int at = layout.index(b, y, x, 0);
                    if (nhwc) {
                        if (output.dtype() == DType.FLOAT32) {
                            Arrays.fill(output.floats(), at, at + c, 0f);
                        } else {
                            Arrays.fill(output.doubles(), at, at + c, 0d);
                        }
                    } else {
                        for (int k = 0; k < c; k++) {
                            if (output.dtype() == DType.FLOAT32) {
                                output.floats()[at + k * layout.channelStride()] = 0f;
                            } else {
                                output.doubles()[at + k * layout.channelStride()] = 0d;
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DType dtype() {
        return forward.dtype();
    }

    @Override
    public int[] inputShape() {
        return forward.outputShape();
    }

    @Override
    public int[] outputShape() {
        return forward.inputShape();
    }

    /** The forward convolution's multiply-adds, times two: what the gradient costs in principle. */
    @Override
    public double flops() {
        return forward.flops();
    }

    @Override
    public String describe() {
        String how;
        if (whole != null) {
            how = wholeDescription;
        } else {
            StringBuilder sb = new StringBuilder();
            sb.append(forward.strideH() * forward.strideW()).append(" sub-pixel phases, ").append(phases.length)
                    .append(" stride-1 correlations");
            if (zeroPhases.length > 0) {
                sb.append(" and ").append(zeroPhases.length).append(" zero");
            }
            if (phases.length > 0) {
                sb.append(": ").append(phases[0].describe());
            }
            how = sb.toString();
        }
        return name + " " + forward.describe() + " | " + how;
    }
}
