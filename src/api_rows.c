/* api_rows.c: the rows of include/lmcost.h: tables, solutions and sweeps from src/rows, as
 * columns of exact numbers or text read batch by batch (int64 arrays for speed). */
#include "api_impl.h"
#include "rows/rows.h"
#include "base/alloc.h"
#include "poly/numfmt.h"
#include <ctype.h>
#include <string.h>

#define MAX_BATCH 4096 /* rows of one batch of a sweep: its memory stays bounded */

struct lmcost_rows {
    lmcost *s;
    size_t ncols;
    const char **names, **units; /* per column, in the arena */
    int *numeric;                /* per column */
    lm_batch cells;              /* the numbers: every row of a table or a solve, or the
                                  * current batch of a sweep */
    const char **texts;          /* [row * ncols + k]: a table's or solve's text cells */
    lm_arena arena;
    size_t off, n;               /* the current batch: rows off .. off + n - 1 of cells */
    lm_sweep *sw;                /* a sweep, or NULL */
    lm_diags pending;            /* a sweep's error, after the rows before it */
    int has_pending, failed;
    int64_t *i64;                /* the batch's columns as int64: column k at k * i64cap */
    size_t i64cap;
    long *inexact;               /* per column: -1 until made for this batch */
    lm_buf cell, column;         /* lmcost_rows_get's and lmcost_rows_text's */
    mpq_t q;
};

/* A number that is not there (the share of a zero total): no GMP number, no fraction. */
#define MISSING ((lm_i128)-1)

static lmcost_rows *rows_new(lmcost *s, size_t ncols)
{
    lmcost_rows *r = lm_calloc(1, sizeof *r);
    if (!r)
        return s->diags.oom = 1, NULL;
    r->s = s;
    r->ncols = ncols;
    lm_arena_init(&r->arena);
    lm_batch_init(&r->cells, ncols);
    lm_diags_init(&r->pending);
    lm_buf_init(&r->cell);
    lm_buf_init(&r->column);
    mpq_init(r->q);
    r->names = lm_calloc(ncols + 1, sizeof *r->names);
    r->units = lm_calloc(ncols + 1, sizeof *r->units);
    r->numeric = lm_calloc(ncols + 1, sizeof *r->numeric);
    r->inexact = lm_calloc(ncols + 1, sizeof *r->inexact);
    if (!r->names || !r->units || !r->numeric || !r->inexact) {
        lmcost_rows_free(r);
        return s->diags.oom = 1, NULL;
    }
    for (size_t k = 0; k < ncols; k++)
        r->inexact[k] = -1;
    return r;
}

void lmcost_rows_free(lmcost_rows *r)
{
    if (!r)
        return;
    lm_sweep_free(r->sw);
    lm_batch_clear(&r->cells);
    lm_diags_clear(&r->pending);
    lm_arena_clear(&r->arena);
    lm_buf_clear(&r->cell);
    lm_buf_clear(&r->column);
    mpq_clear(r->q);
    lm_free(r->names), lm_free(r->units), lm_free(r->numeric), lm_free(r->texts);
    lm_free(r->i64), lm_free(r->inexact);
    lm_free(r);
}

/* A copy of s in the rows' arena ("" for NULL); NULL when out of memory. */
static const char *keep(lmcost_rows *r, const char *s)
{
    s = s ? s : "";
    char *copy = lm_arena_strndup(&r->arena, s, strlen(s));
    if (!copy)
        r->s->diags.oom = 1;
    return copy;
}

/* Column k: its name, unit and kind. */
static int column(lmcost_rows *r, size_t k, const char *name, const char *unit, int numeric)
{
    r->names[k] = keep(r, name);
    r->units[k] = keep(r, unit);
    r->numeric[k] = numeric;
    return r->names[k] && r->units[k] ? 0 : -1;
}

/* Room for all nrows rows of a table or solve. */
static int all_rows(lmcost_rows *r, size_t nrows)
{
    r->texts = lm_calloc(nrows * r->ncols + 1, sizeof *r->texts);
    if (!r->texts || lm_batch_reserve(&r->cells, nrows ? nrows : 1))
        return r->s->diags.oom = 1, -1;
    return 0;
}

/* Cells of row cells.n (the row being filled). */
static int put_text(lmcost_rows *r, size_t k, const char *text)
{
    lm_batch_set_i128(&r->cells, k, 0, 1);
    r->texts[r->cells.n * r->ncols + k] = keep(r, text);
    return r->texts[r->cells.n * r->ncols + k] ? 0 : -1;
}

static int put_q(lmcost_rows *r, size_t k, const mpq_t q)
{
    return lm_batch_set_q(&r->cells, k, q) ? (r->s->diags.oom = 1, -1) : 0;
}

static int put_z(lmcost_rows *r, size_t k, const mpz_t z)
{
    mpq_set_z(r->q, z);
    return put_q(r, k, r->q);
}

static lmcost_rows *done(lmcost *s, lmcost_rows *r, int rc)
{
    if (lm_api_finish(s, rc || !r ? -1 : 0)) {
        lmcost_rows_free(r);
        return NULL;
    }
    return r;
}

/* ---- table --------------------------------------------------------------------------- */

/* The instances of a comma-separated list of models (NULL: the selection itself, shared). */
static int models(lmcost *s, const char *list, lm_instance ***ins, size_t *n, char **copy)
{
    *n = 1;
    for (const char *p = list; p && *p; p++)
        *n += *p == ',';
    *ins = lm_calloc(*n, sizeof **ins);
    *copy = list ? lm_strdup(list) : NULL;
    if (!*ins || (list && !*copy))
        return s->diags.oom = 1, -1;
    if (!list)
        return lm_api_need(s) ? -1 : ((*ins)[0] = s->in, 0);
    char *p = *copy;
    for (size_t m = 0; m < *n; m++) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = 0;
        if (!((*ins)[m] = lm_api_instance(s, p)))
            return -1;
        p = comma ? comma + 1 : p;
    }
    return 0;
}

/* name, depth, unit, then each model's value and share. */
static int table_rows(lmcost_rows *r, const lm_table *t, lm_instance *const *ins)
{
    int rc = column(r, 0, "name", NULL, 0) || column(r, 1, "depth", NULL, 1) ||
             column(r, 2, "unit", NULL, 0) || all_rows(r, t->nrows);
    lm_buf b;
    lm_buf_init(&b);
    for (size_t m = 0; m < t->nmodels && !rc; m++) {
        const char *model = lm_instance_model(ins[m]) ? lm_instance_model(ins[m]) : "value";
        lm_buf_reset(&b);
        lm_buf_printf(&b, "%s share", model);
        rc = column(r, 3 + 2 * m, model, NULL, 1) || column(r, 4 + 2 * m, lm_buf_str(&b), NULL, 1);
    }
    for (size_t i = 0; i < t->nrows && !rc; i++) {
        lm_buf_reset(&b);
        lm_def_unit(&b, t->defs[i], t->defs[i]->dim);
        mpq_set_si(r->q, t->depth[i], 1);
        rc = put_text(r, 0, t->names[i]) || put_q(r, 1, r->q) || put_text(r, 2, lm_buf_str(&b));
        for (size_t m = 0; m < t->nmodels && !rc; m++) {
            rc = put_q(r, 3 + 2 * m, t->vals[m * t->nrows + i]);
            if (lm_table_share(t, m, i, r->q))
                rc = rc || put_q(r, 4 + 2 * m, r->q);
            else
                lm_batch_set_i128(&r->cells, 4 + 2 * m, MISSING, 0);
        }
        r->cells.n++;
    }
    if (b.failed)
        r->s->diags.oom = 1, rc = -1;
    lm_buf_clear(&b);
    return rc;
}

lmcost_rows *lmcost_table(lmcost *s, const char *prefix, const char *total, const char *list)
{
    lm_api_begin(s);
    lm_instance **ins = NULL;
    size_t n = 0;
    char *copy = NULL;
    lm_table t;
    lm_table_init(&t);
    lmcost_rows *r = NULL;
    int rc = models(s, list, &ins, &n, &copy) ||
             lm_table_run(&t, ins, n, prefix, total, &s->diags);
    if (!rc && (r = rows_new(s, 3 + 2 * n)))
        rc = table_rows(r, &t, ins);
    lm_table_clear(&t);
    for (size_t m = 0; list && ins && m < n; m++)
        lm_instance_free(ins[m]);
    lm_free(ins);
    lm_free(copy);
    return done(s, r, rc);
}

/* ---- solve --------------------------------------------------------------------------- */

/* The definition one step further, missing when that is below 1 (as on the command line). */
static int other_cell(lmcost_rows *r, const lm_solution *sol, const mpq_t other)
{
    if (sol->has_other)
        return put_q(r, 5, other);
    lm_batch_set_i128(&r->cells, 5, MISSING, 0);
    return 0;
}

static int solve_rows(lmcost_rows *r, const lm_solution *sol, const char *name,
                      const char *symbol, const char *sym_unit)
{
    lm_buf u;
    lm_buf_init(&u);
    lm_def_unit(&u, sol->def, sol->dim);
    const char *unit = lm_buf_str(&u);
    lm_buf why; /* the requires that moved the answer, as the command line lists them */
    lm_buf_init(&why);
    for (size_t i = 0; i < sol->nexcluded_by; i++)
        lm_buf_printf(&why, "%s%s", i ? "; " : "", sol->excluded_by[i]);
    mpq_t margin;
    mpq_init(margin);
    mpq_sub(margin, sol->bound, sol->at_answer);
    if (sol->ge)
        mpq_neg(margin, margin);
    mpq_div(margin, margin, sol->def->scale);
    int rc = column(r, 0, "symbol", NULL, 0) || column(r, 1, "value", sym_unit, 1) ||
             column(r, 2, "definition", NULL, 0) || column(r, 3, "unit", NULL, 0) ||
             column(r, 4, "at_value", unit, 1) ||
             column(r, 5, lm_solution_other_key(sol), unit, 1) ||
             column(r, 6, "margin", unit, 1) || column(r, 7, "method", NULL, 0) ||
             (sol->moved && (column(r, 8, "excluded_from", NULL, 1) ||
                             column(r, 9, "excluded_to", NULL, 1) ||
                             column(r, 10, "excluded_by", NULL, 0))) ||
             all_rows(r, 1);
    mpq_t at, other;
    mpq_init(at), mpq_init(other);
    mpq_div(at, sol->at_answer, sol->def->scale);
    mpq_div(other, sol->at_other, sol->def->scale);
    if (!rc) {
        rc = put_text(r, 0, symbol) || put_z(r, 1, sol->answer) || put_text(r, 2, name) ||
             put_text(r, 3, unit) || put_q(r, 4, at) || other_cell(r, sol, other) ||
             put_q(r, 6, margin) || put_text(r, 7, sol->closed ? "closed form" : "search") ||
             (sol->moved && (put_z(r, 8, sol->excl_lo) || put_z(r, 9, sol->excl_hi) ||
                             put_text(r, 10, lm_buf_str(&why))));
        r->cells.n++;
    }
    mpq_clear(at), mpq_clear(other);
    if (u.failed || why.failed)
        r->s->diags.oom = 1, rc = -1;
    mpq_clear(margin);
    lm_buf_clear(&u), lm_buf_clear(&why);
    return rc;
}

/* An instance with the session's settings, for the requires. */
static lm_instance *fresh(void *ud)
{
    return lm_api_instance(ud, NULL);
}

lmcost_rows *lmcost_solve(lmcost *s, const char *name, const char *relation,
                          const char *bound, const char *symbol)
{
    lm_api_begin(s);
    int ge = relation && !strcmp(relation, ">=");
    if (!ge && (!relation || strcmp(relation, "<="))) {
        lm_diag_add(&s->diags, LM_SEV_ERROR, NULL, "the relation is \"<=\" or \">=\", not '%s'",
                    relation ? relation : "(null)");
        return done(s, NULL, -1);
    }
    lm_solution sol;
    lm_solution_init(&sol);
    lm_instance *in = lm_api_instance(s, NULL);
    lmcost_rows *r = NULL;
    int rc = !in || lm_solve(&sol, in, name, symbol, bound, ge, "<bound>", NULL, fresh, s,
                             &s->diags);
    if (!rc && (r = rows_new(s, sol.moved ? 11 : 8))) {
        const lm_symbol *sym = lm_env_symbol(s->env, symbol);
        rc = solve_rows(r, &sol, name, symbol, sym ? sym->unit : NULL);
    }
    lm_solution_clear(&sol);
    lm_instance_free(in);
    return done(s, r, rc);
}

/* ---- sweep --------------------------------------------------------------------------- */

/* The pieces of text cut at any of the separators, blanks around each trimmed, empty
 * pieces dropped; the strings point into *copy. */
static int split(lmcost *s, const char *text, const char *seps, char **copy,
                 const char ***out, size_t *n)
{
    *n = 0;
    *copy = lm_strdup(text ? text : "");
    *out = *copy ? lm_calloc(strlen(*copy) + 1, sizeof **out) : NULL;
    if (!*out)
        return s->diags.oom = 1, -1;
    for (char *p = *copy; *p;) {
        size_t len = strcspn(p, seps);
        char *next = p[len] ? p + len + 1 : p + len;
        p[len] = 0;
        while (isspace((unsigned char)*p))
            p++;
        for (char *e = p + strlen(p); e > p && isspace((unsigned char)e[-1]);)
            *--e = 0;
        if (*p)
            (*out)[(*n)++] = p;
        p = next;
    }
    return 0;
}

lmcost_rows *lmcost_sweep(lmcost *s, const char *names, const char *grids, const char *where)
{
    lm_api_begin(s);
    char *ncopy = NULL, *gcopy = NULL;
    const char **nv = NULL, **gv = NULL;
    size_t nn = 0, ng = 0;
    lmcost_rows *r = NULL;
    lm_instance *in = NULL;
    lm_sweep *sw = NULL;
    int rc = split(s, names, ", \t\n", &ncopy, &nv, &nn) || split(s, grids, ";", &gcopy, &gv, &ng);
    if (!rc && (nn == 0 || ng == 0)) {
        lm_diag_add(&s->diags, LM_SEV_ERROR, NULL,
                    "a sweep needs definitions (\"a,b\") and grids (\"SYMBOL=RANGE; ...\")");
        rc = -1;
    }
    if (!rc && (!(sw = lm_sweep_new(s->env, gv, ng, &s->diags)) ||
                !(in = lm_api_instance(s, NULL)) ||
                lm_sweep_compile(sw, in, nv, nn, where, &s->diags)))
        rc = -1;
    lm_instance_free(in); /* the compiled sweep no longer needs it */
    if (!rc && (r = rows_new(s, lm_sweep_ncols(sw)))) {
        for (size_t k = 0; k < r->ncols && !rc; k++)
            rc = column(r, k, lm_sweep_name(sw, k), lm_sweep_unit(sw, k), 1);
        r->sw = sw;
        sw = NULL;
    }
    lm_sweep_free(sw);
    lm_free(ncopy), lm_free(gcopy), lm_free(nv), lm_free(gv);
    return done(s, r, rc);
}

/* ---- reading rows -------------------------------------------------------------------- */

int lmcost_rows_columns(lmcost_rows *r) { return (int)r->ncols; }

/* The grid's points for a sweep (a where may drop some), the rows for the others. */
uint64_t lmcost_rows_max(lmcost_rows *r)
{
    return r->sw ? lm_sweep_total(r->sw) : (uint64_t)r->cells.n;
}

static int bad_column(lmcost_rows *r, int col)
{
    if (col >= 0 && (size_t)col < r->ncols)
        return 0;
    lm_diag_add(&r->s->diags, LM_SEV_ERROR, NULL, "no column %d: there are %zu", col,
                r->ncols);
    return 1;
}

const char *lmcost_rows_name(lmcost_rows *r, int col)
{
    lm_api_begin(r->s);
    return lm_api_finish(r->s, bad_column(r, col) ? -1 : 0) ? NULL : r->names[col];
}

const char *lmcost_rows_unit(lmcost_rows *r, int col)
{
    lm_api_begin(r->s);
    return lm_api_finish(r->s, bad_column(r, col) ? -1 : 0) ? NULL : r->units[col];
}

int lmcost_rows_numeric(lmcost_rows *r, int col)
{
    lm_api_begin(r->s);
    return lm_api_finish(r->s, bad_column(r, col) ? -1 : 0) ? -1 : r->numeric[col];
}

/* A sweep's next batch: its rows, or -1 (an error at a point that had rows before it in
 * this batch waits for the next fetch). */
static long fetch_sweep(lmcost_rows *r, long max)
{
    lmcost *s = r->s;
    if (r->has_pending) {
        lm_diags tmp = s->diags;
        s->diags = r->pending;
        r->pending = tmp;
        r->has_pending = 0;
        return -1;
    }
    r->off = 0;
    r->n = 0;
    if (r->failed) {
        lm_diag_add(&s->diags, LM_SEV_ERROR, NULL,
                    "this sweep stopped at an error at a point; it has no more rows");
        return -1;
    }
    long n = lm_sweep_fill(r->sw, &r->cells, (size_t)max, UINT64_MAX, &s->diags);
    r->n = r->cells.n;
    r->failed = n < 0;
    if (n < 0 && r->n > 0) { /* the rows first, the error at the next fetch */
        lm_diags tmp = r->pending;
        r->pending = s->diags;
        s->diags = tmp;
        r->has_pending = 1;
        return (long)r->n;
    }
    return n;
}

long lmcost_rows_fetch(lmcost_rows *r, long max)
{
    lm_api_begin(r->s);
    long n = -1;
    if (max < 1)
        lm_diag_add(&r->s->diags, LM_SEV_ERROR, NULL, "fetch at least one row, not %ld", max);
    else if (r->sw)
        n = fetch_sweep(r, max > MAX_BATCH ? MAX_BATCH : max);
    else {
        r->off += r->n;
        r->n = r->cells.n - r->off < (size_t)max ? r->cells.n - r->off : (size_t)max;
        n = (long)r->n;
    }
    for (size_t k = 0; k < r->ncols; k++)
        r->inexact[k] = -1; /* no int64 column made for this batch yet */
    return lm_api_finish(r->s, n < 0 ? -1 : 0) ? -1 : n;
}

static int bad_cell(lmcost_rows *r, long row, int col)
{
    if (bad_column(r, col))
        return 1;
    if (row >= 0 && (size_t)row < r->n)
        return 0;
    lm_diag_add(&r->s->diags, LM_SEV_ERROR, NULL, "no row %ld in this batch of %zu", row, r->n);
    return 1;
}

/* Cell (row, col) of the current batch, as exact text. */
static void put_cell(lmcost_rows *r, lm_buf *b, size_t row, size_t col)
{
    size_t i = r->off + row;
    if (!r->numeric[col]) {
        lm_buf_puts(b, r->texts[i * r->ncols + col]);
        return;
    }
    lm_i128 num = r->cells.num[i * r->ncols + col], den = r->cells.den[i * r->ncols + col];
    if (den == 0 && num == MISSING)
        return;
    if (den == 1) {
        char digits[48];
        lm_buf_putn(b, digits, lm_i128_str(digits, num));
        return;
    }
    lm_batch_get(&r->cells, i, col, r->q);
    lm_print_q_exact(b, r->q, NULL);
}

const char *lmcost_rows_get(lmcost_rows *r, long row, int col)
{
    lm_api_begin(r->s);
    int rc = bad_cell(r, row, col) ? -1 : 0;
    lm_buf_reset(&r->cell);
    r->cell.failed = 0;
    if (!rc)
        put_cell(r, &r->cell, (size_t)row, (size_t)col);
    if (r->cell.failed)
        r->s->diags.oom = 1;
    return lm_api_finish(r->s, rc) ? NULL : lm_buf_str(&r->cell);
}

const char *lmcost_rows_text(lmcost_rows *r, int col)
{
    lm_api_begin(r->s);
    int rc = bad_column(r, col) ? -1 : 0;
    lm_buf_reset(&r->column);
    r->column.failed = 0;
    for (size_t i = 0; i < r->n && !rc; i++) {
        put_cell(r, &r->column, i, (size_t)col);
        lm_buf_putc(&r->column, '\n');
    }
    if (r->column.failed)
        r->s->diags.oom = 1;
    return lm_api_finish(r->s, rc) ? NULL : lm_buf_str(&r->column);
}

/* Column col of the batch as int64, once per batch; the cells that do not fit counted. */
static int64_t *to_int64(lmcost_rows *r, int col)
{
    if (bad_column(r, col))
        return NULL;
    if (!r->numeric[col]) {
        lm_diag_add(&r->s->diags, LM_SEV_ERROR, NULL, "column %d ('%s') holds text", col,
                    r->names[col]);
        return NULL;
    }
    if (!r->i64 || r->n > r->i64cap) { /* room for every column of this batch */
        lm_free(r->i64);
        r->i64cap = 0;
        if (!(r->i64 = lm_malloc((r->n * r->ncols + 1) * sizeof *r->i64)))
            return r->s->diags.oom = 1, NULL;
        r->i64cap = r->n;
        for (size_t k = 0; k < r->ncols; k++)
            r->inexact[k] = -1;
    }
    int64_t *out = r->i64 + (size_t)col * r->i64cap;
    if (r->inexact[col] >= 0)
        return out;
    long inexact = 0;
    for (size_t j = 0; j < r->n; j++) {
        size_t i = (r->off + j) * r->ncols + (size_t)col;
        lm_i128 num = r->cells.num[i], den = r->cells.den[i];
        int fits = den == 1 && num == (int64_t)num;
        if (!fits && den == 0 && num != MISSING) {
            mpq_srcptr q = r->cells.big[(size_t)num];
            fits = mpz_cmp_ui(mpq_denref(q), 1) == 0 && mpz_sizeinbase(mpq_numref(q), 2) < 63;
            num = fits ? (lm_i128)mpz_get_si(mpq_numref(q)) : 0;
        }
        out[j] = fits ? (int64_t)num : 0;
        inexact += !fits;
    }
    r->inexact[col] = inexact;
    return out;
}

const int64_t *lmcost_rows_int64(lmcost_rows *r, int col)
{
    lm_api_begin(r->s);
    const int64_t *out = to_int64(r, col);
    return lm_api_finish(r->s, out ? 0 : -1) ? NULL : out;
}

long lmcost_rows_inexact(lmcost_rows *r, int col)
{
    lm_api_begin(r->s);
    const int64_t *out = to_int64(r, col);
    return lm_api_finish(r->s, out ? 0 : -1) ? -1 : r->inexact[col];
}
