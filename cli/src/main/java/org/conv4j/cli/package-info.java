/**
 * The {@code conv4j} command line, built on picocli: {@link org.conv4j.cli.Main} and one class
 * per subcommand ({@link org.conv4j.cli.Conv2dCommand}, {@link org.conv4j.cli.ConvolveCommand},
 * {@link org.conv4j.cli.CorrelateCommand}, {@link org.conv4j.cli.FilterCommand},
 * {@link org.conv4j.cli.DemoCommand}), the option converters, image and {@code .npy} file access,
 * and {@link org.conv4j.cli.ErrorHandler}, which turns every failure into one line on stderr and
 * an exit code (2 for usage errors, 1 for the rest).
 */
package org.conv4j.cli;
