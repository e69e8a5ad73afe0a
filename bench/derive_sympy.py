#!/usr/bin/env python3
"""derive_sympy.py: the `derive` workload in SymPy, for bench/run.sh.

Builds every definition of lmcost's `standard` convention (and common.lm) symbolically from
the same formulas (read from src/lib/*.lm by a small interpreter for the subset those files
use), with the default options and symbol defaults as `lmcost show --all -S` applies them,
expands each one, collects memory.total in batch_size, and prints everything as LaTeX.
Usage: derive_sympy.py [LIBDIR]   (default: src/lib)
"""
import re
import sys

import sympy

LIB = sys.argv[1] if len(sys.argv) > 1 else "src/lib"
UNITS = {"FLOP", "FLOPs", "parameter", "parameters", "param", "B", "byte", "bytes"}


def statements(path):
    """Logical lines without comments, and whether each is inside a convention block."""
    text = open(path).read()
    text = re.sub(r"#\[.*?\]#", "", text, flags=re.S)
    out, depth, conv = [], 0, None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("convention ") or line.startswith("model "):
            conv = line.split()[1]
            continue
        if line == "}":
            conv = None
            continue
        out.append((conv, line))
    return out


TOKEN = re.compile(r"\s*(?:(\d[\d_]*(?:\.\d+)?(?:e\d+)?)|([A-Za-z_]\w*(?:\.\w+)*(?:\.\*)?)|(==|!=|<=|>=|[-+*/^(),<>]))")


def tokenize(s):
    toks, pos = [], 0
    s = s.strip()
    while pos < len(s):
        m = TOKEN.match(s, pos)
        if not m:
            raise SyntaxError(s[pos:])
        pos = m.end()
        if m.group(1):
            toks.append(("num", m.group(1).replace("_", "")))
        elif m.group(2):
            toks.append(("name", m.group(2)))
        else:
            toks.append(("op", m.group(3)))
    return toks


class Env:
    def __init__(self):
        self.options, self.symbols, self.defs, self.memo = {}, {}, {}, {}

    def load(self, path, conv):
        for c, line in statements(path):
            if line.startswith("include"):
                continue
            if line.startswith("option "):
                m = re.match(r"option\s+(\S+)\s*=\s*([^\"]*)", line)
                self.options[m.group(1)] = m.group(2).split("|")[0].strip()
            elif line.startswith("symbol "):
                m = re.match(r'symbol\s+(\S+)\s*(\[[^\]]*\])?\s*"[^"]*"\s*"[^"]*"\s*"[^"]*"\s*(=\s*(.*))?$', line)
                self.symbols[m.group(1)] = m.group(4)
            elif c is None or c == conv:
                m = re.match(r'([\w.]+)\s*(\[[^\]]*\])?\s*=\s*([^"]*)', line)
                if m:
                    self.defs[m.group(1)] = m.group(3).strip()

    def children(self, prefix):
        kids = []
        for name in self.defs:
            if name.startswith(prefix + "."):
                k = prefix + "." + name[len(prefix) + 1:].split(".")[0]
                if k not in kids:
                    kids.append(k)
        return kids

    def value(self, name):
        if name in self.memo:
            return self.memo[name]
        if name in self.defs:
            v = Parser(self, self.defs[name]).parse()
        elif name in self.symbols:
            d = self.symbols[name]
            v = Parser(self, d).parse() if d else sympy.Symbol(name, positive=True)
        elif self.children(name):
            v = sympy.Add(*[self.value(k) for k in self.children(name)])
        else:
            raise NameError(name)
        self.memo[name] = v
        return v


class Parser:
    def __init__(self, env, text):
        self.env, self.toks, self.i = env, tokenize(text), 0

    def peek(self, k=0):
        return self.toks[self.i + k] if self.i + k < len(self.toks) else (None, None)

    def take(self, want=None):
        t = self.peek()
        if want is not None and t[1] != want:
            raise SyntaxError("expected %s, got %s" % (want, t))
        self.i += 1
        return t

    def parse(self):
        v = self.expr()
        if self.i != len(self.toks):
            raise SyntaxError(self.toks[self.i:])
        return v

    def expr(self):
        if self.peek()[1] == "if":
            self.take()
            c = self.cond()
            self.take("then")
            a = self.expr()
            self.take("else")
            b = self.expr()
            return a if c else b
        return self.additive()

    def additive(self):
        v = self.mul()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            w = self.mul()
            v = v + w if op == "+" else v - w
        return v

    def mul(self):
        v = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            w = self.unary()
            v = v * w if op == "*" else v / w
        return v

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            return -self.unary()
        return self.power()

    def power(self):
        v = self.atom()
        if self.peek()[1] == "^":
            self.take()
            v = v ** self.unary()
        return v

    def atom(self):
        kind, t = self.take()
        if kind == "num":
            v = sympy.Rational(t)
            if self.peek()[0] == "name" and self.peek()[1] in UNITS:  # a unit: base scale 1
                self.take()
                if self.peek()[1] == "/" and self.peek(1)[1] in UNITS:
                    self.take(), self.take()
            return v
        if t == "(":
            v = self.expr()
            self.take(")")
            return v
        if t == "sum":
            self.take("(")
            prefix = self.take()[1][:-2]
            self.take(")")
            return sympy.Add(*[self.env.value(k) for k in self.env.children(prefix)])
        if t in ("min", "max", "floor", "ceil"):
            self.take("(")
            args = [self.expr()]
            while self.peek()[1] == ",":
                self.take()
                args.append(self.expr())
            self.take(")")
            f = {"min": sympy.Min, "max": sympy.Max, "floor": sympy.floor, "ceil": sympy.ceiling}[t]
            return f(*args)
        return self.env.value(t)

    def cond(self):
        v = self.cand()
        while self.peek()[1] == "or":
            self.take()
            w = self.cand()
            v = v or w
        return v

    def cand(self):
        v = self.cnot()
        while self.peek()[1] == "and":
            self.take()
            w = self.cnot()
            v = v and w
        return v

    def cnot(self):
        if self.peek()[1] == "not":
            self.take()
            return not self.cnot()
        name = self.peek()[1]
        if name in self.env.options:
            self.take()
            op = self.take()[1]
            cur = self.env.options[name]
            if op == "in":
                self.take("(")
                vals = [self.take()[1]]
                while self.peek()[1] == ",":
                    self.take()
                    vals.append(self.take()[1])
                self.take(")")
                return cur in vals
            val = self.take()[1]
            return cur == val if op == "==" else cur != val
        a = self.additive()
        op = self.take()[1]
        b = self.additive()
        r = {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b, "==": sympy.Eq(a, b)}[op]
        return bool(r)


def main():
    env = Env()
    for f in ("symbols.lm", "standard.lm", "common.lm"):
        env.load("%s/%s" % (LIB, f), "standard")
    out = []
    batch = sympy.Symbol("batch_size", positive=True)
    for name in sorted(env.defs):
        v = sympy.expand(env.value(name))
        if name == "memory.total" or (v.has(batch) and sympy.Poly(v, batch).degree() > 0):
            v = sympy.collect(v, batch)
        out.append("%s = %s" % (name, sympy.latex(v)))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
