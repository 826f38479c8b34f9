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
        assertTrue(r.out().contains("  conv2d  Computes tf.nn.conv2d(input, filter) on .npy files."), r::toString);
        assertTrue(r.out().contains("  demo    Times tf.nn.conv2d written as four nested loops"), r::toString);
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
    @ValueSource(strings = {"--version", "-V", "conv2d --version", "demo -V"})
    void versionIsDevOutsideTheJar(String args) {
        // The tests run from classes, so there is no manifest: the fallback shows.
        Cli.Result r = Cli.run(args.split(" "));

        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("conv4j dev" + System.lineSeparator(), r.out());
        assertEquals("", r.err());
    }
}
