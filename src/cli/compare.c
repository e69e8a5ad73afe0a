/* compare.c: the compare command: one quantity in every convention that defines it, with
 * its formula, its exact value for the model, and the relative difference to standard. */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

typedef struct {
    const char *conv;
    lm_buf formula, latex, why;
    mpq_t value;
    int has_value;
} entry;

/* The symbolic formula (in the chosen printer) and the model's value in one convention. */
static int fill(cli *c, entry *en, const char *name)
{
    const char *saved_model = c->o->model;
    c->o->conv = en->conv;
    /* The formula keeps every symbol (no -s); the value takes the model and -s. */
    const char *model = saved_model ? saved_model
                        : lm_env_block(c->env, "gpt2-xl", 0) ? "gpt2-xl" : NULL;
    lm_instance *sym = lm_instance_new(c->env, model, en->conv, LM_MODE_SYMBOLIC, &c->diags);
    int sym_flag = c->o->symbolic;
    c->o->symbolic = 0;
    lm_instance *num = cli_instance(c, saved_model, LM_MODE_MODEL);
    c->o->symbolic = sym_flag;
    int rc = sym && num ? 0 : -1;
    const lm_val *v;
    const lm_def *def;
    lm_poly shown;
    lm_poly_init(&shown);
    if (!rc)
        rc = lm_instance_def(sym, name, &v, &def, &c->diags) || cli_shown_value(c, def, v, &shown);
    if (!rc) {
        out_format f = c->o->fmt;
        c->o->fmt = OUT_PLAIN;
        rc = cli_formula(c, &en->formula, &shown);
        c->o->fmt = OUT_LATEX;
        rc |= cli_formula(c, &en->latex, &shown);
        c->o->fmt = f;
    }
    if (!rc)
        rc = lm_instance_def(num, name, &v, &def, &c->diags) || cli_shown_value(c, def, v, &shown);
    if (!rc) {
        en->has_value = lm_poly_get_q(en->value, &shown);
        if (!en->has_value) {
            const char *free_sym = cli_free_symbol(&shown, 0);
            lm_buf_printf(&en->why, "set %s", free_sym ? free_sym : "its symbols");
        }
    }
    lm_poly_clear(&shown);
    lm_instance_free(sym);
    lm_instance_free(num);
    return rc;
}

static void relative(cli *c, lm_buf *b, const entry *en, const entry *std)
{
    if (!std || !en->has_value || !std->has_value || mpq_sgn(std->value) == 0) {
        lm_buf_puts(b, c->o->fmt == OUT_JSON ? "null" : "-");
        return;
    }
    mpq_t r;
    mpq_init(r);
    mpq_sub(r, en->value, std->value);
    mpq_div(r, r, std->value);
    if (mpq_sgn(r) == 0)
        lm_buf_puts(b, "0");
    else
        lm_print_q_decimal(b, r, c->o->fmt == OUT_JSON ? 17 : 4, 0, NULL);
    mpq_clear(r);
}

int cmd_compare(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs != 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "compare takes one definition name");
        return 1;
    }
    if (cli_load(c))
        return 1;
    const char *name = o->args[0];
    lm_env *env = c->env;
    entry *es = lm_calloc(env->nblocks + 1, sizeof *es);
    if (!es)
        return c->diags.oom = 1, 1;
    size_t n = 0;
    int rc = 0;
    const char *user_conv = o->conv;
    /* standard first, then the others in the order they were declared */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < env->nblocks; i++) {
            const lm_block *bl = &env->blocks[i];
            if (!bl->is_convention || (strcmp(bl->name, "standard") == 0) != (pass == 0))
                continue;
            /* A definition a convention merely inherits from another one would only repeat
             * that one's row; a global one is every convention's own. */
            const lm_def *found = lm_env_def(env, name, bl->name);
            int defined = found && (!found->conv || strcmp(found->conv, bl->name) == 0);
            if (found && !defined)
                continue;
            if (!defined) { /* an implicit node counts when something lies below it */
                size_t len = strlen(name);
                for (size_t k = 0; k < env->ndefs && !defined; k++)
                    defined = strncmp(env->defs[k].name, name, len) == 0 &&
                              env->defs[k].name[len] == '.' &&
                              lm_env_def(env, env->defs[k].name, bl->name) == &env->defs[k];
            }
            if (!defined)
                continue;
            entry *en = &es[n++];
            en->conv = bl->name;
            lm_buf_init(&en->formula);
            lm_buf_init(&en->latex);
            lm_buf_init(&en->why);
            mpq_init(en->value);
            if (fill(c, en, name)) {
                rc = 1;
                break;
            }
        }
    o->conv = user_conv;
    if (!rc && n == 0) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "no convention defines '%s'", name);
        rc = 1;
    }
    const entry *std = n && strcmp(es[0].conv, "standard") == 0 ? &es[0] : NULL;
    lm_buf *b = &c->out;
    const char *model = o->model ? o->model : lm_env_block(env, "gpt2-xl", 0) ? "gpt2-xl" : "";
    for (size_t i = 0; i < n && !rc; i++) {
        const entry *en = &es[i];
        if (i == 0) {
            switch (o->fmt) {
            case OUT_JSON:
                lm_buf_puts(b, "{\"quantity\": ");
                cli_json_string(b, name);
                lm_buf_puts(b, ", \"model\": ");
                cli_json_string(b, model);
                lm_buf_puts(b, ", \"conventions\": [");
                break;
            case OUT_LATEX:
                if (o->standalone)
                    lm_buf_puts(b, "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{booktabs}\n"
                                   "\\usepackage[margin=1cm,landscape,a3paper]{geometry}\n\\begin{document}\n");
                lm_buf_puts(b, "\\begin{tabular}{llrr}\n\\toprule\nconvention & formula & ");
                cli_latex_text(b, model);
                lm_buf_puts(b, " & vs standard \\\\\n\\midrule\n");
                break;
            case OUT_CSV:
                lm_buf_puts(b, "convention,formula,value,relative_difference\n");
                break;
            case OUT_MARKDOWN:
                lm_buf_printf(b, "| convention | formula | %s | vs standard |\n|---|---|---:|---:|\n", model);
                break;
            default:
                lm_buf_printf(b, "%s for %s; relative difference to standard (rounded to 4 digits)\n", name, model);
            }
        }
        lm_buf val, rel;
        lm_buf_init(&val);
        lm_buf_init(&rel);
        if (en->has_value)
            cli_number(c, &val, en->value);
        else
            lm_buf_printf(&val, "(%s)", lm_buf_str(&en->why));
        relative(c, &rel, en, std);
        switch (o->fmt) {
        case OUT_JSON:
            lm_buf_puts(b, i ? ", {\"convention\": " : "{\"convention\": ");
            cli_json_string(b, en->conv);
            lm_buf_puts(b, ", \"formula\": ");
            cli_json_string(b, lm_buf_str(&en->formula));
            lm_buf_puts(b, ", \"latex\": ");
            cli_json_string(b, lm_buf_str(&en->latex));
            lm_buf_puts(b, ", \"value\": ");
            lm_buf_puts(b, en->has_value ? lm_buf_str(&val) : "null");
            lm_buf_puts(b, ", \"exact\": ");
            if (en->has_value) {
                lm_buf_putc(b, '"');
                lm_print_q_exact(b, en->value, NULL);
                lm_buf_putc(b, '"');
            } else {
                lm_buf_puts(b, "null");
            }
            lm_buf_printf(b, ", \"relative_difference\": %s}", lm_buf_str(&rel));
            break;
        case OUT_LATEX:
            cli_latex_text(b, en->conv);
            lm_buf_printf(b, " & $%s$ & ", lm_buf_str(&en->latex));
            if (en->has_value)
                lm_buf_printf(b, "$%s$", lm_buf_str(&val));
            else
                cli_latex_text(b, lm_buf_str(&val));
            lm_buf_printf(b, " & $%s$ \\\\\n", lm_buf_str(&rel));
            break;
        case OUT_CSV:
            lm_buf_printf(b, "%s,\"%s\",%s,%s\n", en->conv, lm_buf_str(&en->formula),
                          lm_buf_str(&val), lm_buf_str(&rel));
            break;
        case OUT_MARKDOWN:
            lm_buf_printf(b, "| %s | `%s` | %s | %s |\n", en->conv, lm_buf_str(&en->formula),
                          lm_buf_str(&val), lm_buf_str(&rel));
            break;
        default:
            lm_buf_printf(b, "  %-12s %26s  %-10s %s\n", en->conv, lm_buf_str(&val),
                          lm_buf_str(&rel), lm_buf_str(&en->formula));
        }
        lm_buf_clear(&val);
        lm_buf_clear(&rel);
    }
    if (!rc && o->fmt == OUT_JSON)
        lm_buf_puts(b, "]}\n");
    if (!rc && o->fmt == OUT_LATEX) {
        lm_buf_puts(b, "\\bottomrule\n\\end{tabular}\n");
        if (o->standalone)
            lm_buf_puts(b, "\\end{document}\n");
    }
    for (size_t i = 0; i < n; i++) {
        lm_buf_clear(&es[i].formula);
        lm_buf_clear(&es[i].latex);
        lm_buf_clear(&es[i].why);
        mpq_clear(es[i].value);
    }
    lm_free(es);
    return rc;
}
