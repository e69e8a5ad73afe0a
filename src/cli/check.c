/* check.c: the check command: a .lm file parsed, then every definition elaborated in every
 * convention and for every model, so that a typo or a cycle anywhere is reported. */
#include "cli.h"
#include "base/alloc.h"

/* Elaborate every visible definition of one instance, and every symbol's value (so a bad
 * default that no definition uses is found too); errors go to the diagnostics. */
static int elaborate_all(cli *c, lm_instance *in)
{
    const char **names;
    size_t n;
    if (lm_instance_def_names(in, &names, &n))
        return c->diags.oom = 1, -1;
    int rc = 0;
    lm_env *env = lm_instance_env(in);
    for (size_t i = 0; i < env->nsyms; i++) {
        lm_val v;
        lm_val_init(&v);
        rc |= lm_instance_expr(in, env->syms[i].name, "<check>", &v, &c->diags);
        lm_val_clear(&v);
    }
    for (size_t i = 0; i < n; i++) {
        const lm_val *v;
        const lm_def *def;
        rc |= lm_instance_def(in, names[i], &v, &def, &c->diags);
    }
    lm_free(names);
    return rc;
}

/* Every convention (or, with none, no convention at all): global definitions may use names
 * each convention defines, so they are checked within each. */
static int check_conventions(cli *c, size_t *nconv)
{
    int rc = 0;
    *nconv = 0;
    for (size_t i = 0; i < c->env->nblocks; i++)
        *nconv += c->env->blocks[i].is_convention;
    for (size_t i = 0; i <= c->env->nblocks; i++) {
        const lm_block *b = i < c->env->nblocks ? &c->env->blocks[i] : NULL;
        if ((b && !b->is_convention) || (!b && *nconv))
            continue;
        lm_instance *in = lm_instance_new(c->env, NULL, b ? b->name : NULL, LM_MODE_SYMBOLIC,
                                          &c->diags);
        rc |= in ? elaborate_all(c, in) : -1;
        lm_instance_free(in);
    }
    return rc;
}

/* Every model, in the standard convention when there is one. */
static int check_models(cli *c, size_t *nmodel)
{
    int rc = 0;
    const char *conv = lm_env_block(c->env, "standard", 1) ? "standard" : NULL;
    *nmodel = 0;
    for (size_t i = 0; i < c->env->nblocks; i++) {
        const lm_block *b = &c->env->blocks[i];
        if (b->is_convention)
            continue;
        ++*nmodel;
        lm_instance *in = lm_instance_new(c->env, b->name, conv, LM_MODE_MODEL, &c->diags);
        rc |= in ? elaborate_all(c, in) : -1;
        lm_instance_free(in);
    }
    return rc;
}

/* check FILE: one line, the same in every format, when everything holds. */
int cmd_check(cli *c)
{
    if (c->o->nargs != 1 && !c->o->file) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "check takes one file");
        return 1;
    }
    if (c->o->nargs == 1)
        c->o->file = c->o->args[0];
    if (cli_load(c))
        return 1;
    size_t nconv, nmodel;
    int rc = check_conventions(c, &nconv);
    rc |= check_models(c, &nmodel);
    if (rc || c->diags.errors)
        return 1;
    lm_buf line;
    lm_buf_init(&line);
    lm_buf_printf(&line, "%s: ok: %zu symbols, %zu options, %zu definitions, %zu models, "
                         "%zu conventions",
                  c->o->file, c->env->nsyms, c->env->nopts, c->env->ndefs, nmodel, nconv);
    wr_lines(c->w);
    wr_row(c->w, NULL, NULL);
    wr_str(c->w, lm_buf_str(&line));
    if (line.failed)
        c->diags.oom = 1;
    lm_buf_clear(&line);
    return c->diags.oom ? 1 : 0;
}
