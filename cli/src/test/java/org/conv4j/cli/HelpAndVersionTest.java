package org.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --help} and {@code --version}: exit 0, to stdout, for every command. */
class HelpAndVersionTest {
    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void mainHelpListsTheCommands(String flag) {
        Cli.Result r = Cli.run(flag);

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: conv4j [-hV] [--verbose] COMMAND"), r::toString);
        // The command list, in order, each command's one-line header after the longest name; no
        // line may wrap.
        String list = String.join("\n",
                "  conv2d                  tf.nn.conv2d on .npy files.",
                "  depthwise-conv2d        tf.nn.depthwise_conv2d on .npy files.",
                "  separable-conv2d        tf.nn.separable_conv2d on .npy files.",
                "  conv2d-backprop-input   conv2d's input gradient (Conv2DBackpropInput).",
                "  conv2d-backprop-filter  conv2d's filter gradient (Conv2DBackpropFilter).",
                "  conv2d-transpose        tf.nn.conv2d_transpose on .npy files.",
                "  extract-patches         tf.image.extract_patches on .npy files.",
                "  conv1d                  tf.nn.conv1d on .npy files.",
                "  conv3d                  tf.nn.conv3d on .npy files.",
                "  convolution             tf.nn.convolution (1-D, 2-D or 3-D) on .npy files.",
                "  convolve2d              scipy.signal.convolve2d on .npy files.",
                "  correlate2d             scipy.signal.correlate2d on .npy files.",
                "  filter                  Filters a PNG or JPEG image with a kernel.",
                "  demo                    Four nested loops against conv4j, timed.",
                "  bench                   Times conv4j on layer shapes.");
        assertTrue(r.out().contains("Commands:\n" + list + "\n"), r::toString);
    }

    @Test
    void signalCommandsDocumentScipysDefaults() {
        for (String command : new String[] {"convolve2d", "correlate2d"}) {
            Cli.Result r = Cli.run(command, "--help");

            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("", r.err());
            String out = r.out();
            assertTrue(out.startsWith("Usage: conv4j " + command + " [-hV] -i=A.npy -k=K.npy -o=Y.npy"), out);
            for (String option : new String[] {"--input", "--kernel", "--output", "--mode", "--boundary", "--fillvalue"}) {
                assertTrue(out.contains(option), option);
            }
            assertTrue(out.contains("Defaults are SciPy's: --mode full --boundary fill --fillvalue 0."), out);
        }
    }

    @Test
    void filterHelpListsTheKernels() {
        Cli.Result r = Cli.run("filter", "--help");

        assertEquals(0, r.exitCode(), r::toString);
        String out = r.out();
        assertTrue(out.startsWith("Usage: conv4j filter [-hV] -i=IN -k=NAME|K.npy -o=OUT.png"), out);
        for (String kernel : new String[] {"box:N", "gaussian:SIGMA", "sobel-x", "sobel-y", "sobel", "laplacian", "sharpen",
            "emboss", "identity"}) {
            assertTrue(out.contains(kernel), kernel);
        }
        assertTrue(out.contains("Default: symm."), out);
    }

    @Test
    void conv2dHelpDocumentsEveryOptionAndTheDefaults() {
        Cli.Result r = Cli.run("conv2d", "--help");

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err());
        String out = r.out();
        assertTrue(out.startsWith("Usage: conv4j conv2d [-hV] -i=X.npy -f=F.npy -o=Y.npy"), out);
        for (String option : new String[] {"--input", "--filter", "--output", "--strides", "--dilations", "--padding",
            "--data-format", "--threads", "--algorithm", "--verbose", "--help", "--version"}) {
            assertTrue(out.contains(option), option);
        }
        assertTrue(out.contains("Default: VALID."), out);
        assertTrue(out.contains("Default: NHWC."), out);
        assertTrue(out.contains("Default: auto."), out);
        assertTrue(out.contains("VALID is the default here"), out);
    }

    @Test
    void demoHelp() {
        Cli.Result r = Cli.run("demo", "--help");

        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: conv4j demo"), r::toString);
        assertTrue(r.out().contains("--size=SIZE"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V", "conv2d --version", "demo -V", "filter -V", "correlate2d --version"})
    void versionIsDevOutsideTheJar(String args) {
        // The tests run from classes, so there is no manifest: the fallback shows.
        Cli.Result r = Cli.run(args.split(" "));

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("conv4j dev" + System.lineSeparator(), r.out());
        assertEquals("", r.err());
    }
}
