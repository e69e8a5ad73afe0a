/* cli.c: what every command shares: the library, model, convention and settings, the
 * diagnostics on stderr, and the symbol formulas are collected in. */
#include "cli.h"
#include "base/alloc.h"
#include "sem/hf.h"
#include <stdio.h>
#include <string.h>

/* The option that sets each limit the library names in its messages (lm_diag.limit). */
static const char *limit_option(lm_limit which)
{
    static const char *const opts[] = {
        [LM_LIMIT_TERMS] = "--max-terms", [LM_LIMIT_BITS] = "--max-bits",
        [LM_LIMIT_EXPONENT] = "--max-exponent", [LM_LIMIT_DEPTH] = "--max-depth",
        [LM_LIMIT_TOKEN] = "--max-token", [LM_LIMIT_FILE] = "--max-file-bytes",
        [LM_LIMIT_SOLVE_BITS] = "--max-solve-bits", [LM_LIMIT_SIZE] = "--max-size"};
    return (unsigned)which < sizeof opts / sizeof opts[0] ? opts[which] : NULL;
}

int cli_report_diags(cli *c)
{
    lm_diags_settle(&c->diags, 0);
    lm_alloc_recover(); /* the command has unwound: its report may allocate again */
    lm_buf b;
    lm_buf_init(&b);
    for (const lm_diag *d = c->diags.head; d; d = d->next) {
        if (!d->span.src)
            lm_buf_puts(&b, "lmcost: ");
        lm_diag_render(&b, d);
        const char *opt = limit_option(d->limit);
        if (opt)
            lm_buf_printf(&b, "lmcost: note: %s N changes this limit\n", opt);
    }
    if (c->diags.errors > c->diags.max_errors)
        lm_buf_printf(&b, "lmcost: %d more errors not shown\n",
                      c->diags.errors - c->diags.max_errors);
    if (c->diags.oom)
        lm_buf_puts(&b, "lmcost: error: out of memory\n");
    if (b.failed)
        fputs("lmcost: error: out of memory\n", stderr);
    else
        fwrite(lm_buf_str(&b), 1, b.len, stderr);
    lm_buf_clear(&b);
    return c->diags.errors || c->diags.oom ? 1 : 0;
}

/* The default model: gpt2-xl when the library has it, else the first model declared. */
static const char *default_model(const lm_env *env)
{
    if (lm_env_block(env, "gpt2-xl", 0))
        return "gpt2-xl";
    for (size_t i = 0; i < env->nblocks; i++)
        if (!env->blocks[i].is_convention)
            return env->blocks[i].name;
    return NULL;
}

lm_instance *cli_instance(cli *c, const char *model, lm_mode mode)
{
    cli_opts *o = c->o;
    if (!model && mode == LM_MODE_MODEL)
        model = default_model(c->env);
    if (mode == LM_MODE_FREE && o->model)
        mode = LM_MODE_MODEL;
    const char *conv = o->conv;
    if (!conv && lm_env_block(c->env, "standard", 1))
        conv = "standard";
    if (o->symbolic && mode == LM_MODE_MODEL)
        mode = LM_MODE_SYMBOLIC;
    lm_instance *in =
        lm_instance_new(c->env, mode == LM_MODE_FREE ? NULL : model, conv, mode, &c->diags);
    if (!in)
        return NULL;
    int rc = 0;
    for (int i = 0; i < o->nsets; i++)
        rc |= lm_instance_set(in, o->sets[i], &c->diags);
    for (int i = 0; i < o->nkeeps; i++)
        rc |= lm_instance_keep(in, o->keeps[i], &c->diags);
    if (rc) {
        lm_instance_free(in);
        return NULL;
    }
    return in;
}

/* The models of -m that are config.json files, loaded before any instance exists (an
 * instance points into the environment's models, which a load may move). */
static int load_configs(cli *c)
{
    const char *list = c->o->model;
    int rc = 0;
    while (list && *list) {
        size_t n = strcspn(list, ",");
        char *name = lm_strndup(list, n);
        if (!name)
            return c->diags.oom = 1, 1;
        if (lm_hf_is_path(name) && lm_hf_load(c->env, name, &c->diags))
            rc = 1;
        lm_free(name);
        list += n + (list[n] == ',');
    }
    return rc;
}

int cli_load(cli *c)
{
    c->env = lm_env_new();
    if (!c->env)
        return c->diags.oom = 1, 1;
    c->env->ctx.limits = c->o->limits;
    if (c->o->file ? lm_env_load_file(c->env, c->o->file, &c->diags, NULL)
                   : lm_env_load_builtin(c->env, &c->diags))
        return 1;
    return load_configs(c);
}

int cli_setup(cli *c, lm_mode mode)
{
    if (cli_load(c))
        return 1;
    const char *model = c->o->model;
    if (model && strchr(model, ',')) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "%s takes one model; 'table' compares several", c->o->cmd);
        return 1;
    }
    c->in = cli_instance(c, model, mode);
    return c->in ? 0 : 1;
}

/* The variable to collect in: --collect, else the first kept symbol, else batch_size. */
static const lm_atom *collect_var(cli *c)
{
    const char *name = c->o->collect;
    char *first = NULL;
    if (!name && c->o->nkeeps) {
        first = lm_strndup(c->o->keeps[0], strcspn(c->o->keeps[0], ","));
        if (!first)
            c->diags.oom = 1;
        name = first;
    }
    const lm_atom *x = lm_ctx_find_symbol(&c->env->ctx, name ? name : "batch_size");
    lm_free(first);
    return x;
}

int cli_spell(void *ud, lm_buf *b, const lm_poly *p, lm_fmt f)
{
    cli *c = ud;
    lm_print_opts po = {f, c->o->short_names};
    cli_note_symbols(c, p);
    lm_status st = lm_print_spelled(&c->env->ctx, b, p, collect_var(c), &po);
    if (st) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "%s", lm_status_str(st));
        return -1;
    }
    return 0;
}

/* The names show and eval work on: the arguments, or with --all every definition. */
static int def_names(cli *c, const char ***names, size_t *n)
{
    if (c->o->all)
        return lm_instance_def_names(c->in, names, n) ? (c->diags.oom = 1, -1) : 0;
    if (c->o->nargs == 0) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "%s needs at least one definition name "
                    "(see 'lmcost list')", c->o->cmd);
        return -1;
    }
    *names = lm_malloc((size_t)c->o->nargs * sizeof **names);
    if (!*names)
        return c->diags.oom = 1, -1;
    for (int i = 0; i < c->o->nargs; i++)
        (*names)[i] = c->o->args[i];
    *n = (size_t)c->o->nargs;
    return 0;
}

int cli_definitions(cli *c, const char ***names, size_t *n, int formulas)
{
    if (cli_setup(c, LM_MODE_MODEL) || def_names(c, names, n))
        return -1;
    wr_doc doc = {0, 0, WR_TEX_ARTICLE, 0};
    wr_document(c->w, &doc);
    wr_meta(c->w, "model", lm_instance_model(c->in));
    wr_meta(c->w, "convention", lm_instance_conv(c->in));
    cli_sheet_title(c, formulas);
    wr_records(c->w, formulas);
    return 0;
}

int cli_settle(cli *c, lm_instance *in, const char *const *names, size_t n)
{
    const lm_val *v;
    const lm_def *def;
    for (size_t i = 0; i < n; i++)
        if (lm_instance_def(in, names[i], &v, &def, &c->diags))
            return -1;
    return 0;
}
