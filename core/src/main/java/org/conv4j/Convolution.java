package org.conv4j;

import java.util.Arrays;
import org.conv4j.internal.algo.Conv2dAlgorithm;
import org.conv4j.internal.algo.Conv2dAlgorithms;
import org.conv4j.internal.algo.DepthStackedConv3d;
import org.conv4j.internal.algo.EmptyConv3d;
import org.conv4j.internal.algo.ReferenceConv3d;
import org.conv4j.internal.geometry.Conv1dValidator;
import org.conv4j.internal.geometry.Conv2dGeometry;
import org.conv4j.internal.geometry.Conv2dValidator;
import org.conv4j.internal.geometry.Conv3dGeometry;
import org.conv4j.internal.geometry.Conv3dValidator;
import org.conv4j.internal.plan.Conv2dOperation;
import org.conv4j.internal.plan.Conv3dOperation;
import org.conv4j.internal.plan.ConvOperation;
import org.conv4j.internal.plan.ReshapedOperation;

/**
 * TensorFlow's {@code tf.nn.conv1d}, {@code tf.nn.conv3d} and {@code tf.nn.convolution} (which
 * picks conv1d, conv2d or conv3d by the filter's rank), with TensorFlow's shapes, options,
 * defaults and errors; {@link Conv2d} has conv2d itself. Cross-correlations, as in TensorFlow:
 * the filter is not flipped.
 *
 * <p>The options are {@link Conv2dOptions}, read per operation:
 * <ul>
 *   <li>data format: {@link DataFormat#NHWC} means channels last ({@code NWC} for conv1d,
 *       {@code NDHWC} for conv3d, TensorFlow's defaults), {@link DataFormat#NCHW} channels first
 *       ({@code NCW}, {@code NCDHW});
 *   <li>strides and dilations: 1 number for every spatial dimension, one number per spatial
 *       dimension (1 for conv1d, 3 for conv3d: depth, height, width), or that many plus 2 in
 *       data-format order with 1 for batch and channels;
 *   <li>padding: {@link Padding#SAME}, {@link Padding#VALID}, or explicit, a {@code before,
 *       after} pair per spatial dimension: {@code Padding.explicit(left, right)} for conv1d,
 *       {@code Padding.explicit(front, back, top, bottom, left, right)} for conv3d (TensorFlow's
 *       conv1d and conv3d have no explicit padding; conv4j takes it as conv2d does);
 *   <li>threads, executor and algorithm as for conv2d (the algorithm computes conv3d's depth
 *       slices, see {@link #conv3d}).
 * </ul>
 *
 * <p>Input and filter must have the same dtype (float32 or float64), which the output takes.
 * Extra leading batch dimensions are folded, as TensorFlow does. Every method validates
 * everything before any work and throws {@link IllegalArgumentException} with TensorFlow's
 * message where TensorFlow has one. Where TensorFlow's CPU kernel refuses what TensorFlow
 * computes elsewhere (channels first, conv3d dilations and groups), conv4j computes it.
 * Results are bitwise identical for any thread count.
 */
public final class Convolution {
    private Convolution() {
    }

    // ---- conv1d ----

    /**
     * TensorFlow's {@code tf.nn.conv1d(input, filters, stride, padding, data_format, dilations)},
     * into a new tensor.
     *
     * <pre>{@code
     * out[b, x, k] = sum_{dx, q} in[b, x*s + dx*d - padLeft, g*KC + q] * filter[dx, q, k]   (g = k / (OC / groups))
     * }</pre>
     *
     * <ul>
     *   <li>input: {@code batch + [W, C]} (NWC) or {@code batch + [C, W]} (NCW), rank 3 or more;
     *   <li>filter: {@code [KW, C/groups, OC]};
     *   <li>output: {@code batch + [OW, OC]} or {@code batch + [OC, OW]}.
     * </ul>
     *
     * As in TensorFlow, conv1d is conv2d with a height of 1 inserted into input and filter (no
     * copy: the same arrays), so its checks and messages are conv2d's ({@code Conv2D}'s); a
     * strides or dilations length error names {@code stride}, as {@code tf.nn.conv1d} does.
     * Unlike TensorFlow's wrapper, the 3-number forms must have 1 in the batch and channel
     * entries (TensorFlow shifts them onto the inserted height, where an NWC batch stride has no
     * effect instead of being refused). TensorFlow's CPU kernel refuses NCW; conv4j computes it.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static Tensor conv1d(Tensor input, Tensor filter, Conv2dOptions options) {
        return conv1dPlan(input.shape(), input.dtype(), filter, options).execute(input);
    }

    /**
     * Validates and prepares a conv1d (see {@link #conv1d}) of inputs of {@code inputShape}, as
     * {@link Conv2d#plan(int[], Tensor, Conv2dOptions)} does for conv2d.
     *
     * @throws IllegalArgumentException if the shapes or options are invalid
     */
    public static ConvPlan conv1dPlan(int[] inputShape, Tensor filter, Conv2dOptions options) {
        return conv1dPlan(inputShape, filter.dtype(), filter, options);
    }

    /**
     * Like {@link #conv1dPlan(int[], Tensor, Conv2dOptions)}, for inputs of {@code inputType}.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static ConvPlan conv1dPlan(int[] inputShape, DType inputType, Tensor filter, Conv2dOptions options) {
        return new ConvPlan(conv1dOperation(inputShape, inputType, filter, options, "stride"), options);
    }

    // ---- conv3d ----

    /**
     * TensorFlow's {@code tf.nn.conv3d(input, filters, strides, padding, data_format, dilations)},
     * into a new tensor.
     *
     * <pre>{@code
     * out[b, z, y, x, k] = sum_{dz, dy, dx, q} in[b, z*sd + dz*dd - padFront, y*sh + dy*dh - padTop,
     *                                             x*sw + dx*dw - padLeft, g*KC + q] * filter[dz, dy, dx, q, k]
     * }</pre>
     *
     * <ul>
     *   <li>input: {@code batch + [D, H, W, C]} (NDHWC) or {@code batch + [C, D, H, W]} (NCDHW),
     *       rank 5 or more;
     *   <li>filter: {@code [KD, KH, KW, C/groups, OC]}; several groups are computed, as on
     *       TensorFlow's GPU (its CPU kernel refuses them);
     *   <li>output: {@code batch + [OD, OH, OW, OC]} or {@code batch + [OC, OD, OH, OW]}.
     * </ul>
     *
     * Checks and messages are TensorFlow 2.18's {@code Conv3D} kernel's. TensorFlow's CPU kernel
     * also refuses NCDHW and dilations; conv4j computes both.
     *
     * <p>How: an output depth slice is a conv2d, over height and width, of the input depth
     * slices its window reads, stacked as channels, with the filter reordered once to
     * {@code [KH, KW, KD*KC, OC]}; conv2d's algorithms (GEMM, Winograd for 3x3x3 stride-1
     * layers) compute blocks of such slices. A filter of depth 1 with depth stride 1 and no depth
     * padding needs no stacking: each channels-last depth slice is an image. NCDHW is stacked
     * channels-last and transposed back in the same passes. {@code Algorithm.REFERENCE} selects
     * plain 3-D loops instead.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static Tensor conv3d(Tensor input, Tensor filter, Conv2dOptions options) {
        return conv3dPlan(input.shape(), input.dtype(), filter, options).execute(input);
    }

    /**
     * Validates and prepares a conv3d (see {@link #conv3d}) of inputs of {@code inputShape}, as
     * {@link Conv2d#plan(int[], Tensor, Conv2dOptions)} does for conv2d.
     *
     * @throws IllegalArgumentException if the shapes or options are invalid
     */
    public static ConvPlan conv3dPlan(int[] inputShape, Tensor filter, Conv2dOptions options) {
        return conv3dPlan(inputShape, filter.dtype(), filter, options);
    }

    /**
     * Like {@link #conv3dPlan(int[], Tensor, Conv2dOptions)}, for inputs of {@code inputType}.
     *
     * @throws IllegalArgumentException if the shapes, dtypes or options are invalid
     */
    public static ConvPlan conv3dPlan(int[] inputShape, DType inputType, Tensor filter, Conv2dOptions options) {
        return new ConvPlan(conv3dOperation(inputShape, inputType, filter, options), options);
    }

    // ---- convolution: any of them by the filter's rank ----

    /**
     * TensorFlow's {@code tf.nn.convolution(input, filters, strides, padding, data_format,
     * dilations)}: conv1d, conv2d or conv3d as the filter has rank 3, 4 or 5 (TensorFlow's
     * {@code num_spatial_dims = filter rank - 2}), with that operation's shapes, checks and
     * messages (strides errors name {@code strides}), as {@code tf.nn.convolution} gives them
     * without dilations. With dilations, TensorFlow's CPU path goes through space-to-batch,
     * whose Python wrapper words a few rank and channel errors itself and refuses strides above
     * 1; conv4j keeps the operation's words and, as {@code tf.nn.conv2d} and TensorFlow on TPUs
     * do, combines strides and dilations.
     *
     * @throws IllegalArgumentException if the filter's rank is not 3, 4 or 5, or the shapes,
     *     dtypes or options are invalid for that operation
     */
    public static Tensor convolution(Tensor input, Tensor filter, Conv2dOptions options) {
        return plan(input.shape(), input.dtype(), filter, options).execute(input);
    }

    /**
     * Validates and prepares {@link #convolution} for inputs of {@code inputShape}.
     *
     * @throws IllegalArgumentException as {@link #convolution}
     */
    public static ConvPlan plan(int[] inputShape, Tensor filter, Conv2dOptions options) {
        return plan(inputShape, filter.dtype(), filter, options);
    }

    /**
     * Like {@link #plan(int[], Tensor, Conv2dOptions)}, for inputs of {@code inputType}.
     *
     * @throws IllegalArgumentException as {@link #convolution}
     */
    public static ConvPlan plan(int[] inputShape, DType inputType, Tensor filter, Conv2dOptions options) {
        return switch (spatialDimensions(filter.shape())) {
            case 1 -> new ConvPlan(conv1dOperation(inputShape, inputType, filter, options, "strides"), options);
            case 2 -> Conv2d.plan(inputShape, inputType, filter, options);
            default -> conv3dPlan(inputShape, inputType, filter, options);
        };
    }

    /**
     * The output shape of {@link #convolution} (conv1d, conv2d or conv3d by the filter's rank)
     * for these shapes and options, float32 assumed.
     *
     * @throws IllegalArgumentException as {@link #convolution}
     */
    public static int[] outputShape(int[] inputShape, int[] filterShape, Conv2dOptions options) {
        DType f32 = DType.FLOAT32;
        return switch (spatialDimensions(filterShape)) {
            case 1 -> Conv1dValidator.outputShape(Conv1dValidator.validate(inputShape, f32, filterShape, f32, options, "strides"));
            case 2 -> Conv2dValidator.validate(inputShape, f32, filterShape, f32, options).outputShape();
            default -> Conv3dValidator.validate(inputShape, f32, filterShape, f32, options).outputShape();
        };
    }

    /** TensorFlow's {@code num_spatial_dims}: the filter's rank minus 2, which must be 1, 2 or 3. */
    private static int spatialDimensions(int[] filterShape) {
        int n = filterShape.length - 2;
        if (n < 1 || n > 3) {
            throw new IllegalArgumentException("`num_spatial_dims` must be 1, 2, or 3. Received: num_spatial_dims=" + n
                    + ". (the filter's rank minus 2; filter shape " + Arrays.toString(filterShape) + ")");
        }
        return n;
    }

    // ---- the operations ----

    private static ConvOperation conv1dOperation(int[] inputShape, DType inputType, Tensor filter, Conv2dOptions options,
            String stridesName) {
        Conv2dGeometry g = Conv1dValidator.validate(inputShape, inputType, filter.shape(), filter.dtype(), options,
                stridesName);
        // [KW, KC, OC] is [1, KW, KC, OC]: the same array.
        Tensor filter2d = filter.reshape(1, g.filterWidth(), g.filterChannels(), g.outChannels());
        Conv2dAlgorithm algorithm = Conv2dAlgorithms.choose(g, filter2d, options.algorithm());
        return new ReshapedOperation("conv1d", new Conv2dOperation("conv2d", g, algorithm), inputShape.clone(),
                Conv1dValidator.outputShape(g));
    }

    private static ConvOperation conv3dOperation(int[] inputShape, DType inputType, Tensor filter, Conv2dOptions options) {
        Conv3dGeometry g = Conv3dValidator.validate(inputShape, inputType, filter.shape(), filter.dtype(), options);
        if (EmptyConv3d.applies(g)) {
            return new Conv3dOperation(g, new EmptyConv3d(g));
        }
        Algorithm choice = options.algorithm();
        if (choice == Algorithm.REFERENCE) {
            return new Conv3dOperation(g, new ReferenceConv3d(g, filter));
        }
        if (g.format() == DataFormat.NHWC && g.filterDepth() == 1 && g.strideD() == 1 && g.padFront() == 0
                && g.padBack() == 0) {
            // Each depth slice meets one filter slice: batch * depth channels-last images, one conv2d.
            Conv2dGeometry images = new Conv2dGeometry(g.dtype(), DataFormat.NHWC, new int[] {g.batch() * g.depth()},
                    g.batch() * g.depth(), g.height(), g.width(), g.channels(), g.filterHeight(), g.filterWidth(),
                    g.filterChannels(), g.outChannels(), g.groups(), g.strideH(), g.strideW(), g.dilationH(), g.dilationW(),
                    g.padTop(), g.padBottom(), g.padLeft(), g.padRight(), g.outHeight(), g.outWidth());
            Tensor filter2d = filter.reshape(g.filterHeight(), g.filterWidth(), g.filterChannels(), g.outChannels());
            Conv2dAlgorithm algorithm = Conv2dAlgorithms.choose(images, filter2d, choice);
            return new ReshapedOperation("conv3d", new Conv2dOperation("conv2d", images, algorithm), g.inputShape(),
                    g.outputShape());
        }
        return new Conv3dOperation(g, new DepthStackedConv3d(g, filter, choice));
    }
}
