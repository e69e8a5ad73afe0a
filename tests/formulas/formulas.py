#!/usr/bin/env python3
# formulas.py: a printed formula gives the printed number. For every preset and every
# convention, each definition's symbolic formula (`show --all -S -F plain`: the model's
# numbers as symbols) is evaluated here, exactly, with Python's fractions at the preset's
# values, and must equal what `eval --all` prints. The formula text is parsed with `ast`
# and evaluated node by node (+ - * / ^, floor, ceil, min, max, names, integers), never
# with eval(), so lmcost's own substitution plays no part.
import ast, json, math, os, re, subprocess, sys
from fractions import Fraction

build = sys.argv[1] if len(sys.argv) > 1 else "build"
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
binary = os.path.abspath(os.path.join(root, build, "lmcost"))
# Symbols no preset sets, given to eval with -s and to the formulas here.
RUN = ["batch_size=3", "train_tokens=123456789", "mfu=0.25", "peak_flops=3e12"]
failed = 0


def lmcost(*args):
    return subprocess.run([binary, *args], capture_output=True, text=True, cwd=root,
                          env=dict(os.environ, LC_ALL="C"))


def report(name, problem):
    global failed
    if problem:
        failed += 1
        print(f"FAIL {name}: {problem}")
    else:
        print(f"ok {name}")


def number(text):
    """An exact number as plain prints it: 8192, 0.25, 1/3, "(1/3) B", "19500 FLOP/s"."""
    m = re.match(r"^\(?(-?[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?)\)?(?: .*)?$", text.strip())
    if not m:
        raise ValueError(f"not an exact number: {text!r}")
    return Fraction(m.group(1))


FUNCS = {"floor": lambda a: Fraction(math.floor(a[0])), "ceil": lambda a: Fraction(math.ceil(a[0])),
         "min": min, "max": max}
ARITY = {"floor": (1, 1), "ceil": (1, 1), "min": (2, 99), "max": (2, 99)}


def evaluate(text, env):
    """The formula's value; names from env. ^ is power (Python's ** after the swap)."""
    def ev(n):
        if isinstance(n, ast.Expression):
            return ev(n.body)
        if isinstance(n, ast.Constant) and type(n.value) is int:
            return Fraction(n.value)
        if isinstance(n, ast.Name):
            if n.id not in env:
                raise ValueError(f"no value for {n.id}")
            return env[n.id]
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, (ast.USub, ast.UAdd)):
            v = ev(n.operand)
            return -v if isinstance(n.op, ast.USub) else v
        if isinstance(n, ast.BinOp):
            a, b = ev(n.left), ev(n.right)
            if isinstance(n.op, ast.Add):
                return a + b
            if isinstance(n.op, ast.Sub):
                return a - b
            if isinstance(n.op, ast.Mult):
                return a * b
            if isinstance(n.op, ast.Div):
                return a / b
            if isinstance(n.op, ast.Pow):
                if b.denominator != 1:
                    raise ValueError(f"exponent {b} is not whole")
                return a ** int(b)
        if (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in FUNCS
                and not n.keywords and ARITY[n.func.id][0] <= len(n.args) <= ARITY[n.func.id][1]):
            return FUNCS[n.func.id]([ev(a) for a in n.args])
        raise ValueError(f"unexpected {ast.dump(n)[:80]}")
    if "**" in text:
        raise ValueError("'**' in a formula")
    return ev(ast.parse(text.replace("^", "**"), mode="eval"))


def self_test():
    env = {"x": Fraction(7), "y": Fraction(2)}
    cases = [("2*x^2 + 3", 101), ("x/y", Fraction(7, 2)), ("-x^2", -49), ("2^3^2", 512),
             ("floor(x/y) + ceil(x/y)", 7), ("min(x, y, 3) - max(x, 9)", -7),
             ("(x + 1)/(x*(y - 1))", Fraction(8, 7)), ("x^-1", Fraction(1, 7))]
    for text, want in cases:
        got = evaluate(text, env)
        if got != want:
            return f"{text} gave {got}, not {want}"
    for bad in ["__import__('os')", "x.y", "x if y else 1", "x**2", "1.5*x", "abs(x)"]:
        try:
            evaluate(bad, env)
            return f"{bad!r} was accepted"
        except (ValueError, SyntaxError):
            pass
    return None


report("formulas: the evaluator of plain formulas", self_test())

listing = json.loads(lmcost("list", "-F", "json").stdout)
conventions = listing["conventions"]
conventions = [c if isinstance(c, str) else c["name"] for c in conventions]
models = [m if isinstance(m, str) else m["name"] for m in listing["models"]]
symbols = [s if isinstance(s, str) else s["name"] for s in listing["symbols"]]
sets = [a for s in RUN for a in ("-s", s)]

for model in models:
    # a model that only sets the architecture (gpt2) has no numbers to evaluate at
    if lmcost("eval", "--all", "-m", model, "-c", "standard", *sets).returncode != 0:
        print(f"skip formulas -m {model}: not a complete preset")
        continue
    env = {}
    for sym in symbols:
        r = lmcost("calc", sym, "-m", model, *sets, "-F", "plain")
        if r.returncode == 0:
            try:
                env[sym] = number(r.stdout)
            except ValueError:  # no value here (train_tokens when steps is set)
                pass
    for conv in conventions:
        name = f"formulas -m {model} -c {conv}"
        shown = lmcost("show", "--all", "-S", "-m", model, "-c", conv, "-F", "plain")
        values = lmcost("eval", "--all", "-m", model, "-c", conv, *sets, "-F", "csv")
        if shown.returncode or values.returncode:
            report(name, f"show exit {shown.returncode}, eval exit {values.returncode}: "
                         f"{(shown.stderr + values.stderr).strip()[:300]}")
            continue
        formulas = shown.stdout.splitlines()
        rows = values.stdout.splitlines()[1:]
        if len(formulas) != len(rows):
            report(name, f"{len(formulas)} formulas but {len(rows)} values")
            continue
        problems = []
        for text, row in zip(formulas, rows):
            defname, _unit, value = row.split(",")
            try:
                got = evaluate(text, env)
            except (ValueError, SyntaxError, ZeroDivisionError) as e:
                problems.append(f"{defname}: {e}: {text[:200]}")
                continue
            if got != Fraction(value):
                problems.append(f"{defname} = {text[:200]} gives {got}, eval prints {value}")
        report(f"{name} ({len(rows)} definitions)", "; ".join(problems[:5]))

sys.exit(1 if failed else 0)
