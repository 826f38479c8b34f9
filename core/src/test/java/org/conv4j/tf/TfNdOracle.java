package org.conv4j.tf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.conv4j.Conv2dOptions;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.types.family.TNumber;

/**
 * The real TensorFlow as the oracle for conv1d and conv3d, on top of {@link TfOracle}'s session.
 *
 * <ul>
 *   <li>{@link #rawConv3d}: TF's raw {@code Conv3D} op exactly as given; TF's exceptions come
 *       out as {@link TfOracle.Rejected}.
 *   <li>{@link #conv1d}: what {@code tf.nn.conv1d} does (nn_ops.py): a height of 1 inserted into
 *       input and filter, strides and dilations {@code [1] + _get_sequence(...)}, Conv2D
 *       ({@link TfOracle#conv2d}, which folds extra batch dimensions and runs NCHW between
 *       transposes), the height squeezed out.
 *   <li>{@link #conv3d}: what {@code tf.nn.conv3d} computes for a conv4j request, with TF's own
 *       arithmetic where TF's CPU kernel refuses the request, each by the identity TF's tests or
 *       the definition give: NCDHW between two TF transposes; dilations by a filter with
 *       {@code d - 1} zeros between its taps (the same sum, the same SAME padding, since the
 *       dilated size is the size); groups as a conv3d per group, concatenated
 *       ({@code _VerifyGroupConvFwd}'s definition); explicit padding (which Conv3D lacks) as
 *       {@code tf.pad} then VALID; extra batch dimensions folded and unfolded
 *       ({@code squeeze_batch_dims}). A request TF must reject is sent as is.
 *       <p>One place where TF's CPU Conv3D computes something else than TF's definition: SAME
 *       where the windows need 2 or more less than the input (e.g. size 3, stride 3, kernel 1).
 *       That kernel pads by Eigen's unclamped formula, a negative amount that moves every window
 *       inwards; TF's Conv2D, its GPU Conv3D and its documentation pad {@code max(0, ...)}. The
 *       oracle then asks TF for the documented padding, as explicit amounts (conv4j's choice;
 *       {@code TensorFlowNdConvCasesTest} pins the kernel's behaviour).
 * </ul>
 *
 * <p>Each step copies its result into Java arrays, so the session may be replaced between steps.
 */
final class TfNdOracle {
    private final TfOracle base;

    TfNdOracle(TfOracle base) {
        this.base = base;
    }

    /**
     * TF's raw {@code Conv3D} op.
     *
     * @param dilations the attribute, or {@code null} for the default
     * @param dataFormat the attribute, or {@code null} for the default (NDHWC)
     * @throws TfOracle.Rejected whatever TF throws
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Tensor rawConv3d(Tensor input, Tensor filter, long[] strides, String padding, long[] dilations, String dataFormat) {
        base.recycleIfNeeded();
        Ops tf = base.ops();
        List<Conv3d.Options> options = new ArrayList<>();
        if (dilations != null) {
            options.add(Conv3d.dilations(boxed(dilations)));
        }
        if (dataFormat != null) {
            options.add(Conv3d.dataFormat(dataFormat));
        }
        // Raw operands: input and filter may differ in dtype on purpose (TF must reject that).
        Operand x = base.constant(input);
        Operand w = base.constant(filter);
        return TfOracle.tfCall(() -> TfOracle.toTensor(tf.nn.conv3d(x, w, Arrays.asList(boxed(strides)), padding,
                options.toArray(new Conv3d.Options[0]))));
    }

    /** What {@code tf.nn.conv1d(input, filters, stride, padding, data_format, dilations)} computes. */
    Tensor conv1d(Tensor input, Tensor filter, Conv2dOptions options) {
        boolean nwc = options.dataFormat() == DataFormat.NHWC;
        // nn_ops.conv1d: strides = [1] + _get_sequence(stride, 1, channel_index, "stride"), in data-format order.
        Conv2dOptions.Builder conv2d = options.toBuilder()
                .strides(four(options.strides(), nwc))
                .dilations(four(options.dilations(), nwc));
        if (options.padding().kind() == Padding.Kind.EXPLICIT) {
            int[] lr = options.padding().values();
            conv2d.padding(Padding.explicit(0, 0, lr[0], lr[1]));
        }
        int[] shape = input.shape();
        int at = shape.length - (nwc ? 2 : 1); // expand_dims(value, -3) or (value, -2)
        int[] expanded = insert(shape, at);
        Tensor out = base.conv2d(input.reshape(expanded), filter.reshape(insert(filter.shape(), 0)), conv2d.build());
        int[] outShape = out.shape();
        int[] squeezed = new int[outShape.length - 1];
        System.arraycopy(outShape, 0, squeezed, 0, at);
        System.arraycopy(outShape, at + 1, squeezed, at, outShape.length - at - 1);
        return out.reshape(squeezed);
    }

    /** {@code [1] + _get_sequence(value, 1, channel_index)}: 4 numbers in NHWC or NCHW order. */
    private static int[] four(int[] v, boolean nwc) {
        int[] seq = v.length == 1 ? (nwc ? new int[] {1, v[0], 1} : new int[] {1, 1, v[0]}) : v;
        int[] r = new int[seq.length + 1];
        r[0] = 1;
        System.arraycopy(seq, 0, r, 1, seq.length);
        return r;
    }

    /** What TF computes for {@code Convolution.conv3d(input, filter, options)}; see the class comment. */
    Tensor conv3d(Tensor input, Tensor filter, Conv2dOptions options) {
        boolean ncdhw = options.dataFormat() == DataFormat.NCHW;
        long[] strides = ndhwcFive(options.strides(), ncdhw);
        long[] dilations = ndhwcFive(options.dilations(), ncdhw);
        Padding padding = options.padding();
        int[] shape = input.shape();
        if (shape.length < 5 || filter.rank() != 5 || input.dtype() != filter.dtype()) {
            return rawConv3d(input, filter, strides, padding.kind().name(), dilations, ncdhw ? "NCDHW" : "NDHWC");
        }
        // squeeze_batch_dims: [batch..., a, b, c, d] -> [N, a, b, c, d]
        int lead = shape.length - 4;
        int batch = 1;
        for (int i = 0; i < lead; i++) {
            batch *= shape[i];
        }
        Tensor x = input.reshape(batch, shape[lead], shape[lead + 1], shape[lead + 2], shape[lead + 3]);
        if (ncdhw) {
            x = base.transpose(x, 0, 2, 3, 4, 1);
        }
        boolean spatialOnly = dilations[0] == 1 && dilations[4] == 1;
        Tensor w = filter;
        if (spatialOnly && (dilations[1] > 1 || dilations[2] > 1 || dilations[3] > 1)) {
            w = dilate(filter, (int) dilations[1], (int) dilations[2], (int) dilations[3]);
            dilations = new long[] {1, 1, 1, 1, 1};
        }
        String paddingName = padding.kind().name();
        if (padding.kind() == Padding.Kind.SAME && eigenSamePaddingDiffers(x, w, strides, dilations)) {
            // TF's CPU Conv3D pads SAME by Eigen's formula, which goes negative (and moves every
            // window) where TF's own (Conv2D, the GPU Conv3D, the docs) clamps at 0: ask TF for
            // TF's documented SAME instead, as explicit amounts.
            padding = Padding.explicit(samePadding(x, w, strides, dilations));
        }
        if (padding.kind() == Padding.Kind.EXPLICIT) {
            int[] p = padding.values();
            if (p.length != 6) {
                throw new IllegalArgumentException("the oracle takes 6 explicit values, got " + Arrays.toString(p));
            }
            x = pad(x, p);
            paddingName = "VALID";
        }
        int c = x.dim(4);
        int kc = w.dim(3);
        int oc = w.dim(4);
        Tensor y;
        if (kc > 0 && c > kc && c % kc == 0 && oc % (c / kc) == 0) {
            int groups = c / kc;
            List<Tensor> parts = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                parts.add(rawConv3d(channels(x, g * kc, kc), channels(w, g * (oc / groups), oc / groups), strides, paddingName,
                        dilations, "NDHWC"));
            }
            y = concatChannels(parts);
        } else {
            y = rawConv3d(x, w, strides, paddingName, dilations, "NDHWC");
        }
        if (ncdhw) {
            y = base.transpose(y, 0, 4, 1, 2, 3);
        }
        int[] outShape = Arrays.copyOf(shape, shape.length);
        System.arraycopy(y.shape(), 1, outShape, lead, 4);
        return y.reshape(outShape);
    }

    /**
     * Whether Eigen's SAME padding ({@code ((out - 1) * s + k_eff - n) / 2}, unclamped), which
     * TF's CPU Conv3D uses, differs from TF's documented one ({@code max(0, ...) / 2}) in some
     * dimension of an NDHWC problem: where the windows need 2 or more less than the input.
     */
    static boolean eigenSamePaddingDiffers(Tensor x, Tensor w, long[] strides, long[] dilations) {
        for (int a = 0; a < 3; a++) {
            long n = x.dim(1 + a);
            long s = strides[1 + a];
            long eff = (w.dim(a) - 1) * dilations[1 + a] + 1;
            if (s > 0 && ((n + s - 1) / s - 1) * s + eff - n <= -2) {
                return true;
            }
        }
        return false;
    }

    /** TF's documented SAME padding of an NDHWC problem: front, back, top, bottom, left, right. */
    private static int[] samePadding(Tensor x, Tensor w, long[] strides, long[] dilations) {
        int[] p = new int[6];
        for (int a = 0; a < 3; a++) {
            long n = x.dim(1 + a);
            long s = strides[1 + a];
            long eff = (w.dim(a) - 1) * dilations[1 + a] + 1;
            long needed = Math.max(0, ((n + s - 1) / s - 1) * s + eff - n);
            p[2 * a] = (int) (needed / 2);
            p[2 * a + 1] = (int) (needed - needed / 2);
        }
        return p;
    }

    /** conv4j's 1-, 3- or 5-number strides/dilations as TF's 5 in NDHWC order (other lengths as given). */
    private static long[] ndhwcFive(int[] v, boolean ncdhw) {
        return switch (v.length) {
            case 1 -> new long[] {1, v[0], v[0], v[0], 1};
            case 3 -> new long[] {1, v[0], v[1], v[2], 1};
            // [n, c, d, h, w] -> [n, d, h, w, c]; wrong batch/channel entries travel along for TF to see.
            case 5 -> ncdhw ? new long[] {v[0], v[2], v[3], v[4], v[1]} : new long[] {v[0], v[1], v[2], v[3], v[4]};
            default -> Arrays.stream(v).asLongStream().toArray();
        };
    }

    /** A filter {@code [KD, KH, KW, KC, OC]} with {@code d - 1} zero taps between its taps in each dimension. */
    static Tensor dilate(Tensor filter, int dd, int dh, int dw) {
        int kd = filter.dim(0);
        int kh = filter.dim(1);
        int kw = filter.dim(2);
        int inner = filter.dim(3) * filter.dim(4);
        int[] shape = {(kd - 1) * dd + 1, (kh - 1) * dh + 1, (kw - 1) * dw + 1, filter.dim(3), filter.dim(4)};
        Tensor out = Tensor.zeros(filter.dtype(), shape);
        for (int z = 0; z < kd; z++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    int src = ((z * kh + y) * kw + x) * inner;
                    int dst = (((z * dd) * shape[1] + y * dh) * shape[2] + x * dw) * inner;
                    copy(filter, src, out, dst, inner);
                }
            }
        }
        return out;
    }

    /** {@code tf.pad} with zeros of an NDHWC tensor: {@code p} = front, back, top, bottom, left, right. */
    private Tensor pad(Tensor x, int[] p) {
        base.recycleIfNeeded();
        Ops tf = base.ops();
        int[][] pairs = {{0, 0}, {p[0], p[1]}, {p[2], p[3]}, {p[4], p[5]}, {0, 0}};
        return TfOracle.tfCall(() -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Operand<TNumber> xx = (Operand) base.constant(x);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Operand<TNumber> zero = (Operand) (x.dtype() == DType.FLOAT32 ? tf.constant(0f) : tf.constant(0d));
            return TfOracle.toTensor(tf.pad(xx, tf.constant(pairs), zero));
        });
    }

    /** Channels {@code from .. from+count-1} (last axis) of a tensor. */
    static Tensor channels(Tensor t, int from, int count) {
        int c = t.dim(t.rank() - 1);
        int[] shape = t.shape();
        shape[shape.length - 1] = count;
        Tensor out = Tensor.zeros(t.dtype(), shape);
        int pixels = c == 0 ? 0 : t.size() / c;
        for (int p = 0; p < pixels; p++) {
            copy(t, p * c + from, out, p * count, count);
        }
        return out;
    }

    /** Concatenation along the last axis. */
    static Tensor concatChannels(List<Tensor> parts) {
        int[] shape = parts.get(0).shape();
        int last = shape.length - 1;
        int total = 0;
        for (Tensor t : parts) {
            total += t.dim(last);
        }
        int pixels = shape[last] == 0 ? 0 : parts.get(0).size() / shape[last];
        shape[last] = total;
        Tensor out = Tensor.zeros(parts.get(0).dtype(), shape);
        int at = 0;
        for (Tensor t : parts) {
            int c = t.dim(last);
            for (int p = 0; p < pixels; p++) {
                copy(t, p * c, out, p * total + at, c);
            }
            at += c;
        }
        return out;
    }

    private static void copy(Tensor src, int from, Tensor dst, int to, int count) {
        if (src.dtype() == DType.FLOAT32) {
            System.arraycopy(src.floats(), from, dst.floats(), to, count);
        } else {
            System.arraycopy(src.doubles(), from, dst.doubles(), to, count);
        }
    }

    private static int[] insert(int[] shape, int at) {
        int[] out = new int[shape.length + 1];
        System.arraycopy(shape, 0, out, 0, at);
        out[at] = 1;
        System.arraycopy(shape, at, out, at + 1, shape.length - at);
        return out;
    }

    private static Long[] boxed(long[] a) {
        Long[] r = new Long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }
}
