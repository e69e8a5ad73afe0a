/* calc.c: the calc command: one free expression simplified into canonical form.
 * Names not declared are free symbols; a number prints exactly, with its unit. */
#include "cli.h"

/* For programs: the expression and its unit, then the value (with its exact string) or the
 * formula as simplified, in plain text and LaTeX, spelled as the other formats spell it. */
static int fields(cli *c, const lm_val *v, const char *unit, const mpq_t q, int is_num)
{
    wr *w = c->w;
    wr_row(w, "expr", NULL);
    wr_str(w, c->o->args[0]);
    wr_row(w, "unit", NULL);
    wr_str(w, unit);
    if (is_num) {
        lm_dim none = {{0}};
        wr_row(w, "value", NULL);
        wr_num(w, q, q, none);
        return 0;
    }
    /* spelled as the other formats print it: collected, --short honoured */
    lm_buf f;
    lm_buf_init(&f);
    int rc = cli_spell(c, &f, &v->p, LM_FMT_PLAIN);
    wr_row(w, "formula", NULL);
    wr_str(w, lm_buf_str(&f));
    lm_buf_reset(&f);
    rc = rc || cli_spell(c, &f, &v->p, LM_FMT_LATEX);
    wr_row(w, "latex", NULL);
    wr_str(w, lm_buf_str(&f));
    lm_buf_clear(&f);
    return rc ? -1 : 0;
}

/* The result: its fields, and the value or the collected formula with its unit. */
static int result(cli *c, const lm_val *v)
{
    mpq_t q;
    mpq_init(q);
    int is_num = lm_poly_get_q(q, &v->p), rc = 0;
    lm_buf unit;
    lm_buf_init(&unit);
    if (!lm_dim_is_none(v->dim))
        lm_dim_print(&unit, v->dim);
    wr_result(c->w);
    rc = fields(c, v, lm_buf_str(&unit), q, is_num);
    wr_row(c->w, NULL, lm_buf_str(&unit));
    if (!rc && is_num) {
        lm_dim none = {{0}};
        wr_num(c->w, q, q, none);
    } else if (!rc) {
        rc = wr_formula(c->w, &v->p, 0);
    }
    lm_buf_clear(&unit);
    mpq_clear(q);
    return rc;
}

int cmd_calc(cli *c)
{
    if (c->o->nargs != 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "calc takes one expression (quote it)");
        return 1;
    }
    wr_prefer(c->w, OUT_PLAIN);
    wr_prefer_exact(c->w);
    if (cli_setup(c, LM_MODE_FREE))
        return 1;
    wr_doc doc = {0, 0, WR_TEX_MATH, 0};
    wr_document(c->w, &doc);
    lm_val v;
    lm_val_init(&v);
    int rc = lm_instance_expr(c->in, c->o->args[0], "<command line>", &v, &c->diags);
    if (!rc)
        rc = result(c, &v);
    lm_val_clear(&v);
    return rc ? 1 : 0;
}
