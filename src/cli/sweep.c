/* sweep.c: the sweep command: definitions elaborated once symbolically, compiled, then
 * evaluated exactly over a grid of symbol values, rows streamed as CSV or JSON lines. */
#include "cli.h"
#include "base/alloc.h"
#include "poly/evalprog.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define AXIS_MAX 10000000ull        /* points on one axis */
#define GRID_MAX 1000000000000ull   /* points in the whole grid */

typedef enum { AX_RANGE, AX_GEOM, AX_LIST } axis_kind;

typedef struct {
    char *name;
    const lm_symbol *sym;
    axis_kind kind;
    int64_t a, b, step;   /* RANGE: a, a+step, ... ; GEOM: a, a*step, ... up to b */
    int64_t *list;        /* LIST values */
    uint64_t n;           /* points */
    uint64_t i;           /* current index */
    int64_t cur;          /* current value */
    lm_i128 scale;        /* base value = cur * scale (symbols with a unit) */
} axis;

#define INNER_MAX_DEG 16

/* A column is evaluated by its program; when it is a polynomial of low degree in the last
 * (fastest) axis x, also as sum_j c_j x^j, the c_j evaluated once per value of the outer
 * axes, so that a row costs deg checked multiply-adds (any miss falls back to prog). */
typedef struct {
    const char *name;
    const lm_def *def;
    lm_evalprog prog;
    size_t *map;          /* input k of prog is axis map[k] */
    size_t deg;           /* inner form: degree in x, or (size_t)-1 when there is none */
    size_t ncprog;        /* coefficient programs initialized */
    lm_evalprog *cprog;   /* deg + 1 coefficient programs */
    size_t **cmap;
    lm_i128 *cval;        /* their values at the current outer point */
    uint64_t stamp;       /* the outer point cval belongs to */
    int cval_ok;          /* every c_j is an integer there */
} column;

/* ---- parsing the grids ------------------------------------------------------------- */

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* An integer: [-]digits[_digits...][eN | ^N]. Returns the end, NULL if none or too big. */
static const char *parse_int(const char *s, int64_t *out)
{
    s = skip_ws(s);
    int neg = 0;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (*s < '0' || *s > '9')
        return NULL;
    int64_t v = 0;
    for (; (*s >= '0' && *s <= '9') || (*s == '_' && s[1] >= '0' && s[1] <= '9'); s++) {
        if (*s == '_')
            continue;
        if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *s - '0', &v))
            return NULL;
    }
    if (*s == 'e' || *s == 'E' || *s == '^') {
        int caret = *s == '^';
        int64_t base = caret ? v : 10, e = 0, p = 1;
        s++;
        if (*s < '0' || *s > '9')
            return NULL;
        for (; *s >= '0' && *s <= '9'; s++)
            if ((e = e * 10 + (*s - '0')) > 200)
                return NULL;
        for (int64_t k = 0; k < e; k++)
            if (__builtin_mul_overflow(p, base, &p))
                return NULL;
        if (caret)
            v = p;
        else if (__builtin_mul_overflow(v, p, &v))
            return NULL;
    }
    *out = neg ? -v : v;
    return skip_ws(s);
}

static int grid_error(cli *c, const char *spec, const char *why)
{
    lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "grid '%s': %s", spec, why);
    return -1;
}

#define BAD_VALUES "values must be integers: a..b, a..b step s, a..b x2, or a,b,c"

/* NAME= of NAME=RANGE: a symbol of the library. */
static int axis_symbol(cli *c, const char *spec, const char *eq, axis *ax)
{
    const char *ns = skip_ws(spec), *ne = eq;
    while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t'))
        ne--;
    if (ne == ns)
        return grid_error(c, spec, "expected a symbol name before '='");
    if (!(ax->name = lm_strndup(ns, (size_t)(ne - ns))))
        return c->diags.oom = 1, -1;
    ax->sym = lm_env_symbol(c->env, ax->name);
    if (!ax->sym) {
        lm_buf prefix;
        lm_buf_init(&prefix);
        lm_buf_printf(&prefix, "grid '%s': ", spec);
        cli_unknown_symbol(c, lm_buf_str(&prefix), ax->name);
        lm_buf_clear(&prefix);
        return -1;
    }
    return 0;
}

/* a..b, a..b step s, a..b xN (a, a*N, ... up to b). */
static int axis_range(cli *c, const char *spec, const char *r, const char *dots, axis *ax)
{
    int64_t a, b;
    const char *e = parse_int(r, &a);
    if (!e || e != dots || !(e = parse_int(dots + 2, &b)))
        return grid_error(c, spec, BAD_VALUES);
    ax->a = a, ax->b = b, ax->step = 1, ax->kind = AX_RANGE;
    if (strncmp(e, "step", 4) == 0) {
        if (!(e = parse_int(e + 4, &ax->step)) || *e)
            return grid_error(c, spec, BAD_VALUES);
        if (ax->step == 0)
            return grid_error(c, spec, "the step must not be zero");
    } else if (*e == 'x' || *e == '*') {
        ax->kind = AX_GEOM;
        if (!(e = parse_int(e + 1, &ax->step)) || *e)
            return grid_error(c, spec, BAD_VALUES);
        if (ax->step < 2 || a < 1)
            return grid_error(c, spec,
                              "a geometric range needs a start >= 1 and a whole factor >= 2");
    } else if (*e) {
        return grid_error(c, spec, BAD_VALUES);
    }
    if (ax->kind == AX_RANGE) {
        if ((b - a) / ax->step < 0 || (b != a && (b > a) != (ax->step > 0)))
            return grid_error(c, spec, "the range is empty (the step goes away from the end)");
        ax->n = (uint64_t)(((lm_i128)b - a) / ax->step) + 1;
        return 0;
    }
    if (b < a)
        return grid_error(c, spec, "the range is empty (the end is below the start)");
    ax->n = 0;
    for (lm_i128 v = a; v <= b; v *= ax->step)
        ax->n++;
    return 0;
}

/* a,b,c */
static int axis_list(cli *c, const char *spec, const char *r, axis *ax)
{
    size_t n = 1;
    for (const char *p = r; *p; p++)
        n += *p == ',';
    ax->list = lm_malloc(n * sizeof *ax->list);
    if (!ax->list)
        return c->diags.oom = 1, -1;
    const char *p = r;
    for (size_t k = 0; k < n; k++) {
        if (!(p = parse_int(p, &ax->list[k])) || (*p && *p != ','))
            return grid_error(c, spec, BAD_VALUES);
        p += *p == ',';
    }
    ax->kind = AX_LIST;
    ax->n = n;
    return 0;
}

static int parse_axis(cli *c, const char *spec, axis *ax)
{
    const char *eq = strchr(spec, '=');
    if (!eq)
        return grid_error(c, spec, "expected NAME=RANGE, e.g. 'd_model=512..8192 step 128'");
    const char *r = eq + 1, *dots = strstr(r, "..");
    if (axis_symbol(c, spec, eq, ax) ||
        (dots ? axis_range(c, spec, r, dots, ax) : axis_list(c, spec, r, ax)))
        return -1;
    if (ax->n > AXIS_MAX) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "grid '%s': %llu points; at most %llu on one axis", spec,
                    (unsigned long long)ax->n, (unsigned long long)AXIS_MAX);
        return -1;
    }
    /* a symbol with a unit takes its values in that unit */
    int ok = mpz_cmp_ui(mpq_denref(ax->sym->scale), 1) == 0 &&
             mpz_fits_slong_p(mpq_numref(ax->sym->scale));
    if (ok)
        ax->scale = mpz_get_si(mpq_numref(ax->sym->scale));
    if (!ok)
        return grid_error(c, spec, "the symbol's unit is not a whole multiple of its base unit");
    return 0;
}

static void axis_start(axis *ax)
{
    ax->i = 0;
    ax->cur = ax->kind == AX_LIST ? ax->list[0] : ax->a;
}

/* Advance; 0 when the axis wrapped around to its start. */
static int axis_next(axis *ax)
{
    if (++ax->i == ax->n) {
        axis_start(ax);
        return 0;
    }
    if (ax->kind == AX_LIST)
        ax->cur = ax->list[ax->i];
    else if (ax->kind == AX_RANGE)
        ax->cur += ax->step;
    else
        ax->cur *= ax->step;
    return 1;
}

/* ---- --where ----------------------------------------------------------------------- */

typedef struct {
    int on;
    int op;           /* '<' '>' 'l' (<=) 'g' (>=) */
    column col;       /* the definition, in base units */
    mpq_t bound;      /* in base units */
    lm_i128 ibound;
    int ibound_ok;
} filter;

/* NAME <= QUANTITY (or >=, <, >): the operator, the name (lm_free it) and the quantity. */
static int parse_where(cli *c, filter *f, char **name, const char **qty)
{
    const char *w = c->o->where, *p = w;
    while (*p && *p != '<' && *p != '>')
        p++;
    if (!*p) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "--where '%s': expected NAME <= QUANTITY (or >=, <, >)", w);
        return -1;
    }
    const char *ns = skip_ws(w), *ne = p;
    while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t'))
        ne--;
    if (ne == ns) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "--where '%s': expected a name before '%c'",
                    w, *p);
        return -1;
    }
    if (!(*name = lm_strndup(ns, (size_t)(ne - ns))))
        return c->diags.oom = 1, -1;
    f->op = p[1] == '=' ? (*p == '<' ? 'l' : 'g') : *p;
    *qty = skip_ws(p + (p[1] == '=' ? 2 : 1));
    return 0;
}

static inline int where_ok(const filter *f, int cmp)
{
    switch (f->op) {
    case '<': return cmp < 0;
    case '>': return cmp > 0;
    case 'l': return cmp <= 0;
    default: return cmp >= 0;
    }
}

/* ---- progress ---------------------------------------------------------------------- */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void progress(uint64_t done, uint64_t total, int64_t ms)
{
    uint64_t rate = ms > 0 ? done * 1000 / (uint64_t)ms : 0;
    uint64_t left = rate ? (total - done) / rate : 0;
    unsigned pm = (unsigned)(total ? done * 1000 / total : 0);
    char bar[31];
    for (int k = 0; k < 30; k++)
        bar[k] = (unsigned)k * 1000 / 30 < pm ? '#' : '.';
    bar[30] = 0;
    fprintf(stderr, "\r[%s] %u.%u%%  %llu/%llu points  %llu points/s  %llu:%02llu:%02llu left ",
            bar, pm / 10, pm % 10, (unsigned long long)done, (unsigned long long)total,
            (unsigned long long)rate, (unsigned long long)(left / 3600),
            (unsigned long long)(left / 60 % 60), (unsigned long long)(left % 60));
    fflush(stderr);
}

/* ---- the command ------------------------------------------------------------------- */

/* Inputs of program e as axis indices; -1 (reported) when one is not swept. */
static int map_inputs(cli *c, const char *name, const lm_evalprog *e, axis *ax, size_t nax,
                      size_t **map)
{
    *map = lm_calloc(e->nsyms + 1, sizeof **map);
    if (!*map)
        return c->diags.oom = 1, -1;
    for (size_t k = 0; k < e->nsyms; k++) {
        size_t a = 0;
        while (a < nax && ax[a].sym->atom != e->syms[k])
            a++;
        if (a == nax) {
            const char *s = e->syms[k]->name;
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "'%s' still depends on '%s': set it with -s %s=VALUE or sweep it with "
                        "-g %s=RANGE",
                        name, s, s, s);
            return -1;
        }
        (*map)[k] = a;
    }
    return 0;
}

/* The inner form of a column (see column); none when p is not a polynomial of degree at
 * most INNER_MAX_DEG in x with coefficients free of x. */
static int compile_inner(cli *c, column *col, const lm_poly *p, axis *ax, size_t nax)
{
    lm_ctx *ctx = &c->env->ctx;
    const lm_atom *x = ax[nax - 1].sym->atom;
    lm_collected cl;
    lm_collected_init(&cl);
    col->deg = (size_t)-1;
    if (lm_poly_collect(ctx, &cl, p, x))
        return c->diags.oom = 1, -1;
    int ok = 1, err = 0;
    for (size_t i = 0; i < cl.n; i++)
        ok &= cl.exps[i] >= 0 && cl.exps[i] <= INNER_MAX_DEG &&
              !lm_poly_depends_on(&cl.coeffs[i], x);
    size_t deg = cl.n && ok ? (size_t)cl.exps[0] : 0;
    if (ok && cl.n) {
        col->cprog = lm_calloc(deg + 1, sizeof *col->cprog);
        col->cmap = lm_calloc(deg + 1, sizeof *col->cmap);
        col->cval = lm_calloc(deg + 1, sizeof *col->cval);
        if (!col->cprog || !col->cmap || !col->cval)
            ok = 0, err = 1, c->diags.oom = 1;
        for (size_t j = 0; ok && j <= deg; j++)
            lm_evalprog_init(&col->cprog[j]), col->ncprog++;
        lm_poly zero;
        lm_poly_init(&zero);
        for (size_t j = 0, i = 0; ok && j <= deg; j++) {
            size_t e = deg - j; /* exps decrease: coefficient of x^e */
            const lm_poly *cj = i < cl.n && (size_t)cl.exps[i] == e ? &cl.coeffs[i++] : &zero;
            if (lm_evalprog_compile(ctx, &col->cprog[e], cj) ||
                map_inputs(c, col->name, &col->cprog[e], ax, nax, &col->cmap[e]))
                ok = 0, err = 1;
        }
        lm_poly_clear(&zero);
        col->deg = ok ? deg : (size_t)-1;
    }
    lm_collected_clear(&cl);
    col->stamp = UINT64_MAX;
    return err ? -1 : 0;
}

/* The program of one definition (in its shown unit, or base units for the filter). */
static int compile_col(cli *c, column *col, const char *name, int base, axis *ax, size_t nax)
{
    const lm_val *v;
    col->name = name;
    if (lm_instance_def(c->in, name, &v, &col->def, &c->diags))
        return -1;
    lm_poly shown;
    lm_poly_init(&shown);
    int rc = base ? (lm_poly_set(&shown, &v->p) ? -1 : 0) : cli_shown_value(c, col->def, v, &shown);
    lm_status st = rc ? LM_OK : lm_evalprog_compile(&c->env->ctx, &col->prog, &shown);
    col->deg = (size_t)-1;
    if (!rc && !st)
        rc = map_inputs(c, name, &col->prog, ax, nax, &col->map);
    if (!rc && !st)
        rc = compile_inner(c, col, &shown, ax, nax);
    lm_poly_clear(&shown);
    if (st)
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "'%s': %s", name, lm_status_str(st));
    return rc || st ? -1 : 0;
}

static void clear_col(column *col)
{
    lm_evalprog_clear(&col->prog);
    lm_free(col->map);
    for (size_t j = 0; j < col->ncprog; j++) {
        lm_evalprog_clear(&col->cprog[j]);
        lm_free(col->cmap[j]);
    }
    lm_free(col->cprog);
    lm_free(col->cmap);
    lm_free(col->cval);
}

static inline int mul_ok(lm_i128 *r, lm_i128 a, lm_i128 b)
{
    if (a == (int64_t)a && b == (int64_t)b) /* |a*b| <= 2^126 */
        return *r = a * b, 1;
    return !__builtin_mul_overflow(a, b, r);
}

/* The inner form at the current point: 1 and *num when every step fits. */
static int eval_inner(cli *c, column *col, const axis *ax, size_t nax, uint64_t stamp,
                      lm_i128 *num)
{
    if (col->deg == (size_t)-1 || col->prog.bound_bits > c->env->ctx.limits.max_bits)
        return 0;
    if (col->stamp != stamp) { /* a new outer point: the coefficients */
        col->stamp = stamp;
        col->cval_ok = 1;
        for (size_t j = 0; j <= col->deg && col->cval_ok; j++) {
            lm_evalprog *e = &col->cprog[j];
            for (size_t k = 0; k < e->nsyms; k++)
                e->ivals[k] = (lm_i128)ax[col->cmap[j][k]].cur * ax[col->cmap[j][k]].scale;
            lm_i128 d;
            col->cval_ok = lm_evalprog_try_i128(&c->env->ctx, &col->cval[j], &d, e, e->ivals) &&
                           d == 1;
        }
    }
    if (!col->cval_ok)
        return 0;
    lm_i128 x = (lm_i128)ax[nax - 1].cur * ax[nax - 1].scale, acc = col->cval[col->deg];
    for (size_t j = col->deg; j-- > 0;)
        if (!mul_ok(&acc, acc, x) || __builtin_add_overflow(acc, col->cval[j], &acc))
            return 0;
    *num = acc;
    return 1;
}

/* Evaluate a column at the current point: 1 and num/den from the fast path, 0 and q from
 * the exact path, -1 on an error (reported). */
static int eval_col(cli *c, column *col, const axis *ax, size_t nax, uint64_t stamp,
                    lm_i128 *num, lm_i128 *den, mpq_t q)
{
    if (eval_inner(c, col, ax, nax, stamp, num))
        return *den = 1, 1;
    lm_evalprog *e = &col->prog;
    lm_i128 *iv = e->ivals; /* scratch of nsyms + 1 values */
    for (size_t k = 0; k < e->nsyms; k++)
        iv[k] = (lm_i128)ax[col->map[k]].cur * ax[col->map[k]].scale;
    if (lm_evalprog_try_i128(&c->env->ctx, num, den, e, iv))
        return 1;
    lm_status st = lm_evalprog_eval_i128(&c->env->ctx, q, e, iv);
    if (st)
        return -1 - (int)st;
    return 0;
}

static void point_error(cli *c, const column *col, const axis *ax, size_t nax, int st)
{
    lm_buf b;
    lm_buf_init(&b);
    for (size_t a = 0; a < nax; a++)
        lm_buf_printf(&b, "%s%s = %lld", a ? ", " : "", ax[a].name, (long long)ax[a].cur);
    lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "'%s' at %s: %s", col->name, lm_buf_str(&b),
                lm_status_str((lm_status)(-1 - st)));
    lm_buf_clear(&b);
}

/* ---- the command ------------------------------------------------------------------- */

typedef struct {
    axis *ax;        /* the first axis varies slowest */
    size_t nax;
    column *col;     /* the definitions, in their shown units */
    size_t ncol;
    filter f;        /* --where */
    char *where;     /* its definition's name (the filter's column points at it) */
    uint64_t total;  /* points in the grid */
    mpq_t q;         /* scratch: a value off the fast path */
} sweep;

static void sweep_clear(sweep *s)
{
    for (size_t a = 0; s->ax && a < s->nax; a++) {
        lm_free(s->ax[a].list);
        lm_free(s->ax[a].name);
    }
    for (size_t i = 0; s->col && i < s->ncol; i++)
        clear_col(&s->col[i]);
    clear_col(&s->f.col);
    lm_free(s->where);
    mpq_clear(s->f.bound);
    mpq_clear(s->q);
    lm_free(s->ax);
    lm_free(s->col);
}

static int sweep_init(cli *c, sweep *s)
{
    memset(s, 0, sizeof *s);
    s->nax = (size_t)c->o->ngrids;
    s->ncol = (size_t)c->o->nargs;
    s->ax = lm_calloc(s->nax, sizeof *s->ax);
    s->col = lm_calloc(s->ncol, sizeof *s->col);
    mpq_init(s->f.bound);
    mpq_init(s->q);
    lm_evalprog_init(&s->f.col.prog);
    for (size_t i = 0; i < s->ncol && s->col; i++)
        lm_evalprog_init(&s->col[i].prog);
    return s->ax && s->col ? 0 : (c->diags.oom = 1, -1);
}

/* Every -g: its points, no symbol twice, and at most GRID_MAX points in all. */
static int parse_grids(cli *c, sweep *s)
{
    s->total = 1;
    for (size_t a = 0; a < s->nax; a++) {
        if (parse_axis(c, c->o->grids[a], &s->ax[a]))
            return -1;
        for (size_t b = 0; b < a; b++)
            if (strcmp(s->ax[a].name, s->ax[b].name) == 0) {
                lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "'%s' is swept twice", s->ax[a].name);
                return -1;
            }
        if (s->total > GRID_MAX / s->ax[a].n) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "the grid has more than %llu points; sweep a smaller one",
                        (unsigned long long)GRID_MAX);
            return -1;
        }
        s->total *= s->ax[a].n;
    }
    return 0;
}

/* The bound of --where in the definition's base units; a bare number is in its unit. */
static int where_bound(cli *c, sweep *s, const char *name, const char *qty)
{
    lm_val bound;
    lm_val_init(&bound);
    int rc = lm_instance_expr(c->in, qty, "--where", &bound, &c->diags) ? -1 : 0;
    if (!rc && !lm_poly_get_q(s->f.bound, &bound.p)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "--where: the bound must be a number, e.g. '80 GB'");
        rc = -1;
    }
    const lm_val *v;
    const lm_def *def = s->f.col.def;
    if (!rc && !lm_instance_def(c->in, name, &v, &def, &c->diags) &&
        !lm_dim_equal(bound.dim, v->dim)) {
        if (lm_dim_is_none(bound.dim)) {
            mpq_mul(s->f.bound, s->f.bound, def->scale);
        } else {
            lm_buf a, b;
            lm_buf_init(&a), lm_buf_init(&b);
            lm_dim_print(&a, v->dim), lm_dim_print(&b, bound.dim);
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "--where: dimension mismatch: '%s' is in %s but the bound is in %s",
                        name, lm_buf_str(&a), lm_buf_str(&b));
            lm_buf_clear(&a), lm_buf_clear(&b);
            rc = -1;
        }
    }
    lm_val_clear(&bound);
    return rc;
}

/* --where NAME <= QUANTITY: the definition compiled in base units, and its bound. */
static int compile_where(cli *c, sweep *s)
{
    const char *qty;
    int rc = parse_where(c, &s->f, &s->where, &qty);
    if (!rc)
        rc = compile_col(c, &s->f.col, s->where, 1, s->ax, s->nax);
    if (!rc)
        rc = where_bound(c, s, s->where, qty);
    s->f.on = 1;
    s->f.ibound_ok = mpz_cmp_ui(mpq_denref(s->f.bound), 1) == 0 &&
                     lm_mpz_get_i128(&s->f.ibound, mpq_numref(s->f.bound));
    return rc;
}

/* The instance with the swept symbols kept symbolic, and every column compiled. */
static int compile(cli *c, sweep *s)
{
    c->in = cli_instance(c, c->o->model, LM_MODE_MODEL);
    if (!c->in)
        return -1;
    for (size_t a = 0; a < s->nax; a++)
        if (lm_instance_keep(c->in, s->ax[a].name, &c->diags))
            return -1;
    for (size_t i = 0; i < s->ncol; i++)
        if (compile_col(c, &s->col[i], c->o->args[i], 0, s->ax, s->nax))
            return -1;
    return c->o->where ? compile_where(c, s) : 0;
}

/* Does the current point pass --where? 1 yes, 0 no, -1 on an error (reported). */
static int passes(cli *c, sweep *s, uint64_t stamp)
{
    lm_i128 n, d, rhs;
    int st = eval_col(c, &s->f.col, s->ax, s->nax, stamp, &n, &d, s->q), cmp;
    if (st < 0) {
        point_error(c, &s->f.col, s->ax, s->nax, st);
        return -1;
    }
    if (st == 1 && s->f.ibound_ok && !__builtin_mul_overflow(s->f.ibound, d, &rhs)) {
        cmp = n < rhs ? -1 : n > rhs;
    } else {
        if (st == 1) {
            lm_mpz_set_i128(mpq_numref(s->q), n);
            lm_mpz_set_i128(mpq_denref(s->q), d);
        }
        cmp = mpq_cmp(s->q, s->f.bound);
    }
    return where_ok(&s->f, cmp);
}

/* The current point's row: the axes' values, then each column's. -1 on an error at this
 * point (reported, and the row dropped) or when the output failed. */
static int write_row(cli *c, sweep *s, uint64_t stamp)
{
    wr *w = c->w;
    for (size_t a = 0; a < s->nax; a++)
        wr_stream_i128(w, s->ax[a].cur);
    for (size_t i = 0; i < s->ncol; i++) {
        lm_i128 n, d;
        int st = eval_col(c, &s->col[i], s->ax, s->nax, stamp, &n, &d, s->q);
        if (st < 0) {
            point_error(c, &s->col[i], s->ax, s->nax, st);
            wr_stream_row_drop(w);
            return -1;
        }
        if (st == 1 && d == 1) {
            wr_stream_i128(w, n);
            continue;
        }
        if (st == 1) {
            lm_mpz_set_i128(mpq_numref(s->q), n);
            lm_mpz_set_i128(mpq_denref(s->q), d);
        }
        wr_stream_q(w, s->q);
    }
    return wr_stream_row_end(w);
}

/* Every point, the last axis fastest; stamp changes whenever an outer axis moves. A
 * progress bar after a second, when stderr is a terminal. */
static int run(cli *c, sweep *s)
{
    int tty = isatty(2), shown = 0, rc = 0;
    int64_t t0 = tty ? now_ms() : 0, last = -1000;
    for (size_t a = 0; a < s->nax; a++)
        axis_start(&s->ax[a]);
    uint64_t done = 0, stamp = 0;
    for (int more = 1; more && !rc;) {
        int keep = s->f.on ? passes(c, s, stamp) : 1;
        rc = keep < 0 || (keep && write_row(c, s, stamp)) ? -1 : 0;
        done++;
        for (size_t a = s->nax; a-- > 0;) {
            if (axis_next(&s->ax[a]))
                break;
            if (a == 0)
                more = 0;
            stamp++;
        }
        if (tty && (done & 1023) == 0) {
            int64_t t = now_ms() - t0;
            if (t >= 1000 && t - last >= 100) {
                progress(done, s->total, t);
                last = t;
                shown = 1;
            }
        }
    }
    if (shown)
        fputs("\r\033[K", stderr);
    return rc;
}

int cmd_sweep(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs < 1 || o->ngrids < 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "usage: lmcost sweep NAME... -g SYMBOL=RANGE... [--where 'NAME <= Q'] "
                    "[-F csv|json]");
        return 1;
    }
    wr_prefer(c->w, OUT_CSV);
    if (!wr_can_stream(c->w)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "sweep writes csv or json (-F csv, -F json)");
        return 1;
    }
    if (cli_load(c))
        return 1;
    sweep s;
    int rc = sweep_init(c, &s) || parse_grids(c, &s) || compile(c, &s) || c->diags.errors;
    const char **names = rc ? NULL : lm_malloc((s.nax + s.ncol + 1) * sizeof *names);
    if (!rc && names) {
        for (size_t a = 0; a < s.nax; a++)
            names[a] = s.ax[a].name;
        for (size_t i = 0; i < s.ncol; i++)
            names[s.nax + i] = s.col[i].name;
        if (wr_stream_begin(c->w, names, s.nax + s.ncol))
            c->diags.oom = 1, rc = 1;
        else
            rc = run(c, &s);
        int out = wr_stream_end(c->w, !rc);
        if (out & WR_E_MEMORY)
            c->diags.oom = 1, rc = 1;
        if (out & WR_E_WRITE) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "cannot write the output");
            rc = 1;
        }
    } else if (!rc) {
        c->diags.oom = 1;
    }
    lm_free(names);
    sweep_clear(&s);
    return rc || c->diags.errors || c->diags.oom ? 1 : 0;
}
