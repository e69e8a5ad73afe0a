# _model.py: lmcost.Model, a session of the library with a model, a convention and
# settings selected, and lmcost.calc; every number exact (int or Fraction).
from fractions import Fraction

from . import _native
from ._formula import Formula, exact
from ._rows import Rows

_FORMATS = {"plain": 0, "unicode": 1, "latex": 2}
_KINDS = {"symbols": 0, "options": 1, "definitions": 2, "models": 3, "conventions": 4}
_FIELDS = ("name", "unit", "description", "plain", "latex", "values", "value",
           "convention", "parent")
_KIND_FIELDS = {
    "symbols": ("name", "unit", "description", "plain", "latex", "value"),
    "options": ("name", "description", "values", "value"),
    "definitions": ("name", "unit", "description", "convention"),
    "models": ("name", "description", "parent"),
    "conventions": ("name", "description", "parent"),
}


def _spell(value):
    """A setting's value as the language reads it: an int, a Fraction as p/q, a bool as
    yes/no, a string as it is ("19.5 TFLOP/s", "bf16", "4*d_model")."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Fraction):
        return "(%d/%d)" % (value.numerator, value.denominator)
    if isinstance(value, float):
        raise TypeError("lmcost: settings are exact: give %r as a string or a Fraction"
                        % value)
    return str(value)


def _grid(grid):
    """A sweep's grid: a string as the CLI's -g takes it ("a=1..4; b=1,2"), or a dict of
    symbol to range, list or string, the first varying slowest."""
    if isinstance(grid, str):
        return grid
    parts = []
    for sym, r in grid.items():
        if isinstance(r, range):
            if r.step <= 0 or len(r) == 0:
                raise ValueError("lmcost: the range of %s must be non-empty and rising" % sym)
            spec = "%d..%d step %d" % (r.start, r[-1], r.step)
        elif isinstance(r, str):
            spec = r
        else:
            spec = ",".join(_spell(v) for v in r)
        parts.append("%s=%s" % (sym, spec))
    return "; ".join(parts)


class Model:
    """A model and convention of the lmcost library, with settings.

    lmcost.Model("gpt2-xl", convention="seed", dtype="bf16", batch_size=8)
    lmcost.Model("path/config.json")        a Hugging Face config as a model
    lmcost.Model(None)                      no model: every hyperparameter a symbol

    keep: symbols kept symbolic although the model sets them (-k); symbolic: forget the
    model's numbers, every hyperparameter a symbol (-S); settings: symbol=expression or
    option=value (-s). library: a .lm file used instead of the built-in library."""

    def __init__(self, name_or_path=None, convention="standard", keep=(), symbolic=False,
                 library=None, **settings):
        L = _native.lib()
        self._s = L.lmcost_new()
        if not self._s:
            raise MemoryError("lmcost: out of memory")
        s = self._s
        if library is None:
            _native.check(s, L.lmcost_load_builtin(s))
        else:
            _native.check(s, L.lmcost_load_file(s, _native.enc(library)))
        for name, value in settings.items():
            _native.check(s, L.lmcost_set(s, _native.enc("%s=%s" % (name, _spell(value)))))
        if isinstance(keep, str):
            keep = [keep]
        if keep:
            _native.check(s, L.lmcost_keep(s, _native.enc(",".join(keep))))
        _native.check(s, L.lmcost_select(s, _native.enc(name_or_path), _native.enc(convention),
                                         1 if symbolic else 0))
        self.name = _native.dec(L.lmcost_model(s))
        self.convention = _native.dec(L.lmcost_convention(s))
        self.keep, self.symbolic, self.settings = tuple(keep), bool(symbolic), dict(settings)
        self._args = (name_or_path, convention, library)

    def __del__(self):
        s, self._s = getattr(self, "_s", None), None
        if s and _native._lib is not None:
            _native._lib.lmcost_free(s)

    def __repr__(self):
        extra = "".join(", %s=%r" % kv for kv in self.settings.items())
        if self.keep:
            extra += ", keep=%r" % (self.keep,)
        if self.symbolic:
            extra += ", symbolic=True"
        return "lmcost.Model(%r, convention=%r%s)" % (self.name, self.convention, extra)

    def with_(self, **settings):
        """A new Model like this one with more settings (keep= and symbolic= too)."""
        name, conv, lib = self._args
        keep = settings.pop("keep", self.keep)
        symbolic = settings.pop("symbolic", self.symbolic)
        return Model(name, conv, keep=keep, symbolic=symbolic, library=lib,
                     **dict(self.settings, **settings))

    def _str(self, ptr):
        if not ptr:
            raise _native.error(self._s)
        return _native.take(ptr)

    # ---- values and formulas ------------------------------------------------------------
    def value(self, name, float=False):
        """A definition's exact value in its declared unit (.unit(name)): an int or a
        Fraction; a float only with float=True."""
        v = exact(self._str(_native.lib().lmcost_value(self._s, _native.enc(name))))
        return v.__float__() if float else v

    def unit(self, name):
        return self._str(_native.lib().lmcost_unit(self._s, _native.enc(name)))

    def formula(self, name, format="plain"):
        """A definition's formula (as `lmcost show` spells it) in its unit: a Formula,
        shown as LaTeX by Jupyter; str() gives the format asked for."""
        if format not in _FORMATS:
            raise ValueError("lmcost: format is one of %s" % ", ".join(_FORMATS))
        L, n = _native.lib(), _native.enc(name)
        get = lambda f: self._str(L.lmcost_formula(self._s, n, _FORMATS[f]))
        return Formula(name, self.unit(name), get("plain"), get("latex"),
                       get("unicode") if format == "unicode" else None, format)

    def round(self, value, digits=7):
        """An exact number as a decimal string of `digits` significant digits."""
        if isinstance(value, Fraction):
            value = "%d/%d" % (value.numerator, value.denominator)
        return self._str(_native.lib().lmcost_round(self._s, _native.enc(value), digits))

    def calc(self, expr, format="plain"):
        """A free expression in this model's values and settings, in base units (B, FLOP,
        s, parameter; .calc_unit(expr) names it): an int or Fraction when it is a number,
        else a Formula."""
        L, e = _native.lib(), _native.enc(expr)
        plain = self._str(L.lmcost_calc(self._s, e, 0))
        unit = self._str(L.lmcost_calc_unit(self._s, e))
        try:
            return exact(plain)
        except ValueError:
            pass
        uni = self._str(L.lmcost_calc(self._s, e, 1)) if format == "unicode" else None
        return Formula(None, unit, plain, self._str(L.lmcost_calc(self._s, e, 2)), uni, format)

    def calc_unit(self, expr):
        return self._str(_native.lib().lmcost_calc_unit(self._s, _native.enc(expr)))

    # ---- what the library declares ------------------------------------------------------
    def list(self, kind="definitions"):
        """The symbols, options, definitions, models or conventions, each a dict of its
        fields (definitions: those of this convention)."""
        L, k = _native.lib(), _KINDS[kind]
        n = _native.check(self._s, L.lmcost_count(self._s, k))
        fields = _KIND_FIELDS[kind]
        return [{f: _native.dec(L.lmcost_item(self._s, k, i, _FIELDS.index(f)))
                 for f in fields} for i in range(n)]

    # ---- rows ---------------------------------------------------------------------------
    def _rows(self, handle, exact_count=True):
        if not handle:
            raise _native.error(self._s)
        return Rows._read(self._s, handle, exact_count)

    def table(self, prefix, models=None, total=None):
        """The tree of definitions under prefix, like `lmcost table`: name, depth, unit,
        then each model's value and its share of the total (models: a list of names, the
        session's convention and settings)."""
        if models is not None and not isinstance(models, str):
            models = ",".join(models)
        return self._rows(_native.lib().lmcost_table(
            self._s, _native.enc(prefix), _native.enc(total), _native.enc(models)))

    def solve(self, name, le=None, for_=None, ge=None):
        """The largest integer for_ (from 1 up) with name <= le, or the smallest with
        name >= ge, like `lmcost solve` (the model's requires honoured): one row
        (symbol, value, definition, unit, at_value, the next value's, margin, method, and
        when a require moved the answer excluded_from, excluded_to, excluded_by)."""
        if (le is None) == (ge is None) or for_ is None:
            raise TypeError("lmcost: solve takes for_= and one of le= or ge=")
        rel, bound = ("<=", le) if le is not None else (">=", ge)
        return self._rows(_native.lib().lmcost_solve(
            self._s, _native.enc(name), rel.encode(), _native.enc(bound), _native.enc(for_)))

    def sweep(self, names, grid, where=None):
        """Definitions over a grid, like `lmcost sweep`: columns the grid's symbols, then
        the definitions, each in its unit. names: a list or "a,b"; grid: a dict of symbol
        to range(), a list of values or a string ("1024..4096 x2"); where: "NAME <= 80 GB"."""
        if not isinstance(names, str):
            names = ",".join(names)
        return self._rows(_native.lib().lmcost_sweep(
            self._s, _native.enc(names), _native.enc(_grid(grid)), _native.enc(where)),
            exact_count=where is None)

    def report(self):
        """The report as a dict, with the keys of `lmcost report -F json`."""
        from ._report import report
        return report(self)


_calc_model = None


def calc(expr, format="plain"):
    """Simplify a free expression, as `lmcost calc` does without a model: names not
    declared stay symbols; a number is an int or a Fraction in base units."""
    global _calc_model
    if _calc_model is None:
        _calc_model = Model(None)
    return _calc_model.calc(expr, format)


def round(value, digits=7):
    """An exact number (int, Fraction or "p/q") as a decimal string of `digits`
    significant digits, half away from zero: "5127.371", "1.434707e19"."""
    global _calc_model
    if _calc_model is None:
        _calc_model = Model(None)
    return _calc_model.round(value, digits)
