#!/usr/bin/env python3
"""Writes the .npy fixtures for org.conv4j.io.NpyTest with real NumPy.

Run from anywhere: python3 make_fixtures.py  (writes next to this script).
The committed fixtures were made with NumPy 2.4.6. The tests never run Python.

Every float array holds value(i) = i * 0.5 - 3 where i is the element's row-major
(C order) index, so the Java test can compute the expected values itself. All of
these values are exact in float32 and float64.
"""
import os

import numpy as np
from numpy.lib import format as npy_format

HERE = os.path.dirname(os.path.abspath(__file__))


def values(shape, dtype):
    n = int(np.prod(shape, dtype=np.int64))
    return (np.arange(n, dtype=np.float64) * 0.5 - 3).astype(dtype).reshape(shape)


def save(name, arr, version=None):
    with open(os.path.join(HERE, name), "wb") as f:
        npy_format.write_array(f, arr, version=version, allow_pickle=True)


def main():
    # Plain np.save layout: version 1.0, little endian, C order.
    save("f4_2x3.npy", values((2, 3), "<f4"))
    save("f8_2x3.npy", values((2, 3), "<f8"))
    save("f4_scalar.npy", values((), "<f4"))
    save("f8_scalar.npy", values((), "<f8"))
    save("f4_5.npy", values((5,), "<f4"))
    save("f8_1x2x3x2.npy", values((1, 2, 3, 2), "<f8"))
    save("f4_2x0x3.npy", values((2, 0, 3), "<f4"))
    # A 10-digit first dimension shrinks NumPy's spare header spaces to 11.
    save("f8_1234567890x0.npy", values((1234567890, 0), "<f8"))
    # This dict is already 64-byte aligned, so NumPy pads a full 64 extra bytes.
    save("f4_full_pad.npy", values((0, 1, 1, 100, 1000, 1000, 1000, 1000, 1000), "<f4"))
    # Big endian.
    save("f4_be_2x3.npy", values((2, 3), ">f4"))
    save("f8_be_5.npy", values((5,), ">f8"))
    # Fortran order: the bytes are column-major, the logical values are as above.
    save("f4_fortran_2x3x4.npy", np.asfortranarray(values((2, 3, 4), "<f4")))
    save("f8_be_fortran_3x2.npy", np.asfortranarray(values((3, 2), ">f8")))
    # Explicit format versions 2.0 (4-byte header length) and 3.0 (UTF-8 header).
    save("f4_v2_2x3.npy", values((2, 3), "<f4"), version=(2, 0))
    save("f8_v3_2x3.npy", values((2, 3), "<f8"), version=(3, 0))
    # Types conv4j must refuse.
    save("i4_2x2.npy", np.arange(4, dtype="<i4").reshape(2, 2))
    save("object.npy", np.array([{"a": 1}, None], dtype=object))


if __name__ == "__main__":
    main()
