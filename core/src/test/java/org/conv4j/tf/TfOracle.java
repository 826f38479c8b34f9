package org.conv4j.tf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.conv4j.Algorithm;
import org.conv4j.Conv2dOptions;
import org.conv4j.ConvPlan;
import org.conv4j.DType;
import org.conv4j.DataFormat;
import org.conv4j.Padding;
import org.conv4j.Tensor;
import org.tensorflow.EagerSession;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * The real TensorFlow as a test oracle: runs TF's raw {@code Conv2D} op (TF 2.18 CPU kernels,
 * through TF-Java) in an {@link EagerSession} on conv4j {@link Tensor}s.
 *
 * <p>Surefire sets {@code TF_ENABLE_ONEDNN_OPTS=0}: with oneDNN, TF gives wrong answers and skips
 * validation in some corners, so it would not be an oracle.
 *
 * <p>Two entry points:
 * <ul>
 *   <li>{@link #rawConv2d}: the op exactly as given (attributes in data-format order, no
 *       reshapes or transposes). TF's own exceptions come out as {@link Rejected}, carrying
 *       TF's message.
 *   <li>{@link #conv2d}: what Python's {@code tf.nn.conv2d} does for a conv4j request: 1- or
 *       2-number strides/dilations expanded to 4, rank &gt;= 5 inputs folded to rank 4 and back
 *       ({@code squeeze_batch_dims}), and, because TF's CPU kernel rejects NCHW, NCHW run as
 *       NHWC between two transposes. The translation is written here from TF's documented
 *       semantics, independently of conv4j's own option handling.
 * </ul>
 *
 * <p>Every tensor TF makes is owned by the session; the session is replaced every
 * {@value #CALLS_PER_SESSION} calls so that a long test run does not pile up native memory.
 * Results are copied into Java arrays before that happens.
 */
final class TfOracle implements AutoCloseable {
    private static final int CALLS_PER_SESSION = 200;

    private EagerSession session;
    private Ops tf;
    private int calls;

    TfOracle() {
        open();
    }

    private void open() {
        session = EagerSession.create();
        tf = Ops.create(session);
        calls = 0;
    }

    /** Call before each TF call: replaces the session every {@value #CALLS_PER_SESSION} calls. */
    void recycleIfNeeded() {
        if (++calls > CALLS_PER_SESSION) {
            session.close();
            open();
        }
    }

    @Override
    public void close() {
        session.close();
    }

    /** The ops of the current session (call {@link #recycleIfNeeded} first). */
    Ops ops() {
        return tf;
    }

    /**
     * TF's raw {@code Conv2D} op.
     *
     * @param strides the {@code strides} attribute as given (TF requires 4 numbers)
     * @param padding {@code "SAME"}, {@code "VALID"} or {@code "EXPLICIT"} (or anything, to see
     *     TF reject it)
     * @param explicitPaddings the {@code explicit_paddings} attribute, or {@code null} to leave it
     *     at its default (empty)
     * @param dilations the {@code dilations} attribute, or {@code null} for the default
     * @param dataFormat the {@code data_format} attribute, or {@code null} for the default (NHWC)
     * @return TF's output, with TF's shape
     * @throws Rejected whatever TF throws
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Tensor rawConv2d(Tensor input, Tensor filter, long[] strides, String padding, long[] explicitPaddings,
            long[] dilations, String dataFormat) {
        recycleIfNeeded();
        List<Conv2d.Options> options = new ArrayList<>();
        if (explicitPaddings != null) {
            options.add(Conv2d.explicitPaddings(boxed(explicitPaddings)));
        }
        if (dilations != null) {
            options.add(Conv2d.dilations(boxed(dilations)));
        }
        if (dataFormat != null) {
            options.add(Conv2d.dataFormat(dataFormat));
        }
        // Input and filter may have different dtypes here on purpose (TF must reject that), so the
        // operands are raw.
        Operand x = constant(input);
        Operand w = constant(filter);
        return tfCall(() -> toTensor(tf.nn.conv2d(x, w, Arrays.asList(boxed(strides)), padding,
                options.toArray(new Conv2d.Options[0]))));
    }

    /**
     * What {@code tf.nn.conv2d(input, filter, strides, padding, data_format, dilations)} computes
     * for this conv4j request (the algorithm, threads and executor of the options are ignored).
     *
     * @throws Rejected whatever TF throws
     */
    Tensor conv2d(Tensor input, Tensor filter, Conv2dOptions options) {
        boolean nchw = options.dataFormat() == DataFormat.NCHW;
        long[] strides = toNhwcFour(options.strides(), nchw);
        long[] dilations = toNhwcFour(options.dilations(), nchw);
        Padding padding = options.padding();
        String paddingName = padding.kind().name();
        long[] explicit = padding.kind() == Padding.Kind.EXPLICIT ? toNhwcExplicit(padding.values(), nchw) : null;

        int[] shape = input.shape();
        if (shape.length < 4) {
            // The raw op rejects it; nothing to fold or transpose.
            return rawConv2d(input, filter, strides, paddingName, explicit, dilations, "NHWC");
        }
        int lead = shape.length - 3;
        int[] batchShape = Arrays.copyOf(shape, lead);
        int batch = 1;
        for (int d : batchShape) {
            batch *= d;
        }
        int[] inner = Arrays.copyOfRange(shape, lead, shape.length);
        // squeeze_batch_dims: [batch..., a, b, c] -> [N, a, b, c]
        Tensor folded = input.reshape(batch, inner[0], inner[1], inner[2]);
        Tensor nhwcIn = nchw ? transpose(folded, 0, 2, 3, 1) : folded;
        Tensor nhwcOut = rawConv2d(nhwcIn, filter, strides, paddingName, explicit, dilations, "NHWC");
        Tensor out = nchw ? transpose(nhwcOut, 0, 3, 1, 2) : nhwcOut;
        int[] outShape = Arrays.copyOf(batchShape, shape.length);
        System.arraycopy(out.shape(), 1, outShape, lead, 3);
        return out.reshape(outShape);
    }

    /**
     * TF's raw {@code ExtractImagePatches} op ({@code tf.image.extract_patches}), eagerly: the
     * reference kernel, attributes exactly as given.
     *
     * @throws Rejected whatever TF throws
     */
    Tensor rawExtractImagePatches(Tensor input, long[] ksizes, long[] strides, long[] rates, String padding) {
        recycleIfNeeded();
        return tfCall(() -> toTensor(tf.image.extractImagePatches(constant(input), Arrays.asList(boxed(ksizes)),
                Arrays.asList(boxed(strides)), Arrays.asList(boxed(rates)), padding)));
    }

    /**
     * The output shape of {@code ExtractImagePatches} added to a graph, where TF runs the op's
     * shape function (which checks what the eager kernel does not, e.g. that the attributes have
     * exactly 4 values) on a placeholder of {@code inputShape}.
     *
     * @throws Rejected whatever TF throws
     */
    static long[] graphExtractImagePatchesShape(int[] inputShape, long[] ksizes, long[] strides, long[] rates,
            String padding) {
        try (Graph graph = new Graph()) {
            Ops g = Ops.create(graph);
            Placeholder<TFloat32> x = g.placeholder(TFloat32.class, Placeholder.shape(Shape.of(toLongs(inputShape))));
            return tfCall(() -> g.image.extractImagePatches(x, Arrays.asList(boxed(ksizes)), Arrays.asList(boxed(strides)),
                    Arrays.asList(boxed(rates)), padding).shape().asArray());
        }
    }

    /**
     * TF's raw {@code Conv2DBackpropInput} op ({@code conv2d_transpose} is the same op).
     *
     * @param inputSizes the {@code input_sizes} operand as given
     * @param strides the {@code strides} attribute as given (TF requires 4 numbers)
     * @param explicitPaddings the {@code explicit_paddings} attribute, or {@code null} for the default
     * @param dilations the {@code dilations} attribute, or {@code null} for the default
     * @param dataFormat the {@code data_format} attribute, or {@code null} for the default (NHWC)
     * @throws Rejected whatever TF throws
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Tensor rawConv2dBackpropInput(int[] inputSizes, Tensor filter, Tensor outBackprop, long[] strides, String padding,
            long[] explicitPaddings, long[] dilations, String dataFormat) {
        recycleIfNeeded();
        List<Conv2dBackpropInput.Options> options = new ArrayList<>();
        if (explicitPaddings != null) {
            options.add(Conv2dBackpropInput.explicitPaddings(boxed(explicitPaddings)));
        }
        if (dilations != null) {
            options.add(Conv2dBackpropInput.dilations(boxed(dilations)));
        }
        if (dataFormat != null) {
            options.add(Conv2dBackpropInput.dataFormat(dataFormat));
        }
        Operand w = constant(filter);
        Operand dy = constant(outBackprop);
        return tfCall(() -> toTensor(tf.nn.conv2dBackpropInput(tf.constant(inputSizes), w, dy,
                Arrays.asList(boxed(strides)), padding, options.toArray(new Conv2dBackpropInput.Options[0]))));
    }

    /**
     * What TensorFlow computes for conv4j's {@code conv2d_backprop_input} request, on its CPU
     * kernel, which takes only NHWC, dilation 1 and no groups. So, written here from TF's
     * documented semantics and independently of conv4j: NCHW runs as NHWC between transposes
     * (input_sizes reordered too); a dilated filter becomes the undilated filter with
     * {@code d - 1} zeros between its taps (the same forward convolution, so the same
     * gradient); a grouped filter becomes the block-diagonal full filter. Both are done only when
     * the request is otherwise well formed, so that TF still reports what is wrong with it;
     * {@link #expands} says whether they were.
     *
     * @throws Rejected whatever TF throws
     */
    Tensor conv2dBackpropInput(int[] inputSizes, Tensor filter, Tensor outBackprop, Conv2dOptions options) {
        boolean nchw = options.dataFormat() == DataFormat.NCHW;
        long[] strides = toNhwcFour(options.strides(), nchw);
        long[] dilations = toNhwcFour(options.dilations(), nchw);
        Padding padding = options.padding();
        long[] explicit = padding.kind() == Padding.Kind.EXPLICIT ? toNhwcExplicit(padding.values(), nchw) : null;
        if (outBackprop.rank() != 4) {
            return rawConv2dBackpropInput(inputSizes, filter, outBackprop, strides, padding.kind().name(), explicit,
                    dilations, "NHWC");
        }
        int[] sizes = nchw && inputSizes.length == 4
                ? new int[] {inputSizes[0], inputSizes[2], inputSizes[3], inputSizes[1]} : inputSizes;
        Tensor w = filter;
        if (filter.rank() == 4 && validDilation(dilations) && (dilations[1] > 1 || dilations[2] > 1)) {
            w = dilateFilter(w, (int) dilations[1], (int) dilations[2]);
            dilations = new long[] {dilations[0], 1, 1, dilations[3]};
        }
        int groups = groups(sizes, filter, outBackprop, nchw);
        if (groups > 1) {
            w = blockDiagonal(w, groups);
        }
        Tensor dy = nchw ? transpose(outBackprop, 0, 2, 3, 1) : outBackprop;
        Tensor dx;
        try {
            dx = rawConv2dBackpropInput(sizes, w, dy, strides, padding.kind().name(), explicit, dilations, "NHWC");
        } catch (Rejected e) {
            // TF numbers the spatial dimension in the layout it ran: H and W are 2 and 3 in NCHW.
            throw nchw ? e.withMessage(e.getMessage().replace("spatial_dim: 2 ", "spatial_dim: 3 ")
                    .replace("spatial_dim: 1 ", "spatial_dim: 2 ")) : e;
        }
        return nchw ? transpose(dx, 0, 3, 1, 2) : dx;
    }

    /** Whether {@link #conv2dBackpropInput} rewrites the filter of this request (dilation or groups). */
    static boolean expands(int[] inputSizes, Tensor filter, Tensor outBackprop, Conv2dOptions options) {
        boolean nchw = options.dataFormat() == DataFormat.NCHW;
        long[] dilations = toNhwcFour(options.dilations(), nchw);
        boolean dilated = filter.rank() == 4 && validDilation(dilations) && (dilations[1] > 1 || dilations[2] > 1);
        int[] sizes = nchw && inputSizes.length == 4
                ? new int[] {inputSizes[0], inputSizes[2], inputSizes[3], inputSizes[1]} : inputSizes;
        return dilated || outBackprop.rank() == 4 && groups(sizes, filter, outBackprop, nchw) > 1;
    }

    /** Dilations TF would accept but for its CPU kernel's refusal of rates above 1 (NHWC order). */
    private static boolean validDilation(long[] d) {
        return d.length == 4 && d[0] == 1 && d[3] == 1 && d[1] > 0 && d[2] > 0;
    }

    /** The group count of a well-formed grouped request (NHWC input_sizes), or 1. */
    private static int groups(int[] sizes, Tensor filter, Tensor outBackprop, boolean nchw) {
        if (sizes.length != 4 || filter.rank() != 4 || filter.dim(2) <= 0 || sizes[3] <= filter.dim(2)
                || sizes[3] % filter.dim(2) != 0) {
            return 1;
        }
        int groups = sizes[3] / filter.dim(2);
        int oc = filter.dim(3);
        int dyDepth = outBackprop.dim(nchw ? 1 : 3);
        return oc % groups == 0 && oc == dyDepth ? groups : 1;
    }

    /** {@code [KH, KW, I, O]} to {@code [(KH-1)*dh+1, (KW-1)*dw+1, I, O]}, zeros between the taps. */
    private static Tensor dilateFilter(Tensor f, int dh, int dw) {
        int kh = f.dim(0);
        int kw = f.dim(1);
        int io = f.dim(2) * f.dim(3);
        int eh = kh == 0 ? 0 : (kh - 1) * dh + 1;
        int ew = kw == 0 ? 0 : (kw - 1) * dw + 1;
        Tensor out = Tensor.zeros(f.dtype(), eh, ew, f.dim(2), f.dim(3));
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                for (int v = 0; v < io; v++) {
                    int from = (i * kw + j) * io + v;
                    int to = (i * dh * ew + j * dw) * io + v;
                    if (f.dtype() == DType.FLOAT32) {
                        out.floats()[to] = f.floats()[from];
                    } else {
                        out.doubles()[to] = f.doubles()[from];
                    }
                }
            }
        }
        return out;
    }

    /** A grouped {@code [KH, KW, KC, OC]} filter as the full {@code [KH, KW, G*KC, OC]} one, zeros off its groups. */
    private static Tensor blockDiagonal(Tensor f, int groups) {
        int taps = f.dim(0) * f.dim(1);
        int kc = f.dim(2);
        int oc = f.dim(3);
        int ocg = oc / groups;
        Tensor out = Tensor.zeros(f.dtype(), f.dim(0), f.dim(1), kc * groups, oc);
        for (int t = 0; t < taps; t++) {
            for (int g = 0; g < groups; g++) {
                for (int c = 0; c < kc; c++) {
                    for (int q = 0; q < ocg; q++) {
                        int from = (t * kc + c) * oc + g * ocg + q;
                        int to = (t * kc * groups + g * kc + c) * oc + g * ocg + q;
                        if (f.dtype() == DType.FLOAT32) {
                            out.floats()[to] = f.floats()[from];
                        } else {
                            out.doubles()[to] = f.doubles()[from];
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * TF's raw {@code Conv2DBackpropFilter} op, as given (attributes in data-format order, no
     * transposes): on TF's CPU, only NHWC without dilations and groups computes.
     *
     * @param explicitPaddings the {@code explicit_paddings} attribute, or {@code null} for empty
     * @param dilations the {@code dilations} attribute, or {@code null} for the default
     * @param dataFormat the {@code data_format} attribute, or {@code null} for NHWC
     * @throws Rejected whatever TF throws
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Tensor rawConv2dBackpropFilter(Tensor input, int[] filterSizes, Tensor outBackprop, long[] strides, String padding,
            long[] explicitPaddings, long[] dilations, String dataFormat) {
        recycleIfNeeded();
        List<org.tensorflow.op.nn.Conv2dBackpropFilter.Options> options = new ArrayList<>();
        if (explicitPaddings != null) {
            options.add(org.tensorflow.op.nn.Conv2dBackpropFilter.explicitPaddings(boxed(explicitPaddings)));
        }
        if (dilations != null) {
            options.add(org.tensorflow.op.nn.Conv2dBackpropFilter.dilations(boxed(dilations)));
        }
        if (dataFormat != null) {
            options.add(org.tensorflow.op.nn.Conv2dBackpropFilter.dataFormat(dataFormat));
        }
        // Raw operands: the dtypes may differ on purpose (TF must reject that).
        Operand x = constant(input);
        Operand dy = constant(outBackprop);
        return tfCall(() -> toTensor(tf.nn.conv2dBackpropFilter(x, tf.constant(filterSizes), dy,
                Arrays.asList(boxed(strides)), padding,
                options.toArray(new org.tensorflow.op.nn.Conv2dBackpropFilter.Options[0]))));
    }

    /**
     * What {@code tf.nn.conv2d_backprop_filter} computes for this conv4j request: 1- or 2-number
     * strides/dilations expanded to 4, and, because TF's CPU kernel rejects NCHW, NCHW input and
     * out_backprop transposed to NHWC by TF first (the filter gradient is HWIO either way).
     * TF's CPU kernel still rejects dilations and groups, with its own messages.
     *
     * @throws Rejected whatever TF throws
     */
    Tensor conv2dBackpropFilter(Tensor input, int[] filterSizes, Tensor outBackprop, Conv2dOptions options) {
        boolean nchw = options.dataFormat() == DataFormat.NCHW;
        long[] strides = toNhwcFour(options.strides(), nchw);
        long[] dilations = toNhwcFour(options.dilations(), nchw);
        Padding padding = options.padding();
        long[] explicit = padding.kind() == Padding.Kind.EXPLICIT ? toNhwcExplicit(padding.values(), nchw) : null;
        boolean rank4 = input.rank() == 4 && outBackprop.rank() == 4;
        Tensor x = nchw && rank4 ? transpose(input, 0, 2, 3, 1) : input;
        Tensor dy = nchw && rank4 ? transpose(outBackprop, 0, 2, 3, 1) : outBackprop;
        return rawConv2dBackpropFilter(x, filterSizes, dy, strides, padding.kind().name(), explicit, dilations, "NHWC");
    }

    /**
     * TensorFlow rejected a request: one of TF's own exceptions (package
     * {@code org.tensorflow.exceptions}), with TF's message stripped of the decorations it adds
     * in some paths ({@code {{function_node ...}} } prefixes, {@code  [Op:Conv2D]} suffixes, the
     * {@code ; NodeDef: ...} explanation of attribute errors). The original is the cause.
     */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(RuntimeException tfException) {
            super(strip(tfException.getMessage()), tfException);
        }

        private Rejected(String message, Throwable tfException) {
            super(message, tfException);
        }

        /** The same rejection with a message the oracle rewrote (it changed the request's layout). */
        Rejected withMessage(String message) {
            return new Rejected(message, getCause());
        }

        /** TF's exception class, e.g. {@code TFInvalidArgumentException}. */
        String kind() {
            return getCause().getClass().getSimpleName();
        }

        private static String strip(String message) {
            String m = String.valueOf(message);
            m = m.replaceFirst("^\\{\\{function_node [^}]*\\}\\}\\s*", "");
            int nodeDef = m.indexOf("\n\t; NodeDef:");
            if (nodeDef >= 0) {
                m = m.substring(0, nodeDef);
            }
            m = m.replaceFirst("\\s*\\[Op:[A-Za-z0-9_]+\\]\\s*$", "");
            return m.trim();
        }
    }

    /** Runs {@code op}, turning TF's own exceptions into {@link Rejected}; anything else propagates. */
    static <T> T tfCall(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            if (e.getClass().getName().startsWith("org.tensorflow.exceptions.")) {
                throw new Rejected(e);
            }
            throw e;
        }
    }

    // ---- conv4j-side, test data and comparison helpers shared by the tests of this package ----

    /** The algorithms that must accept every valid request. */
    private static final Set<Algorithm> GENERAL = EnumSet.of(Algorithm.AUTO, Algorithm.REFERENCE, Algorithm.GEMM);

    /**
     * conv4j's result with {@code algorithm} forced, or {@code null} when a restricted fast path
     * (any algorithm but AUTO, REFERENCE and GEMM, e.g. WINOGRAD) refuses the request when the
     * plan is made, as its documentation allows. Only for requests TF accepts: AUTO, REFERENCE
     * and GEMM must take them all, and a refusal is never accepted once a plan exists.
     */
    static Tensor conv4j(Tensor input, Tensor filter, Conv2dOptions options, Algorithm algorithm) {
        Conv2dOptions forced = options.toBuilder().algorithm(algorithm).build();
        if (GENERAL.contains(algorithm)) {
            return org.conv4j.Conv2d.conv2d(input, filter, forced);
        }
        ConvPlan plan;
        try {
            plan = org.conv4j.Conv2d.plan(input.shape(), filter, forced);
        } catch (IllegalArgumentException refused) {
            return null;
        }
        return plan.execute(input);
    }


    /** {@code np.arange(1, N + 1).reshape(shape)} in the given dtype, as TF's tests build inputs. */
    static Tensor arange(DType dtype, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            if (dtype == DType.FLOAT32) {
                t.floats()[i] = i + 1;
            } else {
                t.doubles()[i] = i + 1;
            }
        }
        return t;
    }

    /** Values uniform in [-1, 1) from a fixed seed. */
    static Tensor random(DType dtype, long seed, int... shape) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            double v = r.nextDouble(-1.0, 1.0);
            if (dtype == DType.FLOAT32) {
                t.floats()[i] = (float) v;
            } else {
                t.doubles()[i] = v;
            }
        }
        return t;
    }

    /**
     * The normwise relative error {@code max|ours - tf| / max(max|tf|, 1e-30)} (so an all-zero
     * reference demands exact zeros). The arrays must have the same length.
     */
    static double relativeError(Tensor ours, Tensor reference) {
        if (ours.size() != reference.size()) {
            throw new AssertionError("sizes differ: " + ours + " vs " + reference);
        }
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < ours.size(); i++) {
            double a = ours.getDouble(i);
            double b = reference.getDouble(i);
            double diff = Math.abs(a - b);
            if (Double.isNaN(diff)) {
                return Double.POSITIVE_INFINITY;
            }
            maxDiff = Math.max(maxDiff, diff);
            maxRef = Math.max(maxRef, Math.abs(b));
        }
        return maxDiff / Math.max(maxRef, 1e-30);
    }

    /** conv4j's 1-, 2- or 4-number strides/dilations as TF's 4 numbers in NHWC order. */
    static long[] toNhwcFour(int[] v, boolean nchw) {
        switch (v.length) {
            case 1:
                return new long[] {1, v[0], v[0], 1};
            case 2:
                return new long[] {1, v[0], v[1], 1};
            case 4:
                // NCHW order [n, c, h, w] -> NHWC order [n, h, w, c]; invalid n/c entries travel
                // with it so that TF still reports them.
                return nchw ? new long[] {v[0], v[2], v[3], v[1]} : new long[] {v[0], v[1], v[2], v[3]};
            default:
                // Let TF see the wrong length.
                long[] r = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = v[i];
                }
                return r;
        }
    }

    /** conv4j's explicit padding (4 values t,b,l,r or 8 in data-format order) as TF's 8 in NHWC order. */
    static long[] toNhwcExplicit(int[] v, boolean nchw) {
        if (v.length == 4) {
            return new long[] {0, 0, v[0], v[1], v[2], v[3], 0, 0};
        }
        if (nchw) {
            // pairs [n, c, h, w] -> [n, h, w, c]
            return new long[] {v[0], v[1], v[4], v[5], v[6], v[7], v[2], v[3]};
        }
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }

    /** A transpose done by TF itself ({@code tf.transpose}). */
    Tensor transpose(Tensor t, int... perm) {
        recycleIfNeeded();
        return tfCall(() -> toTensor(tf.linalg.transpose(constant(t), tf.constant(perm))));
    }

    Operand<? extends TNumber> constant(Tensor t) {
        Shape shape = Shape.of(toLongs(t.shape()));
        if (t.dtype() == DType.FLOAT32) {
            return tf.constant(shape, DataBuffers.of(t.floats(), true, false));
        }
        return tf.constant(shape, DataBuffers.of(t.doubles(), true, false));
    }

    static Tensor toTensor(Operand<? extends TNumber> result) {
        org.tensorflow.types.family.TType value = result.asTensor();
        long[] dims = value.shape().asArray();
        int[] shape = new int[dims.length];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            shape[i] = Math.toIntExact(dims[i]);
            n *= dims[i];
        }
        if (value instanceof TFloat32 f) {
            float[] data = new float[Math.toIntExact(n)];
            if (n > 0) {
                f.copyTo(DataBuffers.of(data, false, false));
            }
            return Tensor.of(data, shape);
        }
        if (value instanceof TFloat64 d) {
            double[] data = new double[Math.toIntExact(n)];
            if (n > 0) {
                d.copyTo(DataBuffers.of(data, false, false));
            }
            return Tensor.of(data, shape);
        }
        throw new IllegalStateException("unexpected TF result type " + value.getClass());
    }

    private static long[] toLongs(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    static Long[] boxed(long[] a) {
        Long[] r = new Long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }
}
