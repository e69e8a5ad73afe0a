#!/usr/bin/env python3
"""sweep_python.py: the `sweep` and `huge` workloads with plain Python integers, for run.sh.

The formulas are the standard convention's expanded forms for the default model, one per
line of FORMULAS (written by run.sh with `lmcost show NAME -k d_model,num_layers,
context_length -s batch_size=8 -F plain`). The grid is the one run.sh gives lmcost, and
the CSV is written the way lmcost writes it, so the two outputs must be identical.
Usage: sweep_python.py FORMULAS NAMES          (the 100 x 100 x 100 grid, CSV on stdout)
       sweep_python.py --point FORMULAS NAMES  (one point: T = 2^40, d = 2^20, L = 10^6)
"""
import sys


def load(path, names):
    exprs = [line.strip() for line in open(path) if line.strip()]
    assert len(exprs) == len(names) and not any("/" in e for e in exprs)
    body = ", ".join(e.replace("^", "**") for e in exprs)
    src = "def row(d_model, num_layers, context_length):\n    return (%s,)\n" % body
    scope = {}
    exec(src, scope)
    return scope["row"]


def main():
    point = sys.argv[1] == "--point"
    args = sys.argv[2:] if point else sys.argv[1:]
    names = args[1].split(",")
    row = load(args[0], names)
    if point:
        for v in row(2**20, 10**6, 2**40):
            print(v)
        return
    out = sys.stdout
    out.write("d_model,num_layers,context_length," + ",".join(names) + "\n")
    lines = []
    for d in range(64, 6401, 64):
        for L in range(1, 101):
            for T in range(128, 12801, 128):
                lines.append("%d,%d,%d,%s\n" % (d, L, T, ",".join(map(str, row(d, L, T)))))
            if len(lines) >= 10000:
                out.write("".join(lines))
                lines = []
    out.write("".join(lines))


if __name__ == "__main__":
    main()
