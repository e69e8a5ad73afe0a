# lmcost: exact symbolic costs of transformer models, from Python (ctypes over liblmcost.so).
# Standard library only; SymPy and pandas are used when present, never required.
"""Exact costs of transformer language models: formulas and exact values.

    >>> import lmcost
    >>> m = lmcost.Model("gpt2-xl", convention="seed")
    >>> m.value("params"), m.unit("params")
    (1637020800, 'parameter')
"""
from ._native import Diagnostic, Error
from ._formula import Formula
from ._rows import Rows
from ._model import Model, calc, round
from . import _native

__all__ = ["Model", "Formula", "Rows", "Error", "Diagnostic", "calc", "round", "version",
           "library_path"]


def version():
    """The version of the loaded liblmcost ("0.1.0")."""
    return _native.dec(_native.lib().lmcost_version())


def library_path():
    """The liblmcost.so this package uses."""
    return _native.path()
