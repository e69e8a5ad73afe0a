/* notation.c: the table of symbols of a LaTeX document: every symbol its formulas use, as
 * the formulas write it, with its name, description, unit and the model's value. */
#include "cli.h"
#include "base/alloc.h"

/* Mark the symbols of p (inside floor, min, ... and denominators too). */
static void mark(cli *c, const lm_poly *p, int depth)
{
    const lm_env *env = c->env;
    for (uint32_t i = 0; i < p->n; i++)
        for (uint32_t j = 0; j < p->terms[i].nf; j++) {
            const lm_atom *a = p->terms[i].f[j].atom;
            for (size_t k = 0; a->kind == LM_ATOM_SYM && k < env->nsyms; k++)
                if (env->syms[k].atom == a)
                    c->seen[k] = 1;
            for (int k = 0; k < a->nargs && depth < 32; k++)
                mark(c, &a->args[k], depth + 1);
        }
}

void cli_note_symbols(cli *c, const lm_poly *p)
{
    if (!c->env)
        return;
    if (!c->seen) {
        c->seen = lm_calloc(c->env->nsyms + 1, 1);
        if (!c->seen)
            return; /* the table would only be shorter; the formulas are right */
    }
    mark(c, p, 0);
}

/* The value of a symbol in `in`, in the symbol's unit: 1, or 0 when it has none. */
static int symbol_value(cli *c, lm_instance *in, const lm_symbol *s, mpq_t shown, mpq_t base)
{
    lm_val v;
    lm_val_init(&v);
    lm_diags quiet;
    lm_diags_init(&quiet);
    int ok = !lm_instance_expr(in, s->name, "<symbols>", &v, &quiet) && lm_poly_get_q(base, &v.p);
    if (ok)
        mpq_div(shown, base, s->scale);
    if (quiet.oom)
        c->diags.oom = 1;
    lm_diags_clear(&quiet);
    lm_val_clear(&v);
    return ok;
}

int cli_symbols(cli *c, lm_instance *values)
{
    mpq_t shown, base;
    mpq_init(shown), mpq_init(base);
    int any = 0; /* a column of values only when the model gives some */
    for (size_t k = 0; values && c->seen && k < c->env->nsyms && !any; k++)
        any = c->seen[k] && symbol_value(c, values, &c->env->syms[k], shown, base);
    if (!any)
        values = NULL;
    wr_symbols(c->w, values != NULL);
    lm_buf tex;
    lm_buf_init(&tex);
    lm_print_opts po = {LM_FMT_LATEX, 0};
    for (size_t k = 0; c->seen && k < c->env->nsyms; k++) {
        const lm_symbol *s = &c->env->syms[k];
        if (!c->seen[k])
            continue;
        wr_row(c->w, s->name, s->unit);
        lm_buf_reset(&tex);
        lm_print_atom_name(&tex, s->atom, &po); /* as the formulas write it */
        wr_math(c->w, s->plain, lm_buf_str(&tex));
        wr_name(c->w, s->name);
        wr_str(c->w, s->desc);
        wr_str(c->w, s->unit ? s->unit : "");
        if (!values)
            continue;
        if (symbol_value(c, values, s, shown, base))
            wr_num(c->w, shown, base, s->dim);
        else
            wr_missing(c->w, "--");
    }
    if (tex.failed)
        c->diags.oom = 1;
    lm_buf_clear(&tex);
    mpq_clear(shown), mpq_clear(base);
    return c->diags.oom ? -1 : 0;
}

/* The title of a whole document of definitions: what they are, for which model. */
void cli_sheet_title(cli *c, int formulas)
{
    const char *model = lm_instance_model(c->in), *conv = lm_instance_conv(c->in);
    lm_buf t;
    lm_buf_init(&t);
    lm_buf_puts(&t, formulas ? "Formulas" : "Values");
    if (model && (!c->o->symbolic || c->o->model))
        lm_buf_printf(&t, " for %s", model);
    if (conv)
        lm_buf_printf(&t, ", convention %s", conv);
    wr_title(c->w, lm_buf_str(&t));
    wr_only(c->w, WR_STANDALONE);
    if (t.failed)
        c->diags.oom = 1;
    lm_buf_clear(&t);
}

int cli_sheet_symbols(cli *c)
{
    if (wr_format(c->w) != OUT_LATEX || !c->o->standalone)
        return 0;
    lm_instance *values = NULL;
    if (c->o->model) { /* the model's values, even where -S or -k keep symbols */
        values = lm_instance_new(c->env, c->o->model, lm_instance_conv(c->in), LM_MODE_MODEL,
                                 &c->diags);
        for (int i = 0; values && i < c->o->nsets; i++)
            if (lm_instance_set(values, c->o->sets[i], &c->diags))
                return lm_instance_free(values), -1;
        if (!values)
            return -1;
    }
    int rc = cli_symbols(c, values);
    lm_instance_free(values);
    return rc;
}
