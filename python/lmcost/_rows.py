# _rows.py: the rows of a table, a solve or a sweep, read from the library a batch and a
# column at a time (numbers as int64 arrays, not a call per cell), every value exact.
import array
import ctypes
import mmap
import os
from fractions import Fraction

from . import _native
from ._formula import exact

BATCH = 1 << 16
_POPULATE = getattr(mmap, "MAP_POPULATE", 0)


def _room(rows, ncols):
    """Whether columns of rows int64 each may be allocated at once: within half of the
    machine's memory."""
    try:
        phys = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return False
    return 0 < 8 * rows * ncols <= phys // 2


class _Column:
    """A numeric column being read: while every number fits an int64, the library's
    int64 arrays copied whole (no call or object per cell) into memory mapped once for
    all the rows when their count is known (MAP_POPULATE: the pages come in one call, not
    one fault each), else onto a growing array; from the first batch that does not fit, a
    list of ints, Fractions and None (a missing number). A text column is a list of str."""

    def __init__(self, numeric, rows=0):
        self.numeric, self.n, self.mm, self.anchor = numeric, 0, None, None
        self.cells = array.array("q") if numeric else []
        if numeric and rows:
            flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | _POPULATE
            self.mm = mmap.mmap(-1, 8 * rows, flags=flags)
            self.anchor = ctypes.c_char.from_buffer(self.mm)
            self.addr, self.cap = ctypes.addressof(self.anchor), rows

    def append(self, L, r, c, n):
        fits = self.numeric and not isinstance(self.cells, list)
        if fits and L.lmcost_rows_inexact(r, c) == 0:
            ptr = L.lmcost_rows_int64(r, c)
            if self.mm is not None and self.n + n <= self.cap:
                ctypes.memmove(self.addr + 8 * self.n, ptr, 8 * n)
                self.n += n
            else:
                self.cells = self._values()
                self.cells.frombytes((ctypes.c_char * (8 * n)).from_address(ptr))
            return
        if fits:
            self.cells = self._values().tolist()
        cells = _native.dec(L.lmcost_rows_text(r, c)).split("\n")[:n]
        self.cells.extend([exact(v) if v else None for v in cells] if self.numeric else cells)

    def _values(self):
        """The int64 values so far, as an array (the mapping given up)."""
        if self.mm is None:
            return self.cells
        a = array.array("q")
        a.frombytes(memoryview(self.mm)[:8 * self.n])
        self.anchor = self.mm = None
        return a

    def done(self):
        if self.mm is None:
            return self.cells
        self.anchor = None
        return memoryview(self.mm).cast("q")[:self.n]


class Rows:
    """Named columns of exact values. rows[i] is the i-th row as a tuple, rows["name"] a
    column as a list, len(rows) the count; .columns and .units (a column's unit, "" for
    none) name them; .dicts() gives each row as a dict; .to_pandas() a DataFrame."""

    def __init__(self, columns, units, data):
        self.columns, self.units = list(columns), list(units)
        self._data = data  # one list per column

    @classmethod
    def _read(cls, session, handle, exact_count=True):
        L = _native.lib()
        try:
            ncol = L.lmcost_rows_columns(handle)
            names = [_native.dec(L.lmcost_rows_name(handle, c)) for c in range(ncol)]
            units = [_native.dec(L.lmcost_rows_unit(handle, c)) for c in range(ncol)]
            numeric = [L.lmcost_rows_numeric(handle, c) for c in range(ncol)]
            # the count known (all but a sweep's with a where): numeric columns at once
            rows = L.lmcost_rows_max(handle) if exact_count else 0
            rows = rows if _room(rows, sum(numeric)) else 0
            cols = [_Column(numeric[c], rows) for c in range(ncol)]
            while True:
                n = L.lmcost_rows_fetch(handle, BATCH)
                if n < 0:
                    raise _native.error(session)
                if n == 0:
                    break
                for c in range(ncol):
                    cols[c].append(L, handle, c, n)
            data = [col.done() for col in cols]
        finally:
            L.lmcost_rows_free(handle)
        return cls(names, units, data)

    def __len__(self):
        return len(self._data[0]) if self._data else 0

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                col = self._data[self.columns.index(key)]
            except ValueError:
                raise KeyError(key) from None
            return list(col) if isinstance(col, list) else col.tolist()
        if isinstance(key, slice):
            return [tuple(col[i] for col in self._data) for i in range(len(self))[key]]
        return tuple(col[key] for col in self._data)

    def __iter__(self):
        return zip(*self._data)

    def unit(self, column):
        return self.units[self.columns.index(column)]

    def dicts(self):
        return [dict(zip(self.columns, row)) for row in self]

    def first(self):
        """The first row as a dict (a solve has one)."""
        return dict(zip(self.columns, self[0]))

    def to_pandas(self):
        """A pandas DataFrame (needs pandas) of the same exact values (object columns
        where a value is a Fraction or beyond int64)."""
        import numpy
        import pandas
        return pandas.DataFrame({c: col if isinstance(col, list) else numpy.asarray(col)
                                 for c, col in zip(self.columns, self._data)},
                                columns=self.columns)

    def __repr__(self):
        head = ", ".join("%s [%s]" % (c, u) if u else c for c, u in zip(self.columns, self.units))
        return "<Rows %d × (%s)>" % (len(self), head)

    def _repr_html_(self, limit=50):
        """Jupyter's view: integers with their digits grouped, a fraction as its decimal
        rounded to 7 digits and marked ≈ (the exact p/q shows on hover)."""
        from ._model import round as rnd
        esc = lambda s: str(s).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")

        def cell(v):
            if isinstance(v, Fraction) and v.denominator != 1:
                return '<td title="%s">≈ %s</td>' % (v, rnd(v))
            if isinstance(v, (int, Fraction)):
                return '<td style="text-align:right">{:,}</td>'.format(int(v))
            return "<td>%s</td>" % esc("" if v is None else v)
        head = "".join("<th>%s%s</th>" % (esc(c), " [%s]" % esc(u) if u else "")
                       for c, u in zip(self.columns, self.units))
        body = "".join("<tr>%s</tr>" % "".join(cell(v) for v in row) for row in self[:limit])
        more = "<p>%d rows in all</p>" % len(self) if len(self) > limit else ""
        return "<table><tr>%s</tr>%s</table>%s" % (head, body, more)
