/* report.c: the report command: one page answering every question of the accounting
 * exercise for one model and convention, in text, Markdown, LaTeX or JSON. */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

/* The notebook's training question, used unless the command line sets these symbols. */
static const char *training_defaults[] = {"batch_size=1024", "steps=400000",
    "peak_flops=if hardware == none then 19.5 TFLOP/s else peak_flops_hardware", "mfu=0.5"};

typedef struct {
    cli *c;
    lm_buf *b;
    out_format f;
    int first_json; /* no comma before the next JSON member */
} page;

/* Is the NAME of "NAME=VALUE" a symbol or an option of the loaded library? */
static int declared(const lm_env *env, const char *setting)
{
    char name[64];
    size_t n = strcspn(setting, "=");
    if (n >= sizeof name)
        return 0;
    memcpy(name, setting, n);
    name[n] = 0;
    return lm_env_symbol(env, name) || lm_env_option(env, name);
}

/* An instance with settings `pre` (which the command line may override) and `post`
 * (which override the command line). */
static lm_instance *instance_with(cli *c, const char **pre, int npre, const char **post,
                                  int npost, lm_mode mode)
{
    cli_opts *o = c->o;
    const char *model = o->model ? o->model : lm_env_block(c->env, "gpt2-xl", 0) ? "gpt2-xl" : NULL;
    const char *conv = o->conv ? o->conv : lm_env_block(c->env, "standard", 1) ? "standard" : NULL;
    lm_instance *in = lm_instance_new(c->env, model, conv, mode, &c->diags);
    if (!in)
        return NULL;
    int rc = 0;
    /* The report's own settings apply only where the library declares their names: a file
     * of the user's with no dtype should not be blamed for the report's "dtype=fp32". */
    for (int i = 0; i < npre; i++)
        if (declared(c->env, pre[i]))
            rc |= lm_instance_set(in, pre[i], &c->diags);
    for (int i = 0; i < o->nsets && mode != LM_MODE_SYMBOLIC; i++)
        rc |= lm_instance_set(in, o->sets[i], &c->diags);
    for (int i = 0; i < npost; i++)
        if (declared(c->env, post[i]))
            rc |= lm_instance_set(in, post[i], &c->diags);
    if (rc) {
        lm_instance_free(in);
        return NULL;
    }
    return in;
}

static int value(cli *c, lm_instance *in, const char *name, mpq_t shown, mpq_t base,
                 const lm_def **def_out)
{
    const lm_val *v;
    const lm_def *def;
    if (lm_instance_def(in, name, &v, &def, &c->diags) || cli_const_value(c, name, def, v, shown))
        return -1;
    if (base)
        mpq_mul(base, shown, def->scale);
    if (def_out)
        *def_out = def;
    return 0;
}

static void heading(page *p, const char *title)
{
    switch (p->f) {
    case OUT_MARKDOWN: lm_buf_printf(p->b, "\n## %s\n\n", title); break;
    case OUT_LATEX:
        lm_buf_puts(p->b, "\\section*{");
        cli_latex_text(p->b, title);
        lm_buf_puts(p->b, "}\n");
        break;
    case OUT_JSON:
    case OUT_CSV: break;
    default: lm_buf_printf(p->b, "\n%s\n", title);
    }
}

/* One figure: label, exact value in its unit, and human units. */
static void figure(page *p, const char *label, const char *key, const mpq_t shown,
                   const mpq_t base, const char *unit, lm_dim dim)
{
    cli *c = p->c;
    lm_buf *b = p->b;
    if (p->f == OUT_CSV) { /* key,value,unit: the exact figure */
        lm_buf_printf(b, "%s,", key);
        lm_print_q_exact(b, shown, NULL);
        lm_buf_printf(b, ",%s\n", unit ? unit : "");
        return;
    }
    if (p->f == OUT_JSON) {
        lm_buf_printf(b, "%s\n  ", p->first_json ? "" : ",");
        p->first_json = 0;
        cli_json_string(b, key);
        lm_buf_puts(b, ": {\"value\": ");
        cli_number(c, b, shown);
        lm_buf_puts(b, ", \"exact\": \"");
        lm_print_q_exact(b, shown, NULL);
        lm_buf_puts(b, "\", \"unit\": ");
        cli_json_string(b, unit ? unit : "");
        lm_buf_puts(b, "}");
        return;
    }
    lm_buf h;
    lm_buf_init(&h);
    cli_human(c, &h, base, dim);
    if (p->f == OUT_LATEX) {
        lm_buf_puts(b, "\\item ");
        cli_latex_text(b, label);
        lm_buf_puts(b, ": $");
        cli_number(c, b, shown);
        lm_buf_puts(b, "$");
        if (unit) {
            lm_buf_puts(b, " ");
            cli_latex_text(b, unit);
        }
        if (h.len)
            lm_buf_printf(b, " ($%s$)", lm_buf_str(&h));
        lm_buf_putc(b, '\n');
    } else {
        lm_buf_printf(b, p->f == OUT_MARKDOWN ? "- %s: " : "  %s: ", label);
        cli_number(c, b, shown);
        if (unit)
            lm_buf_printf(b, " %s", unit);
        if (h.len)
            lm_buf_printf(b, " (%s)", lm_buf_str(&h));
        lm_buf_putc(b, '\n');
    }
    lm_buf_clear(&h);
}

static void list_begin(page *p)
{
    if (p->f == OUT_LATEX)
        lm_buf_puts(p->b, "\\begin{itemize}\n");
}

static void list_end(page *p)
{
    if (p->f == OUT_LATEX)
        lm_buf_puts(p->b, "\\end{itemize}\n");
}

static void note(page *p, const char *text)
{
    if (p->f == OUT_JSON || p->f == OUT_CSV)
        return;
    if (p->f == OUT_LATEX) {
        cli_latex_text(p->b, text);
        lm_buf_puts(p->b, "\n\n");
    } else {
        lm_buf_printf(p->b, p->f == OUT_MARKDOWN ? "%s\n\n" : "  %s\n", text);
    }
}

/* A named figure from an instance. */
static int fig(page *p, lm_instance *in, const char *name, const char *label)
{
    mpq_t s, b;
    mpq_init(s), mpq_init(b);
    const lm_def *def;
    int rc = value(p->c, in, name, s, b, &def);
    if (!rc) {
        lm_buf u;
        lm_buf_init(&u);
        cli_unit_name(&u, def, def->dim);
        figure(p, label ? label : name, name, s, b, u.len ? lm_buf_str(&u) : NULL, def->dim);
        lm_buf_clear(&u);
    }
    mpq_clear(s), mpq_clear(b);
    return rc;
}

/* A formula line: the definition in the symbolic instance, collected in batch_size. */
static int formula(page *p, lm_instance *sym, const char *name, const char *suffix)
{
    cli *c = p->c;
    const lm_val *v;
    const lm_def *def;
    if (lm_instance_def(sym, name, &v, &def, &c->diags))
        return -1;
    lm_poly shown;
    lm_poly_init(&shown);
    lm_buf f;
    lm_buf_init(&f);
    out_format saved = c->o->fmt;
    if (p->f != OUT_LATEX)
        c->o->fmt = OUT_PLAIN;
    int rc = cli_shown_value(c, def, v, &shown) || cli_formula(c, &f, &shown);
    c->o->fmt = saved;
    if (!rc) {
        lm_buf u;
        lm_buf_init(&u);
        cli_unit_name(&u, def, def->dim);
        if (p->f == OUT_CSV) {
            lm_buf_printf(p->b, "formula %s%s,\"%s\",%s\n", name, suffix, lm_buf_str(&f),
                          lm_buf_str(&u));
        } else if (p->f == OUT_JSON) {
            lm_buf_printf(p->b, "%s\n  ", p->first_json ? "" : ",");
            p->first_json = 0;
            lm_buf_printf(p->b, "\"formula %s%s\": ", name, suffix);
            cli_json_string(p->b, lm_buf_str(&f));
        } else if (p->f == OUT_LATEX) {
            lm_buf_puts(p->b, "\\text{");
            cli_latex_text(p->b, name);
            lm_buf_printf(p->b, "} &= %s", lm_buf_str(&f));
            cli_latex_unit(p->b, lm_buf_str(&u));
            lm_buf_puts(p->b, " \\\\\n");
        } else {
            lm_buf_printf(p->b, p->f == OUT_MARKDOWN ? "- `%s [%s] = %s`\n" : "  %s [%s] = %s\n",
                          name, lm_buf_str(&u), lm_buf_str(&f));
        }
        lm_buf_clear(&u);
    }
    lm_poly_clear(&shown);
    lm_buf_clear(&f);
    return rc;
}

/* The matmuls: the children of flops.forward.matmul with their share. */
static int matmuls(page *p, lm_instance *in)
{
    cli *c = p->c;
    const char **kids;
    size_t n;
    if (lm_instance_children(in, "flops.forward.matmul", &kids, &n))
        return c->diags.oom = 1, -1;
    mpq_t total, s, share;
    mpq_init(total), mpq_init(s), mpq_init(share);
    int rc = value(c, in, "flops.forward.matmul", total, NULL, NULL);
    if (!rc && p->f == OUT_LATEX)
        lm_buf_puts(p->b, "\\begin{tabular}{lrr}\n\\toprule\nmatmul & FLOPs & share \\\\\n\\midrule\n");
    if (!rc && p->f == OUT_MARKDOWN)
        lm_buf_puts(p->b, "| matmul | FLOPs | share |\n|---|---:|---:|\n");
    for (size_t i = 0; i < n && !rc; i++) {
        if ((rc = value(c, in, kids[i], s, NULL, NULL)))
            break;
        if (mpq_sgn(s) == 0)
            continue; /* a router in a dense model */
        mpq_div(share, s, total);
        lm_buf num, sh;
        lm_buf_init(&num), lm_buf_init(&sh);
        cli_number(c, &num, s);
        lm_print_q_decimal(&sh, share, 4, 0, NULL);
        const char *nm = kids[i] + strlen("flops.forward.matmul.");
        switch (p->f) {
        case OUT_CSV:
            lm_buf_printf(p->b, "matmul %s,", nm);
            lm_print_q_exact(p->b, s, NULL);
            lm_buf_puts(p->b, ",FLOP\n");
            break;
        case OUT_JSON:
            lm_buf_printf(p->b, "%s\n  ", p->first_json ? "" : ",");
            p->first_json = 0;
            lm_buf_printf(p->b, "\"matmul %s\": {\"value\": ", nm);
            lm_print_q_exact(p->b, s, NULL);
            lm_buf_printf(p->b, ", \"share\": %s}", lm_buf_str(&sh));
            break;
        case OUT_LATEX:
            lm_buf_puts(p->b, "\\texttt{");
            cli_latex_text(p->b, nm);
            lm_buf_printf(p->b, "} & $%s$ & $%s$ \\\\\n", lm_buf_str(&num), lm_buf_str(&sh));
            break;
        case OUT_MARKDOWN:
            lm_buf_printf(p->b, "| `%s` | %s | %s |\n", nm, lm_buf_str(&num), lm_buf_str(&sh));
            break;
        default:
            lm_buf_printf(p->b, "  %-10s %26s FLOP  %s\n", nm, lm_buf_str(&num), lm_buf_str(&sh));
        }
        lm_buf_clear(&num), lm_buf_clear(&sh);
    }
    if (!rc && p->f == OUT_LATEX)
        lm_buf_puts(p->b, "\\bottomrule\n\\end{tabular}\n\n");
    if (!rc && p->f == OUT_MARKDOWN)
        lm_buf_puts(p->b, "\n");
    mpq_clear(total), mpq_clear(s), mpq_clear(share);
    lm_free(kids);
    return rc;
}

/* solve in place: the largest batch_size with memory.total <= budget (a·B + b). */
static int max_batch(page *p, lm_instance *in, const char *budget_text, const char *key)
{
    cli *c = p->c;
    const lm_val *v;
    const lm_def *def;
    lm_val budget;
    lm_val_init(&budget);
    int rc = lm_instance_def(in, "memory.total", &v, &def, &c->diags) ||
             lm_instance_expr(in, budget_text, "<report>", &budget, &c->diags);
    const lm_atom *x = lm_ctx_find_symbol(&c->env->ctx, "batch_size");
    if (!rc && (!x || lm_poly_degree(&v->p, x) != 1)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "memory.total is not linear in batch_size");
        rc = -1;
    }
    mpq_t a, b0, q;
    mpq_init(a), mpq_init(b0), mpq_init(q);
    if (!rc) {
        lm_poly coef;
        lm_poly_init(&coef);
        lm_poly_coeff(&c->env->ctx, &coef, &v->p, x, 1);
        int ok = lm_poly_get_q(a, &coef);
        lm_poly_coeff(&c->env->ctx, &coef, &v->p, x, 0);
        ok = ok && lm_poly_get_q(b0, &coef) && lm_poly_get_q(q, &budget.p);
        lm_poly_clear(&coef);
        if (!ok || mpq_sgn(a) <= 0) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "memory.total must be a*batch_size + b "
                        "with numbers a > 0 and b");
            rc = -1;
        }
    }
    if (!rc) {
        mpq_t room;
        mpq_init(room);
        mpq_sub(room, q, b0);
        mpq_div(room, room, a);
        mpz_t n;
        mpz_init(n);
        mpz_fdiv_q(n, mpq_numref(room), mpq_denref(room));
        mpq_set_z(room, n);
        if (mpz_sgn(n) <= 0) {
            mpq_set_ui(room, 0, 1);
            note(p, "the constant part alone exceeds this budget: no batch fits");
        }
        lm_dim none = {{0}};
        lm_buf label;
        lm_buf_init(&label);
        lm_buf_printf(&label, "largest batch_size within %s", budget_text);
        figure(p, lm_buf_str(&label), key, room, room, NULL, none);
        lm_buf_clear(&label);
        mpz_clear(n);
        mpq_clear(room);
    }
    mpq_clear(a), mpq_clear(b0), mpq_clear(q);
    lm_val_clear(&budget);
    return rc;
}

int cmd_report(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "report takes no arguments; use -m and -c");
        return 1;
    }
    if (cli_load(c))
        return 1;
    if (!lm_env_def(c->env, "params", NULL) && !lm_env_def(c->env, "memory.total", "standard") &&
        !lm_env_def(c->env, "memory.total", o->conv ? o->conv : "standard")) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "the report needs the library's definitions (params, flops.*, memory.*, "
                    "time.train): a file given with -f can start with include \"lmcost.lm\"");
        return 1;
    }
    static const char *fp32[] = {"dtype=fp32"}, *bf16[] = {"dtype=bf16"}, *one[] = {"batch_size=1"};
    lm_instance *base = instance_with(c, NULL, 0, NULL, 0, LM_MODE_MODEL);
    lm_instance *in32 = base ? instance_with(c, NULL, 0, fp32, 1, LM_MODE_MODEL) : NULL;
    lm_instance *in16 = in32 ? instance_with(c, NULL, 0, bf16, 1, LM_MODE_MODEL) : NULL;
    lm_instance *b1 = in16 ? instance_with(c, NULL, 0, one, 1, LM_MODE_MODEL) : NULL;
    lm_instance *sym = b1 ? instance_with(c, NULL, 0, NULL, 0, LM_MODE_SYMBOLIC) : NULL;
    lm_instance *train = sym ? instance_with(c, training_defaults, 4, NULL, 0, LM_MODE_MODEL) : NULL;
    int rc = train ? 0 : 1;
    c->in = base;
    page p = {c, &c->out, o->fmt, 1};
    lm_buf *b = &c->out;
    const char *model = base ? lm_instance_model(base) : NULL;
    const char *conv = base ? lm_instance_conv(base) : NULL;
    if (!rc) {
        if (p.f == OUT_CSV) {
            lm_buf_puts(b, "quantity,value,unit\n");
        } else if (p.f == OUT_JSON) {
            lm_buf_puts(b, "{\"model\": ");
            cli_json_string(b, model ? model : "");
            lm_buf_puts(b, ", \"convention\": ");
            cli_json_string(b, conv ? conv : "");
            lm_buf_puts(b, ", \"dtype\": ");
            cli_json_string(b, lm_instance_option(base, "dtype") ? lm_instance_option(base, "dtype") : "");
            lm_buf_puts(b, ", \"figures\": {");
        } else if (p.f == OUT_LATEX) {
            if (o->standalone)
                lm_buf_puts(b, "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{booktabs}\n"
                               "\\usepackage[margin=2cm]{geometry}\n\\begin{document}\n");
            lm_buf_puts(b, "\\subsection*{lmcost report: ");
            cli_latex_text(b, model ? model : "");
            lm_buf_puts(b, ", convention ");
            cli_latex_text(b, conv ? conv : "");
            lm_buf_puts(b, "}\n");
        } else {
            lm_buf_printf(b, p.f == OUT_MARKDOWN ? "# lmcost report: %s, convention %s\n"
                                                 : "lmcost report: %s, convention %s\n",
                          model ? model : "-", conv ? conv : "-");
        }
    }
    if (!rc) {
        heading(&p, "1. Parameters and the memory to load them");
        list_begin(&p);
        rc |= fig(&p, base, "params", NULL);
        rc |= rc ? 0 : fig(&p, in32, "memory.params", "load memory at fp32 (memory.params, dtype=fp32)");
        if (!rc) {
            /* figure keys must differ in JSON */
            mpq_t s, bb;
            mpq_init(s), mpq_init(bb);
            const lm_def *def;
            rc = value(c, in16, "memory.params", s, bb, &def);
            if (!rc)
                figure(&p, "load memory at bf16 (memory.params, dtype=bf16)", "memory.params bf16",
                       s, bb, "B", def->dim);
            mpq_clear(s), mpq_clear(bb);
        }
        list_end(&p);
    }
    if (!rc) {
        heading(&p, "2. Forward matmul FLOPs of one sequence (batch_size = 1)");
        note(&p, "Each matmul over all layers, with its share of all forward matmuls "
                 "(rounded to 4 digits):");
        rc = matmuls(&p, b1);
        list_begin(&p);
        rc |= rc ? 0 : fig(&p, b1, "flops.forward.matmul", "all forward matmuls");
        rc |= rc ? 0 : fig(&p, b1, "flops.forward", "the whole forward pass (with element-wise ops)");
        list_end(&p);
    }
    if (!rc) {
        heading(&p, "3. Peak memory of AdamW training");
        note(&p, "As formulas in the hyperparameters (bytes; defaults such as d_ff = 4 d_model applied):");
        if (p.f == OUT_LATEX)
            lm_buf_puts(b, "\\begin{align*}\n");
        static const char *mem[] = {"memory.params", "memory.gradients", "memory.optimizer",
                                    "memory.activations", "memory.total"};
        for (int i = 0; i < 5 && !rc; i++)
            rc = formula(&p, sym, mem[i], "");
        if (p.f == OUT_LATEX)
            lm_buf_puts(b, "\\end{align*}\n");
        if (!rc) {
            lm_instance *kb = instance_with(c, NULL, 0, NULL, 0, LM_MODE_MODEL);
            if (!kb || lm_instance_keep(kb, "batch_size", &c->diags))
                rc = 1;
            else {
                lm_buf t;
                lm_buf_init(&t);
                lm_buf_printf(&t, "For %s (dtype %s), as a*batch_size + b:", model ? model : "the model",
                              lm_instance_option(kb, "dtype"));
                note(&p, lm_buf_str(&t));
                lm_buf_clear(&t);
                if (p.f == OUT_LATEX)
                    lm_buf_puts(b, "\\begin{align*}\n");
                rc = formula(&p, kb, "memory.total", " in batch_size");
                if (p.f == OUT_LATEX)
                    lm_buf_puts(b, "\\end{align*}\n");
                list_begin(&p);
                rc |= rc ? 0 : max_batch(&p, kb, "80 GB", "max batch_size 80 GB");
                rc |= rc ? 0 : max_batch(&p, kb, "80 GiB", "max batch_size 80 GiB");
                list_end(&p);
            }
            lm_instance_free(kb);
        }
    }
    if (!rc) {
        heading(&p, "4. One AdamW step");
        list_begin(&p);
        rc = fig(&p, base, "flops.optimizer", NULL);
        list_end(&p);
    }
    if (!rc) {
        heading(&p, "5. Training time");
        note(&p, "Unless set with -s: batch_size = 1024, steps = 400000, peak_flops = 19.5 TFLOP/s "
                 "(A100, fp32), mfu = 0.5.");
        list_begin(&p);
        rc = fig(&p, train, "flops.step", "FLOPs of one step");
        rc |= rc ? 0 : fig(&p, train, "time.train", "training time");
        list_end(&p);
    }
    if (!rc) {
        if (p.f == OUT_JSON)
            lm_buf_puts(b, "\n}}\n");
        else if (p.f == OUT_CSV)
            ;
        else if (p.f == OUT_LATEX && o->standalone)
            lm_buf_puts(b, "\\end{document}\n");
        else if (p.f != OUT_LATEX)
            lm_buf_printf(b, "\nFigures are exact, except those ending in \xE2\x80\xA6 (rounded to %d "
                             "significant digits) and those in parentheses (rounded to 3).\n"
                             "GB = 10^9 B, GiB = 2^30 B.\n",
                          o->digits);
    }
    lm_instance_free(in32);
    lm_instance_free(in16);
    lm_instance_free(b1);
    lm_instance_free(sym);
    lm_instance_free(train);
    return rc ? 1 : 0;
}
