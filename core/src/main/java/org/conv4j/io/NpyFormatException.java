package org.conv4j.io;

import java.io.IOException;

/**
 * Thrown when bytes that should be a NumPy {@code .npy} file are not one conv4j can read: bad
 * magic, an unsupported version or dtype, a malformed or oversized header, an impossible shape, or
 * data that ends early. The message names the problem and the offending values.
 */
public class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with the given message. */
    public NpyFormatException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
