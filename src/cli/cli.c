/* cli.c: setting up a command (library, model, convention, settings) and the formatting
 * every command shares: numbers, units, formulas, and the diagnostics on stderr. */
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
        [LM_LIMIT_SOLVE_BITS] = "--max-solve-bits"};
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

lm_print_opts cli_print_opts(const cli *c)
{
    lm_print_opts p = {LM_FMT_PLAIN, c->o->short_names};
    if (c->o->fmt == OUT_UNICODE)
        p.fmt = LM_FMT_UNICODE;
    else if (c->o->fmt == OUT_LATEX)
        p.fmt = LM_FMT_LATEX;
    return p;
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

void cli_number(cli *c, lm_buf *b, const mpq_t q)
{
    out_format f = c->o->fmt;
    int machine = f == OUT_PLAIN || f == OUT_CSV || f == OUT_JSON;
    const char *group = machine ? NULL : f == OUT_LATEX ? "{,}" : ",";
    /* JSON numbers cannot be fractions: --exact goes in the "exact" string instead. */
    if (mpz_cmp_ui(mpq_denref(q), 1) == 0 || (c->o->exact && f != OUT_JSON)) {
        if (f == OUT_LATEX && mpz_cmp_ui(mpq_denref(q), 1) != 0) {
            mpq_t a;
            mpq_init(a);
            mpq_abs(a, q);
            lm_buf_puts(b, mpq_sgn(q) < 0 ? "-\\frac{" : "\\frac{");
            mpq_t n;
            mpq_init(n);
            mpq_set_z(n, mpq_numref(a));
            lm_print_q_exact(b, n, group);
            lm_buf_puts(b, "}{");
            mpq_set_z(n, mpq_denref(a));
            lm_print_q_exact(b, n, group);
            lm_buf_puts(b, "}");
            mpq_clear(n);
            mpq_clear(a);
            return;
        }
        lm_print_q_exact(b, q, group);
        return;
    }
    if (lm_q_is_terminating(q) && mpz_sizeinbase(mpq_denref(q), 10) <= 12) {
        lm_print_q_terminating(b, q, group);
        return;
    }
    /* JSON carries the exact string beside; its number is as close as a double gets. */
    int digits = f == OUT_JSON && c->o->digits < 17 ? 17 : c->o->digits;
    int rounded = lm_print_q_decimal(b, q, digits, -1, group);
    if (rounded && f != OUT_JSON && f != OUT_CSV)
        lm_buf_puts(b, f == OUT_PLAIN || f == OUT_LATEX ? "..." : "\xE2\x80\xA6");
}

/* One human-unit figure: value / scale to three significant digits, trailing zeros kept
 * (6.10 GiB), and the unit. */
static void human_one(cli *c, lm_buf *b, const mpq_t v, const char *unit, const char *scale)
{
    mpq_t s, x;
    mpq_init(s);
    mpq_init(x);
    mpq_set_str(s, scale, 10);
    mpq_div(x, v, s);
    char digits[8];
    long e;
    int neg;
    lm_q_decimal_parts(x, 3, digits, &e, &neg);
    if (neg)
        lm_buf_putc(b, '-');
    if (e <= 0) {
        lm_buf_puts(b, "0.");
        for (long i = e; i < 0; i++)
            lm_buf_putc(b, '0');
        lm_buf_puts(b, digits);
    } else {
        for (long i = 0; i < e || i < 3; i++) {
            if (i == e)
                lm_buf_putc(b, '.');
            lm_buf_putc(b, i < 3 ? digits[i] : '0');
        }
    }
    lm_buf_printf(b, c->o->fmt == OUT_LATEX ? "\\,\\mathrm{%s}" : " %s", unit);
    mpq_clear(s);
    mpq_clear(x);
}

void cli_human(cli *c, lm_buf *b, const mpq_t v, lm_dim dim)
{
    static const char *si[] = {"1000000000000000000", "1000000000000000", "1000000000000",
                               "1000000000", "1000000", "1000"};
    static const char *iec[] = {"1152921504606846976", "1125899906842624", "1099511627776",
                                "1073741824", "1048576", "1024"};
    static const char *bytes_si[] = {"EB", "PB", "TB", "GB", "MB", "kB"};
    static const char *bytes_iec[] = {"EiB", "PiB", "TiB", "GiB", "MiB", "KiB"};
    static const char *flops[] = {"EFLOP", "PFLOP", "TFLOP", "GFLOP", "MFLOP", "kFLOP"};
    lm_dim bytes = {{1, 0, 0, 0}}, flop = {{0, 1, 0, 0}};
    mpq_t a, t;
    mpq_init(a);
    mpq_init(t);
    mpq_abs(a, v);
    int k;
    if (lm_dim_equal(dim, bytes) || lm_dim_equal(dim, flop)) {
        int is_bytes = lm_dim_equal(dim, bytes);
        for (k = 0; k < 6; k++) {
            mpq_set_str(t, si[k], 10);
            if (mpq_cmp(a, t) >= 0)
                break;
        }
        if (k < 6) {
            human_one(c, b, v, is_bytes ? bytes_si[k] : flops[k], si[k]);
            if (is_bytes) {
                int j;
                for (j = 0; j < 6; j++) {
                    mpq_set_str(t, iec[j], 10);
                    if (mpq_cmp(a, t) >= 0)
                        break;
                }
                lm_buf_puts(b, " = ");
                human_one(c, b, v, bytes_iec[j < 6 ? j : 5], iec[j < 6 ? j : 5]);
            }
        }
    }
    mpq_clear(a);
    mpq_clear(t);
}

void cli_unit_name(lm_buf *b, const lm_def *def, lm_dim dim)
{
    if (def && def->unit)
        lm_buf_puts(b, def->unit);
    else if (!lm_dim_is_none(dim))
        lm_dim_print(b, dim);
}

/* The variable to collect in: --collect, else the first kept symbol. */
static const lm_atom *collect_var(cli *c, const lm_poly *p)
{
    const char *name = c->o->collect;
    char first[256];
    if (!name && c->o->nkeeps) {
        size_t n = strcspn(c->o->keeps[0], ",");
        if (n >= sizeof first)
            return NULL;
        memcpy(first, c->o->keeps[0], n);
        first[n] = 0;
        name = first;
    }
    if (!name)
        name = "batch_size";
    const lm_atom *x = lm_ctx_find_symbol(&c->env->ctx, name);
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

static int collected(cli *c, lm_buf *b, const lm_poly *p);

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

int cli_formula(cli *c, lm_buf *b, const lm_poly *p)
{
    /* A denominator common to every term is pulled out, as a textbook writes
     * S/(14400 MFU F) (...): content times common monomial, then the rest collected. */
    if (p->n > 1) {
        mpq_t content;
        lm_poly mono, rest;
        mpq_init(content);
        lm_poly_init(&mono);
        lm_poly_init(&rest);
        int rc = -2;
        if (lm_poly_content(&c->env->ctx, content, &mono, &rest, p) == LM_OK && mono.n == 1 &&
            rest.n > 1 && has_denominator(&mono.terms[0], &rest)) {
            lm_poly factor;
            lm_poly_init(&factor);
            lm_print_opts po = cli_print_opts(c);
            lm_buf fb;
            lm_buf_init(&fb);
            int neg, latex = po.fmt == LM_FMT_LATEX;
            const char *den;
            size_t len;
            if (lm_poly_mul_q(&c->env->ctx, &factor, &mono, content) == LM_OK) {
                lm_print_poly(&fb, &factor, &po);
                if (!fb.failed && reciprocal(lm_buf_str(&fb), latex, &neg, &den, &len)) {
                    lm_buf_puts(b, neg ? "-" : "");
                    lm_buf_puts(b, latex ? "\\frac{" : "(");
                    rc = collected(c, b, &rest);
                    lm_buf_puts(b, latex ? "}{" : ")/");
                    lm_buf_putn(b, den, len);
                    lm_buf_puts(b, latex ? "}" : "");
                } else {
                    lm_buf_puts(b, lm_buf_str(&fb));
                    lm_buf_puts(b, latex ? " \\left(" : po.fmt == LM_FMT_PLAIN ? "*(" : "·(");
                    rc = collected(c, b, &rest);
                    lm_buf_puts(b, latex ? "\\right)" : ")");
                }
                if (fb.failed)
                    b->failed = 1;
            }
            lm_buf_clear(&fb);
            lm_poly_clear(&factor);
        }
        mpq_clear(content);
        lm_poly_clear(&mono);
        lm_poly_clear(&rest);
        if (rc != -2)
            return rc;
    }
    return collected(c, b, p);
}

/* The formula collected in the chosen variable, when it has one. */
static int collected(cli *c, lm_buf *b, const lm_poly *p)
{
    lm_print_opts po = cli_print_opts(c);
    const lm_atom *x = collect_var(c, p);
    if (!x) {
        lm_print_poly(b, p, &po);
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
    lm_print_collected(b, &col, x, &po);
    lm_collected_clear(&col);
    return 0;
}

void cli_json_string(lm_buf *b, const char *s)
{
    lm_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            lm_buf_printf(b, "\\%c", ch);
        else if (ch == '\n')
            lm_buf_puts(b, "\\n");
        else if (ch < 32)
            lm_buf_printf(b, "\\u%04x", ch);
        else
            lm_buf_putc(b, (char)ch);
    }
    lm_buf_putc(b, '"');
}

void cli_latex_unit(lm_buf *b, const char *unit)
{
    if (!unit || !*unit)
        return;
    lm_buf_puts(b, " \\;\\text{");
    cli_latex_text(b, strcmp(unit, "B") == 0 ? "bytes" : unit);
    lm_buf_puts(b, "}");
}

void cli_latex_text(lm_buf *b, const char *s)
{
    for (; *s; s++) {
        if (strchr("_&%$#{}", *s))
            lm_buf_printf(b, "\\%c", *s);
        else if (*s == '\\')
            lm_buf_puts(b, "\\textbackslash{}");
        else if (*s == '^' || *s == '~')
            lm_buf_printf(b, "\\%c{}", *s);
        else
            lm_buf_putc(b, *s);
    }
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

void cli_latex_broken(lm_buf *b, const char *s, size_t width)
{
    /* Depth counts braces and \left ... \right pairs: only a sum at depth 0 may break. */
    int depth = 0;
    size_t line = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '{')
            depth++;
        else if (s[i] == '}')
            depth--;
        else if (strncmp(s + i, "\\left", 5) == 0)
            depth++;
        else if (strncmp(s + i, "\\right", 6) == 0)
            depth--;
        if (depth == 0 && line > width && i > 0 && s[i] == ' ' &&
            (s[i + 1] == '+' || s[i + 1] == '-') && s[i + 2] == ' ') {
            lm_buf_puts(b, " \\\\\n  &\\quad");
            line = 0;
        }
        lm_buf_putc(b, s[i]);
        line++;
    }
}
