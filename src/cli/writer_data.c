/* writer_data.c: the document for programs, as CSV and as JSON (every figure with its exact
 * string), and rows streamed as CSV or JSON lines while a sweep computes them. */
#include "writer_impl.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define FLUSH_AT (1u << 16) /* bytes of streamed rows held before a write */

static const char *str(const char *s)
{
    return s ? s : "";
}

/* ---- CSV ---------------------------------------------------------------------------- */

static void csv_quoted(lm_buf *b, const char *s)
{
    lm_buf_putc(b, '"');
    for (; s && *s; s++) {
        if (*s == '"')
            lm_buf_putc(b, '"');
        lm_buf_putc(b, *s);
    }
    lm_buf_putc(b, '"');
}

/* A field as RFC 4180 writes it: in quotes when it holds a comma, a quote or a line break. */
static void csv_field(lm_buf *b, const char *s)
{
    if (s && s[strcspn(s, ",\"\r\n")])
        csv_quoted(b, s);
    else
        lm_buf_puts(b, s ? s : "");
}

static void csv_cell(wr *w, lm_buf *b, const wxcol *x, wcell *c)
{
    if (!c)
        return;
    if (c->kind == WC_FORMULA || (x->col->flags & WR_QUOTED)) {
        csv_quoted(b, c->s);
    } else if ((x->col->flags & WR_EXACT) && (c->kind == WC_NUM || c->kind == WC_INT)) {
        wr_put_exact(b, c->q);
    } else if (c->kind == WC_TREE) {
        csv_field(b, c->s); /* the full name */
    } else if (c->kind == WC_STR || c->kind == WC_NAME || c->kind == WC_LIST) {
        lm_buf t;
        lm_buf_init(&t);
        wr_put_bare(w, &t, c, OUT_CSV);
        csv_field(b, lm_buf_str(&t));
        if (t.failed)
            b->failed = 1;
        lm_buf_clear(&t);
    } else {
        wr_put_bare(w, b, c, OUT_CSV);
    }
}

static void csv_table(wr *w, lm_buf *b, const wtable *t, const wblock *k)
{
    const char *sep = "";
    lm_buf h;
    lm_buf_init(&h);
    for (int i = 0; i < t->nx; i++)
        if (wr_visible(&t->x[i], OUT_CSV)) {
            lm_buf_puts(b, sep);
            lm_buf_reset(&h);
            wr_put_head(&h, t, &t->x[i], 1);
            csv_field(b, lm_buf_str(&h));
            sep = ",";
        }
    if (h.failed)
        b->failed = 1;
    lm_buf_clear(&h);
    lm_buf_putc(b, '\n');
    for (wrow *r = k->rows; r; r = r->next) {
        sep = "";
        for (int i = 0; i < t->nx; i++)
            if (wr_visible(&t->x[i], OUT_CSV)) {
                lm_buf_puts(b, sep);
                csv_cell(w, b, &t->x[i], wr_cell_at(w, r, t->x[i].cell));
                sep = ",";
            }
        lm_buf_putc(b, '\n');
    }
}

/* The first number of a row (a page's table gives each row as one figure). */
static wcell *first_num(wrow *r)
{
    for (wcell *c = r->cells; c; c = c->next)
        if (c->kind == WC_NUM)
            return c;
    return NULL;
}

/* Does block k give figures to a page for programs (records and tables do)? */
static int has_figures(const wr *w, const wblock *k)
{
    return (k->kind == WB_RECORDS || k->kind == WB_TABLE) && wr_shows(w, k->in);
}

/* A page for programs: quantity,value,unit, each figure exact. */
static void csv_page(wr *w, lm_buf *b)
{
    lm_buf_puts(b, "quantity,value,unit\n");
    for (wblock *k = w->blocks; k; k = k->next)
        for (wrow *r = has_figures(w, k) ? k->rows : NULL; r; r = r->next) {
            wcell *v = k->kind == WB_TABLE ? first_num(r) : wr_cell_at(w, r, 2);
            if (r->aside || !v)
                continue;
            csv_field(b, r->key);
            lm_buf_putc(b, ',');
            if (v->kind == WC_FORMULA)
                csv_quoted(b, v->s);
            else
                wr_put_exact(b, v->q);
            lm_buf_putc(b, ',');
            csv_field(b, r->unit);
            lm_buf_putc(b, '\n');
        }
}

void wr_render_csv(wr *w, lm_buf *b)
{
    if (w->doc.page) {
        csv_page(w, b);
        return;
    }
    for (wblock *k = w->blocks; k; k = k->next) {
        if (!wr_shows(w, k->in))
            continue;
        if (k->kind == WB_RECORDS || k->kind == WB_TABLE)
            csv_table(w, b, k->tbl, k);
        else if (k->kind == WB_RESULT)
            wr_put_result(w, b, k, OUT_CSV);
        else if (k->kind == WB_LINES)
            wr_put_lines(w, b, k, OUT_CSV);
    }
}

/* ---- JSON --------------------------------------------------------------------------- */

/* "key": value, for one cell: a number gives its "exact" string too, a formula its
 * "latex", a tree name its "depth"; no cell is null. */
static void json_member(wr *w, lm_buf *b, const char *key, wcell *c)
{
    wr_put_json_string(b, str(key));
    lm_buf_puts(b, ": ");
    if (!c) {
        lm_buf_puts(b, "null");
        return;
    }
    switch (c->kind) {
    case WC_INT: wr_put_exact(b, c->q); break;
    case WC_NUM:
        wr_put_number(w, b, c->q, OUT_JSON);
        lm_buf_puts(b, ", \"exact\": \"");
        wr_put_exact(b, c->q);
        lm_buf_putc(b, '"');
        break;
    case WC_MISSING: lm_buf_puts(b, "null, \"exact\": null"); break;
    case WC_RATIO:
    case WC_NORATIO: wr_put_ratio(b, c, 1); break;
    case WC_LIST:
        lm_buf_putc(b, '[');
        for (int i = 0; i < c->n; i++) {
            lm_buf_puts(b, i ? ", " : "");
            if (c->items[i])
                wr_put_json_string(b, c->items[i]);
            else
                lm_buf_puts(b, "null");
        }
        lm_buf_putc(b, ']');
        break;
    case WC_FORMULA:
        wr_put_json_string(b, str(c->s));
        if (c->latex) {
            lm_buf_puts(b, ", \"latex\": ");
            wr_put_json_string(b, c->latex);
        }
        break;
    default:
        wr_put_json_string(b, str(c->s));
        if (c->kind == WC_TREE)
            lm_buf_printf(b, ", \"depth\": %d", c->n);
        break;
    }
}

/* One row as an object; grouped columns go into an array of objects, one per group. */
static void json_row(wr *w, lm_buf *b, const wtable *t, wrow *r)
{
    const char *sep = "";
    lm_buf_putc(b, '{');
    for (int i = 0; i < t->nx; i++) {
        const wxcol *x = &t->x[i];
        if (!wr_visible(x, OUT_JSON))
            continue;
        if (x->group > 0 || (x->group == 0 && !x->first))
            continue; /* written with the group's first column */
        lm_buf_puts(b, sep);
        sep = ", ";
        if (x->group < 0) {
            json_member(w, b, x->col->key, wr_cell_at(w, r, x->cell));
            continue;
        }
        wr_put_json_string(b, str(t->t.group_key));
        lm_buf_puts(b, ": [");
        for (int j = i; j < t->nx; j++) {
            const wxcol *y = &t->x[j];
            if (y->group < 0 || !wr_visible(y, OUT_JSON))
                continue;
            lm_buf_puts(b, y->first ? (y->group ? "}, {" : "{") : ", ");
            json_member(w, b, y->col->key, wr_cell_at(w, r, y->cell));
        }
        lm_buf_puts(b, "}]");
    }
    lm_buf_putc(b, '}');
}

/* "key": [rows]; a table of one column is an array of its values. */
static void json_table(wr *w, lm_buf *b, const wtable *t, const wblock *k)
{
    int n = 0, only = -1, lines = t->t.flags & WR_T_JSON_LINES;
    for (int i = 0; i < t->nx; i++)
        if (wr_visible(&t->x[i], OUT_JSON))
            n++, only = t->x[i].group < 0 ? i : -1;
    wr_put_json_string(b, str(t->t.key));
    lm_buf_puts(b, ": [");
    for (wrow *r = k->rows; r; r = r->next) {
        if (lines)
            lm_buf_puts(b, r == k->rows ? "\n  " : ",\n  ");
        else if (r != k->rows)
            lm_buf_puts(b, ", ");
        wcell *c = n == 1 && only >= 0 ? wr_cell_at(w, r, t->x[only].cell) : NULL;
        if (c)
            wr_put_json_string(b, str(c->s));
        else
            json_row(w, b, t, r);
    }
    lm_buf_puts(b, lines ? "\n]" : "]");
}

/* A page's figure: {"value", "exact", "unit"}; a formula {"formula", "latex", "unit"}; a
 * table row an object of its cells, its number with "exact" and "unit" after it. */
static void json_figure(wr *w, lm_buf *b, const wblock *k, wrow *r)
{
    wr_put_json_string(b, str(r->key));
    lm_buf_puts(b, ": ");
    wcell *v = wr_cell_at(w, r, 2);
    if (k->kind == WB_RECORDS && v && v->kind == WC_FORMULA) {
        lm_buf_puts(b, "{");
        json_member(w, b, "formula", v);
    } else if (k->kind == WB_RECORDS && v) {
        lm_buf_puts(b, "{");
        json_member(w, b, "value", v);
    } else if (k->kind == WB_TABLE) {
        const wtable *t = k->tbl;
        const char *sep = "{";
        for (int i = 1; i < t->nx; i++) {
            wcell *c = wr_cell_at(w, r, t->x[i].cell);
            if (!c || !wr_visible(&t->x[i], OUT_JSON))
                continue;
            lm_buf_puts(b, sep);
            json_member(w, b, t->x[i].col->key, c);
            if (c->kind == WC_NUM) {
                lm_buf_puts(b, ", \"unit\": ");
                wr_put_json_string(b, str(r->unit));
            }
            sep = ", ";
        }
        lm_buf_putc(b, '}');
        return;
    }
    lm_buf_puts(b, ", \"unit\": ");
    wr_put_json_string(b, str(r->unit));
    lm_buf_putc(b, '}');
}

/* {meta, "figures": {one figure per line}} */
static void json_page(wr *w, lm_buf *b, const char *meta_end)
{
    int first = 1;
    lm_buf_printf(b, "%s\"figures\": {", meta_end);
    for (wblock *k = w->blocks; k; k = k->next)
        for (wrow *r = has_figures(w, k) ? k->rows : NULL; r; r = r->next) {
            if (r->aside)
                continue;
            lm_buf_puts(b, first ? "\n  " : ",\n  ");
            first = 0;
            json_figure(w, b, k, r);
        }
    lm_buf_puts(b, "\n}");
}

/* {"key": value, ...}: the header's members, then each table under its key and each
 * result's fields; a page's records and tables go in its "figures" instead. Lines print as
 * they are. */
void wr_render_json(wr *w, lm_buf *b)
{
    const char *sep = "";
    size_t start = b->len;
    lm_buf_putc(b, '{');
    for (wblock *k = w->blocks; k; k = k->next) {
        if (!wr_shows(w, k->in))
            continue;
        if ((k->kind == WB_RECORDS || k->kind == WB_TABLE) && !w->doc.page) {
            lm_buf_puts(b, sep);
            json_table(w, b, k->tbl, k);
            sep = ", ";
        }
        if (k->kind != WB_META && k->kind != WB_RESULT)
            continue;
        for (wrow *r = k->rows; r; r = r->next)
            if (r->key) {
                lm_buf_puts(b, sep);
                json_member(w, b, r->key, r->cells);
                sep = ", ";
            }
    }
    if (w->doc.page)
        json_page(w, b, sep);
    if (b->len == start + 1) { /* nothing but lines */
        b->len = start;
        b->s[start] = 0;
    } else {
        lm_buf_puts(b, "}\n");
    }
    for (wblock *k = w->blocks; k; k = k->next)
        if (k->kind == WB_LINES && wr_shows(w, k->in))
            wr_put_lines(w, b, k, OUT_JSON);
}

/* ---- streaming ---------------------------------------------------------------------- */

int wr_can_stream(const wr *w)
{
    return w->o.fmt == OUT_CSV || w->o.fmt == OUT_JSON;
}

int wr_stream_begin(wr *w, const char *const *names, size_t n)
{
    int json = w->o.fmt == OUT_JSON;
    w->keys = json ? lm_arena_alloc(&w->arena, (n + 1) * sizeof *w->keys) : NULL;
    if (json && !w->keys)
        return w->failed = 1, -1;
    lm_buf key;
    lm_buf_init(&key);
    for (size_t k = 0; k < n; k++) {
        if (!json) {
            lm_buf_puts(&w->sb, k ? "," : "");
            csv_field(&w->sb, names[k]);
            continue;
        }
        lm_buf_reset(&key);
        lm_buf_puts(&key, k ? ", " : "{");
        wr_put_json_string(&key, names[k]);
        lm_buf_puts(&key, ": {\"value\": ");
        w->keys[k] = wr_keep(w, lm_buf_str(&key));
    }
    if (key.failed)
        w->failed = 1;
    lm_buf_clear(&key);
    if (!json)
        lm_buf_putc(&w->sb, '\n');
    w->col = 0;
    w->mark = w->sb.len;
    return w->failed || w->sb.failed ? -1 : 0;
}

/* Digits straight into the buffer (room made first; lm_i128_str needs at most 41 bytes). A
 * JSON cell is {"value": N, "exact": "N"}, as eval gives a figure: a reader that parses
 * numbers as doubles still has every digit. */
void wr_stream_i128(wr *w, lm_i128 v)
{
    static const char room[48];
    lm_buf *b = &w->sb;
    if (w->keys)
        lm_buf_puts(b, w->keys[w->col]);
    if (b->cap - b->len < sizeof room + 1) {
        lm_buf_putn(b, room, sizeof room);
        if (b->failed)
            return;
        b->len -= sizeof room;
    }
    if (!w->keys && w->col)
        b->s[b->len++] = ',';
    size_t at = b->len;
    b->len += lm_i128_str(b->s + b->len, v);
    w->col++;
    if (!w->keys)
        return;
    /* JSON: the same digits again as the exact string */
    char digits[48];
    size_t n = b->len - at;
    memcpy(digits, b->s + at, n);
    lm_buf_puts(b, ", \"exact\": \"");
    lm_buf_putn(b, digits, n);
    lm_buf_puts(b, "\"}");
}

void wr_stream_q(wr *w, const mpq_t q)
{
    lm_buf *b = &w->sb;
    if (w->keys)
        lm_buf_puts(b, w->keys[w->col]);
    else if (w->col)
        lm_buf_putc(b, ',');
    if (mpz_cmp_ui(mpq_denref(q), 1) == 0)
        lm_print_q_exact(b, q, NULL);
    else
        wr_put_number(w, b, q, w->o.fmt);
    w->col++;
    if (!w->keys)
        return;
    lm_buf_puts(b, ", \"exact\": \"");
    lm_print_q_exact(b, q, NULL);
    lm_buf_puts(b, "\"}");
}

/* Write the held rows straight to file descriptor 1 (nothing else writes stdout). */
static void flush_rows(wr *w)
{
    const char *p = w->sb.s;
    size_t n = w->sb.len;
    if (n && !w->write_failed && fflush(stdout) != 0)
        w->write_failed = 1;
    while (n && !w->write_failed) {
        ssize_t k = write(1, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            w->write_failed = 1;
            break;
        }
        p += k, n -= (size_t)k;
    }
    lm_buf_reset(&w->sb);
}

int wr_stream_row_end(wr *w)
{
    int rc = 0;
    lm_buf_puts(&w->sb, w->keys ? "}\n" : "\n");
    w->rows = 1;
    w->col = 0;
    if (w->sb.len >= FLUSH_AT) {
        flush_rows(w);
        rc = w->write_failed || w->sb.failed ? -1 : 0;
    }
    w->mark = w->sb.len;
    return rc;
}

void wr_stream_row_drop(wr *w)
{
    w->sb.len = w->mark;
    w->col = 0;
}

int wr_stream_end(wr *w, int ok)
{
    if (w->rows || ok)
        flush_rows(w);
    int rc = w->sb.failed ? WR_E_MEMORY : 0;
    if (w->write_failed || fflush(stdout) != 0)
        rc |= WR_E_WRITE;
    return rc;
}
