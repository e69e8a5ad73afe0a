/* func.c: the function atoms floor, ceil, min and max: exact on constant arguments,
 * simplified when trivially decided (min(x, x) = x), otherwise interned as atoms. */
#include "poly/poly.h"
#include "poly/poly_impl.h"

static lm_status round_fn(lm_ctx *ctx, lm_poly *r, const lm_poly *a, lm_atom_kind kind)
{
    if (lm_poly_is_const(a)) {
        mpq_t q;
        mpq_init(q);
        lm_poly_get_q(q, a);
        if (kind == LM_ATOM_FLOOR)
            mpz_fdiv_q(mpq_numref(q), mpq_numref(q), mpq_denref(q));
        else
            mpz_cdiv_q(mpq_numref(q), mpq_numref(q), mpq_denref(q));
        mpz_set_ui(mpq_denref(q), 1);
        lm_status st = lm_poly_set_q(r, q);
        mpq_clear(q);
        return st;
    }
    /* floor and ceil of floor(x) or ceil(x) change nothing: those are integers */
    if (a->n == 1 && a->terms[0].nf == 1 && a->terms[0].f[0].exp == 1 &&
        mpq_cmp_ui(a->terms[0].coeff, 1, 1) == 0 &&
        (a->terms[0].f[0].atom->kind == LM_ATOM_FLOOR ||
         a->terms[0].f[0].atom->kind == LM_ATOM_CEIL))
        return lm_poly_set(r, a);
    lm_status st;
    lm_atom *x = lmp_func_atom(ctx, kind, 1, a, &st);
    return x ? lm_poly_set_atom(r, x) : st;
}

lm_status lm_poly_floor(lm_ctx *ctx, lm_poly *r, const lm_poly *a)
{
    return round_fn(ctx, r, a, LM_ATOM_FLOOR);
}

lm_status lm_poly_ceil(lm_ctx *ctx, lm_poly *r, const lm_poly *a)
{
    return round_fn(ctx, r, a, LM_ATOM_CEIL);
}

static lm_status minmax(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b,
                        lm_atom_kind kind)
{
    if (lm_poly_equal(a, b))
        return lm_poly_set(r, a);
    /* a - b constant (this covers two constants): decided */
    lm_poly d;
    lm_poly_init(&d);
    lm_status st = lm_poly_sub(ctx, &d, a, b);
    if (st == LM_OK && lm_poly_is_const(&d)) {
        int a_less = mpq_sgn(d.terms[0].coeff) < 0;
        lm_poly_clear(&d);
        return lm_poly_set(r, (a_less == (kind == LM_ATOM_MIN)) ? a : b);
    }
    lm_poly_clear(&d);
    if (st != LM_OK)
        return st;
    lm_poly args[2];
    int order = lm_poly_cmp(a, b) < 0;
    args[0] = order ? *a : *b; /* shallow views: lmp_func_atom copies what it keeps */
    args[1] = order ? *b : *a;
    lm_atom *x = lmp_func_atom(ctx, kind, 2, args, &st);
    return x ? lm_poly_set_atom(r, x) : st;
}

lm_status lm_poly_min(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    return minmax(ctx, r, a, b, LM_ATOM_MIN);
}

lm_status lm_poly_max(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    return minmax(ctx, r, a, b, LM_ATOM_MAX);
}
