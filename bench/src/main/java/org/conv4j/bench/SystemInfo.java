package org.conv4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the numbers were measured on: JVM, CPU, vector support. */
final class SystemInfo {
    private SystemInfo() {
    }

    /** Whether {@code jdk.incubator.vector} is readable (the JVM was started with the module). */
    static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** e.g. {@code OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1 (Debian)}. */
    static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vendor") + ")";
    }

    /** The feature version, e.g. 17 or 25. */
    static int javaFeature() {
        return Runtime.version().feature();
    }

    /** CPU model and count, and whether it has AVX-512F (Linux only; "unknown" elsewhere). */
    static String cpu() {
        String model = "unknown CPU";
        boolean avx512 = false;
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name") && model.startsWith("unknown")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("flags") && line.contains(" avx512f")) {
                    avx512 = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return model + ", " + Runtime.getRuntime().availableProcessors() + " processors";
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " processors, "
                + (avx512 ? "AVX-512F" : "no AVX-512F");
    }
}
