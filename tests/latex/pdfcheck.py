#!/usr/bin/env python3
# pdfcheck.py: helpers of documents.sh (standard library only).
#   pdfcheck.py ink PAGE.png          the share of dark pixels of a page (0 when blank)
#   pdfcheck.py names TEXT NAME...    the names not written as "NAME [unit] =" in TEXT
#                                     (pdftotext output); an underscore reads as a space
import re, struct, sys, zlib


def png_gray(path):
    """The pixels of an 8-bit grayscale or RGB PNG as a list of rows of gray levels."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (0, 2):
                raise ValueError("unsupported PNG: depth %d, colour type %d" % (depth, ctype))
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, bpp = zlib.decompress(idat), 1 if ctype == 0 else 3
    stride, rows, prev = width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line if bpp == 1 else bytearray(min(line[i:i + 3]) for i in range(0, stride, 3)))
        prev = line
    return rows


def ink(path):
    rows = png_gray(path)
    dark = sum(1 for r in rows for v in r if v < 128)
    total = sum(len(r) for r in rows)
    print("%.5f" % (dark / total if total else 0))


def names(path, wanted):
    text = open(path, encoding="utf-8", errors="replace").read()
    missing = []
    for n in wanted:
        pat = r"(^|\s)" + re.escape(n.replace("_", " ")) + r"( \[[^\]\n]*\])? ="
        if not re.search(pat, text, re.M):
            missing.append(n)
    print(" ".join(missing))


if __name__ == "__main__":
    if sys.argv[1] == "ink":
        ink(sys.argv[2])
    else:
        names(sys.argv[2], sys.argv[3:])
