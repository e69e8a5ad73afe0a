/* solve.c: the solve command: the largest integer value of a symbol for which a definition
 * stays within a budget (--le), or the smallest that reaches a target (--ge), turned around
 * for a definition that falls in it; the answer comes from src/rows/solve.c. */
#include "cli.h"
#include "rows/rows.h"
#include <string.h>

/* "  memory.total at batch_size = 14: 78,441,288,704 B (78.4 GB = 73.1 GiB)" */
static void at_line(cli *c, const lm_solution *s, const char *name, const char *unit,
                    const mpz_t at, const mpq_t fx)
{
    wr *w = c->w;
    lm_buf b;
    lm_buf_init(&b);
    lm_buf_printf(&b, "  %s at %s = ", name, c->o->for_sym);
    mpq_t shown;
    mpq_init(shown);
    mpq_div(shown, fx, s->def->scale);
    wr_row(w, NULL, unit);
    wr_str(w, lm_buf_str(&b));
    wr_int(w, at);
    wr_str(w, ": ");
    wr_num(w, shown, fx, s->dim);
    mpq_clear(shown);
    lm_buf_clear(&b);
}

/* "  1015 to 1023 are excluded: data_parallel must divide batch_size" */
static void excluded_line(cli *c, const lm_solution *s)
{
    wr *w = c->w;
    int one = !mpz_cmp(s->excl_lo, s->excl_hi);
    wr_row(w, NULL, NULL);
    wr_str(w, "  ");
    wr_int(w, s->excl_lo);
    if (!one) {
        wr_str(w, " to ");
        wr_int(w, s->excl_hi);
    }
    wr_str(w, one ? " is excluded: " : " are excluded: ");
    for (size_t i = 0; i < s->nexcluded_by; i++) {
        wr_str(w, i ? "; " : "");
        wr_str(w, s->excluded_by[i]);
    }
}

/* For people: the answer, the definition there and one step past the bound's own answer
 * (the values between, if any, excluded by a require), and the margin. */
static void write_lines(cli *c, const lm_solution *s, const char *name, const char *unit)
{
    wr *w = c->w;
    lm_buf b;
    lm_buf_init(&b);
    lm_buf_printf(&b, "%s %s with %s %s %s: ", s->smallest ? "smallest" : "largest",
                  c->o->for_sym, name, s->ge ? ">=" : "<=", s->ge ? c->o->ge : c->o->le);
    wr_lines(w);
    wr_only(w, WR_PEOPLE);
    wr_row(w, NULL, NULL);
    wr_str(w, lm_buf_str(&b));
    wr_int(w, s->answer);
    if (s->closed)
        wr_str(w, s->inverse ? " (closed form: the formula is linear in its inverse)"
                             : " (closed form: the formula is linear in it)");
    else
        wr_str(w, s->dec ? " (exact integer search: the formula does not increase in it)"
                         : " (exact integer search: the formula does not decrease in it)");
    if (s->moved)
        excluded_line(c, s);
    at_line(c, s, name, unit, s->answer, s->at_answer);
    if (s->has_other)
        at_line(c, s, name, unit, s->other, s->at_other);
    mpq_t margin;
    mpq_init(margin);
    mpq_sub(margin, s->bound, s->at_answer);
    if (s->ge)
        mpq_neg(margin, margin);
    mpq_div(margin, margin, s->def->scale);
    lm_dim none = {{0}};
    wr_row(w, NULL, unit);
    wr_str(w, "  margin: ");
    wr_num(w, margin, margin, none);
    mpq_clear(margin);
    lm_buf_clear(&b);
}

/* For programs: the answer alone (plain, CSV), or with the definition at it and one step
 * further as exact strings (JSON). */
static void write_result(cli *c, const lm_solution *s, const char *name, const char *unit)
{
    wr *w = c->w;
    lm_buf b;
    lm_buf_init(&b);
    mpq_t shown;
    mpq_init(shown);
    wr_result(w);
    wr_only(w, WR_PROGRAMS);
    wr_row(w, "symbol", NULL), wr_str(w, c->o->for_sym);
    wr_row(w, "value", NULL), wr_int(w, s->answer);
    wr_row(w, "definition", NULL), wr_str(w, name);
    wr_row(w, "unit", NULL), wr_str(w, unit);
    for (int k = 0; k < 1 + s->has_other; k++) {
        lm_buf_reset(&b);
        mpq_div(shown, k ? s->at_other : s->at_answer, s->def->scale);
        lm_print_q_exact(&b, shown, NULL);
        wr_row(w, !k ? "at_value" : lm_solution_other_key(s), NULL);
        wr_str(w, lm_buf_str(&b));
    }
    if (s->moved) {
        wr_row(w, "excluded_from", NULL), wr_int(w, s->excl_lo);
        wr_row(w, "excluded_to", NULL), wr_int(w, s->excl_hi);
        wr_row(w, "excluded_by", NULL), wr_list(w, s->excluded_by, s->nexcluded_by);
    }
    wr_row(w, NULL, NULL);
    wr_int(w, s->answer);
    mpq_clear(shown);
    lm_buf_clear(&b);
}

/* An instance with the command line's settings, for the requires. */
static lm_instance *fresh(void *ud)
{
    cli *c = ud;
    return cli_instance(c, c->o->model, LM_MODE_MODEL);
}

/* A figure in an error message, as this output spells numbers. */
static void spell_number(void *ud, lm_buf *b, const mpq_t q)
{
    wr_number(((cli *)ud)->w, b, q);
}

int cmd_solve(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs != 1 || !o->for_sym || (!o->le == !o->ge)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "usage: lmcost solve NAME (--le QUANTITY | --ge QUANTITY) --for SYMBOL");
        return 1;
    }
    if (cli_load(c))
        return 1;
    wr_doc doc = {0, 0, WR_TEX_ARTICLE, 0};
    wr_document(c->w, &doc);
    if (!lm_env_symbol(c->env, o->for_sym)) { /* before the settings are looked at */
        lm_env_unknown_symbol(c->env, &c->diags, "", o->for_sym);
        return 1;
    }
    const char *name = o->args[0];
    lm_solution s;
    lm_solution_init(&s);
    c->in = cli_instance(c, o->model, LM_MODE_MODEL);
    int rc = !c->in || lm_solve(&s, c->in, name, o->for_sym, o->le ? o->le : o->ge, o->ge != NULL,
                                "<command line>", spell_number, fresh, c, &c->diags);
    if (!rc) {
        lm_buf u;
        lm_buf_init(&u);
        lm_def_unit(&u, s.def, s.dim);
        write_result(c, &s, name, lm_buf_str(&u));
        write_lines(c, &s, name, lm_buf_str(&u));
        lm_buf_clear(&u);
    }
    lm_solution_clear(&s);
    return rc ? 1 : 0;
}
