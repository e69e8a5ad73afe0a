/* solve.c: the largest integer value of a symbol for which a definition stays within a
 * bound, or the smallest for which it reaches one; for a definition that falls in it, the
 * smallest within the bound or the largest that reaches it (rows.h): closed form or exact
 * search. */
#include "rows/rows.h"
#include "base/alloc.h"
#include "poly/numfmt.h"
#include <string.h>

void lm_solution_init(lm_solution *s)
{
    memset(s, 0, sizeof *s);
    mpz_init(s->answer), mpz_init(s->other), mpz_init(s->excl_lo), mpz_init(s->excl_hi);
    mpq_init(s->at_answer), mpq_init(s->at_other), mpq_init(s->bound);
}

void lm_solution_clear(lm_solution *s)
{
    mpz_clear(s->answer), mpz_clear(s->other), mpz_clear(s->excl_lo), mpz_clear(s->excl_hi);
    mpq_clear(s->at_answer), mpq_clear(s->at_other), mpq_clear(s->bound);
}

const char *lm_solution_other_key(const lm_solution *s)
{
    if (s->moved)
        return s->smallest ? "at_excluded_from_minus_1" : "at_excluded_to_plus_1";
    return s->smallest ? "at_value_minus_1" : "at_value_plus_1";
}

/* What is being solved: the solution, the formula, names for messages. */
typedef struct {
    lm_solution *s;
    lm_env *env;
    const lm_poly *f;      /* the definition in base units */
    const char *name, *sym;
    mpz_t lo, hi;          /* the search's bracket */
    lm_diags *d;
} problem;

typedef struct {
    const lm_atom *x;
    const mpq_t *at;
} point;

static int value_at(void *ud, const lm_atom *sym, mpq_t out)
{
    point *p = ud;
    if (sym != p->x)
        return 0;
    mpq_set(out, *p->at);
    return 1;
}

/* f(x) for an integer x, exactly. */
static int eval_at(problem *p, const mpz_t xv, mpq_t out)
{
    mpq_t at;
    mpq_init(at);
    mpq_set_z(at, xv);
    point pt = {p->s->x, (const mpq_t *)&at};
    const lm_atom *unbound = NULL;
    lm_status st = lm_poly_eval(&p->env->ctx, out, p->f, value_at, &pt, &unbound);
    mpq_clear(at);
    if (st == LM_EUNBOUND) {
        lm_diag_add(p->d, LM_SEV_ERROR, NULL,
                    "the formula still depends on '%s': set it with -s", unbound->name);
        return -1;
    }
    if (st) {
        lm_diag_add(p->d, LM_SEV_ERROR, NULL, "%s", lm_status_str(st));
        return -1;
    }
    return 0;
}

/* A symbol other than x that f still depends on, or NULL. */
static const char *other_symbol(problem *p)
{
    lm_collected col;
    lm_collected_init(&col);
    const char *s = NULL;
    if (lm_poly_collect(&p->env->ctx, &col, p->f, p->s->x) == LM_OK)
        for (size_t i = 0; i < col.n && !s; i++)
            s = lm_poly_free_symbol(&col.coeffs[i]);
    lm_collected_clear(&col);
    return s && strcmp(s, p->s->x->name) != 0 ? s : NULL;
}

/* The direction of f in x for x >= 1: 1 non-decreasing, -1 non-increasing, 0 when that
 * cannot be shown. Sufficient, with f = sum c_k x^k (k may be negative: x in a
 * denominator) and each c_k a number: non-decreasing when c_k >= 0 for every k > 0 and
 * c_k <= 0 for every k < 0; non-increasing when c_k <= 0 for k > 0 and c_k >= 0 for
 * k < 0 (each term then moves one way). x inside floor, min, ... or in a denominator
 * with other terms (an inverse atom): nothing can be shown. */
static int direction(problem *p)
{
    lm_collected col;
    lm_collected_init(&col);
    if (lm_poly_collect(&p->env->ctx, &col, p->f, p->s->x)) {
        lm_collected_clear(&col);
        return p->d->oom = 1, 0;
    }
    int up = 1, down = 1;
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < col.n; i++) {
        if (col.exps[i] == 0)
            continue;
        if (!lm_poly_get_q(q, &col.coeffs[i])) {
            up = down = 0;
            continue;
        }
        int sl = mpq_sgn(q) * (col.exps[i] > 0 ? 1 : -1); /* the sign of the term's slope */
        up &= sl >= 0;
        down &= sl <= 0;
    }
    for (size_t i = 0; i < col.n; i++)
        if (lm_poly_depends_on(&col.coeffs[i], p->s->x))
            up = down = 0;
    mpq_clear(q);
    lm_collected_clear(&col);
    return up ? 1 : down ? -1 : 0;
}

/* The bound in base units; a bare number is in the definition's unit. */
static int pose(problem *p, lm_instance *in, const char *bound, const char *srcname,
                const lm_val *v)
{
    lm_val b;
    lm_val_init(&b);
    int rc = lm_instance_expr(in, bound, srcname, &b, p->d);
    if (!rc && !lm_poly_get_q(p->s->bound, &b.p)) {
        lm_diag_add(p->d, LM_SEV_ERROR, NULL, "the bound must be a number, e.g. '80 GB'");
        rc = 1;
    }
    if (!rc && !lm_dim_equal(b.dim, v->dim)) {
        if (lm_dim_is_none(b.dim)) {
            mpq_mul(p->s->bound, p->s->bound, p->s->def->scale);
        } else {
            lm_buf x, y;
            lm_buf_init(&x), lm_buf_init(&y);
            lm_dim_print(&x, v->dim), lm_dim_print(&y, b.dim);
            lm_diag_add(p->d, LM_SEV_ERROR, NULL,
                        "dimension mismatch: '%s' is in %s but the bound is in %s", p->name,
                        lm_buf_str(&x), lm_buf_str(&y));
            lm_buf_clear(&x), lm_buf_clear(&y);
            rc = 1;
        }
    }
    lm_val_clear(&b);
    return rc ? -1 : 0;
}

/* The search is exact only for a formula in x alone that moves one way in it (which way
 * goes to s->dec, and with the bound's side, which answer is wanted). */
static int searchable(problem *p)
{
    const char *other;
    if (!lm_poly_depends_on(p->f, p->s->x)) {
        lm_diag_add(p->d, LM_SEV_ERROR, NULL, "'%s' does not depend on '%s'", p->name, p->sym);
        return -1;
    }
    if ((other = other_symbol(p))) {
        lm_diag_add(p->d, LM_SEV_ERROR, NULL,
                    "'%s' still depends on '%s' besides '%s': set it with -s %s=VALUE", p->name,
                    other, p->sym, other);
        return -1;
    }
    int dir = direction(p);
    if (!dir) {
        lm_diag_add(p->d, LM_SEV_ERROR, NULL,
                    "'%s' is neither non-decreasing nor non-increasing in '%s' (or that "
                    "cannot be shown), so the search would not be exact",
                    p->name, p->sym);
        return -1;
    }
    p->s->dec = dir < 0;
    p->s->smallest = p->s->ge != p->s->dec;
    return 0;
}

static int exceeds_at_one(problem *p)
{
    lm_diag_add(p->d, LM_SEV_ERROR, NULL, "no solution: '%s' %s the bound already at %s = 1",
                p->name, p->s->ge ? "is below" : "exceeds", p->sym);
    return -1;
}

/* What the bound makes of a falling formula for which every x, or none, would do; limit,
 * in base units, is what it falls towards. */
static int every_or_none(problem *p, int every, const mpq_t limit, lm_number_fn number,
                         void *ud)
{
    lm_buf b;
    lm_buf_init(&b);
    mpq_t shown;
    mpq_init(shown);
    mpq_div(shown, limit, p->s->def->scale);
    if (number)
        number(ud, &b, shown);
    else
        lm_print_q_exact(&b, shown, ",");
    const char *unit = p->s->def->unit ? p->s->def->unit : "";
    if (every)
        lm_diag_add(p->d, LM_SEV_ERROR, NULL, "unbounded: '%s' decreases towards %s %s as %s "
                    "grows, and every %s reaches the bound", p->name, lm_buf_str(&b), unit,
                    p->sym, p->sym);
    else
        lm_diag_add(p->d, LM_SEV_ERROR, NULL, "no solution: '%s' decreases towards %s %s as %s "
                    "grows, never within the bound", p->name, lm_buf_str(&b), unit, p->sym);
    mpq_clear(shown);
    lm_buf_clear(&b);
    return -1;
}

/* A falling a + b*x (b < 0) or a + b/x (b > 0), a and b numbers: the answer in closed
 * form. Returns 1 when solved, 0 when the formula is not of that form, -1 on no solution
 * (reported). With t = (bound - a)/b: a + b*x <= bound for x >= t; a + b/x <= bound for
 * x >= 1/t when t > 0, for no x else; >= the other way. */
static int closed_form_dec(problem *p, lm_number_fn number, void *ud)
{
    lm_solution *s = p->s;
    lm_collected col;
    lm_collected_init(&col);
    if (lm_poly_collect(&p->env->ctx, &col, p->f, s->x)) {
        lm_collected_clear(&col);
        return p->d->oom = 1, -1;
    }
    mpq_t a, b, t;
    mpq_init(a), mpq_init(b), mpq_init(t);
    int64_t e = 0;
    int ok = col.n >= 1 && col.n <= 2;
    for (size_t i = 0; ok && i < col.n; i++) {
        if (col.exps[i] == 0)
            ok = lm_poly_get_q(a, &col.coeffs[i]);
        else if (col.exps[i] == 1 || col.exps[i] == -1)
            ok = !e && lm_poly_get_q(b, &col.coeffs[i]), e = col.exps[i];
        else
            ok = 0;
    }
    lm_collected_clear(&col);
    int rc = 0;
    if (ok && e) {
        s->closed = rc = 1;
        s->inverse = e < 0;
        mpq_sub(t, s->bound, a);
        mpq_div(t, t, b);
        if (e < 0 && mpq_sgn(t) <= 0) /* a + b/x > a >= bound for every x */
            rc = every_or_none(p, s->ge, a, number, ud);
        else if (e < 0)
            mpq_inv(t, t);
        if (rc > 0 && s->smallest) {
            mpz_cdiv_q(p->hi, mpq_numref(t), mpq_denref(t));
            if (mpz_cmp_ui(p->hi, 1) < 0)
                mpz_set_ui(p->hi, 1);
            mpz_sub_ui(p->lo, p->hi, 1);
        } else if (rc > 0) {
            mpz_fdiv_q(p->lo, mpq_numref(t), mpq_denref(t));
            if (mpz_cmp_ui(p->lo, 1) < 0)
                rc = exceeds_at_one(p);
        }
    }
    mpq_clear(a), mpq_clear(b), mpq_clear(t);
    return rc;
}

/* A falling formula in x and its inverse powers alone tends to its constant term c as x
 * grows, from above: when c is at the bound or beyond, no x (<=) or every x (>=) satisfies
 * it, and the search would not end. -1 then (reported), else 0. */
static int dec_limit(problem *p, lm_number_fn number, void *ud)
{
    lm_collected col;
    lm_collected_init(&col);
    if (lm_poly_collect(&p->env->ctx, &col, p->f, p->s->x)) {
        lm_collected_clear(&col);
        return p->d->oom = 1, -1;
    }
    mpq_t a;
    mpq_init(a);
    int inverse_only = 1, rc = 0;
    for (size_t i = 0; i < col.n; i++) {
        inverse_only &= col.exps[i] <= 0;
        if (col.exps[i] == 0 && !lm_poly_get_q(a, &col.coeffs[i]))
            inverse_only = 0;
    }
    if (inverse_only && mpq_cmp(a, p->s->bound) >= 0)
        rc = every_or_none(p, p->s->ge, a, number, ud);
    mpq_clear(a);
    lm_collected_clear(&col);
    return rc;
}

/* "no solution": the part free of x alone is beyond the bound; b0 in base units. */
static int below_constant(problem *p, mpq_t b0, lm_number_fn number, void *ud)
{
    const lm_def *def = p->s->def;
    lm_buf bb;
    lm_buf_init(&bb);
    mpq_div(b0, b0, def->scale);
    if (number)
        number(ud, &bb, b0);
    else
        lm_print_q_exact(&bb, b0, ",");
    lm_diag_add(p->d, LM_SEV_ERROR, NULL,
                "no solution: the part of '%s' that does not depend on %s is already %s %s, "
                "more than the bound",
                p->name, p->sym, lm_buf_str(&bb), def->unit ? def->unit : "");
    lm_buf_clear(&bb);
    return -1;
}

/* a*x + b with numbers a > 0 and b (free of x): the answer in closed form. Returns 1 when
 * solved, 0 when the formula is not of that form, -1 on no solution (reported). */
static int closed_form(problem *p, lm_number_fn number, void *ud)
{
    lm_ctx *ctx = &p->env->ctx;
    lm_solution *s = p->s;
    lm_poly a, b0;
    lm_poly_init(&a), lm_poly_init(&b0);
    mpq_t aq, bq, t;
    mpq_init(aq), mpq_init(bq), mpq_init(t);
    int rc = 0;
    if (lm_poly_degree(p->f, s->x) == 1 && lm_poly_coeff(ctx, &a, p->f, s->x, 1) == LM_OK &&
        lm_poly_coeff(ctx, &b0, p->f, s->x, 0) == LM_OK && lm_poly_get_q(aq, &a) &&
        lm_poly_get_q(bq, &b0) && mpq_sgn(aq) > 0 && !lm_poly_depends_on(&b0, s->x)) {
        s->closed = rc = 1;
        mpq_sub(t, s->bound, bq);
        if (!s->ge && mpq_sgn(t) < 0)
            rc = below_constant(p, bq, number, ud);
        mpq_div(t, t, aq);
        if (s->ge) {
            mpz_cdiv_q(p->hi, mpq_numref(t), mpq_denref(t));
            if (mpz_cmp_ui(p->hi, 1) < 0)
                mpz_set_ui(p->hi, 1);
            mpz_sub_ui(p->lo, p->hi, 1);
        } else {
            mpz_fdiv_q(p->lo, mpq_numref(t), mpq_denref(t));
        }
        if (rc > 0 && !s->ge && mpz_cmp_ui(p->lo, 1) < 0)
            rc = exceeds_at_one(p);
    }
    mpq_clear(aq), mpq_clear(bq), mpq_clear(t);
    lm_poly_clear(&a), lm_poly_clear(&b0);
    return rc;
}

/* Is f(x) = fx on the far side of the bound, where the x grow past the answer? For the
 * smallest answer that is where the bound holds, for the largest where it fails. */
static int crosses(const problem *p, const mpq_t fx)
{
    int cmp = mpq_cmp(fx, p->s->bound), holds = p->s->ge ? cmp >= 0 : cmp <= 0;
    return p->s->smallest ? holds : !holds;
}

/* Exact integer search over x >= 1: f moves one way, so double until the bound is crossed
 * (no further than max_solve_bits doublings), then bisect. Invariant: lo is on this side
 * of the bound (the largest answer: it holds; the smallest: it fails), hi on the other. */
static int search(problem *p)
{
    mpq_t fx;
    mpq_init(fx);
    mpz_set_ui(p->lo, 1);
    int rc = eval_at(p, p->lo, fx);
    if (!rc && !p->s->smallest && crosses(p, fx))
        rc = exceeds_at_one(p);
    if (!rc && p->s->smallest && crosses(p, fx)) { /* x = 1 already satisfies it */
        mpz_set_ui(p->hi, 1), mpz_set_ui(p->lo, 0);
        mpq_clear(fx);
        return 0;
    }
    uint64_t bits = 0, max_bits = p->env->ctx.limits.max_solve_bits;
    mpz_set(p->hi, p->lo);
    while (!rc) {
        mpz_mul_2exp(p->hi, p->hi, 1);
        if (++bits > max_bits) {
            lm_diag_add(p->d, LM_SEV_ERROR, NULL,
                        "unbounded: '%s' stays %s the bound up to %s = 2^%llu "
                        "(--max-solve-bits)", p->name,
                        p->s->smallest ? (p->s->ge ? "below" : "above")
                                       : (p->s->ge ? "at or above" : "within"),
                        p->sym, (unsigned long long)max_bits);
            rc = -1;
        } else if (!(rc = eval_at(p, p->hi, fx)) && crosses(p, fx)) {
            break;
        }
        if (!rc)
            mpz_set(p->lo, p->hi);
    }
    mpz_t mid;
    mpz_init(mid);
    while (!rc && mpz_cmp(p->hi, p->lo) > 0) {
        mpz_sub(mid, p->hi, p->lo);
        if (mpz_cmp_ui(mid, 1) == 0)
            break;
        mpz_add(mid, p->lo, p->hi);
        mpz_fdiv_q_2exp(mid, mid, 1);
        if (!(rc = eval_at(p, mid, fx)))
            mpz_set(crosses(p, fx) ? p->hi : p->lo, mid);
    }
    mpz_clear(mid);
    mpq_clear(fx);
    return rc;
}

int lm_solve(lm_solution *s, lm_instance *in, const char *name, const char *sym,
             const char *bound, int ge, const char *srcname, lm_number_fn number,
             lm_fresh_fn fresh, void *ud, lm_diags *d)
{
    lm_env *env = lm_instance_env(in);
    const lm_symbol *symbol = lm_env_symbol(env, sym);
    if (!symbol) {
        lm_env_unknown_symbol(env, d, "", sym);
        return -1;
    }
    const lm_val *v;
    if (lm_instance_vary(in, sym, d) || lm_instance_def(in, name, &v, &s->def, d))
        return -1;
    problem p = {s, env, &v->p, name, sym, {{0}}, {{0}}, d};
    s->x = symbol->atom;
    s->ge = ge;
    s->dim = v->dim;
    mpz_init(p.lo), mpz_init(p.hi);
    int rc = pose(&p, in, bound, srcname, v) || searchable(&p) ? -1 : 0;
    int solved = rc         ? 0
                 : s->dec   ? closed_form_dec(&p, number, ud)
                            : closed_form(&p, number, ud);
    if (!rc && solved < 0)
        rc = -1;
    if (!rc && !solved)
        rc = (s->dec && dec_limit(&p, number, ud)) || search(&p);
    if (!rc) { /* the answer (hi for the smallest, lo for the largest) and one step further */
        mpz_set(s->answer, s->smallest ? p.hi : p.lo);
        if (s->smallest)
            mpz_set(s->other, p.lo);
        else
            mpz_add_ui(s->other, s->answer, 1);
        s->has_other = !s->dec || mpz_sgn(s->other) > 0;
        rc = eval_at(&p, s->answer, s->at_answer) ||
             (s->has_other && eval_at(&p, s->other, s->at_other));
    }
    if (!rc && fresh)
        rc = lm_solve_requires(s, name, sym, bound, fresh, ud, d);
    mpz_clear(p.lo), mpz_clear(p.hi);
    return rc ? -1 : 0;
}
