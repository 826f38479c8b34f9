package org.conv4j.io;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.conv4j.DType;
import org.conv4j.Tensor;

/**
 * Reads and writes NumPy {@code .npy} files holding float32 or float64 arrays.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0; byte orders {@code <}, {@code >} and
 * {@code =} (and {@code |}, which NumPy also reads as native); C and Fortran order (Fortran data is
 * reordered to row-major); any rank, including 0-d and zero-sized dimensions. Headers may be at most
 * {@value #MAX_HEADER_BYTES} bytes (a 1.0 header cannot exceed 65535 anyway; NumPy itself refuses
 * more than 10000 unless told to trust the file). Header keys may come in any order with any
 * whitespace; a key other than {@code descr}, {@code fortran_order} and {@code shape} is rejected,
 * as NumPy does. Bytes after the data are ignored, as NumPy does.
 *
 * <p>Every problem with the file's contents is reported as a {@link NpyFormatException} naming the
 * problem and the values involved, for example {@code truncated .npy data: header declares shape
 * (1000, 1000) float32 = 4000000 bytes but only 16 bytes follow}. The reader never allocates room
 * for data before those bytes have been seen or the file size proves they exist. I/O failures
 * propagate as the usual {@link IOException}s, and null arguments throw {@link NullPointerException}.
 */
public final class Npy {
    /** Upper bound for the header length; see the class comment. */
    public static final int MAX_HEADER_BYTES = 1 << 20;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** I/O buffer size, a multiple of every element size. */
    private static final int CHUNK = 1 << 16;

    private Npy() {}

    /**
     * Reads a {@code .npy} file.
     *
     * @return a float32 or float64 tensor in row-major order
     * @throws NpyFormatException if the file is not a valid {@code .npy} file of a supported kind
     *     or holds less data than its header declares; the message starts with the file path
     * @throws IOException if the file cannot be read
     */
    public static Tensor read(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            // A pipe or device has no meaningful size; read it like a stream.
            long size = Files.isRegularFile(file) ? ch.size() : -1;
            return read(Channels.newInputStream(ch), size);
        } catch (NpyFormatException e) {
            throw new NpyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one {@code .npy} array from a stream, consuming exactly its bytes and no more, so
     * several arrays saved one after another can be read by calling this repeatedly. The stream is
     * not closed. Memory grows with the bytes that actually arrive, never with what the header
     * merely claims.
     *
     * @return a float32 or float64 tensor in row-major order
     * @throws NpyFormatException if the bytes are not a valid {@code .npy} array of a supported
     *     kind or the stream ends before the declared data
     * @throws IOException if reading the stream fails
     */
    public static Tensor read(InputStream in) throws IOException {
        return read(in, -1);
    }

    /** {@code size} is the total stream length if known (a regular file), else -1. */
    private static Tensor read(InputStream in, long size) throws IOException {
        byte[] prefix = in.readNBytes(MAGIC.length + 2);
        if (prefix.length < 8 || !Arrays.equals(prefix, 0, 6, MAGIC, 0, 6)) {
            throw new NpyFormatException("not a .npy file: it starts with " + escape(prefix) + " (" + prefix.length
                    + " bytes), not the magic \\x93NUMPY and a version"
                    + (prefix.length >= 2 && prefix[0] == 'P' && prefix[1] == 'K' ? "; a zip file, maybe an .npz archive?" : ""));
        }
        int major = prefix[6] & 0xff;
        int minor = prefix[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException("unsupported .npy format version " + major + "." + minor
                    + "; conv4j reads 1.0, 2.0 and 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] field = in.readNBytes(lengthBytes);
        if (field.length < lengthBytes) {
            throw new NpyFormatException("truncated .npy header: the data ends inside the header length field");
        }
        ByteBuffer b = ByteBuffer.wrap(field).order(ByteOrder.LITTLE_ENDIAN);
        long length = major == 1 ? b.getShort() & 0xffff : b.getInt() & 0xffff_ffffL;
        if (length > MAX_HEADER_BYTES) {
            throw new NpyFormatException("unsupported .npy header: its length field says " + length
                    + " bytes, more than the limit of " + MAX_HEADER_BYTES);
        }
        long left = size - 8 - lengthBytes;
        byte[] header = size >= 0 && left < length ? new byte[0] : in.readNBytes((int) length);
        if (header.length < length) {
            throw new NpyFormatException("truncated .npy header: its length field says " + length
                    + " bytes but only " + (size >= 0 ? left : header.length) + " follow");
        }
        NpyHeader h = NpyHeader.parse(decode(header, major));
        if (size >= 0 && left - length < h.byteCount()) {
            throw truncated(h, left - length);
        }
        return readData(in, h, size >= 0);
    }

    private static String decode(byte[] header, int major) throws NpyFormatException {
        if (major < 3) {
            return new String(header, ISO_8859_1);
        }
        try {
            return UTF_8.newDecoder().decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException("malformed .npy header: a version 3.0 header must be UTF-8 but is not", e);
        }
    }

    /** {@code verified}: the file size already proved that all the data is there. */
    private static Tensor readData(InputStream in, NpyHeader h, boolean verified) throws IOException {
        int n = h.elementCount();
        int item = h.dtype().byteSize();
        boolean f32 = h.dtype() == DType.FLOAT32;
        int capacity = verified ? n : Math.min(n, CHUNK / item);
        float[] floats = f32 ? new float[capacity] : null;
        double[] doubles = f32 ? null : new double[capacity];
        byte[] chunk = new byte[(int) Math.min(CHUNK, h.byteCount())];
        for (int done = 0; done < n; ) {
            int want = (int) Math.min(chunk.length, (long) (n - done) * item);
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                throw truncated(h, (long) done * item + got);
            }
            int count = got / item;
            if (done + count > capacity) {
                capacity = (int) Math.min(n, Math.max(done + count, 2L * capacity));
                floats = f32 ? Arrays.copyOf(floats, capacity) : null;
                doubles = f32 ? null : Arrays.copyOf(doubles, capacity);
            }
            ByteBuffer buf = ByteBuffer.wrap(chunk, 0, got).order(h.order());
            if (f32) {
                buf.asFloatBuffer().get(floats, done, count);
            } else {
                buf.asDoubleBuffer().get(doubles, done, count);
            }
            done += count;
        }
        int[] shape = h.shape();
        if (h.fortranOrder() && shape.length > 1 && n > 0) {
            if (f32) {
                float[] src = floats;
                float[] dst = new float[n];
                fortranToC(shape, (to, from) -> dst[to] = src[from]);
                floats = dst;
            } else {
                double[] src = doubles;
                double[] dst = new double[n];
                fortranToC(shape, (to, from) -> dst[to] = src[from]);
                doubles = dst;
            }
        }
        return f32 ? Tensor.of(floats, shape) : Tensor.of(doubles, shape);
    }

    private interface Move {
        void move(int to, int from);
    }

    /** Visits every row-major index {@code to} with the index {@code from} of the same element in column-major order. */
    private static void fortranToC(int[] shape, Move move) {
        int rank = shape.length;
        int n = Tensor.checkedElementCount(shape);
        int[] stride = new int[rank];
        for (int a = 0, s = 1; a < rank; s *= shape[a], a++) {
            stride[a] = s;
        }
        int[] index = new int[rank];
        for (int to = 0, from = 0; ; ) {
            move.move(to, from);
            if (++to == n) {
                return;
            }
            int a = rank - 1;
            while (++index[a] == shape[a]) {
                from -= (shape[a] - 1) * stride[a];
                index[a--] = 0;
            }
            from += stride[a];
        }
    }

    private static NpyFormatException truncated(NpyHeader h, long present) {
        return new NpyFormatException("truncated .npy data: header declares shape " + NpyHeader.shapeRepr(h.shape())
                + " " + h.dtype().name().toLowerCase(Locale.ROOT) + " = " + h.byteCount()
                + " bytes but only " + present + " bytes follow");
    }

    /** Bytes as Python prints them, e.g. {@code 'PK\x03\x04'}. */
    private static String escape(byte[] bytes) {
        StringBuilder s = new StringBuilder("'");
        for (byte b : bytes) {
            s.append(b >= 0x20 && b < 0x7f && b != '\\' && b != '\'' ? String.valueOf((char) b)
                    : String.format("\\x%02x", b & 0xff));
        }
        return s.append('\'').toString();
    }

    /**
     * Writes {@code t} as a {@code .npy} file exactly as NumPy 2.x's {@code np.save} would: format
     * 1.0 (2.0 only if the header exceeds 65535 bytes), little-endian {@code '<f4'} or
     * {@code '<f8'}, C order, data aligned to 64 bytes.
     *
     * <p>The write is atomic: the bytes go to a new temporary file in the same directory, which is
     * flushed to disk and then moved over {@code file} (atomically where the file system can, else
     * by replacing it). On any failure the temporary file is deleted and {@code file}, if it
     * existed, is left untouched. A symbolic link at {@code file} is replaced, not followed.
     *
     * @throws IOException if the directory does not exist or is not writable, or writing or moving
     *     fails; {@code file} is then unchanged
     */
    public static void write(Path file, Tensor t) throws IOException {
        Objects.requireNonNull(t, "t");
        AtomicFile.write(file, out -> write(out, t));
    }

    /**
     * Writes {@code t} to a stream in the same format as {@link #write(Path, Tensor)}. The stream is
     * neither flushed nor closed. If the stream fails part-way, what it has received is a partial
     * file: use {@link #write(Path, Tensor)} where that matters.
     *
     * @throws IOException if the stream throws
     */
    public static void write(OutputStream out, Tensor t) throws IOException {
        out.write(header(t.dtype(), t.shape()));
        int item = t.dtype().byteSize();
        int n = t.size();
        byte[] chunk = new byte[(int) Math.min(CHUNK, (long) n * item)];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i += CHUNK / item) {
            int count = Math.min(CHUNK / item, n - i);
            if (t.dtype() == DType.FLOAT32) {
                buf.asFloatBuffer().put(t.floats(), i, count);
            } else {
                buf.asDoubleBuffer().put(t.doubles(), i, count);
            }
            out.write(chunk, 0, count * item);
        }
    }

    /** Magic, version, header length, header dict, space padding and the closing newline. */
    private static byte[] header(DType dtype, int[] shape) {
        byte[] dict = NpyHeader.format(dtype, shape).getBytes(ISO_8859_1);
        int prefix = MAGIC.length + 2 + 2;
        int length = padded(prefix, dict.length);
        if (length > 0xffff) {
            prefix += 2;
            length = padded(prefix, dict.length);
        }
        ByteBuffer b = ByteBuffer.allocate(prefix + length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (prefix == 10 ? 1 : 2)).put((byte) 0);
        if (prefix == 10) {
            b.putShort((short) length);
        } else {
            b.putInt(length);
        }
        b.put(dict);
        Arrays.fill(b.array(), b.position(), b.limit() - 1, (byte) ' ');
        b.array()[b.limit() - 1] = '\n';
        return b.array();
    }

    /** The header length after padding; like NumPy, adds a full 64 bytes when already aligned. */
    private static int padded(int prefix, int dictLength) {
        int unpadded = dictLength + 1;
        return unpadded + ALIGN - (prefix + unpadded) % ALIGN;
    }
}
