/**
 * File formats for tensors. {@link org.conv4j.io.Npy} reads and writes NumPy {@code .npy} files
 * (float32 and float64, any rank, C or Fortran order, either byte order, format versions 1.0 to
 * 3.0) with no dependency beyond the JDK; writes to a path are atomic, and every malformed or
 * unsupported file is reported as an {@link org.conv4j.io.NpyFormatException} whose message names
 * the problem and the values found. {@link org.conv4j.io.AtomicFile} makes any file write atomic
 * the same way.
 */
package org.conv4j.io;
