/* cmds.c: the commands show, eval and check.
 * Each builds its whole output in c->out; main writes it only if the command succeeded. */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

/* The names a command works on: its arguments, or with --all every visible definition. */
static int names_of(cli *c, const char ***names, size_t *n)
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

static void latex_begin(cli *c)
{
    if (c->o->fmt == OUT_LATEX && c->o->standalone)
        lm_buf_puts(&c->out, "\\documentclass{article}\n\\usepackage{amsmath}\n"
                             "\\usepackage{booktabs}\n\\usepackage[margin=2cm]{geometry}\n"
                             "\\begin{document}\n");
}

static void latex_end(cli *c)
{
    if (c->o->fmt == OUT_LATEX && c->o->standalone)
        lm_buf_puts(&c->out, "\\end{document}\n");
}

static void header(cli *c, int is_eval)
{
    lm_buf *b = &c->out;
    switch (c->o->fmt) {
    case OUT_CSV:
        lm_buf_puts(b, is_eval ? "name,unit,value\n" : "name,unit,formula\n");
        break;
    case OUT_MARKDOWN:
        lm_buf_puts(b, is_eval ? "| name | value | unit |\n|---|---:|---|\n"
                               : "| name | formula | unit |\n|---|---|---|\n");
        break;
    case OUT_JSON:
        lm_buf_puts(b, "{\"model\": ");
        if (lm_instance_model(c->in))
            cli_json_string(b, lm_instance_model(c->in));
        else
            lm_buf_puts(b, "null");
        lm_buf_puts(b, ", \"convention\": ");
        if (lm_instance_conv(c->in))
            cli_json_string(b, lm_instance_conv(c->in));
        else
            lm_buf_puts(b, "null");
        lm_buf_puts(b, is_eval ? ", \"values\": [" : ", \"formulas\": [");
        break;
    default:
        break;
    }
}

/* The common start of show and eval: the instance, the names, a LaTeX preamble. */
static int start(cli *c, const char ***names, size_t *n)
{
    if (cli_setup(c, LM_MODE_MODEL) || names_of(c, names, n))
        return -1;
    latex_begin(c);
    return 0;
}

/* show NAME...: formulas, collected in the kept symbol (-k) or batch_size. */
int cmd_show(cli *c)
{
    const char **names;
    size_t n;
    if (start(c, &names, &n))
        return 1;
    lm_buf *b = &c->out;
    int rc = 0;
    if (c->o->fmt == OUT_LATEX && c->o->standalone)
        lm_buf_puts(b, "\\begin{align*}\n");
    header(c, 0);
    lm_poly shown;
    lm_poly_init(&shown);
    lm_buf f, u;
    lm_buf_init(&f);
    lm_buf_init(&u);
    for (size_t i = 0; i < n && !rc; i++) {
        const lm_val *v;
        const lm_def *def;
        if (lm_instance_def(c->in, names[i], &v, &def, &c->diags)) {
            rc = 1;
            break;
        }
        lm_buf_reset(&f);
        lm_buf_reset(&u);
        cli_unit_name(&u, def, v->dim);
        if (cli_shown_value(c, def, v, &shown) || cli_formula(c, &f, &shown)) {
            rc = 1;
            break;
        }
        switch (c->o->fmt) {
        case OUT_TEXT:
            lm_buf_printf(b, "%s%s%s%s = %s\n", names[i], u.len ? " [" : "", lm_buf_str(&u),
                          u.len ? "]" : "", lm_buf_str(&f));
            break;
        case OUT_LATEX:
            if (c->o->standalone) {
                lm_buf_puts(b, "\\text{");
                cli_latex_text(b, names[i]);
                lm_buf_puts(b, "} &= ");
                cli_latex_broken(b, lm_buf_str(&f), 90);
                cli_latex_unit(b, lm_buf_str(&u));
                lm_buf_puts(b, " \\\\\n");
            } else {
                lm_buf_printf(b, "%s\n", lm_buf_str(&f));
            }
            break;
        case OUT_CSV:
            lm_buf_printf(b, "%s,%s,\"%s\"\n", names[i], lm_buf_str(&u), lm_buf_str(&f));
            break;
        case OUT_MARKDOWN:
            lm_buf_printf(b, "| `%s` | `%s` | %s |\n", names[i], lm_buf_str(&f), lm_buf_str(&u));
            break;
        case OUT_JSON:
            lm_buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
            cli_json_string(b, names[i]);
            lm_buf_puts(b, ", \"unit\": ");
            cli_json_string(b, lm_buf_str(&u));
            lm_buf_puts(b, ", \"formula\": ");
            cli_json_string(b, lm_buf_str(&f));
            lm_buf_reset(&f);
            c->o->fmt = OUT_LATEX;
            rc = cli_formula(c, &f, &shown);
            c->o->fmt = OUT_JSON;
            lm_buf_puts(b, ", \"latex\": ");
            cli_json_string(b, lm_buf_str(&f));
            lm_buf_puts(b, "}");
            break;
        default:
            lm_buf_printf(b, "%s\n", lm_buf_str(&f));
            break;
        }
    }
    if (c->o->fmt == OUT_JSON)
        lm_buf_puts(b, "]}\n");
    if (c->o->fmt == OUT_LATEX && c->o->standalone)
        lm_buf_puts(b, "\\end{align*}\n");
    latex_end(c);
    lm_poly_clear(&shown);
    lm_buf_clear(&f);
    lm_buf_clear(&u);
    lm_free(names);
    return rc;
}

/* eval NAME...: exact values in each definition's unit. */
int cmd_eval(cli *c)
{
    const char **names;
    size_t n;
    if (start(c, &names, &n))
        return 1;
    lm_buf *b = &c->out;
    int rc = 0;
    if (c->o->fmt == OUT_LATEX)
        lm_buf_puts(b, "\\begin{tabular}{lrl}\n\\toprule\nname & value & unit \\\\\n\\midrule\n");
    header(c, 1);
    mpq_t q, base;
    mpq_init(q);
    mpq_init(base);
    lm_buf u;
    lm_buf_init(&u);
    for (size_t i = 0; i < n && !rc; i++) {
        const lm_val *v;
        const lm_def *def;
        if (lm_instance_def(c->in, names[i], &v, &def, &c->diags)) {
            rc = 1;
            break;
        }
        if (cli_const_value(c, names[i], def, v, q)) {
            rc = 1;
            break;
        }
        mpq_mul(base, q, def->scale);
        lm_buf_reset(&u);
        cli_unit_name(&u, def, v->dim);
        switch (c->o->fmt) {
        case OUT_TEXT:
        case OUT_UNICODE:
            lm_buf_printf(b, "%s = ", names[i]);
            cli_number(c, b, q);
            if (u.len)
                lm_buf_printf(b, " %s", lm_buf_str(&u));
            {
                lm_buf h;
                lm_buf_init(&h);
                cli_human(c, &h, base, v->dim);
                if (h.len)
                    lm_buf_printf(b, " (%s)", lm_buf_str(&h));
                lm_buf_clear(&h);
            }
            lm_buf_putc(b, '\n');
            break;
        case OUT_CSV:
            lm_buf_printf(b, "%s,%s,", names[i], lm_buf_str(&u));
            cli_number(c, b, q);
            lm_buf_putc(b, '\n');
            break;
        case OUT_MARKDOWN:
            lm_buf_printf(b, "| `%s` | ", names[i]);
            cli_number(c, b, q);
            lm_buf_printf(b, " | %s |\n", lm_buf_str(&u));
            break;
        case OUT_LATEX:
            lm_buf_puts(b, "\\texttt{");
            cli_latex_text(b, names[i]);
            lm_buf_puts(b, "} & $");
            cli_number(c, b, q);
            lm_buf_puts(b, "$ & ");
            cli_latex_text(b, lm_buf_str(&u));
            lm_buf_puts(b, " \\\\\n");
            break;
        case OUT_JSON:
            lm_buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
            cli_json_string(b, names[i]);
            lm_buf_puts(b, ", \"unit\": ");
            cli_json_string(b, lm_buf_str(&u));
            lm_buf_puts(b, ", \"value\": ");
            cli_number(c, b, q);
            lm_buf_puts(b, ", \"exact\": \"");
            lm_print_q_exact(b, q, NULL);
            lm_buf_puts(b, "\"}");
            break;
        default:
            cli_number(c, b, q);
            lm_buf_putc(b, '\n');
            break;
        }
    }
    if (c->o->fmt == OUT_JSON)
        lm_buf_puts(b, "]}\n");
    if (c->o->fmt == OUT_LATEX)
        lm_buf_puts(b, "\\bottomrule\n\\end{tabular}\n");
    latex_end(c);
    lm_buf_clear(&u);
    mpq_clear(q);
    mpq_clear(base);
    lm_free(names);
    return rc;
}

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

/* check FILE: parse, then elaborate everything symbolically in every convention and
 * for every model, so a typo or a cycle anywhere is found. */
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
    int rc = 0;
    size_t nconv = 0, nmodel = 0;
    for (size_t i = 0; i < c->env->nblocks; i++)
        nconv += c->env->blocks[i].is_convention;
    /* Global definitions may use names each convention defines: check them within each. */
    for (size_t i = 0; i <= c->env->nblocks; i++) {
        const lm_block *b = i < c->env->nblocks ? &c->env->blocks[i] : NULL;
        if ((b && !b->is_convention) || (!b && nconv))
            continue;
        lm_instance *in = lm_instance_new(c->env, NULL, b ? b->name : NULL, LM_MODE_SYMBOLIC,
                                          &c->diags);
        rc |= in ? elaborate_all(c, in) : -1;
        lm_instance_free(in);
    }
    const char *conv = lm_env_block(c->env, "standard", 1) ? "standard" : NULL;
    for (size_t i = 0; i < c->env->nblocks; i++) {
        const lm_block *b = &c->env->blocks[i];
        if (b->is_convention)
            continue;
        nmodel++;
        lm_instance *in = lm_instance_new(c->env, b->name, conv, LM_MODE_MODEL, &c->diags);
        rc |= in ? elaborate_all(c, in) : -1;
        lm_instance_free(in);
    }
    if (rc || c->diags.errors)
        return 1;
    lm_buf_printf(&c->out, "%s: ok: %zu symbols, %zu options, %zu definitions, %zu models, "
                           "%zu conventions\n",
                  c->o->file, c->env->nsyms, c->env->nopts, c->env->ndefs, nmodel, nconv);
    return 0;
}
