/* table.c: the table command: a hierarchical breakdown of the definitions under a dotted
 * prefix, each row with its share of a total, for one model or several side by side. */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

typedef struct {
    const char *name;
    int depth;
} row;

typedef struct {
    row *rows;
    size_t n, cap;
} rows;

/* The models of -m, every one of a comma-separated list (none: the default model). */
typedef struct {
    char *list;          /* a copy of -m, cut at its commas */
    const char **names;  /* NULL: the default model */
    lm_instance **ins;
    size_t n;
} models;

/* Each model's values of each row, in the row's shown unit and in base units. */
typedef struct {
    size_t nrows, nm;
    mpq_t *vals, *base; /* [m * nrows + i] */
    mpq_t *totals;      /* [m]: what the shares are of, in base units */
    const lm_def **defs;
    size_t total_row;   /* the first model's total row, without --total */
} grid;

static const wr_col table_cols[] = {
    {"name", NULL, WR_UNIT_BRACKETS, 0, 44, NULL, 0},
    {"unit", NULL, 0, WR_IN(OUT_MARKDOWN) | WR_DATA, 0, NULL, 0},
    {"value", NULL, WR_GROUPED | WR_RIGHT, 0, 24, NULL, 0},
    {"share", NULL, WR_GROUPED | WR_RIGHT, 0, 10, NULL, 0},
};
static const wr_table table_spec = {"rows", table_cols, 4, WR_T_HEAD | WR_T_JSON_LINES, 0,
                                    "values"};

static int add_row(rows *r, const char *name, int depth)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        row *p = lm_realloc(r->rows, cap * sizeof *p);
        if (!p)
            return -1;
        r->rows = p;
        r->cap = cap;
    }
    r->rows[r->n].name = name;
    r->rows[r->n].depth = depth;
    r->n++;
    return 0;
}

/* Depth-first, children in definition order, a node before its children. */
static int collect(lm_instance *in, const char *prefix, int depth, rows *r)
{
    const char **kids;
    size_t n;
    if (depth > 32 || lm_instance_children(in, prefix, &kids, &n))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = add_row(r, kids[i], depth);
        if (!rc)
            rc = collect(in, kids[i], depth + 1, r);
    }
    lm_free(kids);
    return rc;
}

static void models_clear(models *ms)
{
    for (size_t m = 0; ms->ins && m < ms->n; m++)
        lm_instance_free(ms->ins[m]);
    lm_free(ms->ins);
    lm_free(ms->names);
    lm_free(ms->list);
}

/* An instance of each model of the list; -1 after an error (reported). */
static int models_init(cli *c, models *ms)
{
    const char *m = c->o->model;
    memset(ms, 0, sizeof *ms);
    ms->n = 1;
    for (const char *p = m; p && *p; p++)
        ms->n += *p == ',';
    ms->list = m ? lm_strdup(m) : NULL;
    ms->names = lm_calloc(ms->n, sizeof *ms->names);
    ms->ins = lm_calloc(ms->n, sizeof *ms->ins);
    if ((m && !ms->list) || !ms->names || !ms->ins)
        return c->diags.oom = 1, -1;
    char *p = ms->list;
    for (size_t k = 0; k < ms->n && p; k++) {
        ms->names[k] = p;
        if ((p = strchr(p, ',')))
            *p++ = 0;
    }
    for (size_t k = 0; k < ms->n; k++)
        if (!(ms->ins[k] = cli_instance(c, ms->names[k], LM_MODE_MODEL)))
            return -1;
    return 0;
}

static void grid_clear(grid *g)
{
    for (size_t i = 0; g->vals && i < g->nrows * g->nm; i++)
        mpq_clear(g->vals[i]), mpq_clear(g->base[i]);
    for (size_t m = 0; g->totals && m < g->nm; m++)
        mpq_clear(g->totals[m]);
    lm_free(g->vals), lm_free(g->base), lm_free(g->totals), lm_free(g->defs);
}

static int grid_init(cli *c, grid *g, size_t nrows, size_t nm)
{
    size_t cells = nrows * nm;
    memset(g, 0, sizeof *g);
    g->vals = lm_malloc(cells * sizeof *g->vals);
    g->base = lm_malloc(cells * sizeof *g->base);
    g->totals = lm_malloc(nm * sizeof *g->totals);
    g->defs = lm_malloc(cells * sizeof *g->defs);
    if (!g->vals || !g->base || !g->totals || !g->defs) {
        lm_free(g->vals), lm_free(g->base), lm_free(g->totals), lm_free(g->defs);
        memset(g, 0, sizeof *g);
        return c->diags.oom = 1, -1;
    }
    g->nrows = nrows;
    g->nm = nm;
    for (size_t i = 0; i < cells; i++)
        mpq_init(g->vals[i]), mpq_init(g->base[i]);
    for (size_t m = 0; m < nm; m++)
        mpq_init(g->totals[m]);
    return 0;
}

/* One model's values of every row. */
static int grid_values(cli *c, grid *g, size_t m, lm_instance *in, const rows *r)
{
    mpq_t *vals = g->vals + m * r->n, *base = g->base + m * r->n;
    const lm_def **defs = g->defs + m * r->n;
    for (size_t i = 0; i < r->n; i++) {
        const lm_val *v;
        if (lm_instance_def(in, r->rows[i].name, &v, &defs[i], &c->diags) ||
            cli_const_value(c, r->rows[i].name, defs[i], v, vals[i]))
            return -1;
        mpq_mul(base[i], vals[i], defs[i]->scale);
    }
    return 0;
}

/* One model's total: --total, else the prefix itself (the first row), else the largest
 * row. */
static int grid_total(cli *c, grid *g, size_t m, lm_instance *in, int has_self)
{
    if (c->o->total) {
        const lm_val *tv;
        const lm_def *td;
        if (lm_instance_def(in, c->o->total, &tv, &td, &c->diags) ||
            cli_const_value(c, c->o->total, td, tv, g->totals[m]))
            return -1;
        mpq_mul(g->totals[m], g->totals[m], td->scale);
        return 0;
    }
    mpq_t *base = g->base + m * g->nrows;
    size_t best = 0;
    for (size_t i = 1; i < g->nrows && !has_self; i++)
        if (mpq_cmp(base[i], base[best]) > 0)
            best = i;
    mpq_set(g->totals[m], base[best]);
    if (m == 0)
        g->total_row = best;
    return 0;
}

/* JSON's header, the table's groups (one per model) and its note for text. */
static void write_head(cli *c, const models *ms, const char *prefix, const char *total)
{
    wr *w = c->w;
    const char **names = lm_malloc(ms->n * sizeof *names);
    if (!names) {
        c->diags.oom = 1;
        return;
    }
    const char *conv = lm_instance_conv(ms->ins[0]);
    wr_meta(w, "prefix", prefix);
    wr_meta(w, "total", total);
    wr_meta(w, "convention", conv ? conv : "");
    for (size_t m = 0; m < ms->n; m++)
        names[m] = lm_instance_model(ms->ins[m]) ? lm_instance_model(ms->ins[m]) : "";
    wr_meta_list(w, "models", names, ms->n);
    for (size_t m = 0; m < ms->n; m++)
        names[m] = *names[m] ? names[m] : "value";
    wr_table_begin(w, &table_spec, names, ms->n);
    lm_free(names);
    lm_buf note;
    lm_buf_init(&note);
    lm_buf_printf(&note, "shares are of %s; rounded to %d significant digits", total,
                  c->o->digits);
    wr_table_footnote(w, lm_buf_str(&note));
    lm_buf_clear(&note);
}

static void write_rows(cli *c, const rows *r, const grid *g)
{
    wr *w = c->w;
    mpq_t share;
    mpq_init(share);
    lm_buf u;
    lm_buf_init(&u);
    for (size_t i = 0; i < r->n; i++) {
        lm_buf_reset(&u);
        cli_unit_name(&u, g->defs[i], g->defs[i]->dim);
        wr_row(w, NULL, lm_buf_str(&u));
        wr_tree(w, r->rows[i].name, r->rows[i].depth);
        wr_str(w, lm_buf_str(&u));
        for (size_t m = 0; m < g->nm; m++) {
            size_t k = m * r->n + i;
            wr_num(w, g->vals[k], g->base[k], g->defs[k]->dim);
            if (!mpq_sgn(g->totals[m])) {
                wr_no_ratio(w);
                continue;
            }
            mpq_div(share, g->base[k], g->totals[m]);
            wr_ratio(w, share, c->o->digits, -1);
        }
    }
    lm_buf_clear(&u);
    mpq_clear(share);
}

/* The rows under the prefix (the prefix first when it is itself defined) and their values
 * for every model. */
static int fill(cli *c, const models *ms, const char *prefix, rows *r, grid *g)
{
    int has_self = lm_env_def(c->env, prefix, lm_instance_conv(ms->ins[0])) != NULL;
    if ((has_self && add_row(r, prefix, 0)) || collect(ms->ins[0], prefix, has_self, r))
        return c->diags.oom = 1, -1;
    if (r->n == 0) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "no definitions under '%s'", prefix);
        return -1;
    }
    if (grid_init(c, g, r->n, ms->n))
        return -1;
    for (size_t m = 0; m < ms->n; m++)
        if (grid_values(c, g, m, ms->ins[m], r))
            return -1;
    for (size_t m = 0; m < ms->n; m++)
        if (grid_total(c, g, m, ms->ins[m], has_self))
            return -1;
    return 0;
}

int cmd_table(cli *c)
{
    if (c->o->nargs != 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "table takes one dotted prefix, e.g. 'flops'");
        return 1;
    }
    if (cli_load(c))
        return 1;
    models ms;
    rows r = {0};
    grid g = {0};
    const char *prefix = c->o->args[0];
    int rc = models_init(c, &ms) || fill(c, &ms, prefix, &r, &g);
    if (!rc) {
        wr_doc doc = {0, 0, WR_TEX_ARTICLE, "margin=1.5cm,landscape"};
        wr_document(c->w, &doc);
        write_head(c, &ms, prefix, c->o->total ? c->o->total : r.rows[g.total_row].name);
        write_rows(c, &r, &g);
    }
    grid_clear(&g);
    lm_free(r.rows);
    models_clear(&ms);
    return rc || c->diags.oom ? 1 : 0;
}
