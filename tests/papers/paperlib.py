# paperlib.py: what the scripts of tests/papers share: lmcost's exact values (eval -F json,
# "exact"), checks of them against a source's own formula, and the ok/FAIL lines.
import json, subprocess, sys
from fractions import Fraction as F

build = sys.argv[1] if len(sys.argv) > 1 else "build"
lmcost = f"{build}/lmcost"
failed = 0


def ok(name):
    print(f"ok {name}")


def fail(name, detail):
    global failed
    failed += 1
    print(f"FAIL {name}: {detail}")


def sanity(name, cond, detail):
    ok(name) if cond else fail(name, detail)


def flags(settings, model=None, symbolic=False):
    out = ["-m", model] if model else []
    out += ["-S"] if symbolic else []
    for k, v in settings.items():
        out += ["-s", f"{k}={v}"]
    return out


def run(args):
    r = subprocess.run([lmcost, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"lmcost {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def evaluate(names, settings, conv="standard", model=None, symbolic=False):
    """Exact values of NAMES, with SETTINGS (-s), in convention CONV."""
    out = run(["eval", *names, "-c", conv, "-F", "json", *flags(settings, model, symbolic)])
    return {v["name"]: F(v["exact"]) for v in json.loads(out)["values"]}


def check(name, want, settings, conv="standard", model=None, symbolic=False,
          source="the paper's formula"):
    """want: {definition: exact expected value}; returns lmcost's values or None."""
    try:
        got = evaluate(list(want), settings, conv, model, symbolic)
    except (RuntimeError, ValueError, KeyError) as e:
        fail(name, str(e))
        return None
    bad = [f"{k} = {got.get(k)}, {source} gives {v}" for k, v in want.items()
           if got.get(k) != v]
    if bad:
        fail(name, bad[0] + "".join(f"\n  {b}" for b in bad[1:]))
    else:
        ok(name)
    return got


def finish():
    sys.exit(1 if failed else 0)
