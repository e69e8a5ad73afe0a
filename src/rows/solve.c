/* solve.c: the largest integer value of a symbol for which a definition stays within a
 * bound, or the smallest for which it reaches one (rows.h): closed form or exact search. */
#include "rows/rows.h"
#include "base/alloc.h"
#include "poly/numfmt.h"
#include <string.h>

void lm_solution_init(lm_solution *s)
{
    memset(s, 0, sizeof *s);
    mpz_init(s->answer), mpz_init(s->other);
    mpq_init(s->at_answer), mpq_init(s->at_other), mpq_init(s->bound);
}

void lm_solution_clear(lm_solution *s)
{
    mpz_clear(s->answer), mpz_clear(s->other);
    mpq_clear(s->at_answer), mpq_clear(s->at_other), mpq_clear(s->bound);
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

/* Is f non-decreasing in x for x >= 1? Sufficient: every coefficient of a positive power
 * of x is a non-negative number (and no negative powers). */
static int monotone(problem *p)
{
    lm_collected col;
    lm_collected_init(&col);
    if (lm_poly_collect(&p->env->ctx, &col, p->f, p->s->x)) {
        lm_collected_clear(&col);
        return p->d->oom = 1, 0;
    }
    int ok = 1;
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < col.n; i++) {
        if (col.exps[i] == 0)
            continue;
        if (col.exps[i] < 0 || !lm_poly_get_q(q, &col.coeffs[i]) || mpq_sgn(q) < 0)
            ok = 0;
    }
    /* x inside floor/min/... or an inverse: the coefficient test says nothing. */
    for (size_t i = 0; i < col.n; i++)
        if (lm_poly_depends_on(&col.coeffs[i], p->s->x))
            ok = 0;
    mpq_clear(q);
    lm_collected_clear(&col);
    return ok;
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

/* The search is exact only for a formula in x alone that does not decrease in it. */
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
    if (!monotone(p)) {
        lm_diag_add(p->d, LM_SEV_ERROR, NULL,
                    "'%s' is not non-decreasing in '%s' (or that cannot be shown), so the "
                    "search would not be exact",
                    p->name, p->sym);
        return -1;
    }
    return 0;
}

static int exceeds_at_one(problem *p)
{
    lm_diag_add(p->d, LM_SEV_ERROR, NULL,
                "no solution: '%s' exceeds the bound already at %s = 1", p->name, p->sym);
    return -1;
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

/* Does f(x) = fx cross the bound (exceed it for <=, reach it for >=)? */
static int crosses(const problem *p, const mpq_t fx)
{
    return p->s->ge ? mpq_cmp(fx, p->s->bound) >= 0 : mpq_cmp(fx, p->s->bound) > 0;
}

/* Exact integer search over x >= 1: f does not decrease, so double until the bound is
 * crossed (no further than max_solve_bits doublings), then bisect. Invariant: lo is on
 * this side of the bound (<=: within it; >=: short of it), hi on the other. */
static int search(problem *p)
{
    mpq_t fx;
    mpq_init(fx);
    mpz_set_ui(p->lo, 1);
    int rc = eval_at(p, p->lo, fx);
    if (!rc && !p->s->ge && crosses(p, fx))
        rc = exceeds_at_one(p);
    if (!rc && p->s->ge && crosses(p, fx)) { /* x = 1 already reaches it */
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
                        "(--max-solve-bits)", p->name, p->s->ge ? "below" : "within",
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
             const char *bound, int ge, const char *srcname, lm_number_fn number, void *ud,
             lm_diags *d)
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
    int solved = rc ? 0 : closed_form(&p, number, ud);
    if (!rc && solved < 0)
        rc = -1;
    if (!rc && !solved)
        rc = search(&p);
    if (!rc) { /* the answer (lo for <=, hi for >=) and one step further */
        mpz_set(s->answer, ge ? p.hi : p.lo);
        if (ge)
            mpz_set(s->other, p.lo);
        else
            mpz_add_ui(s->other, s->answer, 1);
        rc = eval_at(&p, s->answer, s->at_answer) || eval_at(&p, s->other, s->at_other);
    }
    mpz_clear(p.lo), mpz_clear(p.hi);
    return rc ? -1 : 0;
}
