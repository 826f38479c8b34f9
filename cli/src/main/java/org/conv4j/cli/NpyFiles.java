package org.conv4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.conv4j.Tensor;
import org.conv4j.io.Npy;

/** {@code .npy} reads and writes whose errors say which option named the file ({@link FileErrors}). */
final class NpyFiles {
    private NpyFiles() {
    }

    /** Reads a tensor; on failure, {@code --input x.npy: <what went wrong>}. */
    static Tensor read(String option, Path file) throws IOException {
        try {
            return Npy.read(file);
        } catch (IOException e) {
            throw FileErrors.about(option, file, e);
        }
    }

    /** Writes a tensor atomically ({@link Npy#write}); on failure the file is unchanged. */
    static void write(String option, Path file, Tensor t) throws IOException {
        try {
            Npy.write(file, t);
        } catch (IOException e) {
            throw FileErrors.about(option, file, e);
        }
    }
}
