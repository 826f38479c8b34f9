package org.conv4j.bench;

import java.util.List;
import org.conv4j.Padding;
import org.tensorflow.EagerSession;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow's {@code tf.nn.conv2d} (the raw {@code Conv2D} op, NHWC) through TF Java in an
 * {@link EagerSession}, with TensorFlow's default build options: oneDNN on where TF enables it.
 * This is the speed anchor, not the test oracle (core's tests turn oneDNN off for that).
 *
 * <p>Input and filter become TF constants once; a timed call executes the op and resolves its
 * result to a host tensor ({@code asTensor()}). Eager results belong to the session until it
 * closes, so the session is replaced, untimed, after every {@value #RECYCLE_BYTES} bytes of
 * results, and the first call of the new session is run untimed too.
 */
final class TensorFlowEngine implements Engine {
    private static final long RECYCLE_BYTES = 1L << 30;

    private final LayerShape layer;
    private final float[] input;
    private final float[] filter;
    private final int threads;
    private final long outputBytes;
    private final List<Long> strides;
    private final String padding;
    private final Conv2d.Options[] options;
    private EagerSession session;
    private Ops tf;
    private Constant<TFloat32> x;
    private Constant<TFloat32> w;
    private TFloat32 last;
    private long bytesSinceOpen;

    /**
     * @param threads TF's intra-op threads (inter-op is 1: there is one op)
     */
    TensorFlowEngine(LayerShape layer, float[] input, float[] filter, int threads) {
        this.layer = layer;
        this.input = input;
        this.filter = filter;
        this.threads = threads;
        TfWindow win = TfWindow.of(layer);
        this.outputBytes = 4L * layer.n() * win.outHeight() * win.outWidth() * layer.o();
        long s = layer.stride();
        long d = layer.dilation();
        this.strides = List.of(1L, s, s, 1L);
        Padding p = layer.padding();
        this.padding = p.kind().name();
        this.options = p.kind() == Padding.Kind.EXPLICIT
                ? new Conv2d.Options[] {Conv2d.dilations(1L, d, d, 1L), Conv2d.dataFormat("NHWC"),
                    Conv2d.explicitPaddings(0L, 0L, (long) win.padTop(), (long) win.padBottom(),
                            (long) win.padLeft(), (long) win.padRight(), 0L, 0L)}
                : new Conv2d.Options[] {Conv2d.dilations(1L, d, d, 1L), Conv2d.dataFormat("NHWC")};
        open();
    }

    /** TensorFlow's version, e.g. {@code 2.18.0}. */
    static String version() {
        return TensorFlow.version();
    }

    private void open() {
        ConfigProto config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(1)
                .build();
        session = EagerSession.options().config(config).build();
        tf = Ops.create(session);
        x = tf.constant(Shape.of(layer.n(), layer.h(), layer.w(), layer.c()), DataBuffers.of(input, true, false));
        w = tf.constant(Shape.of(layer.kh(), layer.kw(), layer.c(), layer.o()), DataBuffers.of(filter, true, false));
        bytesSinceOpen = 0;
        last = null;
    }

    @Override
    public String name() {
        return "TF";
    }

    @Override
    public void call() {
        last = tf.nn.conv2d(x, w, strides, padding, options).asTensor();
        bytesSinceOpen += outputBytes;
    }

    @Override
    public void afterCall() {
        if (bytesSinceOpen >= RECYCLE_BYTES) {
            session.close();
            open();
            call();
        }
    }

    @Override
    public float[] output() {
        if (last == null) {
            call();
        }
        float[] data = new float[Math.toIntExact(last.size())];
        last.copyTo(DataBuffers.of(data, false, false));
        return data;
    }

    @Override
    public String describe() {
        return "TF: TensorFlow " + version() + " Conv2D NHWC, eager, intra-op threads " + threads + ", inter-op 1";
    }

    @Override
    public void close() {
        session.close();
    }
}
