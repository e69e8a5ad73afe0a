/* power.c: powers, inverses and division of canonical polynomials.
 * Sizes are estimated before any expensive power, so an impossible request fails fast. */
#include "base/alloc.h"
#include "poly/poly.h"
#include "poly/poly_impl.h"
#include <string.h>

/* ---- term-count bound of a power ----------------------------------------------------- */

static uint64_t mul_sat(uint64_t a, uint64_t b)
{
    if (a && b > UINT64_MAX / a)
        return UINT64_MAX;
    return a * b;
}

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* C(m, k), saturating at UINT64_MAX. Each step C(m-k+i, i) = C(m-k+i-1, i-1)*(m-k+i)/i
 * is exact; dividing out gcds first keeps the intermediate within the result's size. */
static uint64_t binom_sat(uint64_t m, uint64_t k)
{
    if (k > m)
        return 0;
    if (k > m - k)
        k = m - k;
    uint64_t res = 1;
    for (uint64_t i = 1; i <= k; i++) {
        uint64_t x = m - k + i, d = i;
        uint64_t g = gcd_u64(res, d);
        res /= g;
        d /= g;
        x /= d; /* exact: d is coprime to res and divides res*x */
        res = mul_sat(res, x);
        if (res == UINT64_MAX)
            return res;
    }
    return res;
}

uint64_t lm_poly_pow_term_bound(const lm_poly *a, int64_t e)
{
    if (a->n == 0)
        return e < 0 ? UINT64_MAX : (e == 0 ? 1 : 0);
    if (e == 0)
        return 1;
    if (e < 0) {
        for (uint32_t j = 0; a->n == 1 && j < a->terms[0].nf; j++)
            if (a->terms[0].f[j].atom->kind == LM_ATOM_INV)
                return UINT64_MAX;
        return a->n == 1 ? 1 : UINT64_MAX;
    }
    if (a->n == 1)
        return 1;
    uint64_t ue = (uint64_t)e;
    /* the monomials of a^e are sums of e monomials of a: multisets of size e */
    uint64_t bound = ue > UINT64_MAX / 4 ? UINT64_MAX : binom_sat(a->n - 1 + ue, a->n - 1);
    /* and each atom's exponent lies in e*[lo, hi] */
    lm_atom **atoms;
    size_t na;
    if (lmp_atoms(&atoms, &na, a, NULL) == LM_OK) {
        uint64_t box = 1;
        for (size_t i = 0; i < na; i++) {
            int64_t lo, hi;
            lmp_exp_range(a, atoms[i], &lo, &hi);
            box = mul_sat(box, mul_sat(ue, (uint64_t)(hi - lo)) == UINT64_MAX
                                   ? UINT64_MAX
                                   : ue * (uint64_t)(hi - lo) + 1);
        }
        lm_free(atoms);
        bound = box < bound ? box : bound;
    }
    return bound;
}

/* ---- inverse and power ------------------------------------------------------------- */

lm_status lmp_inv_term(lm_ctx *ctx, lm_poly *r, const lm_term *t)
{
    if (mpq_sgn(t->coeff) == 0)
        return LM_EDIVZERO;
    lm_poly res;
    lm_poly_init(&res);
    lm_term *d = lmp_push(&res, t->nf);
    if (!d)
        return lmp_take(r, &res, LM_ENOMEM);
    mpq_inv(d->coeff, t->coeff);
    for (uint32_t j = 0; j < t->nf; j++) {
        d->f[j].atom = t->f[j].atom;
        d->f[j].exp = -t->f[j].exp; /* |exp| <= limit, so this cannot overflow */
    }
    return lmp_take(r, &res, lmp_check(ctx, &res));
}



/* The k-th root of a term when it is exact (coefficient and exponents), into d. */
static int term_root(lm_term *d, const lm_term *t, int64_t k)
{
    if (mpq_sgn(t->coeff) < 0 && k % 2 == 0)
        return 0;
    if (!mpz_root(mpq_numref(d->coeff), mpq_numref(t->coeff), (unsigned long)k) ||
        !mpz_root(mpq_denref(d->coeff), mpq_denref(t->coeff), (unsigned long)k))
        return 0;
    for (uint32_t j = 0; j < t->nf; j++) {
        if (t->f[j].exp % k)
            return 0;
        d->f[j].atom = t->f[j].atom;
        d->f[j].exp = (int32_t)(t->f[j].exp / k);
    }
    return 1;
}

/* q with q^k == p, found term by term: q starts at lt(p)^(1/k) and each next term is
 * lt(p - q^k) / (k lt(q)^(k-1)). *ok = 0 when p is no k-th power (limits met on the way
 * count as "no"). */
lm_status lmp_try_root(lm_ctx *ctx, lm_poly *q, const lm_poly *p, int64_t k, int *ok)
{
    *ok = 0;
    lm_poly_zero(q);
    lm_poly dinv, pw, tq;
    lm_poly_init(&dinv);
    lm_poly_init(&pw);
    lm_poly_init(&tq);
    lm_status st = LM_OK;
    const lm_term *lt = &p->terms[0], *tt = &p->terms[p->n - 1];
    lm_term *q0 = lmp_push(q, lt->nf), *t0 = lmp_push(&tq, tt->nf);
    if (!q0 || !t0) {
        st = LM_ENOMEM;
    } else if (term_root(q0, lt, k) && term_root(t0, tt, k)) {
        st = lm_poly_pow(ctx, &dinv, q, k - 1);
        if (st == LM_OK) {
            mpq_t kk;
            mpq_init(kk);
            mpq_set_si(kk, (long)k, 1);
            mpq_mul(dinv.terms[0].coeff, dinv.terms[0].coeff, kk);
            mpq_clear(kk);
            st = lm_poly_inv(ctx, &dinv, &dinv);
        }
        /* with an INV atom in lt(p) the inverse expands: give up (not a power) */
        if (st == LM_OK && dinv.n != 1)
            k = 0;
        for (uint32_t it = 0; st == LM_OK && k && it < p->n; it++) {
            st = lm_poly_pow(ctx, &pw, q, k);
            if (st == LM_OK)
                st = lm_poly_sub(ctx, &pw, p, &pw);
            if (st != LM_OK || pw.n == 0) {
                *ok = st == LM_OK;
                break;
            }
            st = lmp_push_mul(ctx, q, &pw.terms[0], &dinv.terms[0]);
            if (st != LM_OK)
                break;
            lm_term *t = &q->terms[q->n - 1];
            int good = lm_mono_cmp(t, &q->terms[q->n - 2]) < 0 && lm_mono_cmp(t, t0) >= 0;
            for (uint32_t j = 0; j < t->nf; j++)
                good = good && t->f[j].exp > 0;
            if (!good)
                break;
        }
        if (st == LM_ELIMIT_TERMS || st == LM_ELIMIT_BITS || st == LM_ELIMIT_EXP)
            st = LM_OK;
    }
    lm_poly_clear(&dinv);
    lm_poly_clear(&pw);
    lm_poly_clear(&tq);
    return st;
}

lm_status lm_poly_inv(lm_ctx *ctx, lm_poly *r, const lm_poly *a)
{
    lm_status st;
    if (a->n == 0)
        st = LM_EDIVZERO;
    else if (a->n == 1 && !lmp_has_inv(a))
        st = lmp_inv_term(ctx, r, &a->terms[0]);
    else
        st = lmp_frac_inv(ctx, r, a);
    return LMP_ENSURE(st, r);
}

/* A power of a single term: coefficient power (size checked first) and scaled exponents. */
static lm_status pow_term(lm_ctx *ctx, lm_poly *r, const lm_term *t, int64_t e)
{
    if (lmp_pow_too_big(ctx, t->coeff, (uint64_t)e))
        return LM_ELIMIT_BITS;
    int64_t maxe = lmp_max_exp(ctx);
    for (uint32_t j = 0; j < t->nf; j++) {
        int64_t x = (int64_t)t->f[j].exp * e; /* both <= 2^31 in size: no overflow */
        if (x > maxe || x < -maxe)
            return LM_ELIMIT_EXP;
    }
    lm_poly res;
    lm_poly_init(&res);
    lm_term *d = lmp_push(&res, t->nf);
    if (!d)
        return lmp_take(r, &res, LM_ENOMEM);
    mpz_pow_ui(mpq_numref(d->coeff), mpq_numref(t->coeff), (unsigned long)e);
    mpz_pow_ui(mpq_denref(d->coeff), mpq_denref(t->coeff), (unsigned long)e);
    for (uint32_t j = 0; j < t->nf; j++) {
        d->f[j].atom = t->f[j].atom;
        d->f[j].exp = (int32_t)(t->f[j].exp * e);
    }
    return lmp_take(r, &res, lmp_check(ctx, &res));
}

/* (u + v)^e by the binomial theorem. With u = A1*m1/D, v = A2*m2/D (integers A1, A2),
 * N_k = C(e,k) A1^k A2^(e-k) follows N_(k+1) = N_k (e-k) A1 / ((k+1) A2) exactly, and
 * m1 > m2 makes m1^k m2^(e-k) decrease with falling k: the terms come out sorted. */
static lm_status pow_binomial(lm_ctx *ctx, lm_poly *r, const lm_poly *a, int64_t e)
{
    const lm_term *u = &a->terms[0], *v = &a->terms[1];
    lm_poly t;
    lm_poly_init(&t);
    mpz_t d, A1, A2, N, De;
    mpz_inits(d, A1, A2, N, De, NULL);
    mpz_lcm(d, mpq_denref(u->coeff), mpq_denref(v->coeff));
    mpz_divexact(A1, d, mpq_denref(u->coeff));
    mpz_mul(A1, A1, mpq_numref(u->coeff));
    mpz_divexact(A2, d, mpq_denref(v->coeff));
    mpz_mul(A2, A2, mpq_numref(v->coeff));
    mpz_pow_ui(De, d, (unsigned long)e);
    mpz_pow_ui(N, A2, (unsigned long)e);
    /* terms are produced for k = 0..e (ascending), then reversed */
    lm_status st = LM_OK;
    int64_t maxe = lmp_max_exp(ctx);
    uint64_t size = 0; /* checked as the terms come, so a refused power costs little */
    for (int64_t k = 0; k <= e && st == LM_OK; k++) {
        size += mpz_sizeinbase(N, 2) + mpz_sizeinbase(De, 2);
        if (size > ctx->limits.max_size) {
            st = LM_ELIMIT_SIZE;
            break;
        }
        lm_term *w = lmp_push(&t, u->nf + v->nf);
        if (!w) {
            st = LM_ENOMEM;
            break;
        }
        /* factors of m1^k m2^(e-k) */
        uint32_t i = 0, j = 0, n = 0;
        while (i < u->nf || j < v->nf) {
            int c = i == u->nf ? 1 : j == v->nf ? -1 : lm_atom_cmp(u->f[i].atom, v->f[j].atom);
            int64_t x;
            const lm_atom *at;
            if (c < 0) {
                x = u->f[i].exp * k;
                at = u->f[i++].atom;
            } else if (c > 0) {
                x = v->f[j].exp * (e - k);
                at = v->f[j++].atom;
            } else {
                x = u->f[i].exp * k + v->f[j].exp * (e - k);
                at = u->f[i++].atom;
                j++;
            }
            if (x > maxe || x < -maxe) {
                st = LM_ELIMIT_EXP;
                break;
            }
            if (x) {
                w->f[n].atom = (lm_atom *)at;
                w->f[n++].exp = (int32_t)x;
            }
        }
        w->nf = n;
        mpz_set(mpq_numref(w->coeff), N);
        if (mpz_cmp_ui(De, 1) != 0) {
            mpz_set(mpq_denref(w->coeff), De);
            mpq_canonicalize(w->coeff);
        }
        if (k < e) {
            mpz_mul_ui(N, N, (unsigned long)(e - k));
            mpz_mul(N, N, A1);
            mpz_divexact_ui(N, N, (unsigned long)(k + 1));
            mpz_divexact(N, N, A2);
        }
    }
    for (uint32_t i = 0; st == LM_OK && i < t.n / 2; i++) {
        lm_term x = t.terms[i];
        t.terms[i] = t.terms[t.n - 1 - i];
        t.terms[t.n - 1 - i] = x;
    }
    if (st == LM_OK)
        st = lmp_check(ctx, &t);
    mpz_clears(d, A1, A2, N, De, NULL);
    return lmp_take(r, &t, st);
}

static lm_status pow_sum(lm_ctx *ctx, lm_poly *r, const lm_poly *a, int64_t e);

lm_status lm_poly_pow(lm_ctx *ctx, lm_poly *r, const lm_poly *a, int64_t e)
{
    lm_status st = lmp_has_inv(a) && e > 0 ? lmp_frac_pow(ctx, r, a, e) : pow_sum(ctx, r, a, e);
    return LMP_ENSURE(st, r);
}

static lm_status pow_sum(lm_ctx *ctx, lm_poly *r, const lm_poly *a, int64_t e)
{
    int64_t maxe = lmp_max_exp(ctx);
    if (e > maxe || e < -maxe)
        return LM_ELIMIT_EXP;
    if (e == 0)
        return lm_poly_set_si(r, 1);
    if (e < 0) {
        lm_poly t;
        lm_poly_init(&t);
        lm_status st = lm_poly_inv(ctx, &t, a);
        if (st == LM_OK)
            st = lm_poly_pow(ctx, &t, &t, -e);
        return lmp_take(r, &t, st);
    }
    if (a->n == 0) {
        lm_poly_zero(r);
        return LM_OK;
    }
    if (a->n == 1)
        return pow_term(ctx, r, &a->terms[0], e);
    if (lm_poly_pow_term_bound(a, e) > ctx->limits.max_terms)
        return LM_ELIMIT_TERMS;
    /* leading and trailing coefficients of a^e are exactly those of a, to the e */
    if (lmp_pow_too_big(ctx, a->terms[0].coeff, (uint64_t)e) ||
        lmp_pow_too_big(ctx, a->terms[a->n - 1].coeff, (uint64_t)e))
        return LM_ELIMIT_BITS;
    if (a->n == 2)
        return pow_binomial(ctx, r, a, e);
    /* Squaring multiplies big coefficients by big ones; repeated multiplication by the
     * short a is cheaper unless the result is much denser than a. Rough cost model: */
    size_t cb = 0;
    for (uint32_t i = 0; i < a->n; i++) {
        size_t x = mpz_sizeinbase(mpq_numref(a->terms[i].coeff), 2) +
                   mpz_sizeinbase(mpq_denref(a->terms[i].coeff), 2);
        cb = x > cb ? x : cb;
    }
    uint64_t half = lm_poly_pow_term_bound(a, e / 2), full = lm_poly_pow_term_bound(a, e);
    size_t lgn = 1;
    while (((uint64_t)1 << lgn) < a->n)
        lgn++;
    /* squaring: half^2 products of big by big numbers (limbs^2 each); repeated: about
     * e*n*full/2 products of big by small numbers, each dominated by fixed overhead */
    uint64_t limbs = (uint64_t)(e / 2) * (cb + lgn) / 64 + 1;
    uint64_t cost_rep =
        mul_sat(mul_sat(mul_sat((uint64_t)e, a->n), full) / 2, lmp_pair_work(a->n) + limbs);
    uint64_t cost_sq =
        mul_sat(mul_sat(half, half), lmp_pair_work(half) + mul_sat(limbs, limbs));
    int repeated = cost_rep <= cost_sq;
    /* the work itself is bounded, not only the result: a power of a sum of several terms
     * costs many times its size */
    if ((repeated ? cost_rep : cost_sq) > lmp_max_work(ctx))
        return LM_ELIMIT_SIZE;
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = lm_poly_set(&t, a);
    if (repeated) {
        for (int64_t k = 1; k < e && st == LM_OK; k++)
            st = lm_poly_mul(ctx, &t, &t, a);
        return lmp_take(r, &t, st);
    }
    /* left-to-right binary powering: the odd steps multiply by the small a */
    int top = 62;
    while (!((e >> top) & 1))
        top--;
    for (int bit = top - 1; bit >= 0 && st == LM_OK; bit--) {
        st = lm_poly_mul(ctx, &t, &t, &t);
        if (st == LM_OK && ((e >> bit) & 1))
            st = lm_poly_mul(ctx, &t, &t, a);
    }
    return lmp_take(r, &t, st);
}

/* ---- division ---------------------------------------------------------------------- */

/* q = a/b when b divides a exactly (*ok = 1). The division algorithm runs on leading
 * terms; exponents may be negative so it need not stop by itself, but an exact quotient
 * has each atom's exponent within [min_a - min_b, max_a - max_b], and a quotient term
 * outside that box proves b does not divide a. Limits met on the way mean "no". */
static lm_status exact_div(lm_ctx *ctx, lm_poly *q, const lm_poly *a, const lm_poly *b,
                           int *ok)
{
    *ok = 0;
    lm_atom **atoms;
    size_t na;
    lm_status st = lmp_atoms(&atoms, &na, a, b);
    if (st != LM_OK)
        return st;
    int64_t *lo = lm_malloc((na ? na : 1) * 2 * sizeof *lo), *hi = lo ? lo + na : NULL;
    lm_poly r, nr, binv;
    lm_poly_init(&r);
    lm_poly_init(&nr);
    lm_poly_init(&binv);
    int feasible = 1;
    if (!lo) {
        st = LM_ENOMEM;
    } else {
        for (size_t i = 0; i < na && feasible; i++) {
            int64_t al, ah, bl, bh;
            lmp_exp_range(a, atoms[i], &al, &ah);
            lmp_exp_range(b, atoms[i], &bl, &bh);
            lo[i] = al - bl;
            hi[i] = ah - bh;
            feasible = lo[i] <= hi[i];
        }
    }
    if (st == LM_OK && feasible) {
        /* 1/lt(b) as a bare Laurent monomial (INV exponents may go negative here; a
         * quotient term keeping one is rejected below) */
        const lm_term *bl = &b->terms[0];
        lm_term *d = lmp_push(&binv, bl->nf);
        if (!d) {
            st = LM_ENOMEM;
        } else {
            mpq_inv(d->coeff, bl->coeff);
            for (uint32_t j = 0; j < bl->nf; j++) {
                d->f[j].atom = bl->f[j].atom;
                d->f[j].exp = -bl->f[j].exp;
            }
        }
    }
    if (st == LM_OK && feasible)
        st = lm_poly_set(&r, a);
    uint64_t steps = 0;
    while (st == LM_OK && feasible && r.n) {
        if (++steps > ctx->limits.max_terms) {
            feasible = 0;
            break;
        }
        st = lmp_push_mul(ctx, q, &r.terms[0], &binv.terms[0]);
        if (st == LM_ELIMIT_EXP) {
            st = LM_OK;
            feasible = 0;
            break;
        }
        if (st != LM_OK)
            break;
        lm_term *t = &q->terms[q->n - 1];
        for (size_t i = 0; i < na && feasible; i++) {
            int64_t e = lmp_term_exp(t, atoms[i]);
            feasible = e >= lo[i] && e <= hi[i] && !(e < 0 && atoms[i]->kind == LM_ATOM_INV);
        }
        if (!feasible)
            break;
        mpq_neg(t->coeff, t->coeff);
        lm_poly_zero(&nr);
        st = lmp_addmul_term(ctx, &nr, &r, b, t);
        mpq_neg(t->coeff, t->coeff);
        if (st == LM_ELIMIT_EXP) {
            st = LM_OK;
            feasible = 0;
        } else if (st == LM_OK && lmp_check(ctx, &nr) != LM_OK) {
            feasible = 0;
        }
        lm_poly_swap(&r, &nr);
    }
    if (st == LM_OK && feasible && lmp_check(ctx, q) == LM_OK)
        *ok = 1;
    lm_free(atoms);
    lm_free(lo);
    lm_poly_clear(&r);
    lm_poly_clear(&nr);
    lm_poly_clear(&binv);
    return st;
}

/* r = a * (1/m) for one term m free of INV factors: a Laurent monomial, so the order of
 * a's terms holds, and a fraction stays reduced (a monomial is a unit). */
static lm_status div_term(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_term *m)
{
    lm_poly t, minv;
    lm_poly_init(&t);
    lm_poly_init(&minv);
    lm_status st = lmp_inv_term(ctx, &minv, m);
    for (uint32_t i = 0; i < a->n && st == LM_OK; i++)
        st = lmp_push_mul(ctx, &t, &a->terms[i], &minv.terms[0]);
    if (st == LM_OK)
        st = lmp_check(ctx, &t);
    lm_poly_clear(&minv);
    return lmp_take(r, &t, st);
}

lm_status lm_poly_div(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    lm_status st;
    if (b->n == 0) {
        st = LM_EDIVZERO;
    } else if (b->n == 1 && !lmp_has_inv(b)) {
        st = div_term(ctx, r, a, &b->terms[0]);
    } else {
        lm_poly t;
        lm_poly_init(&t);
        st = lm_poly_inv(ctx, &t, b);
        if (st == LM_OK)
            st = lm_poly_mul(ctx, &t, a, &t);
        st = lmp_take(r, &t, st);
    }
    return LMP_ENSURE(st, r);
}

lm_status lm_poly_div_exact(lm_ctx *ctx, lm_poly *q, const lm_poly *a, const lm_poly *b,
                            int *exact)
{
    *exact = 0;
    if (b->n == 0)
        return LM_EDIVZERO;
    if (b->n == 1 || lmp_has_inv(a) || lmp_has_inv(b)) {
        *exact = 1;
        return lm_poly_div(ctx, q, a, b);
    }
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = exact_div(ctx, &t, a, b, exact);
    if (st || !*exact) {
        lm_poly_clear(&t);
        return st;
    }
    return LMP_ENSURE(lmp_take(q, &t, LM_OK), q);
}
