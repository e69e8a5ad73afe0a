/* func.c: the function atoms floor, ceil, min and max: exact on constant arguments,
 * otherwise canonical atoms: floor and ceil without integer shifts, min and max n-ary. */
#include "poly/poly.h"
#include "poly/poly_impl.h"
#include "base/alloc.h"
#include <stdlib.h>

static void round_q(mpq_t q, lm_atom_kind kind)
{
    if (kind == LM_ATOM_FLOOR)
        mpz_fdiv_q(mpq_numref(q), mpq_numref(q), mpq_denref(q));
    else
        mpz_cdiv_q(mpq_numref(q), mpq_numref(q), mpq_denref(q));
    mpz_set_ui(mpq_denref(q), 1);
}

/* floor(a) = floor(rest) + whole, where whole gathers a's terms that are integers
 * whatever the atoms' values (integers times floors and ceils) and the integer part of
 * its constant term, whose fraction in [0, 1) stays in rest: floor(x + 5/2) is
 * floor(x + 1/2) + 2. A fraction (with a denominator) stays whole. */
static lm_status round_fn(lm_ctx *ctx, lm_poly *r, const lm_poly *a, lm_atom_kind kind)
{
    lm_poly whole, rest;
    lm_poly_init(&whole);
    lm_poly_init(&rest);
    lm_status st = LM_OK;
    int frac = lmp_has_inv(a);
    for (uint32_t i = 0; i < a->n && st == LM_OK; i++) {
        const lm_term *t = &a->terms[i];
        if (!frac && lmp_term_is_integer(t)) {
            st = lmp_push_copy(&whole, t);
        } else if (!frac && t->nf == 0) {
            lm_term *w = lmp_push(&whole, 0), *f = w ? lmp_push(&rest, 0) : NULL;
            if (!f) {
                st = LM_ENOMEM;
                break;
            }
            mpq_set(w->coeff, t->coeff);
            round_q(w->coeff, LM_ATOM_FLOOR);
            mpq_sub(f->coeff, t->coeff, w->coeff);
            if (!mpq_sgn(w->coeff))
                lmp_pop(&whole);
        } else {
            st = lmp_push_copy(&rest, t);
        }
    }
    /* terms were taken in order, so both lists are sorted */
    if (st == LM_OK && lm_poly_is_const(&rest)) {
        mpq_t q;
        mpq_init(q);
        lm_poly_get_q(q, &rest);
        round_q(q, kind);
        st = lm_poly_set_q(&rest, q);
        mpq_clear(q);
    } else if (st == LM_OK) {
        lm_atom *x = lmp_func_atom(ctx, kind, 1, &rest, &st);
        if (x)
            st = lm_poly_set_atom(&rest, x);
    }
    if (st == LM_OK)
        st = lm_poly_add(ctx, &rest, &rest, &whole);
    if (st == LM_OK)
        lm_poly_swap(r, &rest);
    lm_poly_clear(&whole);
    lm_poly_clear(&rest);
    return LMP_ENSURE(st, r);
}

lm_status lm_poly_floor(lm_ctx *ctx, lm_poly *r, const lm_poly *a)
{
    return round_fn(ctx, r, a, LM_ATOM_FLOOR);
}

lm_status lm_poly_ceil(lm_ctx *ctx, lm_poly *r, const lm_poly *a)
{
    return round_fn(ctx, r, a, LM_ATOM_CEIL);
}

/* Is p the atom min(...) (or max(...)) of this kind, alone? */
static const lm_atom *same_kind(const lm_poly *p, lm_atom_kind kind)
{
    if (p->n == 1 && p->terms[0].nf == 1 && p->terms[0].f[0].exp == 1 &&
        p->terms[0].f[0].atom->kind == kind && mpq_cmp_ui(p->terms[0].coeff, 1, 1) == 0)
        return p->terms[0].f[0].atom;
    return NULL;
}

static int args_cmp(const void *x, const void *y)
{
    return lm_poly_cmp(*(const lm_poly *const *)y, *(const lm_poly *const *)x);
}

/* min and max are associative, commutative and idempotent: the arguments of nested ones
 * join (min(min(a, b), c) = min(a, b, c)), are sorted (decreasing, as the terms of a
 * sum are), and lose duplicates and those
 * another one dominates by a constant (min(x, x + 1) = x). */
static lm_status minmax(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b,
                        lm_atom_kind kind)
{
    const lm_atom *xa = same_kind(a, kind), *xb = same_kind(b, kind);
    size_t na = xa ? (size_t)xa->nargs : 1, nb = xb ? (size_t)xb->nargs : 1, n = 0;
    const lm_poly **v = lm_malloc((na + nb) * sizeof *v);
    char *drop = lm_calloc(na + nb, 1);
    lm_poly d, *args = NULL;
    lm_poly_init(&d);
    lm_status st = v && drop ? LM_OK : LM_ENOMEM;
    for (size_t i = 0; st == LM_OK && i < na; i++)
        v[n++] = xa ? &xa->args[i] : a;
    for (size_t i = 0; st == LM_OK && i < nb; i++)
        v[n++] = xb ? &xb->args[i] : b;
    if (st == LM_OK)
        qsort(v, n, sizeof *v, args_cmp);
    for (size_t i = 0; st == LM_OK && i < n; i++) {
        for (size_t j = 0; j < i && st == LM_OK && !drop[i]; j++) {
            if (drop[j])
                continue;
            st = lm_poly_sub(ctx, &d, v[j], v[i]);
            if (st != LM_OK || !lm_poly_is_const(&d))
                continue;
            /* d = v[j] - v[i]: min keeps the smaller, max the larger */
            int j_less = d.n && mpq_sgn(d.terms[0].coeff) < 0;
            if (!d.n || j_less == (kind == LM_ATOM_MIN))
                drop[i] = 1;
            else
                drop[j] = 1;
        }
    }
    size_t k = 0;
    for (size_t i = 0; st == LM_OK && i < n; i++)
        if (!drop[i])
            v[k++] = v[i];
    if (st == LM_OK && k == 1) {
        st = lm_poly_set(r, v[0]);
    } else if (st == LM_OK) {
        args = lm_malloc(k * sizeof *args);
        if (!args) {
            st = LM_ENOMEM;
        } else {
            for (size_t i = 0; i < k; i++)
                args[i] = *v[i]; /* shallow views: lmp_func_atom copies what it keeps */
            lm_atom *x = lmp_func_atom(ctx, kind, (int)k, args, &st);
            if (x)
                st = lm_poly_set_atom(r, x);
        }
    }
    lm_free(args);
    lm_free(v);
    lm_free(drop);
    lm_poly_clear(&d);
    return LMP_ENSURE(st, r);
}

lm_status lm_poly_min(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    return minmax(ctx, r, a, b, LM_ATOM_MIN);
}

lm_status lm_poly_max(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    return minmax(ctx, r, a, b, LM_ATOM_MAX);
}
