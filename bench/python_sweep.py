#!/usr/bin/env python3
"""python_sweep.py: the bench's million-row sweep through the Python package (make bench,
bench/python.sh): gpt2-xl, standard, batch_size = 8, eight definitions over d_model x
num_layers x context_length, returned as exact rows. Prints the row count and the last row;
with --csv FILE also writes the rows as the CLI's CSV (for cmp, not timed)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import lmcost  # noqa: E402

NAMES = ["params", "flops.forward", "flops.backward", "flops.optimizer", "flops.step",
         "memory.activations", "memory.params", "memory.total"]
GRID = {"d_model": range(64, 6401, 64), "num_layers": range(1, 101),
        "context_length": range(128, 12801, 128)}

rows = lmcost.Model("gpt2-xl", batch_size=8).sweep(NAMES, GRID)
print(len(rows), rows[-1])
if len(sys.argv) > 2 and sys.argv[1] == "--csv":
    with open(sys.argv[2], "w") as f:
        f.write(",".join(rows.columns) + "\n")
        for r in rows:
            f.write(",".join(map(str, r)) + "\n")
