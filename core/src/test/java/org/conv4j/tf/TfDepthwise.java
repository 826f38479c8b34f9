package org.conv4j.tf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.conv4j.Conv2dOptions;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.family.TNumber;

/**
 * TensorFlow's depthwise and separable convolutions as test oracles, run on a {@link TfOracle}'s
 * session (TF 2.18 CPU kernels, oneDNN off).
 *
 * <ul>
 *   <li>{@link #rawDepthwise}: the {@code DepthwiseConv2dNative} op exactly as given; TF's
 *       exceptions come out as {@link TfOracle.Rejected}.
 *   <li>{@link #depthwise}: what {@code tf.nn.depthwise_conv2d} computes for a conv4j request:
 *       strides and dilations expanded to four numbers, rank &gt;= 5 folded to rank 4 (as conv4j
 *       folds them, like conv2d), NCHW run as NHWC between transposes (TF's CPU kernel refuses
 *       NCHW). With a dilation above 1 the native op refuses, so TF's grouped {@code Conv2D} is
 *       asked instead ({@code groups = C}, the filter read as {@code [KH, KW, 1, C*M]}): it
 *       follows the definition for every stride, while {@code tf.nn.depthwise_conv2d}'s
 *       space_to_batch route ({@link #depthwiseViaSpaceToBatch}) is only defined for stride 1.
 *   <li>{@link #separable}: {@code tf.nn.separable_conv2d}: the depthwise stage, then TF's
 *       {@code Conv2D} with the pointwise filter, stride 1, VALID.
 * </ul>
 *
 * <p>The translation is written here from TF's documented semantics, independently of conv4j's
 * own option handling.
 */
final class TfDepthwise {
    private final TfOracle tf;

    TfDepthwise(TfOracle tf) {
        this.tf = tf;
    }

    /**
     * TF's raw {@code DepthwiseConv2dNative} op.
     *
     * @param explicitPaddings the {@code explicit_paddings} attribute, or {@code null} for its
     *     default (empty)
     * @param dilations the {@code dilations} attribute, or {@code null} for the default
     * @param dataFormat the {@code data_format} attribute, or {@code null} for the default (NHWC)
     * @throws TfOracle.Rejected whatever TF throws
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Tensor rawDepthwise(Tensor input, Tensor filter, long[] strides, String padding, long[] explicitPaddings,
            long[] dilations, String dataFormat) {
        tf.recycleIfNeeded();
        List<DepthwiseConv2dNative.Options> options = new ArrayList<>();
        if (explicitPaddings != null) {
            options.add(DepthwiseConv2dNative.explicitPaddings(TfOracle.boxed(explicitPaddings)));
        }
        if (dilations != null) {
            options.add(DepthwiseConv2dNative.dilations(TfOracle.boxed(dilations)));
        }
        if (dataFormat != null) {
            options.add(DepthwiseConv2dNative.dataFormat(dataFormat));
        }
        // Input and filter may differ in dtype on purpose (TF must reject that): raw operands.
        Operand x = tf.constant(input);
        Operand w = tf.constant(filter);
        Ops ops = tf.ops();
        return TfOracle.tfCall(() -> TfOracle.toTensor(ops.nn.depthwiseConv2dNative(x, w,
                Arrays.asList(TfOracle.boxed(strides)), padding, options.toArray(new DepthwiseConv2dNative.Options[0]))));
    }

    /**
     * What {@code tf.nn.depthwise_conv2d(input, filter, strides, padding, data_format, dilations)}
     * computes for this conv4j request (algorithm, threads and executor ignored); see the class
     * comment for dilations.
     *
     * @throws TfOracle.Rejected whatever TF throws
     */
    Tensor depthwise(Tensor input, Tensor filter, Conv2dOptions options) {
        boolean nchw = options.dataFormat() == DataFormat.NCHW;
        long[] dilations = TfOracle.toNhwcFour(options.dilations(), nchw);
        if (dilations.length == 4 && (dilations[1] > 1 || dilations[2] > 1)) {
            return asGroupedConv2d(input, filter, options);
        }
        long[] strides = TfOracle.toNhwcFour(options.strides(), nchw);
        Padding padding = options.padding();
        long[] explicit = padding.kind() == Padding.Kind.EXPLICIT ? TfOracle.toNhwcExplicit(padding.values(), nchw) : null;
        int[] shape = input.shape();
        if (shape.length < 4) {
            return rawDepthwise(input, filter, strides, padding.kind().name(), explicit, dilations, "NHWC");
        }
        int lead = shape.length - 3;
        int batch = 1;
        for (int i = 0; i < lead; i++) {
            batch *= shape[i];
        }
        Tensor folded = input.reshape(batch, shape[lead], shape[lead + 1], shape[lead + 2]);
        Tensor nhwcIn = nchw ? tf.transpose(folded, 0, 2, 3, 1) : folded;
        Tensor nhwcOut = rawDepthwise(nhwcIn, filter, strides, padding.kind().name(), explicit, dilations, "NHWC");
        Tensor out = nchw ? tf.transpose(nhwcOut, 0, 3, 1, 2) : nhwcOut;
        int[] outShape = Arrays.copyOf(shape, shape.length);
        System.arraycopy(out.shape(), 1, outShape, lead, 3);
        return out.reshape(outShape);
    }

    /**
     * The depthwise convolution as TF's grouped {@code Conv2D}: {@code C} groups, the filter
     * {@code [KH, KW, C, M]} reshaped (row-major, no copy) to {@code [KH, KW, 1, C*M]}.
     *
     * @throws TfOracle.Rejected whatever TF throws
     */
    Tensor asGroupedConv2d(Tensor input, Tensor filter, Conv2dOptions options) {
        int[] f = filter.shape();
        Tensor grouped = f.length == 4 ? filter.reshape(f[0], f[1], 1, f[2] * f[3]) : filter;
        return tf.conv2d(input, grouped, options);
    }

    /**
     * {@code tf.nn.depthwise_conv2d} with a dilation above 1, as its Python code does it
     * ({@code nn_ops.with_space_to_batch}): pad (SAME: {@code (k - 1) * rate}, the odd pixel
     * after; VALID: none; explicit: as given) and pad more at the end to multiples of the rate,
     * {@code SpaceToBatchND}, the native op VALID with stride 1, {@code BatchToSpaceND} cropping
     * the extra. NHWC, rank 4, stride 1 (the only stride the route is documented for).
     *
     * @param padding SAME, VALID or explicit {@code top, bottom, left, right}
     * @throws TfOracle.Rejected whatever TF throws
     */
    Tensor depthwiseViaSpaceToBatch(Tensor input, Tensor filter, Padding padding, int rateH, int rateW) {
        int[] x = input.shape();
        int[] f = filter.shape();
        int[] rate = {rateH, rateW};
        int[][] base = new int[2][2];
        for (int d = 0; d < 2; d++) {
            switch (padding.kind()) {
                case SAME -> {
                    int extra = (f[d] - 1) * rate[d];
                    base[d][0] = extra / 2;
                    base[d][1] = extra - extra / 2;
                }
                case EXPLICIT -> {
                    base[d][0] = padding.values()[2 * d];
                    base[d][1] = padding.values()[2 * d + 1];
                }
                default -> {
                }
            }
        }
        // array_ops.required_space_to_batch_paddings
        int[][] paddings = new int[2][2];
        int[][] crops = new int[2][2];
        for (int d = 0; d < 2; d++) {
            int full = x[1 + d] + base[d][0] + base[d][1];
            int extra = (rate[d] - full % rate[d]) % rate[d];
            paddings[d][0] = base[d][0];
            paddings[d][1] = base[d][1] + extra;
            crops[d][1] = extra;
        }
        tf.recycleIfNeeded();
        Ops ops = tf.ops();
        @SuppressWarnings("unchecked")
        Operand<TNumber> xs = (Operand<TNumber>) tf.constant(input);
        @SuppressWarnings("unchecked")
        Operand<TNumber> w = (Operand<TNumber>) tf.constant(filter);
        return TfOracle.tfCall(() -> {
            Operand<TNumber> s2b = ops.spaceToBatchNd(xs, ops.constant(rate), ops.constant(paddings));
            Operand<TNumber> conv = ops.nn.depthwiseConv2dNative(s2b, w, List.of(1L, 1L, 1L, 1L), "VALID");
            return TfOracle.toTensor(ops.batchToSpaceNd(conv, ops.constant(rate), ops.constant(crops)));
        });
    }

    /**
     * What {@code tf.nn.separable_conv2d} computes: {@link #depthwise}, then TF's Conv2D with
     * the pointwise filter, stride 1, VALID, the same data format.
     *
     * @throws TfOracle.Rejected whatever TF throws
     */
    Tensor separable(Tensor input, Tensor depthwiseFilter, Tensor pointwiseFilter, Conv2dOptions options) {
        Tensor mid = depthwise(input, depthwiseFilter, options);
        return tf.conv2d(mid, pointwiseFilter, Conv2dOptions.builder().dataFormat(options.dataFormat()).build());
    }
}
