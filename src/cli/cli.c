/* cli.c: what every command shares: the library, model, convention and settings, the
 * diagnostics on stderr, definitions' values and units, and how formulas are spelled. */
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

int cli_shown_value(cli *c, const lm_def *def, const lm_val *v, lm_poly *shown)
{
    mpq_t inv;
    mpq_init(inv);
    mpq_inv(inv, def->scale);
    lm_status st = lm_poly_mul_q(&c->env->ctx, shown, &v->p, inv);
    mpq_clear(inv);
    if (st) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, &def->span, "%s", lm_status_str(st));
        return -1;
    }
    return 0;
}

void cli_unit_name(lm_buf *b, const lm_def *def, lm_dim dim)
{
    if (def && def->unit)
        lm_buf_puts(b, def->unit);
    else if (!lm_dim_is_none(dim))
        lm_dim_print(b, dim);
}

/* The variable to collect in: --collect, else the first kept symbol, else batch_size. */
static const lm_atom *collect_var(cli *c, const lm_poly *p)
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
    return x && lm_poly_degree(p, x) > 0 ? x : NULL;
}

/* Does the common monomial have a symbol in a denominator (a negative power) that every
 * term shares? (The content operation clears denominators, so a term without it would get
 * it back as a positive power in the rest: then nothing is common and nothing is pulled.)
 * A sum in the denominator (an INV factor) that every term has counts too.
 * A mere rational content stays inside: a/2 + b/2. */
static int has_denominator(const lm_term *t, const lm_poly *rest)
{
    for (uint32_t i = 0; i < t->nf; i++)
        if (t->f[i].exp < 0)
            for (uint32_t k = 0; k < rest->n; k++)
                for (uint32_t j = 0; j < rest->terms[k].nf; j++)
                    if (rest->terms[k].f[j].atom == t->f[i].atom && rest->terms[k].f[j].exp > 0)
                        return 0;
    for (uint32_t i = 0; i < t->nf; i++)
        if (t->f[i].exp < 0 || t->f[i].atom->kind == LM_ATOM_INV)
            return 1;
    return 0;
}

static int collected(cli *c, lm_buf *b, const lm_poly *p, const lm_print_opts *po);

/* A pulled factor that is 1/D or -1/D, as printed: *neg and the printed D (len bytes), so
 * that the formula can read (rest)/D, as a textbook writes it, rather than 1/D*(rest). */
static int reciprocal(const char *s, int latex, int *neg, const char **den, size_t *len)
{
    *neg = *s == '-';
    s += *neg;
    const char *open = latex ? "\\frac{1}{" : "1/";
    size_t n = strlen(open), total = strlen(s);
    if (strncmp(s, open, n) != 0 || total <= n + (latex ? 1 : 0))
        return 0;
    *den = s + n;
    *len = total - n - (latex ? 1 : 0); /* LaTeX: without the closing brace */
    if (latex && s[total - 1] != '}')
        return 0;
    /* the rest must be one group: a brace closing early would mean 1/D times more */
    int depth = 0;
    for (size_t i = 0; i < *len; i++) {
        char ch = (*den)[i];
        depth += latex ? (ch == '{') - (ch == '}') : (ch == '(') - (ch == ')');
        if (depth < 0 || (!latex && depth == 0 && (ch == '*' || ch == ' ')))
            return 0;
    }
    return depth == 0;
}

/* A pulled factor printed as fb: either (rest)/D or factor*(rest). */
static int pulled(cli *c, lm_buf *b, const char *fb, const lm_poly *rest, const lm_print_opts *po)
{
    int neg, latex = po->fmt == LM_FMT_LATEX, rc;
    const char *den;
    size_t len;
    if (reciprocal(fb, latex, &neg, &den, &len)) {
        lm_buf_puts(b, neg ? "-" : "");
        lm_buf_puts(b, latex ? "\\frac{" : "(");
        rc = collected(c, b, rest, po);
        lm_buf_puts(b, latex ? "}{" : ")/");
        lm_buf_putn(b, den, len);
        lm_buf_puts(b, latex ? "}" : "");
    } else {
        lm_buf_puts(b, fb);
        lm_buf_puts(b, latex ? " \\left(" : po->fmt == LM_FMT_PLAIN ? "*(" : "·(");
        rc = collected(c, b, rest, po);
        lm_buf_puts(b, latex ? "\\right)" : ")");
    }
    return rc;
}

int cli_spell(void *ud, lm_buf *b, const lm_poly *p, lm_fmt f)
{
    cli *c = ud;
    lm_print_opts po = {f, c->o->short_names};
    /* A denominator common to every term is pulled out, as a textbook writes
     * S/(14400 MFU F) (...): content times common monomial, then the rest collected. */
    if (p->n > 1) {
        mpq_t content;
        lm_poly mono, rest, factor;
        mpq_init(content);
        lm_poly_init(&mono);
        lm_poly_init(&rest);
        lm_poly_init(&factor);
        lm_buf fb;
        lm_buf_init(&fb);
        int rc = -2;
        if (lm_poly_content(&c->env->ctx, content, &mono, &rest, p) == LM_OK && mono.n == 1 &&
            rest.n > 1 && has_denominator(&mono.terms[0], &rest) &&
            lm_poly_mul_q(&c->env->ctx, &factor, &mono, content) == LM_OK) {
            lm_print_poly(&fb, &factor, &po);
            rc = pulled(c, b, lm_buf_str(&fb), &rest, &po);
            if (fb.failed)
                b->failed = 1;
        }
        lm_buf_clear(&fb);
        lm_poly_clear(&factor);
        mpq_clear(content);
        lm_poly_clear(&mono);
        lm_poly_clear(&rest);
        if (rc != -2)
            return rc;
    }
    return collected(c, b, p, &po);
}

/* The formula collected in the chosen variable, when it has one. */
static int collected(cli *c, lm_buf *b, const lm_poly *p, const lm_print_opts *po)
{
    const lm_atom *x = collect_var(c, p);
    if (!x) {
        lm_print_poly(b, p, po);
        return 0;
    }
    lm_collected col;
    lm_collected_init(&col);
    lm_status st = lm_poly_collect(&c->env->ctx, &col, p, x);
    if (st) {
        lm_collected_clear(&col);
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "%s", lm_status_str(st));
        return -1;
    }
    lm_print_collected(b, &col, x, po);
    lm_collected_clear(&col);
    return 0;
}

const char *cli_free_symbol(const lm_poly *p, int depth)
{
    for (uint32_t i = 0; i < p->n; i++)
        for (uint32_t j = 0; j < p->terms[i].nf; j++) {
            const lm_atom *a = p->terms[i].f[j].atom;
            if (a->kind == LM_ATOM_SYM)
                return a->name;
            for (int k = 0; k < a->nargs && depth < 32; k++) {
                const char *s = cli_free_symbol(&a->args[k], depth + 1);
                if (s)
                    return s;
            }
        }
    return NULL;
}

/* The exact number a definition evaluates to, or an error naming what is still free. */
int cli_const_value(cli *c, const char *name, const lm_def *def, const lm_val *v, mpq_t out)
{
    lm_poly shown;
    lm_poly_init(&shown);
    int rc = cli_shown_value(c, def, v, &shown);
    if (!rc && !lm_poly_get_q(out, &shown)) {
        const char *free_sym = cli_free_symbol(&shown, 0);
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "'%s' is not a number: it still depends on '%s' (set it with -s %s=VALUE, or "
                    "use 'show' for the formula)",
                    name, free_sym ? free_sym : "?", free_sym ? free_sym : "NAME");
        rc = -1;
    }
    lm_poly_clear(&shown);
    return rc;
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
    wr_doc doc = {0, 0, WR_TEX_ARTICLE, "margin=2cm"};
    wr_document(c->w, &doc);
    wr_meta(c->w, "model", lm_instance_model(c->in));
    wr_meta(c->w, "convention", lm_instance_conv(c->in));
    wr_records(c->w, formulas);
    return 0;
}

void cli_unknown_symbol(cli *c, const char *prefix, const char *name)
{
    const lm_env *env = c->env;
    const char **cands = lm_malloc((env->nsyms + 1) * sizeof *cands);
    if (!cands) {
        c->diags.oom = 1;
        return;
    }
    for (size_t i = 0; i < env->nsyms; i++)
        cands[i] = env->syms[i].name;
    const char *near = lm_suggest(name, cands, env->nsyms);
    lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "%sunknown symbol '%s'%s%s%s", prefix, name,
                near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    lm_free(cands);
}
