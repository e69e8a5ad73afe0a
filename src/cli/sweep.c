/* sweep.c: the sweep command: definitions elaborated once symbolically, compiled, then
 * evaluated exactly over a grid of symbol values, rows streamed as csv or JSON lines. */
#include "cli.h"
#include "base/alloc.h"
#include "poly/evalprog.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define AXIS_MAX 10000000ull        /* points on one axis */
#define GRID_MAX 1000000000000ull   /* points in the whole grid */
#define FLUSH_AT (1u << 16)         /* bytes of output buffered before a write */

typedef enum { AX_RANGE, AX_GEOM, AX_LIST } axis_kind;

typedef struct {
    char name[128];
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

static int parse_axis(cli *c, const char *spec, axis *ax)
{
    const char *eq = strchr(spec, '=');
    if (!eq)
        return grid_error(c, spec, "expected NAME=RANGE, e.g. 'd_model=512..8192 step 128'");
    const char *ns = skip_ws(spec), *ne = eq;
    while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t'))
        ne--;
    if (ne == ns || (size_t)(ne - ns) >= sizeof ax->name)
        return grid_error(c, spec, "expected a symbol name before '='");
    memcpy(ax->name, ns, (size_t)(ne - ns));
    ax->name[ne - ns] = 0;
    ax->sym = lm_env_symbol(c->env, ax->name);
    if (!ax->sym) {
        const char *cands[512];
        size_t n = 0;
        for (size_t i = 0; i < c->env->nsyms && n < 512; i++)
            cands[n++] = c->env->syms[i].name;
        const char *near = lm_suggest(ax->name, cands, n);
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "grid '%s': unknown symbol '%s'%s%s%s", spec,
                    ax->name, near ? " (did you mean '" : "", near ? near : "",
                    near ? "'?)" : "");
        return -1;
    }
    const char *r = eq + 1, *dots = strstr(r, "..");
    const char *bad = "values must be integers: a..b, a..b step s, a..b x2, or a,b,c";
    if (dots) {
        int64_t a, b;
        const char *e = parse_int(r, &a);
        if (!e || e != dots || !(e = parse_int(dots + 2, &b)))
            return grid_error(c, spec, bad);
        ax->a = a, ax->b = b, ax->step = 1, ax->kind = AX_RANGE;
        if (strncmp(e, "step", 4) == 0) {
            if (!(e = parse_int(e + 4, &ax->step)) || *e)
                return grid_error(c, spec, bad);
            if (ax->step == 0)
                return grid_error(c, spec, "the step must not be zero");
        } else if (*e == 'x' || *e == '*') {
            ax->kind = AX_GEOM;
            if (!(e = parse_int(e + 1, &ax->step)) || *e)
                return grid_error(c, spec, bad);
            if (ax->step < 2 || a < 1)
                return grid_error(c, spec, "a geometric range needs a start >= 1 and a whole factor >= 2");
        } else if (*e) {
            return grid_error(c, spec, bad);
        }
        if (ax->kind == AX_RANGE) {
            if ((b - a) / ax->step < 0 || (b != a && (b > a) != (ax->step > 0)))
                return grid_error(c, spec, "the range is empty (the step goes away from the end)");
            ax->n = (uint64_t)(((lm_i128)b - a) / ax->step) + 1;
        } else {
            if (b < a)
                return grid_error(c, spec, "the range is empty (the end is below the start)");
            ax->n = 0;
            for (lm_i128 v = a; v <= b; v *= ax->step)
                ax->n++;
        }
    } else {
        size_t n = 1;
        for (const char *p = r; *p; p++)
            n += *p == ',';
        ax->list = lm_malloc(n * sizeof *ax->list);
        if (!ax->list)
            return c->diags.oom = 1, -1;
        const char *p = r;
        for (size_t k = 0; k < n; k++) {
            if (!(p = parse_int(p, &ax->list[k])) || (*p && *p != ','))
                return grid_error(c, spec, bad);
            p += *p == ',';
        }
        ax->kind = AX_LIST;
        ax->n = n;
    }
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

static int parse_where(cli *c, filter *f, char *name, size_t cap, const char **qty)
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
    if (ne == ns || (size_t)(ne - ns) >= cap) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "--where '%s': expected a name before '%c'",
                    w, *p);
        return -1;
    }
    memcpy(name, ns, (size_t)(ne - ns));
    name[ne - ns] = 0;
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

/* ---- output ------------------------------------------------------------------------ */

typedef struct {
    lm_buf b;
    int rows;         /* a row was produced */
    int failed;       /* a write failed */
} out_t;

/* Write the buffered rows straight to file descriptor 1 (nothing else writes stdout). */
static void flush_out(out_t *o)
{
    const char *p = o->b.s;
    size_t n = o->b.len;
    if (n && !o->failed && fflush(stdout) != 0)
        o->failed = 1;
    while (n && !o->failed) {
        ssize_t w = write(1, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            o->failed = 1;
            break;
        }
        p += w, n -= (size_t)w;
    }
    lm_buf_reset(&o->b);
}

/* Digits straight into the buffer (room made first; lm_i128_str needs at most 41 bytes). */
static void put_i128(lm_buf *b, char sep, lm_i128 v)
{
    static const char room[48];
    if (b->cap - b->len < sizeof room + 1) {
        lm_buf_putn(b, room, sizeof room);
        if (b->failed)
            return;
        b->len -= sizeof room;
    }
    if (sep)
        b->s[b->len++] = sep;
    b->len += lm_i128_str(b->s + b->len, v);
}

/* A non-integer value in the output's format. */
static void put_q(cli *c, lm_buf *b, const mpq_t q)
{
    if (mpz_cmp_ui(mpq_denref(q), 1) == 0) {
        lm_print_q_exact(b, q, NULL);
        return;
    }
    size_t at = b->len;
    cli_number(c, b, q);
    if (c->o->fmt == OUT_JSON && !b->failed && memchr(b->s + at, '/', b->len - at)) {
        /* --exact: p/q is not a JSON number; quote it */
        lm_buf t;
        lm_buf_init(&t);
        lm_buf_putn(&t, b->s + at, b->len - at);
        b->len = at;
        lm_buf_putc(b, '"');
        lm_buf_putn(b, lm_buf_str(&t), t.len);
        lm_buf_putc(b, '"');
        lm_buf_clear(&t);
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

int cmd_sweep(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs < 1 || o->ngrids < 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "usage: lmcost sweep NAME... -g SYMBOL=RANGE... [--where 'NAME <= Q'] "
                    "[-F csv|json]");
        return 1;
    }
    if (o->fmt_given && o->fmt != OUT_CSV && o->fmt != OUT_JSON) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "sweep writes csv or json (-F csv, -F json)");
        return 1;
    }
    if (!o->fmt_given)
        o->fmt = OUT_CSV;
    if (cli_load(c))
        return 1;
    size_t nax = (size_t)o->ngrids, ncol = (size_t)o->nargs;
    axis *ax = lm_calloc(nax, sizeof *ax);
    column *col = lm_calloc(ncol, sizeof *col);
    filter f;
    memset(&f, 0, sizeof f);
    mpq_init(f.bound);
    lm_evalprog_init(&f.col.prog);
    out_t out;
    memset(&out, 0, sizeof out);
    lm_buf_init(&out.b);
    mpq_t q;
    mpq_init(q);
    lm_val bound;
    lm_val_init(&bound);
    int rc = 0;
    for (size_t i = 0; i < ncol && col; i++)
        lm_evalprog_init(&col[i].prog);
    if (!ax || !col) {
        c->diags.oom = 1;
        rc = 1;
        goto done;
    }
    uint64_t total = 1;
    for (size_t a = 0; a < nax && !rc; a++) {
        rc = parse_axis(c, o->grids[a], &ax[a]) ? 1 : 0;
        for (size_t b = 0; b < a && !rc; b++)
            if (strcmp(ax[a].name, ax[b].name) == 0) {
                lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "'%s' is swept twice", ax[a].name);
                rc = 1;
            }
        if (!rc && total > GRID_MAX / ax[a].n) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "the grid has more than %llu points; sweep a smaller one",
                        (unsigned long long)GRID_MAX);
            rc = 1;
        }
        total *= rc ? 1 : ax[a].n;
    }
    if (rc)
        goto done;
    c->in = cli_instance(c, o->model, LM_MODE_MODEL);
    if (!c->in) {
        rc = 1;
        goto done;
    }
    for (size_t a = 0; a < nax && !rc; a++)
        rc = lm_instance_keep(c->in, ax[a].name, &c->diags) ? 1 : 0;
    for (size_t i = 0; i < ncol && !rc; i++)
        rc = compile_col(c, &col[i], o->args[i], 0, ax, nax) ? 1 : 0;
    if (!rc && o->where) {
        char name[256];
        const char *qty;
        rc = parse_where(c, &f, name, sizeof name, &qty) ? 1 : 0;
        if (!rc)
            rc = compile_col(c, &f.col, name, 1, ax, nax) ? 1 : 0;
        if (!rc)
            rc = lm_instance_expr(c->in, qty, "--where", &bound, &c->diags) ? 1 : 0;
        if (!rc && !lm_poly_get_q(f.bound, &bound.p)) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "--where: the bound must be a number, e.g. '80 GB'");
            rc = 1;
        }
        const lm_val *v;
        const lm_def *def = f.col.def;
        if (!rc && !lm_instance_def(c->in, name, &v, &def, &c->diags) &&
            !lm_dim_equal(bound.dim, v->dim)) {
            if (lm_dim_is_none(bound.dim)) {
                mpq_mul(f.bound, f.bound, def->scale); /* a bare number: the definition's unit */
            } else {
                lm_buf a, b;
                lm_buf_init(&a), lm_buf_init(&b);
                lm_dim_print(&a, v->dim), lm_dim_print(&b, bound.dim);
                lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                            "--where: dimension mismatch: '%s' is in %s but the bound is in %s",
                            name, lm_buf_str(&a), lm_buf_str(&b));
                lm_buf_clear(&a), lm_buf_clear(&b);
                rc = 1;
            }
        }
        f.on = 1;
        f.ibound_ok = mpz_cmp_ui(mpq_denref(f.bound), 1) == 0 &&
                      lm_mpz_get_i128(&f.ibound, mpq_numref(f.bound));
    }
    if (rc || c->diags.errors)
        goto done;
    /* header */
    int json = o->fmt == OUT_JSON;
    lm_buf *b = &out.b;
    lm_buf key[1];
    lm_buf_init(key);
    char **keys = NULL;
    if (json) {
        keys = lm_calloc(nax + ncol, sizeof *keys);
        for (size_t k = 0; keys && k < nax + ncol; k++) {
            lm_buf_reset(key);
            lm_buf_puts(key, k ? ", " : "{");
            cli_json_string(key, k < nax ? ax[k].name : col[k - nax].name);
            lm_buf_puts(key, ": ");
            keys[k] = lm_strdup(lm_buf_str(key));
            if (!keys[k])
                c->diags.oom = 1;
        }
        if (!keys)
            c->diags.oom = 1;
    } else {
        for (size_t a = 0; a < nax; a++)
            lm_buf_printf(b, "%s%s", a ? "," : "", ax[a].name);
        for (size_t i = 0; i < ncol; i++)
            lm_buf_printf(b, ",%s", col[i].name);
        lm_buf_putc(b, '\n');
    }
    lm_buf_clear(key);
    int tty = isatty(2);
    int64_t t0 = tty ? now_ms() : 0, last = -1000;
    int shown = 0;
    for (size_t a = 0; a < nax; a++)
        axis_start(&ax[a]);
    uint64_t done = 0, stamp = 0; /* stamp: changes with the outer axes' values */
    for (int more = !c->diags.oom; more && !rc;) {
        lm_i128 n, d;
        int s;
        size_t mark = b->len;
        if (f.on) {
            s = eval_col(c, &f.col, ax, nax, stamp, &n, &d, q);
            if (s < 0) {
                point_error(c, &f.col, ax, nax, s);
                rc = 1;
                break;
            }
            int cmp;
            lm_i128 rhs;
            if (s == 1 && f.ibound_ok && !__builtin_mul_overflow(f.ibound, d, &rhs)) {
                cmp = n < rhs ? -1 : n > rhs;
            } else {
                if (s == 1) {
                    lm_mpz_set_i128(mpq_numref(q), n);
                    lm_mpz_set_i128(mpq_denref(q), d);
                }
                cmp = mpq_cmp(q, f.bound);
            }
            if (!where_ok(&f, cmp))
                goto next;
        }
        for (size_t a = 0; a < nax; a++) {
            if (json)
                lm_buf_puts(b, keys[a]);
            put_i128(b, !json && a ? ',' : 0, ax[a].cur);
        }
        for (size_t i = 0; i < ncol; i++) {
            if (json)
                lm_buf_puts(b, keys[nax + i]);
            s = eval_col(c, &col[i], ax, nax, stamp, &n, &d, q);
            if (s < 0) {
                point_error(c, &col[i], ax, nax, s);
                b->len = mark; /* drop the partial row */
                rc = 1;
                break;
            }
            if (s == 1 && d == 1) {
                put_i128(b, json ? 0 : ',', n);
            } else {
                if (!json)
                    lm_buf_putc(b, ',');
                if (s == 1) {
                    lm_mpz_set_i128(mpq_numref(q), n);
                    lm_mpz_set_i128(mpq_denref(q), d);
                }
                put_q(c, b, q);
            }
        }
        if (rc)
            break;
        lm_buf_puts(b, json ? "}\n" : "\n");
        out.rows = 1;
        if (b->len >= FLUSH_AT) {
            flush_out(&out);
            if (out.failed || b->failed)
                break;
        }
    next:
        done++;
        for (size_t a = nax; a-- > 0;) {
            if (axis_next(&ax[a]))
                break;
            if (a == 0)
                more = 0;
            stamp++; /* an axis wrapped: the next outer one moves */
        }
        if (tty && (done & 1023) == 0) {
            int64_t t = now_ms() - t0;
            if (t >= 1000 && t - last >= 100) {
                progress(done, total, t);
                last = t;
                shown = 1;
            }
        }
    }
    if (shown)
        fputs("\r\033[K", stderr);
    if (out.rows || !rc)
        flush_out(&out);
    if (b->failed)
        c->diags.oom = 1, rc = 1;
    if (out.failed || fflush(stdout) != 0) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "cannot write the output");
        rc = 1;
    }
    for (size_t k = 0; keys && k < nax + ncol; k++)
        lm_free(keys[k]);
    lm_free(keys);
done:
    for (size_t a = 0; ax && a < nax; a++)
        lm_free(ax[a].list);
    for (size_t i = 0; col && i < ncol; i++)
        clear_col(&col[i]);
    clear_col(&f.col);
    mpq_clear(f.bound);
    mpq_clear(q);
    lm_val_clear(&bound);
    lm_buf_clear(&out.b);
    lm_free(ax);
    lm_free(col);
    return rc || c->diags.errors || c->diags.oom ? 1 : 0;
}
