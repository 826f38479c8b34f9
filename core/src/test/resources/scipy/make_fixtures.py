#!/usr/bin/env python3
"""Writes SciPy's own answers for org.conv4j.signal.Signal2dAgainstScipyTest.

Run from anywhere: python3 make_fixtures.py  (writes next to this script, replacing the old files).
The committed fixtures were made with SciPy 1.17.1 and NumPy 2.4.6. The tests never run Python.

One file per case and dtype, CASE.f4.npy or CASE.f8.npy, holding several .npy arrays one after
another (np.save to the same file again and again; org.conv4j.io.Npy.read(InputStream) reads
them back in turn, np.load on an open file too):

    in1, in2, fillvalue (0-d), then for op in (convolve2d, correlate2d),
    for mode in (full, same, valid), for boundary in (fill, wrap, symm):
        op(in1, in2, mode, boundary, fillvalue)

except that an output SciPy refuses to compute (valid mode with neither input at least as
large as the other in every dimension) is left out; the test expects the error there instead.
float32 cases are computed by SciPy in float32, as conv4j does.
"""
import os

import numpy as np
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))

OPS = (signal.convolve2d, signal.correlate2d)
MODES = ("full", "same", "valid")
BOUNDARIES = ("fill", "wrap", "symm")

# name, in1 shape, in2 shape, fillvalue
CASES = [
    ("odd", (7, 9), (3, 3), 0.0),
    ("even", (8, 6), (2, 4), 1.5),
    ("mixed", (6, 7), (4, 3), -2.25),
    ("row", (1, 12), (1, 5), 0.5),
    ("column", (10, 1), (3, 1), 0.0),
    ("row_kernel_on_column", (9, 1), (1, 4), 1.0),
    ("single_tap", (5, 6), (1, 1), 0.0),
    ("equal", (4, 4), (4, 4), -1.0),
    # in2 larger in every dimension: valid swaps the inputs (and reverses a correlation).
    ("kernel_larger", (4, 5), (6, 8), 2.0),
    # The kernel reaches past the input more than once: repeated wrapping and mirroring.
    ("huge_kernel", (3, 4), (9, 11), 0.75),
    ("single_pixel", (1, 1), (3, 2), 3.0),
    # in2 taller but narrower: valid is an error.
    ("kernel_taller", (5, 6), (7, 3), 0.0),
    # Rows longer than four 512-bit vectors, so the vector kernel's every loop runs.
    ("wide", (2, 70), (3, 5), 0.0),
]


def main():
    for old in os.listdir(HERE):
        if old.endswith(".npy"):
            os.remove(os.path.join(HERE, old))
    rng = np.random.default_rng(20240531)
    for name, shape1, shape2, fillvalue in CASES:
        in1 = rng.uniform(-1, 1, shape1)
        in2 = rng.uniform(-1, 1, shape2)
        for dtype in ("f4", "f8"):
            a = in1.astype(dtype)
            b = in2.astype(dtype)
            with open(os.path.join(HERE, f"{name}.{dtype}.npy"), "wb") as f:
                np.save(f, a)
                np.save(f, b)
                np.save(f, np.array(fillvalue, dtype=dtype))
                for op in OPS:
                    for mode in MODES:
                        for boundary in BOUNDARIES:
                            try:
                                out = op(a, b, mode=mode, boundary=boundary, fillvalue=fillvalue)
                            except ValueError:
                                assert mode == "valid", (name, op.__name__, mode)
                                continue
                            assert out.dtype == a.dtype, (name, out.dtype)
                            np.save(f, out)


if __name__ == "__main__":
    main()
