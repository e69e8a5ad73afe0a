/* grid.c: the axes of sweep and plot (grid.h): NAME=RANGE parsed into whole-number points,
 * in the symbol's unit, and walked in order. */
#include "grid.h"
#include "base/alloc.h"
#include <string.h>

const char *grid_skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* An integer: [-]digits[_digits...][eN | ^N]. Returns the end, NULL if none or too big. */
static const char *parse_int(const char *s, int64_t *out)
{
    s = grid_skip_ws(s);
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
    return grid_skip_ws(s);
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
    const char *ns = grid_skip_ws(spec), *ne = eq;
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
        lm_env_unknown_symbol(c->env, &c->diags, lm_buf_str(&prefix), ax->name);
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

int grid_parse(cli *c, const char *spec, axis *ax)
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

void grid_start(axis *ax)
{
    ax->i = 0;
    ax->cur = ax->kind == AX_LIST ? ax->list[0] : ax->a;
}

/* Advance; 0 when the axis wrapped around to its start. */
int grid_next(axis *ax)
{
    if (++ax->i == ax->n) {
        grid_start(ax);
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

void grid_clear(axis *ax)
{
    lm_free(ax->list);
    lm_free(ax->name);
    ax->list = NULL;
    ax->name = NULL;
}
