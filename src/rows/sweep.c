/* sweep.c: definitions elaborated once symbolically, compiled, then evaluated exactly over a
 * grid of symbol values (rows.h); the rows come in batches, for the CLI and the API alike. */
#include "rows/rows.h"
#include "base/alloc.h"
#include <string.h>

#define AXIS_MAX 10000000ull        /* points on one axis */
#define GRID_MAX 1000000000000ull   /* points in the whole grid */

typedef enum { AX_RANGE, AX_GEOM, AX_LIST } axis_kind;

typedef struct {
    char *name;
    const lm_atom *atom;  /* the symbol */
    char *unit;           /* its unit, or NULL */
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
    char *name;
    char *unit;           /* the unit of its values, or NULL */
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

/* ---- --where ----------------------------------------------------------------------- */

typedef struct {
    int on;
    int op;           /* '<' '>' 'l' (<=) 'g' (>=) */
    column col;       /* the definition, in base units */
    mpq_t bound;      /* in base units */
    lm_i128 ibound;
    int ibound_ok;
} filter;

struct lm_sweep {
    lm_env *env;
    lm_instance *in;  /* while compiling */
    lm_diags *d;      /* the call's */
    axis *ax;         /* the first axis varies slowest */
    size_t nax;
    column *col;      /* the definitions, in their shown units */
    size_t ncol;
    filter f;         /* where */
    char *where;      /* its definition's name */
    uint64_t total;   /* points in the grid */
    uint64_t done;    /* points visited */
    uint64_t stamp;   /* changes whenever an outer axis moves */
    int started, finished, failed;
    mpq_t q;          /* scratch: a value off the fast path */
};

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

static int grid_error(lm_sweep *sw, const char *spec, const char *why)
{
    lm_diag_add(sw->d, LM_SEV_ERROR, NULL, "grid '%s': %s", spec, why);
    return -1;
}

#define BAD_VALUES "values must be integers: a..b, a..b step s, a..b x2, or a,b,c"

/* NAME= of NAME=RANGE: a symbol of the library. */
static int axis_symbol(lm_sweep *sw, const char *spec, const char *eq, axis *ax)
{
    const char *ns = skip_ws(spec), *ne = eq;
    while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t'))
        ne--;
    if (ne == ns)
        return grid_error(sw, spec, "expected a symbol name before '='");
    if (!(ax->name = lm_strndup(ns, (size_t)(ne - ns))))
        return sw->d->oom = 1, -1;
    const lm_symbol *sym = lm_env_symbol(sw->env, ax->name);
    if (!sym) {
        lm_buf prefix;
        lm_buf_init(&prefix);
        lm_buf_printf(&prefix, "grid '%s': ", spec);
        lm_env_unknown_symbol(sw->env, sw->d, lm_buf_str(&prefix), ax->name);
        lm_buf_clear(&prefix);
        return -1;
    }
    ax->atom = sym->atom;
    if (sym->unit && !(ax->unit = lm_strdup(sym->unit)))
        return sw->d->oom = 1, -1;
    return 0;
}

/* a..b, a..b step s, a..b xN (a, a*N, ... up to b). */
static int axis_range(lm_sweep *sw, const char *spec, const char *r, const char *dots, axis *ax)
{
    int64_t a, b;
    const char *e = parse_int(r, &a);
    if (!e || e != dots || !(e = parse_int(dots + 2, &b)))
        return grid_error(sw, spec, BAD_VALUES);
    ax->a = a, ax->b = b, ax->step = 1, ax->kind = AX_RANGE;
    if (strncmp(e, "step", 4) == 0) {
        if (!(e = parse_int(e + 4, &ax->step)) || *e)
            return grid_error(sw, spec, BAD_VALUES);
        if (ax->step == 0)
            return grid_error(sw, spec, "the step must not be zero");
    } else if (*e == 'x' || *e == '*') {
        ax->kind = AX_GEOM;
        if (!(e = parse_int(e + 1, &ax->step)) || *e)
            return grid_error(sw, spec, BAD_VALUES);
        if (ax->step < 2 || a < 1)
            return grid_error(sw, spec,
                              "a geometric range needs a start >= 1 and a whole factor >= 2");
    } else if (*e) {
        return grid_error(sw, spec, BAD_VALUES);
    }
    if (ax->kind == AX_RANGE) {
        if ((b - a) / ax->step < 0 || (b != a && (b > a) != (ax->step > 0)))
            return grid_error(sw, spec, "the range is empty (the step goes away from the end)");
        ax->n = (uint64_t)(((lm_i128)b - a) / ax->step) + 1;
        return 0;
    }
    if (b < a)
        return grid_error(sw, spec, "the range is empty (the end is below the start)");
    ax->n = 0;
    for (lm_i128 v = a; v <= b; v *= ax->step)
        ax->n++;
    return 0;
}

/* a,b,c */
static int axis_list(lm_sweep *sw, const char *spec, const char *r, axis *ax)
{
    size_t n = 1;
    for (const char *p = r; *p; p++)
        n += *p == ',';
    ax->list = lm_malloc(n * sizeof *ax->list);
    if (!ax->list)
        return sw->d->oom = 1, -1;
    const char *p = r;
    for (size_t k = 0; k < n; k++) {
        if (!(p = parse_int(p, &ax->list[k])) || (*p && *p != ','))
            return grid_error(sw, spec, BAD_VALUES);
        p += *p == ',';
    }
    ax->kind = AX_LIST;
    ax->n = n;
    return 0;
}

static int parse_axis(lm_sweep *sw, const char *spec, axis *ax)
{
    const char *eq = strchr(spec, '=');
    if (!eq)
        return grid_error(sw, spec, "expected NAME=RANGE, e.g. 'd_model=512..8192 step 128'");
    const char *r = eq + 1, *dots = strstr(r, "..");
    if (axis_symbol(sw, spec, eq, ax) ||
        (dots ? axis_range(sw, spec, r, dots, ax) : axis_list(sw, spec, r, ax)))
        return -1;
    if (ax->n > AXIS_MAX) {
        lm_diag_add(sw->d, LM_SEV_ERROR, NULL,
                    "grid '%s': %llu points; at most %llu on one axis", spec,
                    (unsigned long long)ax->n, (unsigned long long)AXIS_MAX);
        return -1;
    }
    /* a symbol with a unit takes its values in that unit */
    const mpq_t *scale = &lm_env_symbol(sw->env, ax->name)->scale;
    if (mpz_cmp_ui(mpq_denref(*scale), 1) != 0 || !mpz_fits_slong_p(mpq_numref(*scale)))
        return grid_error(sw, spec, "the symbol's unit is not a whole multiple of its base unit");
    ax->scale = mpz_get_si(mpq_numref(*scale));
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

/* NAME <= QUANTITY (or >=, <, >): the operator, the name (lm_free it) and the quantity. */
static int parse_where(lm_sweep *sw, const char *w, filter *f, char **name, const char **qty)
{
    const char *p = w;
    while (*p && *p != '<' && *p != '>')
        p++;
    if (!*p) {
        lm_diag_add(sw->d, LM_SEV_ERROR, NULL,
                    "--where '%s': expected NAME <= QUANTITY (or >=, <, >)", w);
        return -1;
    }
    const char *ns = skip_ws(w), *ne = p;
    while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t'))
        ne--;
    if (ne == ns) {
        lm_diag_add(sw->d, LM_SEV_ERROR, NULL, "--where '%s': expected a name before '%c'",
                    w, *p);
        return -1;
    }
    if (!(*name = lm_strndup(ns, (size_t)(ne - ns))))
        return sw->d->oom = 1, -1;
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

/* Inputs of program e as axis indices; -1 (reported) when one is not swept. */
static int map_inputs(lm_sweep *sw, const char *name, const lm_evalprog *e, axis *ax, size_t nax,
                      size_t **map)
{
    *map = lm_calloc(e->nsyms + 1, sizeof **map);
    if (!*map)
        return sw->d->oom = 1, -1;
    for (size_t k = 0; k < e->nsyms; k++) {
        size_t a = 0;
        while (a < nax && ax[a].atom != e->syms[k])
            a++;
        if (a == nax) {
            const char *s = e->syms[k]->name;
            lm_diag_add(sw->d, LM_SEV_ERROR, NULL,
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
static int compile_inner(lm_sweep *sw, column *col, const lm_poly *p, axis *ax, size_t nax)
{
    lm_ctx *ctx = &sw->env->ctx;
    const lm_atom *x = ax[nax - 1].atom;
    lm_collected cl;
    lm_collected_init(&cl);
    col->deg = (size_t)-1;
    if (lm_poly_collect(ctx, &cl, p, x))
        return sw->d->oom = 1, -1;
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
            ok = 0, err = 1, sw->d->oom = 1;
        for (size_t j = 0; ok && j <= deg; j++)
            lm_evalprog_init(&col->cprog[j]), col->ncprog++;
        lm_poly zero;
        lm_poly_init(&zero);
        for (size_t j = 0, i = 0; ok && j <= deg; j++) {
            size_t e = deg - j; /* exps decrease: coefficient of x^e */
            const lm_poly *cj = i < cl.n && (size_t)cl.exps[i] == e ? &cl.coeffs[i++] : &zero;
            if (lm_evalprog_compile(ctx, &col->cprog[e], cj) ||
                map_inputs(sw, col->name, &col->cprog[e], ax, nax, &col->cmap[e]))
                ok = 0, err = 1;
        }
        lm_poly_clear(&zero);
        col->deg = ok ? deg : (size_t)-1;
    }
    lm_collected_clear(&cl);
    col->stamp = UINT64_MAX;
    return err ? -1 : 0;
}

/* The program of one definition (in its shown unit, or base units for the filter); *def,
 * when not NULL, is set to the definition. */
static int compile_col(lm_sweep *sw, column *col, const char *name, int base,
                       const lm_def **def)
{
    const lm_val *v;
    const lm_def *found;
    if (!(col->name = lm_strdup(name)))
        return sw->d->oom = 1, -1;
    if (lm_instance_def(sw->in, name, &v, &found, sw->d))
        return -1;
    if (def)
        *def = found;
    lm_buf u;
    lm_buf_init(&u);
    lm_def_unit(&u, found, v->dim);
    if (u.len && !base && !(col->unit = lm_buf_take(&u)))
        sw->d->oom = 1;
    lm_buf_clear(&u);
    lm_poly shown;
    lm_poly_init(&shown);
    int rc = base ? (lm_poly_set(&shown, &v->p) ? -1 : 0)
                  : lm_def_shown(sw->env, found, v, &shown, sw->d);
    lm_status st = rc ? LM_OK : lm_evalprog_compile(&sw->env->ctx, &col->prog, &shown);
    col->deg = (size_t)-1;
    if (!rc && !st)
        rc = map_inputs(sw, name, &col->prog, sw->ax, sw->nax, &col->map);
    if (!rc && !st)
        rc = compile_inner(sw, col, &shown, sw->ax, sw->nax);
    lm_poly_clear(&shown);
    if (st)
        lm_diag_add(sw->d, LM_SEV_ERROR, NULL, "'%s': %s", name, lm_status_str(st));
    return rc || st ? -1 : 0;
}

static void clear_col(column *col)
{
    lm_free(col->name);
    lm_free(col->unit);
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
static int eval_inner(lm_sweep *sw, column *col, const axis *ax, size_t nax, uint64_t stamp,
                      lm_i128 *num)
{
    if (col->deg == (size_t)-1 || col->prog.bound_bits > sw->env->ctx.limits.max_bits)
        return 0;
    if (col->stamp != stamp) { /* a new outer point: the coefficients */
        col->stamp = stamp;
        col->cval_ok = 1;
        for (size_t j = 0; j <= col->deg && col->cval_ok; j++) {
            lm_evalprog *e = &col->cprog[j];
            for (size_t k = 0; k < e->nsyms; k++)
                e->ivals[k] = (lm_i128)ax[col->cmap[j][k]].cur * ax[col->cmap[j][k]].scale;
            lm_i128 d;
            col->cval_ok = lm_evalprog_try_i128(&sw->env->ctx, &col->cval[j], &d, e, e->ivals) &&
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
static int eval_col(lm_sweep *sw, column *col, const axis *ax, size_t nax, uint64_t stamp,
                    lm_i128 *num, lm_i128 *den, mpq_t q)
{
    if (eval_inner(sw, col, ax, nax, stamp, num))
        return *den = 1, 1;
    lm_evalprog *e = &col->prog;
    lm_i128 *iv = e->ivals; /* scratch of nsyms + 1 values */
    for (size_t k = 0; k < e->nsyms; k++)
        iv[k] = (lm_i128)ax[col->map[k]].cur * ax[col->map[k]].scale;
    if (lm_evalprog_try_i128(&sw->env->ctx, num, den, e, iv))
        return 1;
    lm_status st = lm_evalprog_eval_i128(&sw->env->ctx, q, e, iv);
    if (st)
        return -1 - (int)st;
    return 0;
}

static void point_error(lm_sweep *sw, const column *col, const axis *ax, size_t nax, int st)
{
    lm_buf b;
    lm_buf_init(&b);
    for (size_t a = 0; a < nax; a++)
        lm_buf_printf(&b, "%s%s = %lld", a ? ", " : "", ax[a].name, (long long)ax[a].cur);
    lm_diag_add(sw->d, LM_SEV_ERROR, NULL, "'%s' at %s: %s", col->name, lm_buf_str(&b),
                lm_status_str((lm_status)(-1 - st)));
    lm_buf_clear(&b);
}


/* ---- the sweep ----------------------------------------------------------------------- */

void lm_sweep_free(lm_sweep *sw)
{
    if (!sw)
        return;
    for (size_t a = 0; sw->ax && a < sw->nax; a++) {
        lm_free(sw->ax[a].list);
        lm_free(sw->ax[a].name);
        lm_free(sw->ax[a].unit);
    }
    for (size_t i = 0; sw->col && i < sw->ncol; i++)
        clear_col(&sw->col[i]);
    clear_col(&sw->f.col);
    lm_free(sw->where);
    mpq_clear(sw->f.bound);
    mpq_clear(sw->q);
    lm_free(sw->ax);
    lm_free(sw->col);
    lm_free(sw);
}

/* Every grid: its points, no symbol twice, and at most GRID_MAX points in all. */
static int parse_grids(lm_sweep *sw, const char *const *grids)
{
    sw->total = 1;
    for (size_t a = 0; a < sw->nax; a++) {
        if (parse_axis(sw, grids[a], &sw->ax[a]))
            return -1;
        for (size_t b = 0; b < a; b++)
            if (strcmp(sw->ax[a].name, sw->ax[b].name) == 0) {
                lm_diag_add(sw->d, LM_SEV_ERROR, NULL, "'%s' is swept twice", sw->ax[a].name);
                return -1;
            }
        if (sw->total > GRID_MAX / sw->ax[a].n) {
            lm_diag_add(sw->d, LM_SEV_ERROR, NULL,
                        "the grid has more than %llu points; sweep a smaller one",
                        (unsigned long long)GRID_MAX);
            return -1;
        }
        sw->total *= sw->ax[a].n;
    }
    return 0;
}

lm_sweep *lm_sweep_new(lm_env *env, const char *const *grids, size_t naxes, lm_diags *d)
{
    lm_sweep *sw = lm_calloc(1, sizeof *sw);
    if (!sw)
        return d->oom = 1, NULL;
    sw->env = env;
    sw->d = d;
    sw->nax = naxes;
    mpq_init(sw->f.bound);
    mpq_init(sw->q);
    lm_evalprog_init(&sw->f.col.prog);
    sw->ax = lm_calloc(naxes + 1, sizeof *sw->ax);
    if (!sw->ax) {
        d->oom = 1;
    } else if (!parse_grids(sw, grids)) {
        sw->d = NULL;
        return sw;
    }
    lm_sweep_free(sw);
    return NULL;
}

/* The bound of where in the definition's base units; a bare number is in its unit. */
static int where_bound(lm_sweep *sw, const char *name, const lm_def *def, const char *qty)
{
    lm_val bound;
    lm_val_init(&bound);
    int rc = lm_instance_expr(sw->in, qty, "--where", &bound, sw->d) ? -1 : 0;
    if (!rc && !lm_poly_get_q(sw->f.bound, &bound.p)) {
        lm_diag_add(sw->d, LM_SEV_ERROR, NULL,
                    "--where: the bound must be a number, e.g. '80 GB'");
        rc = -1;
    }
    const lm_val *v;
    if (!rc && !lm_instance_def(sw->in, name, &v, &def, sw->d) &&
        !lm_dim_equal(bound.dim, v->dim)) {
        if (lm_dim_is_none(bound.dim)) {
            mpq_mul(sw->f.bound, sw->f.bound, def->scale);
        } else {
            lm_buf a, b;
            lm_buf_init(&a), lm_buf_init(&b);
            lm_dim_print(&a, v->dim), lm_dim_print(&b, bound.dim);
            lm_diag_add(sw->d, LM_SEV_ERROR, NULL,
                        "--where: dimension mismatch: '%s' is in %s but the bound is in %s",
                        name, lm_buf_str(&a), lm_buf_str(&b));
            lm_buf_clear(&a), lm_buf_clear(&b);
            rc = -1;
        }
    }
    lm_val_clear(&bound);
    return rc;
}

/* where NAME <= QUANTITY: the definition compiled in base units, and its bound. */
static int compile_where(lm_sweep *sw, const char *where)
{
    const char *qty;
    const lm_def *def = NULL;
    int rc = parse_where(sw, where, &sw->f, &sw->where, &qty);
    if (!rc)
        rc = compile_col(sw, &sw->f.col, sw->where, 1, &def);
    if (!rc)
        rc = where_bound(sw, sw->where, def, qty);
    sw->f.on = 1;
    sw->f.ibound_ok = mpz_cmp_ui(mpq_denref(sw->f.bound), 1) == 0 &&
                      lm_mpz_get_i128(&sw->f.ibound, mpq_numref(sw->f.bound));
    return rc;
}

int lm_sweep_compile(lm_sweep *sw, lm_instance *in, const char *const *names, size_t ncols,
                     const char *where, lm_diags *d)
{
    sw->in = in;
    sw->d = d;
    sw->col = lm_calloc(ncols + 1, sizeof *sw->col);
    int rc = sw->col ? 0 : (d->oom = 1, -1);
    for (size_t i = 0; i < ncols && !rc; i++) {
        lm_evalprog_init(&sw->col[i].prog);
        sw->ncol = i + 1;
    }
    for (size_t a = 0; a < sw->nax && !rc; a++)
        rc = lm_instance_vary(in, sw->ax[a].name, d);
    for (size_t i = 0; i < ncols && !rc; i++)
        rc = compile_col(sw, &sw->col[i], names[i], 0, NULL);
    if (!rc && where)
        rc = compile_where(sw, where);
    sw->in = NULL;
    sw->d = NULL;
    return rc ? -1 : 0;
}

size_t lm_sweep_ncols(const lm_sweep *sw) { return sw->nax + sw->ncol; }
size_t lm_sweep_naxes(const lm_sweep *sw) { return sw->nax; }
const char *lm_sweep_name(const lm_sweep *sw, size_t k)
{
    return k < sw->nax ? sw->ax[k].name : sw->col[k - sw->nax].name;
}
const char *lm_sweep_unit(const lm_sweep *sw, size_t k)
{
    return k < sw->nax ? sw->ax[k].unit : sw->col[k - sw->nax].unit;
}
uint64_t lm_sweep_total(const lm_sweep *sw) { return sw->total; }
uint64_t lm_sweep_done(const lm_sweep *sw) { return sw->done; }
int lm_sweep_finished(const lm_sweep *sw) { return sw->finished; }

/* Does the current point pass where? 1 yes, 0 no, -1 on an error (reported). */
static int passes(lm_sweep *sw)
{
    lm_i128 n, den, rhs;
    int st = eval_col(sw, &sw->f.col, sw->ax, sw->nax, sw->stamp, &n, &den, sw->q), cmp;
    if (st < 0) {
        point_error(sw, &sw->f.col, sw->ax, sw->nax, st);
        return -1;
    }
    if (st == 1 && sw->f.ibound_ok && !__builtin_mul_overflow(sw->f.ibound, den, &rhs)) {
        cmp = n < rhs ? -1 : n > rhs;
    } else {
        if (st == 1) {
            lm_mpz_set_i128(mpq_numref(sw->q), n);
            lm_mpz_set_i128(mpq_denref(sw->q), den);
        }
        cmp = mpq_cmp(sw->q, sw->f.bound);
    }
    return where_ok(&sw->f, cmp);
}

/* The current point's row into b: the axes' values, then each column's. -1 on an error at
 * this point (reported; the row is not added) or when out of memory. */
static int add_row(lm_sweep *sw, lm_batch *b)
{
    for (size_t a = 0; a < sw->nax; a++)
        lm_batch_set_i128(b, a, sw->ax[a].cur, 1);
    /* the values go straight into their cells (no copy through the stack) */
    lm_i128 *num = b->num + b->n * b->ncols + sw->nax, *den = b->den + b->n * b->ncols + sw->nax;
    for (size_t i = 0; i < sw->ncol; i++) {
        int st = eval_col(sw, &sw->col[i], sw->ax, sw->nax, sw->stamp, &num[i], &den[i], sw->q);
        if (st < 0) {
            point_error(sw, &sw->col[i], sw->ax, sw->nax, st);
            return -1;
        }
        if (st == 0 && lm_batch_set_q(b, sw->nax + i, sw->q))
            return sw->d->oom = 1, -1;
    }
    b->n++;
    return 0;
}

long lm_sweep_fill(lm_sweep *sw, lm_batch *b, size_t max_rows, uint64_t max_points,
                   lm_diags *d)
{
    if (lm_batch_reserve(b, max_rows ? max_rows : 1))
        return d->oom = 1, -1;
    if (sw->failed)
        return -1;
    sw->d = d;
    if (!sw->started) {
        for (size_t a = 0; a < sw->nax; a++)
            axis_start(&sw->ax[a]);
        sw->started = 1;
    }
    int rc = 0;
    for (uint64_t seen = 0; !sw->finished && !rc && b->n < max_rows && seen < max_points;
         seen++) {
        int keep = sw->f.on ? passes(sw) : 1;
        rc = keep < 0 || (keep && add_row(sw, b)) ? -1 : 0;
        sw->done++;
        for (size_t a = sw->nax; a-- > 0;) {
            if (axis_next(&sw->ax[a]))
                break;
            if (a == 0)
                sw->finished = 1;
            sw->stamp++;
        }
    }
    sw->d = NULL;
    if (rc)
        sw->failed = sw->finished = 1;
    return rc ? -1 : (long)b->n;
}
