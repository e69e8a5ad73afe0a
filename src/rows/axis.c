/* axis.c: one axis of a grid, NAME=RANGE (rows.h): a..b [step s], a..b xN and a,b,c in
 * whole numbers of the symbol's unit, parsed once and walked in order by sweep and plot. */
#include "rows/rows.h"
#include "base/alloc.h"
#include <string.h>

const char *lm_skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* An integer: [-]digits[_digits...][eN | ^N]. Returns the end, NULL if none or too big. */
static const char *parse_int(const char *s, int64_t *out)
{
    s = lm_skip_ws(s);
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
    return lm_skip_ws(s);
}

static int grid_error(lm_diags *d, const char *spec, const char *why)
{
    lm_diag_add(d, LM_SEV_ERROR, NULL, "grid '%s': %s", spec, why);
    return -1;
}

#define BAD_VALUES "values must be integers: a..b, a..b step s, a..b x2, or a,b,c"

/* NAME= of NAME=RANGE: a symbol of the library. */
static int axis_symbol(const lm_env *env, lm_diags *d, const char *spec, const char *eq,
                       lm_axis *ax)
{
    const char *ns = lm_skip_ws(spec), *ne = eq;
    while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t'))
        ne--;
    if (ne == ns)
        return grid_error(d, spec, "expected a symbol name before '='");
    if (!(ax->name = lm_strndup(ns, (size_t)(ne - ns))))
        return d->oom = 1, -1;
    const lm_symbol *sym = lm_env_symbol(env, ax->name);
    if (!sym) {
        lm_buf prefix;
        lm_buf_init(&prefix);
        lm_buf_printf(&prefix, "grid '%s': ", spec);
        lm_env_unknown_symbol(env, d, lm_buf_str(&prefix), ax->name);
        lm_buf_clear(&prefix);
        return -1;
    }
    ax->sym = sym;
    if (sym->unit && !(ax->unit = lm_strdup(sym->unit)))
        return d->oom = 1, -1;
    return 0;
}

/* a..b, a..b step s, a..b xN (a, a*N, ... up to b). */
static int axis_range(lm_diags *d, const char *spec, const char *r, const char *dots, lm_axis *ax)
{
    int64_t a, b;
    const char *e = parse_int(r, &a);
    if (!e || e != dots || !(e = parse_int(dots + 2, &b)))
        return grid_error(d, spec, BAD_VALUES);
    ax->a = a, ax->b = b, ax->step = 1, ax->kind = LM_AXIS_RANGE;
    if (strncmp(e, "step", 4) == 0) {
        if (!(e = parse_int(e + 4, &ax->step)) || *e)
            return grid_error(d, spec, BAD_VALUES);
        if (ax->step == 0)
            return grid_error(d, spec, "the step must not be zero");
    } else if (*e == 'x' || *e == '*') {
        ax->kind = LM_AXIS_GEOM;
        if (!(e = parse_int(e + 1, &ax->step)) || *e)
            return grid_error(d, spec, BAD_VALUES);
        if (ax->step < 2 || a < 1)
            return grid_error(d, spec,
                              "a geometric range needs a start >= 1 and a whole factor >= 2");
    } else if (*e) {
        return grid_error(d, spec, BAD_VALUES);
    }
    if (ax->kind == LM_AXIS_RANGE) {
        if ((b - a) / ax->step < 0 || (b != a && (b > a) != (ax->step > 0)))
            return grid_error(d, spec, "the range is empty (the step goes away from the end)");
        ax->n = (uint64_t)(((lm_i128)b - a) / ax->step) + 1;
        return 0;
    }
    if (b < a)
        return grid_error(d, spec, "the range is empty (the end is below the start)");
    ax->n = 0;
    for (lm_i128 v = a; v <= b; v *= ax->step)
        ax->n++;
    return 0;
}

/* a,b,c */
static int axis_list(lm_diags *d, const char *spec, const char *r, lm_axis *ax)
{
    size_t n = 1;
    for (const char *p = r; *p; p++)
        n += *p == ',';
    ax->list = lm_malloc(n * sizeof *ax->list);
    if (!ax->list)
        return d->oom = 1, -1;
    const char *p = r;
    for (size_t k = 0; k < n; k++) {
        if (!(p = parse_int(p, &ax->list[k])) || (*p && *p != ','))
            return grid_error(d, spec, BAD_VALUES);
        p += *p == ',';
    }
    ax->kind = LM_AXIS_LIST;
    ax->n = n;
    return 0;
}

int lm_axis_parse(lm_axis *ax, const lm_env *env, const char *spec, lm_diags *d)
{
    const char *eq = strchr(spec, '=');
    if (!eq)
        return grid_error(d, spec, "expected NAME=RANGE, e.g. 'd_model=512..8192 step 128'");
    const char *r = eq + 1, *dots = strstr(r, "..");
    if (axis_symbol(env, d, spec, eq, ax) ||
        (dots ? axis_range(d, spec, r, dots, ax) : axis_list(d, spec, r, ax)))
        return -1;
    if (ax->n > LM_AXIS_MAX) {
        lm_diag_add(d, LM_SEV_ERROR, NULL,
                    "grid '%s': %llu points; at most %llu on one axis", spec,
                    (unsigned long long)ax->n, (unsigned long long)LM_AXIS_MAX);
        return -1;
    }
    /* a symbol with a unit takes its values in that unit */
    const mpq_t *scale = &ax->sym->scale;
    if (mpz_cmp_ui(mpq_denref(*scale), 1) != 0 || !mpz_fits_slong_p(mpq_numref(*scale)))
        return grid_error(d, spec, "the symbol's unit is not a whole multiple of its base unit");
    ax->scale = mpz_get_si(mpq_numref(*scale));
    return 0;
}

void lm_axis_start(lm_axis *ax)
{
    ax->i = 0;
    ax->cur = ax->kind == LM_AXIS_LIST ? ax->list[0] : ax->a;
}

/* Advance; 0 when the axis wrapped around to its start. */
int lm_axis_next(lm_axis *ax)
{
    if (++ax->i == ax->n) {
        lm_axis_start(ax);
        return 0;
    }
    if (ax->kind == LM_AXIS_LIST)
        ax->cur = ax->list[ax->i];
    else if (ax->kind == LM_AXIS_RANGE)
        ax->cur += ax->step;
    else
        ax->cur *= ax->step;
    return 1;
}

void lm_axis_clear(lm_axis *ax)
{
    lm_free(ax->list);
    lm_free(ax->name);
    lm_free(ax->unit);
    memset(ax, 0, sizeof *ax);
}
