package org.conv4j.cli;

import static org.conv4j.cli.Fixtures.randomFloats;
import static org.conv4j.cli.Fixtures.save;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.conv4j.DType;
import org.conv4j.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every failure: one line on stderr naming the problem, nothing on stdout, exit 2 for usage and
 * 1 for everything else, and the output file untouched: not created, or byte-for-byte what it
 * was, and no temporary file left behind.
 */
class ErrorsTest {
    private static final byte[] OLD_OUTPUT = "previous result, must survive a failed run".getBytes();

    @TempDir
    Path dir;
    String x;
    String f;
    String y;
    String out;

    @BeforeEach
    void files() throws IOException {
        x = save(dir, "x.npy", randomFloats(1, 1, 5, 5, 3));
        f = save(dir, "f.npy", randomFloats(2, 2, 2, 3, 4));
        y = dir.resolve("y.npy").toString();
        save(dir, "bad_depth.npy", randomFloats(3, 2, 2, 2, 4));
        save(dir, "big.npy", randomFloats(6, 7, 7, 3, 2));
        save(dir, "f64.npy", Fixtures.randomDoubles(4, 2, 2, 3, 4));
        save(dir, "rank3.npy", randomFloats(5, 2, 2, 3));
        // For conv2d-backprop-input and conv2d-transpose: a gradient of conv2d(x, f)'s output.
        save(dir, "dy.npy", randomFloats(12, 1, 4, 4, 4));
        // For conv2d-backprop-filter: the gradient of conv2d(x, f)'s [1, 4, 4, 4] output.
        save(dir, "g.npy", randomFloats(12, 1, 4, 4, 4));
        save(dir, "g64.npy", Fixtures.randomDoubles(13, 1, 4, 4, 4));
        Files.writeString(dir.resolve("garbage.npy"), "hello world, I am not an array");
        byte[] whole = Files.readAllBytes(Path.of(f));
        Files.write(dir.resolve("truncated.npy"), Arrays.copyOf(whole, whole.length - 92));
        Files.createDirectory(dir.resolve("subdir"));
        out = dir.resolve("out.png").toString();
        // For convolve2d, correlate2d and filter.
        save(dir, "a.npy", randomFloats(7, 6, 7));
        save(dir, "k.npy", randomFloats(8, 3, 3));
        save(dir, "k64.npy", Fixtures.randomDoubles(9, 3, 3));
        save(dir, "tall.npy", randomFloats(10, 8, 3));
        save(dir, "empty.npy", Tensor.zeros(DType.FLOAT32, 0, 3));
        save(dir, "nan.npy", Tensor.of(new float[] {1, Float.NaN, 0, 0}, 2, 2));
        BufferedImage image = TestImages.random(BufferedImage.TYPE_3BYTE_BGR, 40, 30, 11);
        String png = TestImages.save(dir, "img.png", image, "png");
        String jpg = TestImages.save(dir, "img.jpg", image, "jpeg");
        TestImages.save(dir, "img.gif", image, "gif");
        byte[] pngBytes = Files.readAllBytes(Path.of(png));
        Files.write(dir.resolve("cut.png"), Arrays.copyOf(pngBytes, pngBytes.length / 2));
        byte[] jpgBytes = Files.readAllBytes(Path.of(jpg));
        Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpgBytes, jpgBytes.length / 2));
        Files.write(dir.resolve("huge.png"), hugePngHeader(100_000, 100_000));
        Files.writeString(dir.resolve("text.png"), "hello world, I am not an image");
        Files.createDirectory(dir.resolve("sub.png"));
    }

    /**
     * A small PNG file that claims to be {@code width x height} RGB: a decompression bomb, whose
     * few bytes of pixel data would inflate to gigabytes.
     */
    private static byte[] hugePngHeader(int width, int height) {
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0});
        ByteBuffer file = ByteBuffer.allocate(200).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(file, "IHDR", header.array());
        chunk(file, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0, 0, 0, 1, 0, 1});
        chunk(file, "IEND", new byte[0]);
        return Arrays.copyOf(file.array(), file.position());
    }

    private static void chunk(ByteBuffer file, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        file.putInt(data.length).put(name).put(data).putInt((int) crc.getValue());
    }

    /**
     * Arguments, exit code, and the exact error line (or its start, if it ends with "...");
     * {x}, {f}, {y} and so on stand for files.
     */
    static Stream<Arguments> failures() {
        String usage = " (see 'conv4j conv2d --help')";
        return Stream.of(
                // Usage errors: exit 2.
                Arguments.of("conv2d -i {x} -f {f}", 2,
                        "conv4j conv2d: error: Missing required option: '--output=Y.npy'" + usage),
                Arguments.of("conv2d", 2, "conv4j conv2d: error: Missing required options: '--input=X.npy', "
                        + "'--filter=F.npy', '--output=Y.npy'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --padding FULL", 2, "conv4j conv2d: error: --padding must be "
                        + "SAME, VALID or T,B,L,R (4 non-negative integers), got 'FULL'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --padding 1,2,3", 2, "conv4j conv2d: error: --padding must be "
                        + "SAME, VALID or T,B,L,R (4 non-negative integers), got '1,2,3'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --padding 1,2", 2, "conv4j conv2d: error: --padding must be "
                        + "SAME, VALID or T,B,L,R (4 non-negative integers), got '1,2'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --padding 1,1,-1,1", 2, "conv4j conv2d: error: --padding must be "
                        + "SAME, VALID or T,B,L,R (4 non-negative integers), got '1,1,-1,1'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --strides a,b", 2, "conv4j conv2d: error: --strides must be "
                        + "1 or 2 comma-separated positive integers, got 'a,b'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --strides 0", 2, "conv4j conv2d: error: --strides must be "
                        + "1 or 2 comma-separated positive integers, got '0'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --strides 1,1,1,1", 2, "conv4j conv2d: error: --strides must be "
                        + "1 or 2 comma-separated positive integers, got '1,1,1,1'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --dilations 2,", 2, "conv4j conv2d: error: --dilations must be "
                        + "1 or 2 comma-separated positive integers, got '2,'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --data-format NWHC", 2,
                        "conv4j conv2d: error: --data-format must be NHWC or NCHW, got 'NWHC'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --algorithm fast", 2,
                        "conv4j conv2d: error: --algorithm must be auto, reference, gemm or winograd, got 'fast'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --threads -1", 2,
                        "conv4j conv2d: error: --threads must be a whole number, 0 (all processors) or more, got '-1'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --threads many", 2,
                        "conv4j conv2d: error: --threads must be a whole number, 0 (all processors) or more, got 'many'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --stride 2", 2,
                        "conv4j conv2d: error: Unknown options: '--stride', '2'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o {y} extra", 2,
                        "conv4j conv2d: error: Unmatched argument at index 7: 'extra'" + usage),
                Arguments.of("conv2d -i {x} -f {f} -o", 2,
                        "conv4j conv2d: error: Missing required parameter for option '--output' (Y.npy)" + usage),
                Arguments.of("", 2, "conv4j: error: no command given; expected one of conv2d, depthwise-conv2d, "
                        + "separable-conv2d, conv2d-backprop-input, conv2d-backprop-filter, conv2d-transpose, extract-patches, "
                        + "conv1d, conv3d, convolution, convolve2d, correlate2d, filter, demo, bench (see 'conv4j --help')"),
                Arguments.of("conv4d", 2, "conv4j: error: Unmatched argument at index 0: 'conv4d' (see 'conv4j --help')"),
                // Failures: exit 1.
                Arguments.of("conv2d -i {x} -f {bad_depth} -o {y}", 1,
                        "conv4j conv2d: error: input depth must be evenly divisible by filter depth: 3 vs 2"),
                Arguments.of("conv2d -i {x} -f {f64} -o {y}", 1, "conv4j conv2d: error: cannot compute Conv2D as input "
                        + "#1(zero-based) was expected to be a float tensor but is a double tensor"),
                Arguments.of("conv2d -i {x} -f {big} -o {y}", 1, "conv4j conv2d: error: Computed output size would be "
                        + "negative: -1 [input_size: 5, effective_filter_size: 7, stride: 1]"),
                Arguments.of("conv2d -i {x} -f {f} -o {y} --padding 0,0,0,0,0,0,1,1", 1, "conv4j conv2d: error: Nonzero "
                        + "explicit padding in the batch or depth dimensions is not supported, got [0, 0, 0, 0, 0, 0, 1, 1] "
                        + "for NHWC"),
                Arguments.of("conv2d -i {f} -f {x} -o {y}", 1,
                        "conv4j conv2d: error: input depth must be evenly divisible by filter depth: 4 vs 5"),
                Arguments.of("conv2d -i {x} -f {rank3} -o {y}", 1,
                        "conv4j conv2d: error: convolution filter must be 4-dimensional: [2,2,3]"),
                Arguments.of("conv2d -i {missing} -f {f} -o {y}", 1, "conv4j conv2d: error: --input {missing}: no such file or directory"),
                Arguments.of("conv2d -i {x} -f {missing} -o {y}", 1, "conv4j conv2d: error: --filter {missing}: no such file or directory"),
                // The .npy reader's own wording (after the colon) is its business: only the start is pinned.
                Arguments.of("conv2d -i {garbage} -f {f} -o {y}", 1,
                        "conv4j conv2d: error: --input {garbage}: not a .npy file..."),
                Arguments.of("conv2d -i {x} -f {truncated} -o {y}", 1,
                        "conv4j conv2d: error: --filter {truncated}: truncated .npy data..."),
                Arguments.of("conv2d -i {x} -f {f} -o {no_dir}/y.npy", 1,
                        "conv4j conv2d: error: --output {no_dir}/y.npy: directory {no_dir} does not exist"),
                Arguments.of("conv2d -i {x} -f {f} -o {subdir}", 1, "conv4j conv2d: error: --output {subdir} is a directory"),

                // extract-patches: usage errors.
                Arguments.of("extract-patches -i {x} -o {y} --padding SAME", 2, "conv4j extract-patches: error: Missing "
                        + "required option: '--sizes=KH,KW' (see 'conv4j extract-patches --help')"),
                Arguments.of("extract-patches -i {x} -o {y} --sizes 2", 2, "conv4j extract-patches: error: Missing "
                        + "required option: '--padding=SAME|VALID' (see 'conv4j extract-patches --help')"),
                Arguments.of("extract-patches -i {x} -o {y} --sizes 2 --padding 1,1,1,1", 2, "conv4j extract-patches: "
                        + "error: --padding must be SAME or VALID (extract_patches has no explicit padding), got '1,1,1,1' "
                        + "(see 'conv4j extract-patches --help')"),
                Arguments.of("extract-patches -i {x} -o {y} --sizes 0,2 --padding SAME", 2, "conv4j extract-patches: "
                        + "error: --sizes must be 1 or 2 comma-separated positive integers, got '0,2' "
                        + "(see 'conv4j extract-patches --help')"),
                Arguments.of("extract-patches -i {x} -o {y} --sizes 2 --rates 1,1,1,1 --padding SAME", 2,
                        "conv4j extract-patches: error: --rates must be 1 or 2 comma-separated positive integers, "
                        + "got '1,1,1,1' (see 'conv4j extract-patches --help')"),
                Arguments.of("extract-patches -i {x} -o {y} --sizes 2 --strides x --padding SAME", 2,
                        "conv4j extract-patches: error: --strides must be 1 or 2 comma-separated positive integers, "
                        + "got 'x' (see 'conv4j extract-patches --help')"),
                Arguments.of("extract-patches -i {x} -o {y} --sizes 2 --padding SAME --threads -2", 2,
                        "conv4j extract-patches: error: --threads must be a whole number, 0 (all processors) or more, "
                        + "got '-2' (see 'conv4j extract-patches --help')"),
                // extract-patches: failures, in TensorFlow's words.
                Arguments.of("extract-patches -i {rank3} -o {y} --sizes 2 --padding SAME", 1, "conv4j extract-patches: "
                        + "error: input must be 4-dimensional[2,2,3] (extract_patches takes images [batch, rows, cols, depth])"),
                Arguments.of("extract-patches -i {x} -o {y} --sizes 7 --padding VALID", 1, "conv4j extract-patches: error: "
                        + "Computed output size would be negative: -1 [input_size: 5, effective_filter_size: 7, stride: 1]"),
                Arguments.of("extract-patches -i {x} -o {y} --sizes 2,3 --rates 1,3 --padding VALID", 1,
                        "conv4j extract-patches: error: Computed output size would be negative: -1 [input_size: 5, "
                        + "effective_filter_size: 7, stride: 1]"),
                Arguments.of("extract-patches -i {missing} -o {y} --sizes 2 --padding SAME", 1,
                        "conv4j extract-patches: error: --input {missing}: no such file or directory"),
                Arguments.of("extract-patches -i {garbage} -o {y} --sizes 2 --padding SAME", 1,
                        "conv4j extract-patches: error: --input {garbage}: not a .npy file..."),
                Arguments.of("extract-patches -i {x} -o {no_dir}/y.npy --sizes 2 --padding SAME", 1,
                        "conv4j extract-patches: error: --output {no_dir}/y.npy: directory {no_dir} does not exist"),
                Arguments.of("extract-patches -i {x} -o {subdir} --sizes 2 --padding SAME", 1,
                        "conv4j extract-patches: error: --output {subdir} is a directory"),
                // conv2d-backprop-input and conv2d-transpose: usage errors.
                Arguments.of("conv2d-backprop-input --input-sizes 1,5,5,3 -f {f} --out-backprop {dy} -o {y}", 2,
                        "conv4j conv2d-backprop-input: error: Missing required option: '--padding=SAME|VALID|T,B,L,R' "
                        + "(see 'conv4j conv2d-backprop-input --help')"),
                Arguments.of("conv2d-backprop-input --input-sizes 1,a -f {f} --out-backprop {dy} -o {y} --padding VALID", 2,
                        "conv4j conv2d-backprop-input: error: --input-sizes must be comma-separated whole numbers, got '1,a' "
                        + "(see 'conv4j conv2d-backprop-input --help')"),
                Arguments.of("conv2d-transpose -i {dy} -f {f} -o {y}", 2, "conv4j conv2d-transpose: error: Missing required "
                        + "option: '--output-shape=N,H,W,C' (see 'conv4j conv2d-transpose --help')"),
                Arguments.of("conv2d-transpose -i {dy} -f {f} -o {y} --output-shape 1,5,5,3 --padding FULL", 2,
                        "conv4j conv2d-transpose: error: --padding must be SAME, VALID or T,B,L,R (4 non-negative integers), "
                        + "got 'FULL' (see 'conv4j conv2d-transpose --help')"),
                // conv2d-backprop-input and conv2d-transpose: failures, in TensorFlow's words.
                Arguments.of("conv2d-backprop-input --input-sizes 1,6,5,3 -f {f} --out-backprop {dy} -o {y} --padding VALID", 1,
                        "conv4j conv2d-backprop-input: error: Conv2DCustomBackpropInput: Size of out_backprop doesn't match "
                        + "computed: actual = 4, computed = 5 spatial_dim: 1 input: 6 filter: 2 output: 4 stride: 1 dilation: 1"),
                Arguments.of("conv2d-backprop-input --input-sizes 1,5,5 -f {f} --out-backprop {dy} -o {y} --padding VALID", 1,
                        "conv4j conv2d-backprop-input: error: Conv2DBackpropInput requires input_sizes to contain 4 values or "
                        + "2 values, but got: 3 (input_sizes [1, 5, 5])"),
                Arguments.of("conv2d-backprop-input --input-sizes 1,-5,5,3 -f {f} --out-backprop {dy} -o {y} --padding VALID", 1,
                        "conv4j conv2d-backprop-input: error: Dimension -5 must be >= 0 (input_sizes [1, -5, 5, 3])"),
                Arguments.of("conv2d-backprop-input --input-sizes 1,5,5,3 -f {f} --out-backprop {missing} -o {y} --padding VALID",
                        1, "conv4j conv2d-backprop-input: error: --out-backprop {missing}: no such file or directory"),
                Arguments.of("conv2d-transpose -i {dy} -f {f64} --output-shape 1,5,5,3 -o {y} --padding VALID", 1,
                        "conv4j conv2d-transpose: error: cannot compute Conv2DBackpropInput as input #2(zero-based) was "
                        + "expected to be a double tensor but is a float tensor"),
                Arguments.of("conv2d-transpose -i {dy} -f {f} --output-shape 1,13,5,3 -o {y}", 1,
                        "conv4j conv2d-transpose: error: Conv2DCustomBackpropInput: Size of out_backprop doesn't match "
                        + "computed: actual = 4, computed = 13 spatial_dim: 1 input: 13 filter: 2 output: 4 stride: 1 dilation: 1"),
                Arguments.of("conv2d-transpose -i {dy} -f {f} --output-shape 1,5,5,3 -o {no_dir}/y.npy", 1,
                        "conv4j conv2d-transpose: error: --output {no_dir}/y.npy: directory {no_dir} does not exist"),
                // depthwise-conv2d and separable-conv2d.
                Arguments.of("depthwise-conv2d -i {x} -o {y}", 2, "conv4j depthwise-conv2d: error: Missing required option: "
                        + "'--filter=F.npy' (see 'conv4j depthwise-conv2d --help')"),
                Arguments.of("depthwise-conv2d -i {x} -f {f} -o {y} --strides 0", 2, "conv4j depthwise-conv2d: error: "
                        + "--strides must be 1 or 2 comma-separated positive integers, got '0' (see 'conv4j depthwise-conv2d "
                        + "--help')"),
                Arguments.of("separable-conv2d -i {x} --depthwise-filter {f} -o {y}", 2, "conv4j separable-conv2d: error: "
                        + "Missing required option: '--pointwise-filter=P.npy' (see 'conv4j separable-conv2d --help')"),
                Arguments.of("depthwise-conv2d -i {x} -f {bad_depth} -o {y}", 1,
                        "conv4j depthwise-conv2d: error: input and filter must have the same depth: 3 vs 2"),
                Arguments.of("depthwise-conv2d -i {x} -f {f} -o {y} --strides 2,1", 1, "conv4j depthwise-conv2d: error: "
                        + "Current implementation only supports equal length strides in the row and column dimensions. "
                        + "Got strides [2, 1]"),
                Arguments.of("depthwise-conv2d -i {x} -f {f64} -o {y}", 1, "conv4j depthwise-conv2d: error: cannot compute "
                        + "DepthwiseConv2dNative as input #1(zero-based) was expected to be a float tensor but is a double tensor"),
                Arguments.of("depthwise-conv2d -i {x} -f {big} -o {y}", 1, "conv4j depthwise-conv2d: error: Computed output "
                        + "size would be negative: -1 [input_size: 5, effective_filter_size: 7, stride: 1]"),
                Arguments.of("depthwise-conv2d -i {rank3} -f {f} -o {y}", 1,
                        "conv4j depthwise-conv2d: error: input must be 4-dimensional[2,2,3]"),
                Arguments.of("depthwise-conv2d -i {missing} -f {f} -o {y}", 1,
                        "conv4j depthwise-conv2d: error: --input {missing}: no such file or directory"),
                Arguments.of("separable-conv2d -i {x} --depthwise-filter {f} --pointwise-filter {rank3} -o {y}", 1,
                        "conv4j separable-conv2d: error: Shape (2, 2, 3) must have rank 4 (pointwise_filter)"),
                Arguments.of("separable-conv2d -i {x} --depthwise-filter {f} --pointwise-filter {f} -o {y}", 1,
                        "conv4j separable-conv2d: error: Dimensions 2 and 1 are not compatible (pointwise_filter [2, 2, 3, 4] "
                        + "must be [1, 1, C*M, OC])"),
                Arguments.of("separable-conv2d -i {x} --depthwise-filter {f} --pointwise-filter {garbage} -o {y}", 1,
                        "conv4j separable-conv2d: error: --pointwise-filter {garbage}: not a .npy file..."),
                Arguments.of("separable-conv2d -i {x} --depthwise-filter {f} --pointwise-filter {f} -o {subdir}", 1,
                        "conv4j separable-conv2d: error: --output {subdir} is a directory"),
                // conv2d-backprop-filter: usage errors.
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2,2,3,4 -g {g}", 2, "conv4j conv2d-backprop-filter: "
                        + "error: Missing required option: '--output=Y.npy' (see 'conv4j conv2d-backprop-filter --help')"),
                Arguments.of("conv2d-backprop-filter -i {x} -g {g} -o {y}", 2, "conv4j conv2d-backprop-filter: error: Missing "
                        + "required option: '--filter-sizes=KH,KW,I,O' (see 'conv4j conv2d-backprop-filter --help')"),
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2x2x3x4 -g {g} -o {y}", 2, "conv4j "
                        + "conv2d-backprop-filter: error: --filter-sizes must be comma-separated integers KH,KW,I,O, got "
                        + "'2x2x3x4' (see 'conv4j conv2d-backprop-filter --help')"),
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2,2,3,4 -g {g} -o {y} --strides 0", 2, "conv4j "
                        + "conv2d-backprop-filter: error: --strides must be 1 or 2 comma-separated positive integers, got '0' "
                        + "(see 'conv4j conv2d-backprop-filter --help')"),
                // conv2d-backprop-filter: failures, in TensorFlow's words.
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2,2,3 -g {g} -o {y}", 1, "conv4j "
                        + "conv2d-backprop-filter: error: Conv2DCustomBackpropFilter: filter must be 4-dimensional, got "
                        + "filter_sizes [2,2,3]"),
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2,-2,3,4 -g {g} -o {y}", 1, "conv4j "
                        + "conv2d-backprop-filter: error: Dimension -2 must be >= 0, got filter_sizes [2, -2, 3, 4]"),
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2,2,3,4 -g {g} -o {y} --padding SAME", 1, "conv4j "
                        + "conv2d-backprop-filter: error: Conv2DCustomBackpropFilter: Size of out_backprop doesn't match "
                        + "computed: actual = 4, computed = 5 spatial_dim: 1 input: 5 filter: 2 output: 4 stride: 1 dilation: 1"),
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2,2,3,4 -g {g64} -o {y}", 1, "conv4j "
                        + "conv2d-backprop-filter: error: cannot compute Conv2DBackpropFilter as input #2(zero-based) was "
                        + "expected to be a float tensor but is a double tensor"),
                Arguments.of("conv2d-backprop-filter -i {g} --filter-sizes 2,2,3,4 -g {x} -o {y}", 1, "conv4j "
                        + "conv2d-backprop-filter: error: Conv2DCustomBackpropFilter: input depth must be evenly divisible by "
                        + "filter depth: 4 vs 3"),
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2,2,3,4 -g {g} -o {y} --algorithm winograd", 1,
                        "conv4j conv2d-backprop-filter: error: algorithm WINOGRAD does not compute conv2d_backprop_filter; "
                        + "use AUTO, GEMM or REFERENCE"),
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2,2,3,4 -g {missing} -o {y}", 1,
                        "conv4j conv2d-backprop-filter: error: --out-backprop {missing}: no such file or directory"),
                Arguments.of("conv2d-backprop-filter -i {x} --filter-sizes 2,2,3,4 -g {g} -o {subdir}", 1,
                        "conv4j conv2d-backprop-filter: error: --output {subdir} is a directory"),

                // convolve2d and correlate2d: usage errors.
                Arguments.of("convolve2d -i {a} -k {k}", 2,
                        "conv4j convolve2d: error: Missing required option: '--output=Y.npy' (see 'conv4j convolve2d --help')"),
                Arguments.of("correlate2d -i {a} -o {y}", 2,
                        "conv4j correlate2d: error: Missing required option: '--kernel=K.npy' (see 'conv4j correlate2d --help')"),
                Arguments.of("convolve2d -i {a} -k {k} -o {y} --mode fulll", 2, "conv4j convolve2d: error: --mode must be full, "
                        + "same or valid, got 'fulll' (see 'conv4j convolve2d --help')"),
                Arguments.of("correlate2d -i {a} -k {k} -o {y} --boundary reflect", 2, "conv4j correlate2d: error: --boundary "
                        + "must be fill, wrap or symm (or SciPy's pad, circular, symmetric), got 'reflect' "
                        + "(see 'conv4j correlate2d --help')"),
                Arguments.of("correlate2d -i {a} -k {k} -o {y} --fillvalue one", 2, "conv4j correlate2d: error: --fillvalue "
                        + "must be a number (or nan, inf, -inf), got 'one' (see 'conv4j correlate2d --help')"),
                Arguments.of("correlate2d -i {a} -k {k} -o {y} --fillvalue", 2, "conv4j correlate2d: error: Missing required "
                        + "parameter for option '--fillvalue' (V) (see 'conv4j correlate2d --help')"),
                Arguments.of("convolve2d -i {a} -k {k} -o {y} --padding SAME", 2, "conv4j convolve2d: error: Unknown options: "
                        + "'--padding', 'SAME' (see 'conv4j convolve2d --help')"),
                // convolve2d and correlate2d: failures, in SciPy's words where it has them.
                Arguments.of("convolve2d -i {x} -k {k} -o {y}", 1, "conv4j convolve2d: error: convolve2d inputs must both be "
                        + "2-D arrays, got shapes [1, 5, 5, 3] and [3, 3]"),
                Arguments.of("correlate2d -i {a} -k {k64} -o {y}", 1,
                        "conv4j correlate2d: error: correlate2d inputs must have the same dtype, got float32 and float64"),
                Arguments.of("convolve2d -i {a} -k {tall} -o {y} --mode valid", 1, "conv4j convolve2d: error: For 'valid' mode, "
                        + "one must be at least as large as the other in every dimension, got shapes [6, 7] and [8, 3]"),
                Arguments.of("correlate2d -i {empty} -k {k} -o {y}", 1,
                        "conv4j correlate2d: error: correlate2d inputs must not be empty, got shapes [0, 3] and [3, 3]"),
                Arguments.of("convolve2d -i {missing} -k {k} -o {y}", 1,
                        "conv4j convolve2d: error: --input {missing}: no such file or directory"),
                Arguments.of("correlate2d -i {a} -k {garbage} -o {y}", 1,
                        "conv4j correlate2d: error: --kernel {garbage}: not a .npy file..."),
                Arguments.of("convolve2d -i {a} -k {k} -o {subdir}", 1, "conv4j convolve2d: error: --output {subdir} is a directory"),
                Arguments.of("correlate2d -i {a} -k {k} -o {no_dir}/y.npy", 1,
                        "conv4j correlate2d: error: --output {no_dir}/y.npy: directory {no_dir} does not exist"),

                // filter: usage errors.
                Arguments.of("filter -i {img.png} -k blur -o {out}", 2, "conv4j filter: error: --kernel must be one of box:N, "
                        + "gaussian:SIGMA, sobel-x, sobel-y, sobel, laplacian, sharpen, emboss, identity, or a .npy file, "
                        + "got 'blur' (see 'conv4j filter --help')"),
                Arguments.of("filter -i {img.png} -k box:0 -o {out}", 2, "conv4j filter: error: --kernel box:N needs a whole "
                        + "number N from 1 to 1001, got 'box:0' (see 'conv4j filter --help')"),
                Arguments.of("filter -i {img.png} -k gaussian:-1 -o {out}", 2, "conv4j filter: error: --kernel gaussian:SIGMA "
                        + "needs a number SIGMA above 0 and at most 124.875, got 'gaussian:-1' (see 'conv4j filter --help')"),
                Arguments.of("filter -i {img.png} -k gaussian:wide -o {out}", 2, "conv4j filter: error: --kernel gaussian:SIGMA "
                        + "needs a number SIGMA above 0 and at most 124.875, got 'gaussian:wide' (see 'conv4j filter --help')"),
                Arguments.of("filter -i {img.png} -k sobel -o {y}", 2, "conv4j filter: error: --output must name a .png file "
                        + "(filter writes PNG), got '{y}' (see 'conv4j filter --help')"),
                Arguments.of("filter -i {img.png} -k sobel -o {out} --boundary mirror", 2, "conv4j filter: error: --boundary "
                        + "must be fill, wrap or symm (or SciPy's pad, circular, symmetric), got 'mirror' "
                        + "(see 'conv4j filter --help')"),
                Arguments.of("filter -i {img.png} -o {out}", 2,
                        "conv4j filter: error: Missing required option: '--kernel=NAME|K.npy' (see 'conv4j filter --help')"),
                // filter: bad images.
                Arguments.of("filter -i {missing.png} -k sobel -o {out}", 1,
                        "conv4j filter: error: --image {missing.png}: no such file or directory"),
                Arguments.of("filter -i {text.png} -k sobel -o {out}", 1,
                        "conv4j filter: error: --image {text.png}: not a PNG or JPEG image (no image format recognised)"),
                Arguments.of("filter -i {img.gif} -k sobel -o {out}", 1,
                        "conv4j filter: error: --image {img.gif}: a GIF image; filter reads PNG and JPEG"),
                Arguments.of("filter -i {cut.png} -k sobel -o {out}", 1,
                        "conv4j filter: error: --image {cut.png}: cannot decode the PNG image: ..."),
                Arguments.of("filter -i {cut.jpg} -k sobel -o {out}", 1,
                        "conv4j filter: error: --image {cut.jpg}: corrupt JPEG image: ..."),
                Arguments.of("filter -i {huge.png} -k sobel -o {out}", 1, "conv4j filter: error: --image {huge.png}: "
                        + "100000x100000 pixels, more than conv4j can filter (at most 2147483639 samples: pixels times 3 channels)"),
                Arguments.of("filter -i {subdir} -k sobel -o {out}", 1, "conv4j filter: error: --image {subdir}: ..."),
                // filter: bad kernel files.
                Arguments.of("filter -i {img.png} -k {missing} -o {out}", 1,
                        "conv4j filter: error: --kernel {missing}: no such file or directory"),
                Arguments.of("filter -i {img.png} -k {garbage} -o {out}", 1,
                        "conv4j filter: error: --kernel {garbage}: not a .npy file..."),
                Arguments.of("filter -i {img.png} -k {rank3} -o {out}", 1,
                        "conv4j filter: error: --kernel {rank3}: a kernel must be a 2-D array, got shape [2, 2, 3]"),
                Arguments.of("filter -i {img.png} -k {empty} -o {out}", 1,
                        "conv4j filter: error: --kernel {empty}: a kernel must not be empty, got shape [0, 3]"),
                Arguments.of("filter -i {img.png} -k {nan} -o {out}", 1,
                        "conv4j filter: error: --kernel {nan}: the kernel holds NaN at [0, 1]; it must be finite"),
                // filter: where the output cannot go.
                Arguments.of("filter -i {img.png} -k sobel -o {no_dir}/out.png", 1,
                        "conv4j filter: error: --output {no_dir}/out.png: directory {no_dir} does not exist"),
                Arguments.of("filter -i {img.png} -k sobel -o {sub.png}", 1, "conv4j filter: error: --output {sub.png} is a directory"));
    }

    @ParameterizedTest(name = "conv4j {0}")
    @MethodSource("failures")
    void failsWithOneLineAndNoOutput(String args, int exitCode, String message) throws IOException {
        // With no output file yet, none may appear.
        List<String> before = listing();
        Cli.Result r = Cli.run(expand(args));
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertEquals("", r.out(), "stdout");
        assertErrorLine(expandWord(message), r);
        assertEquals(before, listing(), "files in the directory");

        // An existing output file must survive byte for byte.
        Files.write(Path.of(y), OLD_OUTPUT);
        Files.write(Path.of(out), OLD_OUTPUT);
        before = listing();
        r = Cli.run(expand(args));
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertErrorLine(expandWord(message), r);
        assertArrayEquals(OLD_OUTPUT, Files.readAllBytes(Path.of(y)));
        assertArrayEquals(OLD_OUTPUT, Files.readAllBytes(Path.of(out)));
        assertEquals(before, listing(), "files in the directory");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void verboseAddsTheStackTrace(boolean beforeCommand) {
        String[] args = {"conv2d", "-i", x, "-f", f, "-o", y, "--padding", "0,0,0,0,0,0,1,1", "--verbose"};
        if (beforeCommand) {
            args = new String[] {"--verbose", "conv2d", "-i", x, "-f", f, "-o", y, "--padding", "0,0,0,0,0,0,1,1"};
        }
        Cli.Result r = Cli.run(args);

        assertEquals(1, r.exitCode());
        List<String> lines = r.errLines();
        assertTrue(lines.get(0).startsWith("conv4j conv2d: error: Nonzero explicit padding"), lines.get(0));
        assertTrue(lines.get(1).startsWith("java.lang.IllegalArgumentException: Nonzero explicit padding"), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.contains("at org.conv4j.cli.Conv2dCommand.call")), r::toString);
        assertFalse(Files.exists(Path.of(y)));
    }

    @Test
    void failureWithTheOutputNamingTheInputLeavesTheInputAlone() throws IOException {
        byte[] input = Files.readAllBytes(Path.of(x));
        List<String> before = listing();

        Cli.Result r = Cli.run("conv2d", "-i", x, "-f", dir.resolve("bad_depth.npy").toString(), "-o", x);

        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertArrayEquals(input, Files.readAllBytes(Path.of(x)));
        assertEquals(before, listing());
    }

    @Test
    void verboseUsageErrorAddsTheUsage() {
        Cli.Result r = Cli.run("conv2d", "-i", x, "-f", f, "-o", y, "--padding", "FULL", "--verbose");

        assertEquals(2, r.exitCode());
        assertTrue(r.errLines().get(0).startsWith("conv4j conv2d: error: --padding must be"), r::toString);
        assertTrue(r.err().contains("Usage: conv4j conv2d"), r::toString);
    }

    private static void assertErrorLine(String expected, Cli.Result r) {
        assertEquals(1, r.errLines().size(), r::toString);
        if (expected.endsWith("...")) {
            assertTrue(r.errLines().get(0).startsWith(expected.substring(0, expected.length() - 3)), r::toString);
        } else {
            assertEquals(expected, r.errLines().get(0), r::toString);
        }
    }

    /** The arguments with the placeholders replaced by the test's files. */
    private String[] expand(String args) {
        List<String> words = new ArrayList<>();
        for (String word : args.split(" ")) {
            if (!word.isEmpty()) {
                words.add(expandWord(word));
            }
        }
        return words.toArray(String[]::new);
    }

    private String expandWord(String text) {
        String s = text.replace("{x}", x).replace("{f}", f).replace("{y}", y).replace("{out}", out);
        for (String name : List.of("g64", "g", "bad_depth", "big", "f64", "rank3", "missing", "garbage", "truncated", "a", "k",
                "k64", "tall", "empty", "nan", "dy")) {
            s = s.replace("{" + name + "}", dir.resolve(name + ".npy").toString());
        }
        for (String name : List.of("no_dir", "subdir", "img.png", "img.gif", "cut.png", "cut.jpg", "huge.png", "text.png",
                "sub.png", "missing.png")) {
            s = s.replace("{" + name + "}", dir.resolve(name).toString());
        }
        return s;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
