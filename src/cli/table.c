/* table.c: the table command: a hierarchical breakdown of the definitions under a dotted
 * prefix, each row with its share of a total, for one model or several side by side (the
 * rows from src/rows/table.c). */
#include "cli.h"
#include "rows/rows.h"
#include "base/alloc.h"
#include <string.h>

/* The models of -m, every one of a comma-separated list (none: the default model). */
typedef struct {
    char *list;          /* a copy of -m, cut at its commas */
    const char **names;  /* NULL: the default model */
    lm_instance **ins;
    size_t n;
} models;

static const wr_col table_cols[] = {
    {"name", NULL, WR_UNIT_BRACKETS, 0, 44, NULL, 0},
    {"unit", NULL, WR_UNIT, WR_TABLES | WR_DATA, 0, NULL, 0},
    {"value", NULL, WR_GROUPED | WR_RIGHT, 0, 24, NULL, 0},
    {"share", NULL, WR_GROUPED | WR_RIGHT, 0, 10, NULL, 0},
};
static const wr_table table_spec = {"rows", table_cols, 4, WR_T_HEAD | WR_T_JSON_LINES, 0,
                                    "values"};

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

/* JSON's header, the table's groups (one per model) and its note for text. */
static void write_head(cli *c, const models *ms, const char *prefix, const char *total)
{
    wr *w = c->w;
    const char **names = lm_malloc(ms->n * sizeof *names);
    if (!names) {
        c->diags.oom = 1;
        return;
    }
    wr_meta(w, "prefix", prefix);
    wr_meta(w, "total", total);
    const char *conv = lm_instance_conv(ms->ins[0]);
    wr_meta(w, "convention", conv); /* none: null */
    for (size_t m = 0; m < ms->n; m++)
        names[m] = lm_instance_model(ms->ins[m]);
    wr_meta_list(w, "models", names, ms->n);
    lm_buf title;
    lm_buf_init(&title);
    lm_buf_printf(&title, "%s, convention %s", prefix, conv ? conv : "none");
    wr_title(w, lm_buf_str(&title));
    wr_only(w, WR_STANDALONE);
    lm_buf_clear(&title);
    for (size_t m = 0; m < ms->n; m++)
        names[m] = names[m] ? names[m] : "value";
    wr_table_begin(w, &table_spec, names, ms->n);
    lm_free(names);
    lm_buf note;
    lm_buf_init(&note);
    lm_buf_printf(&note, "shares are of %s; rounded to %d significant digits", total,
                  c->o->digits);
    wr_table_footnote(w, lm_buf_str(&note));
    lm_buf_clear(&note);
}

static void write_rows(cli *c, const lm_table *t)
{
    wr *w = c->w;
    mpq_t share;
    mpq_init(share);
    lm_buf u;
    lm_buf_init(&u);
    for (size_t i = 0; i < t->nrows; i++) {
        lm_buf_reset(&u);
        lm_def_unit(&u, t->defs[i], t->defs[i]->dim);
        wr_row(w, NULL, lm_buf_str(&u));
        wr_tree(w, t->names[i], t->depth[i]);
        wr_str(w, lm_buf_str(&u));
        for (size_t m = 0; m < t->nmodels; m++) {
            size_t k = m * t->nrows + i;
            wr_num(w, t->vals[k], t->base[k], t->defs[k]->dim);
            if (lm_table_share(t, m, i, share))
                wr_ratio(w, share, c->o->digits, -1);
            else
                wr_no_ratio(w);
        }
    }
    lm_buf_clear(&u);
    mpq_clear(share);
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
    lm_table t;
    lm_table_init(&t);
    const char *prefix = c->o->args[0];
    int rc = models_init(c, &ms) || lm_table_run(&t, ms.ins, ms.n, prefix, c->o->total,
                                                 &c->diags);
    if (!rc) {
        wr_doc doc = {0, 0, WR_TEX_ARTICLE, 1};
        wr_document(c->w, &doc);
        write_head(c, &ms, prefix, t.total);
        write_rows(c, &t);
    }
    lm_table_clear(&t);
    models_clear(&ms);
    return rc || c->diags.oom ? 1 : 0;
}
