# _rows.py: the rows of a table, a solve or a sweep, read from the library a batch and a
# column at a time (numbers as int64 arrays, not a call per cell), every value exact.
import array
import ctypes
from fractions import Fraction

from . import _native
from ._formula import exact

BATCH = 1 << 16


class _Column:
    """A numeric column being read: while every number fits an int64, an array of int64
    that each batch's array from the library is copied onto whole (no call or object per
    cell); from the first batch that does not, a list of ints, Fractions and None (a
    missing number). A text column is a list of str."""

    def __init__(self, numeric):
        self.numeric = numeric
        self.cells = array.array("q") if numeric else []

    def append(self, L, r, c, n):
        exact64 = isinstance(self.cells, array.array)
        if exact64 and L.lmcost_rows_inexact(r, c) == 0:
            self.cells.frombytes((ctypes.c_char * (8 * n)).from_address(
                L.lmcost_rows_int64(r, c)))
            return
        if exact64:
            self.cells = self.cells.tolist()
        cells = _native.dec(L.lmcost_rows_text(r, c)).split("\n")[:n]
        self.cells.extend([exact(v) if v else None for v in cells] if self.numeric else cells)

    def done(self):
        return self.cells


class Rows:
    """Named columns of exact values. rows[i] is the i-th row as a tuple, rows["name"] a
    column as a list, len(rows) the count; .columns and .units (a column's unit, "" for
    none) name them; .dicts() gives each row as a dict; .to_pandas() a DataFrame."""

    def __init__(self, columns, units, data):
        self.columns, self.units = list(columns), list(units)
        self._data = data  # one list per column

    @classmethod
    def _read(cls, session, handle):
        L = _native.lib()
        try:
            ncol = L.lmcost_rows_columns(handle)
            names = [_native.dec(L.lmcost_rows_name(handle, c)) for c in range(ncol)]
            units = [_native.dec(L.lmcost_rows_unit(handle, c)) for c in range(ncol)]
            numeric = [L.lmcost_rows_numeric(handle, c) for c in range(ncol)]
            cols = [_Column(numeric[c]) for c in range(ncol)]
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
            return col.tolist() if isinstance(col, array.array) else list(col)
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
        import pandas
        return pandas.DataFrame({c: col for c, col in zip(self.columns, self._data)},
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
