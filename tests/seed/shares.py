#!/usr/bin/env python3
# shares.py: every FLOPs row and share of the notebook's five tables, as it printed them,
# against lmcost -c seed (exact values; shares rounded the way pandas displayed them).
import json, subprocess, sys
from fractions import Fraction

build = sys.argv[1] if len(sys.argv) > 1 else "build"
lmcost = f"{build}/lmcost"

ROWS = ["flops.forward.layer.norm1", "flops.forward.layer.attention.qkv",
        "flops.forward.layer.attention.scores", "flops.forward.layer.attention.softmax",
        "flops.forward.layer.attention.weighted", "flops.forward.layer.attention.output",
        "flops.forward.layer.attention", "flops.forward.layer.norm2",
        "flops.forward.layer.ffn", "flops.forward.layers"]

# model, extra settings, then (FLOPs, printed share) per row, copied from the notebook.
TABLES = [
    ("gpt2-xl", [], [(4917248, "4.651496e-07"), (15728640000, "0.001487859"),
        (3355443200, "0.0003174098"), (131072000, "1.239882e-05"), (3355443200, "0.0003174098"),
        (5242880000, "0.0004959529"), (27813478400, "0.00263103"), (4917248, "4.651496e-07"),
        (41975808000, "0.003970723"), (3350357803008, "0.3169288")]),
    ("gpt2-small", ["d_ff=6400"], [(2361344, "2e-06"), (3623878656, "0.002878"),
        (1610612736, "0.001279"), (62914560, "5e-05"), (1610612736, "0.001279"),
        (1207959552, "0.000959"), (8115978240, "0.006446"), (2361344, "2e-06"),
        (20165427200, "0.016017"), (339433537536, "0.269598")]),
    ("gpt2-medium", ["d_ff=6400"], [(3147776, "9.855874e-07"), (6442450944, "0.00201717"),
        (2147483648, "0.0006723899"), (83886080, "2.626523e-05"), (2147483648, "0.0006723899"),
        (2147483648, "0.0006723899"), (12968787968, "0.004060605"), (3147776, "9.855874e-07"),
        (26876313600, "0.008415134"), (956433530880, "0.299465")]),
    ("gpt2-large", ["d_ff=6400"], [(3934208, "6.471264e-07"), (10066329600, "0.001655781"),
        (2684354560, "0.0004415417"), (104857600, "1.724772e-05"), (2684354560, "0.0004415417"),
        (3355443200, "0.0005519271"), (18895339520, "0.003108039"), (3934208, "6.471264e-07"),
        (33587200000, "0.005524661"), (1889654685696, "0.3108238")]),
    ("gpt2-xl", ["context_length=16384"], [(78675968, "1.941625e-07"),
        (251658240000, "0.0006210612"), (858993459200, "0.002119889"), (33554432000, "8.280816e-05"),
        (858993459200, "0.002119889"), (83886080000, "0.0002070204"), (2087085670400, "0.005150668"),
        (78675968, "1.941625e-07"), (671612928000, "0.001657457"), (132425085616128, "0.3268086")]),
]


def rounds_to(exact, printed):
    """Does the exact share, rounded as `printed` is written, read as `printed`?"""
    if "e" in printed:
        mant, exp = printed.split("e")
        digits = len(mant.replace(".", "").lstrip("0"))
        want = Fraction(mant) * Fraction(10) ** int(exp)
        scale = Fraction(10) ** (int(exp) - (digits - 1))
    else:
        decimals = len(printed.split(".")[1]) if "." in printed else 0
        want = Fraction(printed)
        scale = Fraction(1, 10 ** decimals)
    return abs(exact - want) <= scale / 2


passed = failed = 0
for model, extra, rows in TABLES:
    args = [lmcost, "eval", *ROWS, "flops.step", "-c", "seed", "-m", model, "-s", "batch_size=1", "-F", "json"]
    for s in extra:
        args += ["-s", s]
    out = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
    values = [Fraction(v["exact"]) for v in out["values"]]
    total = values[-1]
    for name, value, (flops, share) in zip(ROWS, values, rows):
        label = f"{model}{' ' + ' '.join(extra) if extra else ''} {name}"
        if value == flops and rounds_to(value / total, share):
            passed += 1
            print(f"ok seed-table {label}")
        else:
            failed += 1
            print(f"FAIL seed-table {label}: lmcost {value} share {float(value / total)!r}, notebook {flops} {share}")
sys.exit(1 if failed else 0)
