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
        // Picocli aligns the descriptions after the longest command name, and wraps them.
        for (String line : new String[] {"conv2d +Computes tf.nn.conv2d\\(input, filter\\) on .npy files.",
            "conv2d-backprop-filter +Computes tf.nn.conv2d_backprop_filter\\(input,.*",
            "convolve2d +SciPy's convolve2d\\(in1, in2, mode, boundary,.*",
            "correlate2d +SciPy's correlate2d\\(in1, in2, mode, boundary,.*",
            "filter +Filters a PNG or JPEG image with a kernel and writes.*",
            "demo +Times tf.nn.conv2d written as four nested loops.*"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("  " + line)), () -> line + "\n" + r);
        }
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
