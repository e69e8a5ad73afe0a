# _formula.py: a definition's formula in plain text, Unicode and LaTeX; Jupyter shows the
# LaTeX, str() the plain text, and .sympy() hands it to SymPy where SymPy is installed.
import re
from fractions import Fraction


def exact(text):
    """An exact number as the library spells it ("1637020800", "-3/4"): int or Fraction."""
    if "/" in text:
        return Fraction(text)
    return int(text)


class Formula:
    """A formula: .name (the definition, or None for an expression), .unit, .plain,
    .latex and .unicode spellings, and .text, the one asked for."""

    def __init__(self, name, unit, plain, latex, unicode=None, format="plain"):
        self.name, self.unit = name, unit
        self.plain, self.latex, self.unicode = plain, latex, unicode
        self.format = format
        self.text = {"plain": plain, "latex": latex, "unicode": unicode}[format]

    def __str__(self):
        return self.text

    def __repr__(self):
        head = "%s [%s] = " % (self.name, self.unit) if self.name and self.unit else \
            "%s = " % self.name if self.name else ""
        return "<Formula %s%s>" % (head, self.plain)

    def __eq__(self, other):
        if isinstance(other, Formula):
            return (self.plain, self.unit) == (other.plain, other.unit)
        return NotImplemented

    def __hash__(self):
        return hash((self.plain, self.unit))

    def _repr_latex_(self):
        unit = r"\ [\mathrm{%s}]" % self.unit.replace("_", r"\_") if self.unit else ""
        name = r"\mathtt{%s}%s = " % (self.name.replace("_", r"\_"), unit) if self.name else ""
        return "$$%s%s$$" % (name, self.latex)

    def sympy(self):
        """The formula as a SymPy expression (needs SymPy): symbols by their names, floor,
        ceil, min and max as SymPy's floor, ceiling, Min and Max; numbers exact."""
        import sympy
        from sympy.parsing.sympy_parser import parse_expr, standard_transformations
        names = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", self.plain))
        funcs = {"floor": sympy.floor, "ceil": sympy.ceiling, "min": sympy.Min,
                 "max": sympy.Max}
        local = {n: sympy.Symbol(n) for n in names if n not in funcs}
        local.update(funcs)
        text = self.plain.replace("^", "**")
        return parse_expr(text, local_dict=local, global_dict={"Integer": sympy.Integer,
                                                              "Rational": sympy.Rational},
                          transformations=standard_transformations, evaluate=True)
