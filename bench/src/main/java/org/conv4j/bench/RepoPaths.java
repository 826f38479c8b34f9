package org.conv4j.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the checkout is, so that defaults do not depend on the working directory: the
 * {@code conv4j.root} system property (set by {@code bin/bench}), else the checkout holding
 * {@code bench/target/conv4j-bench.jar} when run from it, else the working directory.
 */
public final class RepoPaths {
    private RepoPaths() {
    }

    /** The repository root. */
    public static Path root() {
        String prop = System.getProperty("conv4j.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        try {
            Path code = Path.of(RepoPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <root>/bench/target/conv4j-bench.jar or <root>/bench/target/classes
            Path target = code.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && target.getParent() != null && target.getParent().getParent() != null) {
                return target.getParent().getParent().toAbsolutePath().normalize();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * The public layer suite: {@code conv4j.shapes} if set, else {@code <root>/../shared/bench/shapes.tsv},
     * else the first {@code shared/bench/shapes.tsv} found walking up from the working directory
     * (JMH forks start wherever the launcher was started).
     */
    public static Path shapes() {
        String prop = System.getProperty("conv4j.shapes");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        Path beside = root().resolve("../shared/bench/shapes.tsv").normalize();
        if (Files.isRegularFile(beside)) {
            return beside;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/bench/shapes.tsv");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return beside;
    }
}
