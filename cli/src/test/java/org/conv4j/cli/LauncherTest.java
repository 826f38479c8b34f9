package org.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/conv4j} as a real process: against the real jar when it has been built, and
 * against a stand-in {@code java} to pin down exactly what the script runs.
 */
class LauncherTest {
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path tmp;

    /** What a process printed and returned. */
    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/conv4j")) && Files.isDirectory(p.resolve("cli"))) {
                return p;
            }
        }
        throw new IllegalStateException("no bin/conv4j above " + Path.of("").toAbsolutePath());
    }

    private static Run run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // Outputs are small; read stderr on another thread so neither pipe can fill and block.
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        reader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/conv4j did not finish");
        return new Run(p.exitValue(), out, err.join());
    }

    @Test
    void realJarVersion() throws Exception {
        Path root = repoRoot();
        assumeTrue(Files.isRegularFile(root.resolve("cli/target/conv4j.jar")), "cli/target/conv4j.jar not built yet");

        Run r = run(root.resolve("bin/conv4j"), Map.of(), "--version");

        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().matches("conv4j [0-9][^\\s]*\\R"), r::toString);
        assertEquals("", r.err(), "the incubator warning is filtered out");
    }

    @Test
    void realJarUsageErrorIsOneLine() throws Exception {
        Path root = repoRoot();
        assumeTrue(Files.isRegularFile(root.resolve("cli/target/conv4j.jar")), "cli/target/conv4j.jar not built yet");

        Run r = run(root.resolve("bin/conv4j"), Map.of(), "conv2d", "-i", "x.npy", "-f", "f.npy", "-o", "y.npy",
                "--padding", "FULL");

        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith("conv4j conv2d: error: --padding must be"), r::toString);
    }

    /** A copy of the script in a fresh tree {@code tmp/checkout}, which has no jar. */
    private Path copyOfScript() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("checkout/bin"));
        Path script = bin.resolve("conv4j");
        Files.copy(repoRoot().resolve("bin/conv4j"), script);
        return script;
    }

    @Test
    void missingJarSaysHowToBuild() throws Exception {
        Run r = run(copyOfScript(), Map.of());

        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains("conv4j.jar not found") && r.err().contains("mvn -q -DskipTests package"), r::toString);
    }

    @Test
    void runsJavaHomesJavaWithTheVectorModuleAndFiltersOnlyTheIncubatorWarning() throws Exception {
        Path script = copyOfScript();
        Path root = tmp.resolve("checkout").toRealPath();
        Files.createDirectories(root.resolve("cli/target"));
        Files.writeString(root.resolve("cli/target/conv4j.jar"), "not really a jar");
        // A stand-in java: shows its arguments, warns like the JVM, reports a real problem, fails.
        Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, String.join("\n",
                "#!/bin/sh",
                "for a in \"$@\"; do printf '[%s]' \"$a\"; done; echo",
                "echo '" + INCUBATOR_WARNING + "' >&2",
                "echo 'Error: a real problem' >&2",
                "exit 42", ""));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        // Run it through a symlink elsewhere, as from ~/bin: the checkout must still be found.
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("elsewhere")).resolve("conv4j"), script);

        Run r = run(link, Map.of("JAVA_HOME", tmp.resolve("jdk").toString(), "JAVA_OPTS", "-Xmx1g -Dx=y"),
                "conv2d", "two words", "--x=*");

        assertEquals(42, r.exitCode(), r::toString);
        assertEquals("[-Xmx1g][-Dx=y][--add-modules][jdk.incubator.vector][-jar][" + root.resolve("cli/target/conv4j.jar")
                + "][conv2d][two words][--x=*]\n", r.out());
        assertEquals("Error: a real problem\n", r.err());
    }
}
