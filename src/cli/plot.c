/* plot.c: the plot command: definitions against a symbol swept over a grid (lines; with
 * --share each as a share of its parent, stacked), or across models (bars); lines at
 * quantities (--le) with the largest x within each marked. Values exact (-F csv); the
 * writer draws them with pgfplots. */
#include "grid.h"
#include "base/alloc.h"
#include <fnmatch.h>
#include <string.h>

#define PLOT_MAX 1000 /* points on the x axis */

typedef struct {
    cli *c;
    axis ax;
    int has_x;
    char *mlist;          /* a copy of -m, cut at its commas */
    const char **models;  /* NULL entry: the default model */
    lm_instance **ins;
    size_t nm;
    char **names;         /* the series' definitions (owned) */
    unsigned char *glob;  /* the name came from a pattern (dropped when always 0) */
    size_t nn;
    size_t np;            /* points per series */
    mpq_t *x;             /* [np] in the symbol's unit */
    mpq_t *val, *base;    /* [(m * nn + i) * np + j]: shown and in base units */
    mpq_t *tot;           /* [m * np + j]: the total shares are of, base units */
    const lm_def **defs;  /* [m * nn + i] */
    lm_dim dim;
    lm_buf unit;
    int has_unit;         /* dim and unit are the first series' */
    const char *total;    /* --share: what the shares are of */
} plot;

/* ---- the series -------------------------------------------------------------------- */

static int add_name(plot *p, const char *name, int glob)
{
    for (size_t i = 0; i < p->nn; i++)
        if (!strcmp(p->names[i], name))
            return 0;
    char **v = lm_realloc(p->names, (p->nn + 1) * sizeof *v);
    unsigned char *g = v ? lm_realloc(p->glob, p->nn + 1) : NULL;
    if (v)
        p->names = v;
    if (g)
        p->glob = g;
    if (!v || !g || !(p->names[p->nn] = lm_strdup(name)))
        return p->c->diags.oom = 1, -1;
    p->glob[p->nn++] = (unsigned char)glob;
    return 0;
}

/* Does a dotted name match a pattern, part by part ('*' never crosses a dot)? */
static int matches(const char *pat, const char *name)
{
    char a[256], b[256];
    while (*pat && *name) {
        size_t n = strcspn(pat, "."), m = strcspn(name, ".");
        if (n >= sizeof a || m >= sizeof b)
            return 0;
        memcpy(a, pat, n), a[n] = 0;
        memcpy(b, name, m), b[m] = 0;
        if (fnmatch(a, b, 0) != 0)
            return 0;
        pat += n + (pat[n] == '.');
        name += m + (name[m] == '.');
        if ((pat[-1] == '.') != (name[-1] == '.'))
            return 0;
    }
    return !*pat && !*name;
}

/* The arguments as definitions: a pattern (with * ? [) stands for the names it matches;
 * "prefix.*" for the children of prefix, in the order they are defined. */
static int expand(plot *p)
{
    cli *c = p->c;
    lm_instance *in = p->ins[0];
    for (int a = 0; a < c->o->nargs; a++) {
        const char *arg = c->o->args[a], **names = NULL;
        size_t n = 0, before = p->nn;
        if (!strpbrk(arg, "*?[")) {
            if (add_name(p, arg, 0))
                return -1;
            continue;
        }
        size_t len = strlen(arg);
        int children = len > 2 && !strcmp(arg + len - 2, ".*") && !strpbrk(arg, "?[") &&
                       !memchr(arg, '*', len - 1);
        char *prefix = children ? lm_strndup(arg, len - 2) : NULL;
        int rc = children ? (prefix ? lm_instance_children(in, prefix, &names, &n) : -1)
                          : lm_instance_def_names(in, &names, &n);
        lm_free(prefix);
        if (rc)
            return c->diags.oom = 1, -1;
        for (size_t i = 0; i < n && !rc; i++)
            if (matches(arg, names[i]))
                rc = add_name(p, names[i], 1);
        lm_free(names);
        if (rc)
            return -1;
        if (p->nn == before) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "no definition matches '%s'", arg);
            return -1;
        }
    }
    return 0;
}

/* ---- models ------------------------------------------------------------------------ */

static int models(plot *p)
{
    cli *c = p->c;
    const char *m = c->o->model;
    p->nm = 1;
    for (const char *s = m; s && *s; s++)
        p->nm += *s == ',';
    p->mlist = m ? lm_strdup(m) : NULL;
    p->models = lm_calloc(p->nm, sizeof *p->models);
    p->ins = lm_calloc(p->nm, sizeof *p->ins);
    if ((m && !p->mlist) || !p->models || !p->ins)
        return c->diags.oom = 1, -1;
    char *s = p->mlist;
    for (size_t k = 0; k < p->nm && s; k++) {
        p->models[k] = s;
        if ((s = strchr(s, ',')))
            *s++ = 0;
    }
    for (size_t k = 0; k < p->nm; k++) {
        p->ins[k] = cli_instance(c, p->models[k], LM_MODE_MODEL);
        if (!p->ins[k] || (p->has_x && lm_instance_keep(p->ins[k], p->ax.name, &c->diags)))
            return -1;
    }
    return 0;
}

/* ---- values ------------------------------------------------------------------------ */

typedef struct {
    const lm_atom *x;
    const mpq_t *at;
} binding;

static int bound(void *ud, const lm_atom *sym, mpq_t out)
{
    binding *b = ud;
    if (sym != b->x)
        return 0;
    mpq_set(out, *b->at);
    return 1;
}

/* f at x (in the symbol's unit), exactly. */
static int eval_at(plot *p, const lm_poly *f, const char *name, const mpq_t x, mpq_t out)
{
    cli *c = p->c;
    mpq_t at;
    mpq_init(at);
    if (p->has_x)
        mpq_mul(at, x, p->ax.sym->scale);
    binding b = {p->has_x ? p->ax.sym->atom : NULL, (const mpq_t *)&at};
    const lm_atom *unbound = NULL;
    lm_status st = lm_poly_eval(&c->env->ctx, out, f, bound, &b, &unbound);
    mpq_clear(at);
    if (st == LM_EUNBOUND) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "'%s' still depends on '%s': set it with -s %s=VALUE%s%s", name,
                    unbound->name, unbound->name, p->has_x ? "" : " or plot against it with -g ",
                    p->has_x ? "" : unbound->name);
        return -1;
    }
    if (st)
        return lm_env_fail(c->env, &c->diags, st, NULL, name);
    return 0;
}

/* The shown formula of a definition in instance in, and its unit. */
static int formula(plot *p, lm_instance *in, const char *name, const lm_def **def,
                   lm_poly *shown)
{
    cli *c = p->c;
    const lm_val *v;
    if (lm_instance_def(in, name, &v, def, &c->diags) || lm_def_shown(c->env, *def, v, shown, &c->diags))
        return -1;
    lm_buf u;
    lm_buf_init(&u);
    lm_def_unit(&u, *def, v->dim);
    int rc = 0;
    if (!p->has_unit) {
        p->dim = v->dim;
        p->has_unit = 1;
        lm_buf_puts(&p->unit, lm_buf_str(&u));
    } else if (strcmp(lm_buf_str(&u), lm_buf_str(&p->unit)) != 0) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "'%s' is in %s, the others in %s: plot them separately", name,
                    u.len ? lm_buf_str(&u) : "no unit",
                    p->unit.len ? lm_buf_str(&p->unit) : "no unit");
        rc = -1;
    }
    lm_buf_clear(&u);
    return rc;
}

static size_t at(const plot *p, size_t m, size_t i, size_t j)
{
    return (m * p->nn + i) * p->np + j;
}

/* Every value of every series, and the totals shares are of. */
static int values(plot *p)
{
    cli *c = p->c;
    lm_poly f;
    lm_poly_init(&f);
    int rc = 0;
    for (size_t m = 0; m < p->nm && !rc; m++) {
        for (size_t i = 0; i < p->nn && !rc; i++) {
            const lm_def **def = &p->defs[m * p->nn + i];
            rc = formula(p, p->ins[m], p->names[i], def, &f);
            for (size_t j = 0; j < p->np && !rc; j++) {
                size_t k = at(p, m, i, j);
                rc = eval_at(p, &f, p->names[i], p->x[j], p->val[k]);
                mpq_mul(p->base[k], p->val[k], (*def)->scale);
            }
        }
        const lm_val *tv;
        const lm_def *td;
        if (!rc && p->total && !(rc = lm_instance_def(p->ins[m], p->total, &tv, &td, &c->diags)))
            for (size_t j = 0; j < p->np && !rc; j++) {
                mpq_t *t = &p->tot[m * p->np + j];
                rc = eval_at(p, &tv->p, p->total, p->x[j], *t);
                if (!rc && !mpq_sgn(*t)) {
                    lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "'%s' is 0: no shares of it",
                                p->total);
                    rc = -1;
                }
            }
    }
    lm_poly_clear(&f);
    return rc;
}

/* ---- setting up -------------------------------------------------------------------- */

/* The parent every series shares ("flops.forward.matmul"), or NULL (lm_free it). */
static char *common_parent(const plot *p)
{
    const char *dot = strrchr(p->names[0], '.');
    if (!dot)
        return NULL;
    size_t n = (size_t)(dot - p->names[0]);
    for (size_t i = 1; i < p->nn; i++)
        if (strncmp(p->names[i], p->names[0], n + 1) || strchr(p->names[i] + n + 1, '.'))
            return NULL;
    return lm_strndup(p->names[0], n);
}

static int points(plot *p)
{
    cli *c = p->c;
    p->np = p->has_x ? (size_t)p->ax.n : 1;
    if (p->np > PLOT_MAX) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "a plot of %zu points; at most %d (sweep gives any number of rows)", p->np,
                    PLOT_MAX);
        return -1;
    }
    size_t nv = p->nm * p->nn * p->np;
    p->x = lm_calloc(p->np, sizeof *p->x);
    p->val = lm_calloc(nv, sizeof *p->val);
    p->base = lm_calloc(nv, sizeof *p->base);
    p->tot = lm_calloc(p->nm * p->np, sizeof *p->tot);
    p->defs = lm_calloc(p->nm * p->nn, sizeof *p->defs);
    if (!p->x || !p->val || !p->base || !p->tot || !p->defs)
        return c->diags.oom = 1, -1;
    for (size_t k = 0; k < nv; k++)
        mpq_init(p->val[k]), mpq_init(p->base[k]);
    for (size_t k = 0; k < p->nm * p->np; k++)
        mpq_init(p->tot[k]);
    for (size_t j = 0; j < p->np; j++)
        mpq_init(p->x[j]);
    if (p->has_x) {
        grid_start(&p->ax);
        for (size_t j = 0; j < p->np; j++, grid_next(&p->ax))
            mpq_set_si(p->x[j], p->ax.cur, 1);
    }
    return 0;
}

static void plot_clear(plot *p)
{
    size_t nv = p->nm * p->nn * p->np;
    for (size_t k = 0; p->val && k < nv; k++)
        mpq_clear(p->val[k]), mpq_clear(p->base[k]);
    for (size_t k = 0; p->tot && k < p->nm * p->np; k++)
        mpq_clear(p->tot[k]);
    for (size_t j = 0; p->x && j < p->np; j++)
        mpq_clear(p->x[j]);
    lm_free(p->val), lm_free(p->base), lm_free(p->tot), lm_free(p->x), lm_free(p->defs);
    for (size_t i = 0; i < p->nn; i++)
        lm_free(p->names[i]);
    lm_free(p->names), lm_free(p->glob);
    for (size_t m = 0; p->ins && m < p->nm; m++)
        lm_instance_free(p->ins[m]);
    lm_free(p->ins), lm_free(p->models), lm_free(p->mlist);
    grid_clear(&p->ax);
    lm_buf_clear(&p->unit);
}

/* ---- the document ------------------------------------------------------------------ */

/* Is series i 0 at every point of every model (a router in dense models)? */
static int always_zero(const plot *p, size_t i)
{
    for (size_t m = 0; m < p->nm; m++)
        for (size_t j = 0; j < p->np; j++)
            if (mpq_sgn(p->val[at(p, m, i, j)]))
                return 0;
    return 1;
}

static void write_points(plot *p)
{
    wr *w = p->c->w;
    mpq_t share;
    mpq_init(share);
    lm_dim none = {{0}};
    mpz_t x;
    mpz_init(x);
    for (size_t m = 0; m < p->nm; m++)
        for (size_t i = 0; i < p->nn; i++) {
            if (p->glob[i] && always_zero(p, i))
                continue;
            for (size_t j = 0; j < p->np; j++) {
                size_t k = at(p, m, i, j);
                const char *model = lm_instance_model(p->ins[m]);
                wr_row(w, NULL, lm_buf_str(&p->unit));
                wr_name(w, model ? model : "");
                if (p->has_x) {
                    mpz_set_q(x, p->x[j]);
                    wr_int(w, x);
                }
                wr_name(w, p->names[i]);
                wr_num(w, p->val[k], p->base[k], p->dim);
                wr_str(w, lm_buf_str(&p->unit));
                if (p->total) {
                    mpq_div(share, p->base[k], p->tot[m * p->np + j]);
                    wr_num(w, share, share, none);
                }
            }
        }
    mpz_clear(x);
    mpq_clear(share);
}

/* The largest integer x of the swept range with series (m, i) within the bound, if some
 * point is within it and a later one not: between those two points by bisection (the
 * series is taken not to decrease there). Returns 1 and sets *x, *y (base units). */
static int largest_within(plot *p, size_t m, size_t i, const mpq_t b, mpq_t x, mpq_t y)
{
    size_t last = p->np;
    for (size_t j = 0; j < p->np; j++)
        if (mpq_cmp(p->base[at(p, m, i, j)], b) <= 0)
            last = j;
    if (last == p->np || last + 1 == p->np)
        return 0;
    lm_poly f;
    lm_poly_init(&f);
    const lm_def *def;
    mpz_t lo, hi, mid;
    mpz_init(lo), mpz_init(hi), mpz_init(mid);
    mpz_set_q(lo, p->x[last]), mpz_set_q(hi, p->x[last + 1]);
    mpq_set(y, p->base[at(p, m, i, last)]);
    int rc = formula(p, p->ins[m], p->names[i], &def, &f);
    while (!rc && mpz_cmp(hi, lo) > 0) {
        mpz_sub(mid, hi, lo);
        if (mpz_cmp_ui(mid, 1) <= 0)
            break;
        mpz_add(mid, lo, hi);
        mpz_fdiv_q_2exp(mid, mid, 1);
        mpq_set_z(x, mid);
        if ((rc = eval_at(p, &f, p->names[i], x, x)))
            break;
        mpq_mul(x, x, def->scale);
        if (mpq_cmp(x, b) <= 0)
            mpz_set(lo, mid), mpq_set(y, x);
        else
            mpz_set(hi, mid);
    }
    mpq_set_z(x, lo);
    mpz_clear(lo), mpz_clear(hi), mpz_clear(mid);
    lm_poly_clear(&f);
    return rc ? -1 : 1;
}

/* The --le lines, and on each line series the largest x within each. */
static int write_lines(plot *p)
{
    cli *c = p->c;
    mpq_t x, y, bq;
    mpq_init(x), mpq_init(y), mpq_init(bq);
    lm_buf label;
    lm_buf_init(&label);
    int rc = 0;
    for (int q = 0; q < c->o->nbounds && !rc; q++) {
        lm_val b;
        lm_val_init(&b);
        rc = lm_instance_expr(p->ins[0], c->o->bounds[q], "--le", &b, &c->diags);
        if (!rc && (!lm_poly_get_q(x, &b.p) || !lm_dim_equal(b.dim, p->dim))) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "--le '%s': a line must be a number in the unit of the series (%s)",
                        c->o->bounds[q], p->unit.len ? lm_buf_str(&p->unit) : "no unit");
            rc = -1;
        }
        lm_val_clear(&b);
        if (rc)
            break;
        wr_plot_line(c->w, c->o->bounds[q], x, p->dim);
        mpq_set(bq, x);
        for (size_t m = 0; m < p->nm && p->has_x && !rc; m++)
            for (size_t i = 0; i < p->nn && !rc; i++) {
                int found = largest_within(p, m, i, bq, x, y);
                if (found < 0)
                    rc = -1;
                if (found <= 0)
                    continue;
                lm_buf_reset(&label); /* "B = 14 (80 GB)", after the model when several */
                const char *model = p->nm > 1 ? lm_instance_model(p->ins[m]) : NULL;
                lm_buf_printf(&label, "%s%s%s = ", model ? model : "", model ? ": " : "",
                              p->ax.sym->plain ? p->ax.sym->plain : p->ax.name);
                lm_print_q_exact(&label, x, NULL);
                lm_buf_printf(&label, " (%s)", c->o->bounds[q]);
                wr_plot_mark(c->w, x, y, lm_buf_str(&label));
            }
    }
    lm_buf_clear(&label);
    mpq_clear(x), mpq_clear(y), mpq_clear(bq);
    return rc;
}

static void begin(plot *p, const char *parent)
{
    cli *c = p->c;
    lm_buf tex, yname;
    lm_buf_init(&tex), lm_buf_init(&yname);
    lm_print_opts po = {LM_FMT_LATEX, 0};
    if (p->has_x)
        lm_print_atom_name(&tex, p->ax.sym->atom, &po);
    if (p->total)
        lm_buf_puts(&yname, p->total);
    else if (p->nn == 1)
        lm_buf_puts(&yname, p->names[0]);
    else if (parent)
        lm_buf_printf(&yname, "%s.*", parent);
    wr_plot spec = {p->has_x ? p->ax.name : NULL,
                    p->has_x ? lm_buf_str(&tex) : NULL,
                    p->has_x ? p->ax.sym->desc : NULL,
                    p->has_x ? p->ax.sym->unit : NULL,
                    p->has_x && p->ax.kind == AX_GEOM ? (int)p->ax.step : 0,
                    yname.len ? lm_buf_str(&yname) : NULL,
                    p->total != NULL};
    wr_doc doc = {0, 0, WR_TEX_ARTICLE, 0};
    wr_document(c->w, &doc);
    wr_plot_begin(c->w, &spec);
    if (tex.failed || yname.failed)
        c->diags.oom = 1;
    lm_buf_clear(&tex), lm_buf_clear(&yname);
}

int cmd_plot(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs < 1 || o->ngrids > 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "usage: lmcost plot NAME... [-g SYMBOL=RANGE] [--share] [-m MODEL[,MODEL...]] "
                    "[--le QUANTITY]... [-F latex|csv]");
        return 1;
    }
    if (o->share && o->nbounds) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "--le draws a quantity; --share plots shares");
        return 1;
    }
    wr_prefer(c->w, OUT_LATEX);
    if (cli_load(c))
        return 1;
    plot p;
    memset(&p, 0, sizeof p);
    p.c = c;
    lm_buf_init(&p.unit);
    p.has_x = o->ngrids == 1;
    char *parent = NULL;
    int rc = (p.has_x && grid_parse(c, o->grids[0], &p.ax)) || models(&p) || expand(&p);
    if (!rc) {
        parent = common_parent(&p);
        p.total = o->total ? o->total : parent;
        if (o->share && !p.total) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "--share: the series have no parent in "
                        "common; name what they are shares of with --total NAME");
            rc = 1;
        }
        if (!o->share)
            p.total = NULL;
        if (!rc && o->share && p.has_x && p.nm > 1) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "--share with -g stacks the shares of "
                        "one model: give one, or leave out -g for bars of every model");
            rc = 1;
        }
    }
    rc = rc || points(&p) || values(&p);
    if (!rc) {
        begin(&p, parent);
        write_points(&p);
        rc = write_lines(&p);
    }
    lm_free(parent);
    plot_clear(&p);
    return rc || c->diags.oom ? 1 : 0;
}
