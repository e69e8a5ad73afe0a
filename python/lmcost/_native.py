# _native.py: liblmcost.so through ctypes: where it is found, the prototypes of its calls,
# and the session's errors turned into lmcost.Error.
import ctypes
import os

from . import _paths

_lib = None


def _candidates():
    """Where liblmcost.so may be, most specific first."""
    env = os.environ.get("LMCOST_LIBRARY")
    if env:
        return [env]  # asked for by name: nothing else is tried
    here = os.path.dirname(os.path.abspath(__file__))
    found = [os.path.join(here, "..", "..", "build", "liblmcost.so")]  # a clone after make
    if _paths.LIBDIR:  # written by make install
        found.append(os.path.join(_paths.LIBDIR, "liblmcost.so.0"))
    found.append("liblmcost.so.0")  # the dynamic linker's search path
    return found


_PROTOS = {
    # name: (result, arguments); c_void_p for the caller's strings, freed with string_free
    "lmcost_version": (ctypes.c_char_p, []),
    "lmcost_new": (ctypes.c_void_p, []),
    "lmcost_free": (None, [ctypes.c_void_p]),
    "lmcost_load_builtin": (ctypes.c_int, [ctypes.c_void_p]),
    "lmcost_load_file": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "lmcost_select": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                     ctypes.c_int]),
    "lmcost_set": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "lmcost_keep": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "lmcost_clear_settings": (ctypes.c_int, [ctypes.c_void_p]),
    "lmcost_model": (ctypes.c_char_p, [ctypes.c_void_p]),
    "lmcost_convention": (ctypes.c_char_p, [ctypes.c_void_p]),
    "lmcost_set_short": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_set_collect": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
    "lmcost_set_limit": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint64]),
    "lmcost_count": (ctypes.c_long, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_item": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_int, ctypes.c_long,
                                      ctypes.c_int]),
    "lmcost_formula": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]),
    "lmcost_value": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p]),
    "lmcost_unit": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p]),
    "lmcost_calc": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]),
    "lmcost_calc_unit": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p]),
    "lmcost_round": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]),
    "lmcost_string_free": (None, [ctypes.c_void_p]),
    "lmcost_errors": (ctypes.c_char_p, [ctypes.c_void_p]),
    "lmcost_error_count": (ctypes.c_int, [ctypes.c_void_p]),
    "lmcost_error_severity": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_error_message": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_error_file": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_error_line": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_error_column": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_error_limit": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_error_text": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_table": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                       ctypes.c_char_p]),
    "lmcost_solve": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                       ctypes.c_char_p, ctypes.c_char_p]),
    "lmcost_sweep": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                       ctypes.c_char_p]),
    "lmcost_rows_free": (None, [ctypes.c_void_p]),
    "lmcost_rows_columns": (ctypes.c_int, [ctypes.c_void_p]),
    "lmcost_rows_max": (ctypes.c_uint64, [ctypes.c_void_p]),
    "lmcost_rows_name": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_rows_unit": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_rows_numeric": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_rows_fetch": (ctypes.c_long, [ctypes.c_void_p, ctypes.c_long]),
    "lmcost_rows_get": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_long, ctypes.c_int]),
    "lmcost_rows_int64": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_rows_inexact": (ctypes.c_long, [ctypes.c_void_p, ctypes.c_int]),
    "lmcost_rows_text": (ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_int]),
}


def lib():
    """The loaded library, with every prototype set (loaded once, on first use)."""
    global _lib
    if _lib is None:
        tried = []
        for path in _candidates():
            if os.sep in path and not os.path.exists(path):
                tried.append(path)
                continue
            try:
                handle = ctypes.CDLL(path)
                break
            except OSError as e:
                tried.append("%s (%s)" % (path, e))
        else:
            raise OSError("lmcost: liblmcost.so not found; run make, or set LMCOST_LIBRARY "
                          "to its path (tried: %s)" % ", ".join(tried))
        for name, (res, args) in _PROTOS.items():
            f = getattr(handle, name)
            f.restype, f.argtypes = res, args
        _lib = handle
    return _lib


def path():
    """The file the library was loaded from."""
    return lib()._name


def enc(text):
    """A Python string (or None) as the library takes it."""
    return None if text is None else str(text).encode("utf-8")


def dec(raw):
    return None if raw is None else raw.decode("utf-8")


def take(ptr):
    """A string the library returned for the caller: its text, the memory freed."""
    if not ptr:
        return None
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib().lmcost_string_free(ptr)


SEVERITIES = ("error", "warning", "note")


class Diagnostic:
    """One diagnostic of a call: severity, message, where (file, line, column), the limit
    it reports reaching (or None) and its text as the command line prints it."""
    __slots__ = ("severity", "message", "file", "line", "column", "limit", "text")

    def __init__(self, **fields):
        for k, v in fields.items():
            setattr(self, k, v)

    def __repr__(self):
        where = "%s:%d:%d: " % (self.file, self.line, self.column) if self.file else ""
        return "<Diagnostic %s%s: %s>" % (where, self.severity, self.message)


class Error(Exception):
    """A call lmcost refused: str() is the diagnostics as the command line prints them
    (file:line:col: error: ..., the source line and a caret); .diagnostics the records;
    .message, .file, .line, .column and .limit those of the first error."""

    def __init__(self, text, diagnostics=()):
        super().__init__(text.rstrip("\n"))
        self.text = text
        self.diagnostics = list(diagnostics)
        first = next((d for d in self.diagnostics if d.severity == "error"), None)
        for k in ("message", "file", "line", "column", "limit"):
            setattr(self, k, getattr(first, k) if first else None)


def diagnostics(session):
    L = lib()
    out = []
    for i in range(L.lmcost_error_count(session)):
        sev = L.lmcost_error_severity(session, i)
        out.append(Diagnostic(
            severity=SEVERITIES[sev] if 0 <= sev < 3 else "error",
            message=dec(L.lmcost_error_message(session, i)),
            file=dec(L.lmcost_error_file(session, i)),
            line=L.lmcost_error_line(session, i),
            column=L.lmcost_error_column(session, i),
            limit=dec(L.lmcost_error_limit(session, i)),
            text=dec(L.lmcost_error_text(session, i))))
    return out


def error(session):
    """The Error the last call on session failed with."""
    return Error(dec(lib().lmcost_errors(session)) or "error: lmcost call failed\n",
                 diagnostics(session))


def check(session, rc):
    """Raise the session's Error when a call returned -1 (or NULL)."""
    if rc is None or (isinstance(rc, int) and rc < 0):
        raise error(session)
    return rc


Error.__module__ = Diagnostic.__module__ = "lmcost"  # as the user names them
