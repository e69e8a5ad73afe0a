/* gcd.c: greatest common divisors of polynomials, which keep fractions reduced.
 * Recursive in the atoms (each atom a variable): images modulo a prime bound the gcd's
 * degree in each atom, and primitive remainder sequences over Z find what is left. */
#include "poly/poly_impl.h"
#include "base/alloc.h"
#include <string.h>

/* The work of one gcd, in terms produced, is bounded by the term limit: past it the gcd
 * fails with LM_ELIMIT_TERMS rather than run on (dense remainder sequences can grow). */
typedef struct {
    lm_ctx *ctx;
    uint64_t work, budget;
} gcd_env;

static lm_status spend(gcd_env *g, const lm_poly *p)
{
    g->work += p->n + 1;
    return g->work > g->budget ? LM_ELIMIT_TERMS : LM_OK;
}

/* r = the primitive part of a != 0: without its rational content and its monomial
 * content (each atom's least exponent), so integer coprime coefficients, a positive
 * leading one, and no monomial factor. */
static lm_status prim(gcd_env *g, lm_poly *r, const lm_poly *a)
{
    mpq_t c;
    lm_poly m;
    mpq_init(c);
    lm_poly_init(&m);
    lm_status st = lm_poly_content(g->ctx, c, &m, r, a);
    mpq_clear(c);
    lm_poly_clear(&m);
    return st == LM_OK ? spend(g, r) : st;
}

static lm_status gcd_prim(gcd_env *g, lm_poly *r, const lm_poly *a, const lm_poly *b);

/* r = the content of a in x: the primitive gcd of its coefficients as a polynomial in x. */
static lm_status content_in(gcd_env *g, lm_poly *r, const lm_poly *a, const lm_atom *x)
{
    lm_collected c;
    lm_collected_init(&c);
    lm_status st = lm_poly_collect(g->ctx, &c, a, x);
    if (st == LM_OK)
        st = prim(g, r, &c.coeffs[0]);
    for (size_t i = 1; i < c.n && st == LM_OK && !lm_poly_is_const(r); i++)
        st = gcd_prim(g, r, r, &c.coeffs[i]);
    lm_collected_clear(&c);
    return st;
}

/* r = a / (its content in x), made primitive. */
static lm_status prim_in(gcd_env *g, lm_poly *r, lm_poly *cont, const lm_poly *a,
                         const lm_atom *x)
{
    lm_status st = content_in(g, cont, a, x);
    int exact = 1;
    if (st == LM_OK && !lm_poly_is_const(cont))
        st = lm_poly_div_exact(g->ctx, r, a, cont, &exact);
    else if (st == LM_OK)
        st = lm_poly_set(r, a);
    if (st == LM_OK && !exact)
        st = LM_ELIMIT_TERMS; /* cannot happen: a content divides */
    return st == LM_OK ? prim(g, r, r) : st;
}

/* The pseudo-remainder of f by h in x, one leading coefficient at a time:
 * r = lc(h)^k f - q h with deg_x r < deg_x h. */
static lm_status prem(gcd_env *g, lm_poly *r, const lm_poly *f, const lm_poly *h,
                      lm_atom *x)
{
    int64_t dh = lm_poly_degree(h, x);
    lm_poly lch, lcr, t;
    lm_poly_init(&lch);
    lm_poly_init(&lcr);
    lm_poly_init(&t);
    lm_status st = lm_poly_coeff(g->ctx, &lch, h, x, dh);
    if (st == LM_OK)
        st = lm_poly_set(r, f);
    while (st == LM_OK && r->n) {
        int64_t dr = lm_poly_degree(r, x);
        if (dr < dh)
            break;
        st = lm_poly_coeff(g->ctx, &lcr, r, x, dr);
        if (st == LM_OK && dr > dh) {
            st = lm_poly_set_atom(&t, x);
            if (st == LM_OK)
                st = lm_poly_pow(g->ctx, &t, &t, dr - dh);
            if (st == LM_OK)
                st = lm_poly_mul(g->ctx, &lcr, &lcr, &t);
        }
        if (st == LM_OK)
            st = lm_poly_mul(g->ctx, &t, &lcr, h);
        if (st == LM_OK)
            st = lm_poly_mul(g->ctx, r, r, &lch);
        if (st == LM_OK)
            st = lm_poly_sub(g->ctx, r, r, &t);
        if (st == LM_OK)
            st = spend(g, r);
    }
    lm_poly_clear(&lch);
    lm_poly_clear(&lcr);
    lm_poly_clear(&t);
    return st;
}

/* r = gcd(f, h) for f, h primitive in x and over Z, both of positive degree in x: the
 * primitive remainder sequence, each remainder divided by its content in x. */
static lm_status prs(gcd_env *g, lm_poly *r, const lm_poly *f0, const lm_poly *h0, lm_atom *x)
{
    lm_poly f, h, rem, cont;
    lm_poly_init(&f);
    lm_poly_init(&h);
    lm_poly_init(&rem);
    lm_poly_init(&cont);
    int swap = lm_poly_degree(f0, x) < lm_poly_degree(h0, x);
    lm_status st = lm_poly_set(&f, swap ? h0 : f0);
    if (st == LM_OK)
        st = lm_poly_set(&h, swap ? f0 : h0);
    while (st == LM_OK) {
        st = prem(g, &rem, &f, &h, x);
        if (st != LM_OK)
            break;
        if (rem.n == 0) {
            lm_poly_swap(r, &h);
            break;
        }
        if (lm_poly_degree(&rem, x) <= 0) {
            st = lm_poly_set_si(r, 1);
            break;
        }
        lm_poly_swap(&f, &h);
        st = prim_in(g, &h, &cont, &rem, x);
    }
    lm_poly_clear(&f);
    lm_poly_clear(&h);
    lm_poly_clear(&rem);
    lm_poly_clear(&cont);
    return st;
}

/* ---- images modulo a prime ------------------------------------------------------- */

/* If gcd(a, b) = g has degree d in x, then for values of the other atoms at which a's
 * leading coefficient in x does not vanish mod P, the images of a and b as polynomials
 * in x mod P have a gcd of degree >= d. So an image gcd of degree 0 proves g free of x.
 * The values come from the atoms' hashes: no state, the same every run. */
#define MODP 2147483647u /* 2^31 - 1, prime */
#define MAX_IMAGE_DEG 4096

static uint64_t powmod(uint64_t b, uint64_t e)
{
    uint64_t r = 1;
    b %= MODP;
    for (; e; e >>= 1, b = b * b % MODP)
        if (e & 1)
            r = r * b % MODP;
    return r;
}

static uint64_t atom_value(const lm_atom *a, uint64_t seed)
{
    uint64_t h = (a->hash ^ (seed * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull;
    return (h ^ (h >> 29)) % (MODP - 1) + 1;
}

/* The image of a (no negative exponents) in x: v[0..deg], deg = deg_x a; -1 when the
 * leading coefficient vanishes, a denominator is 0 mod P, or the degree is too large. */
static int64_t image(uint64_t *v, const lm_poly *a, const lm_atom *x, int64_t deg, uint64_t seed)
{
    memset(v, 0, (size_t)(deg + 1) * sizeof *v);
    for (uint32_t i = 0; i < a->n; i++) {
        const lm_term *t = &a->terms[i];
        uint64_t c = mpz_fdiv_ui(mpq_numref(t->coeff), MODP);
        uint64_t dn = mpz_fdiv_ui(mpq_denref(t->coeff), MODP);
        if (!dn)
            return -1;
        c = c * powmod(dn, MODP - 2) % MODP;
        int64_t e = 0;
        for (uint32_t j = 0; j < t->nf; j++) {
            if (t->f[j].atom == x)
                e = t->f[j].exp;
            else
                c = c * powmod(atom_value(t->f[j].atom, seed), (uint64_t)t->f[j].exp) % MODP;
        }
        v[e] = (v[e] + c) % MODP;
    }
    return v[deg] ? deg : -1;
}

/* The degree of gcd(f, g) mod P (f, g dense, leading coefficients non-zero); f and g are
 * overwritten. Euclid's algorithm. */
static int64_t gcd_deg(uint64_t *f, int64_t df, uint64_t *g, int64_t dg)
{
    while (dg >= 0) {
        while (df >= dg && df >= 0) {
            uint64_t q = f[df] * powmod(g[dg], MODP - 2) % MODP;
            for (int64_t k = 0; k <= dg; k++)
                f[df - dg + k] = (f[df - dg + k] + (MODP - q) * g[k]) % MODP;
            while (df >= 0 && !f[df])
                df--;
        }
        uint64_t *t = f;
        f = g;
        g = t;
        int64_t d = df;
        df = dg;
        dg = d;
    }
    return df;
}

/* Is gcd(a, b) certainly free of x (from images at two choices of values)? */
static int free_of(const lm_poly *a, const lm_poly *b, const lm_atom *x, int *oom)
{
    int64_t da = lm_poly_degree(a, x), db = lm_poly_degree(b, x);
    if (da > MAX_IMAGE_DEG || db > MAX_IMAGE_DEG)
        return 0;
    uint64_t *v = lm_malloc((size_t)(da + db + 2) * sizeof *v);
    if (!v) {
        *oom = 1;
        return 0;
    }
    int64_t d = -1;
    for (uint64_t seed = 1; seed <= 2 && d != 0; seed++) {
        int64_t ia = image(v, a, x, da, seed), ib = image(v + da + 1, b, x, db, seed);
        if (ia >= 0 && ib >= 0)
            d = gcd_deg(v, ia, v + da + 1, ib);
    }
    lm_free(v);
    return d == 0;
}

/* ---- the heuristic gcd ------------------------------------------------------------ */

/* GCDHEU (Char, Geddes and Gonnet): evaluate one atom at a large integer xi, take the
 * gcd of the images (recursively, down to integers), rebuild a candidate from its
 * xi-adic digits, and keep it if it divides both. With xi large enough against the
 * coefficients a candidate that divides both is the gcd; a few xi are tried, then the
 * caller falls back to remainder sequences. The gcds here keep their integer content. */
#define HEU_FAILED LM_EUNBOUND /* internal: no candidate found */
#define HEU_MAX_BITS 4096      /* larger evaluation points cost more than they save */

/* The largest |coefficient| of a (integer coefficients). */
static void max_norm(mpz_t m, const lm_poly *a)
{
    mpz_set_ui(m, 0);
    for (uint32_t i = 0; i < a->n; i++)
        if (mpz_cmpabs(mpq_numref(a->terms[i].coeff), m) > 0)
            mpz_abs(m, mpq_numref(a->terms[i].coeff));
}

/* r = a with x := xi. */
static lm_status eval_at(gcd_env *g, lm_poly *r, const lm_poly *a, const lm_atom *x,
                         const mpz_t xi)
{
    lm_collected c;
    lm_collected_init(&c);
    mpq_t q;
    mpq_init(q);
    lm_status st = lm_poly_collect(g->ctx, &c, a, x);
    lm_poly_zero(r);
    for (size_t i = 0; i < c.n && st == LM_OK; i++) {
        /* Horner: r = r * xi^(gap) + c_i */
        int64_t gap = c.exps[i] - (i + 1 < c.n ? c.exps[i + 1] : 0);
        st = lm_poly_add(g->ctx, r, r, &c.coeffs[i]);
        if (st == LM_OK && gap) {
            if (lmp_pow_too_big(g->ctx, q, 0) || (uint64_t)gap * mpz_sizeinbase(xi, 2) >
                                                     g->ctx->limits.max_bits)
                st = LM_ELIMIT_BITS;
            else {
                mpz_pow_ui(mpq_numref(q), xi, (unsigned long)gap);
                mpz_set_ui(mpq_denref(q), 1);
                st = lm_poly_mul_q(g->ctx, r, r, q);
            }
        }
    }
    mpq_clear(q);
    lm_collected_clear(&c);
    return st == LM_OK ? spend(g, r) : st;
}

/* r = sum_i h_i x^i, where the h_i are the symmetric xi-adic digits of h's coefficients. */
static lm_status interpolate(gcd_env *g, lm_poly *r, const lm_poly *h, lm_atom *x,
                             const mpz_t xi, int64_t maxdeg)
{
    lm_poly rest, digit, xp;
    lm_poly_init(&rest);
    lm_poly_init(&digit);
    lm_poly_init(&xp);
    mpz_t half, d;
    mpz_init(half);
    mpz_init(d);
    mpz_fdiv_q_2exp(half, xi, 1);
    lm_poly_zero(r);
    lm_status st = lm_poly_set(&rest, h);
    for (int64_t i = 0; st == LM_OK && rest.n; i++) {
        if (i > maxdeg) {
            st = HEU_FAILED;
            break;
        }
        lm_poly_zero(&digit);
        uint32_t k = 0;
        for (uint32_t j = 0; j < rest.n && st == LM_OK; j++) {
            lm_term *t = &rest.terms[j];
            mpz_fdiv_r(d, mpq_numref(t->coeff), xi);
            if (mpz_cmp(d, half) > 0)
                mpz_sub(d, d, xi);
            if (mpz_sgn(d)) {
                st = lmp_push_copy(&digit, t);
                if (st == LM_OK)
                    mpz_set(mpq_numref(digit.terms[digit.n - 1].coeff), d);
            }
            mpz_sub(mpq_numref(t->coeff), mpq_numref(t->coeff), d);
            mpz_divexact(mpq_numref(t->coeff), mpq_numref(t->coeff), xi);
            if (mpz_sgn(mpq_numref(t->coeff)))
                rest.terms[k++] = *t;
            else
                lmp_term_clear(t);
        }
        rest.n = k;
        if (st == LM_OK && digit.n) {
            st = lm_poly_set_atom(&xp, x);
            if (st == LM_OK)
                st = lm_poly_pow(g->ctx, &xp, &xp, i);
            if (st == LM_OK)
                st = lm_poly_mul(g->ctx, &digit, &digit, &xp);
            if (st == LM_OK)
                st = lm_poly_add(g->ctx, r, r, &digit);
        }
        if (st == LM_OK)
            st = spend(g, r);
    }
    mpz_clear(half);
    mpz_clear(d);
    lm_poly_clear(&rest);
    lm_poly_clear(&digit);
    lm_poly_clear(&xp);
    return st;
}

/* The integer content of a (integer coefficients), positive. */
static void int_content(mpz_t c, const lm_poly *a)
{
    mpz_set_ui(c, 0);
    for (uint32_t i = 0; i < a->n; i++)
        mpz_gcd(c, c, mpq_numref(a->terms[i].coeff));
}

static lm_status heu(gcd_env *g, lm_poly *r, const lm_poly *f0, const lm_poly *g0)
{
    mpz_t cf, cg, nf, ng, xi, t;
    mpz_inits(cf, cg, nf, ng, xi, t, NULL);
    mpq_t q;
    mpq_init(q);
    lm_poly f, h, ff, gg, hh, quo;
    lm_poly *all[] = {&f, &h, &ff, &gg, &hh, &quo};
    for (size_t i = 0; i < 6; i++)
        lm_poly_init(all[i]);
    lm_status st = LM_OK;
    int_content(cf, f0);
    int_content(cg, g0);
    mpz_gcd(t, cf, cg);
    mpq_set_z(q, t);
    if (lm_poly_is_const(f0) || lm_poly_is_const(g0)) {
        st = lm_poly_set_q(r, q);
        goto done;
    }
    /* the main atom: the first factor of f's leading term (f has degree >= 1) */
    uint32_t lead = 0;
    while (!f0->terms[lead].nf)
        lead++;
    lm_atom *x = f0->terms[lead].f[0].atom;
    max_norm(nf, f0);
    max_norm(ng, g0);
    mpz_divexact(nf, nf, cf);
    mpz_divexact(ng, ng, cg);
    /* xi = max(min(B, 99 sqrt(B)), 2 min(|f|/|lc f|, |g|/|lc g|) + 4), B = 2 min + 29 */
    mpz_set(xi, mpz_cmp(nf, ng) < 0 ? nf : ng);
    mpz_mul_ui(xi, xi, 2);
    mpz_add_ui(xi, xi, 29);
    mpz_sqrt(t, xi);
    mpz_mul_ui(t, t, 99);
    if (mpz_cmp(t, xi) < 0)
        mpz_set(xi, t);
    {
        mpz_t a, b;
        mpz_inits(a, b, NULL);
        mpz_tdiv_q(a, nf, mpq_numref(f0->terms[0].coeff));
        mpz_tdiv_q(b, ng, mpq_numref(g0->terms[0].coeff));
        mpz_abs(a, a);
        mpz_abs(b, b);
        if (mpz_cmp(b, a) < 0)
            mpz_set(a, b);
        mpz_mul_ui(a, a, 2);
        mpz_add_ui(a, a, 4);
        if (mpz_cmp(a, xi) > 0)
            mpz_set(xi, a);
        mpz_clears(a, b, NULL);
    }
    int64_t maxdeg = lm_poly_degree(f0, x);
    st = HEU_FAILED;
    for (int attempt = 0; attempt < 6 && st == HEU_FAILED; attempt++) {
        if (mpz_sizeinbase(xi, 2) > HEU_MAX_BITS)
            break;
        lm_status s = eval_at(g, &ff, f0, x, xi);
        if (s == LM_OK)
            s = eval_at(g, &gg, g0, x, xi);
        if (s == LM_OK && ff.n && gg.n)
            s = heu(g, &hh, &ff, &gg);
        if (s == LM_OK && ff.n && gg.n)
            s = interpolate(g, &h, &hh, x, xi, maxdeg);
        int e1 = 0, e2 = 0;
        if (s == LM_OK && ff.n && gg.n && h.n) {
            /* the candidate's primitive part, with the inputs' integer content */
            mpz_t c;
            mpz_init(c);
            int_content(c, &h);
            if (mpq_sgn(h.terms[0].coeff) < 0)
                mpz_neg(c, c);
            mpq_set_z(q, c);
            mpq_inv(q, q);
            mpz_clear(c);
            s = lm_poly_mul_q(g->ctx, &h, &h, q);
            if (s == LM_OK)
                s = lm_poly_div_exact(g->ctx, &quo, f0, &h, &e1);
            if (s == LM_OK && e1)
                s = lm_poly_div_exact(g->ctx, &quo, g0, &h, &e2);
        }
        if (s == LM_ENOMEM || s == LM_ELIMIT_DEPTH) {
            st = s;
        } else if (s == LM_OK && e1 && e2) {
            mpq_set_z(q, cf);
            mpz_gcd(mpq_numref(q), mpq_numref(q), cg);
            st = lm_poly_mul_q(g->ctx, r, &h, q);
        } else if (s != LM_OK && s != HEU_FAILED) {
            break; /* a limit: give up on the heuristic */
        }
        /* next xi = xi * 73794 * xi^(1/4) / 27011 */
        mpz_sqrt(t, xi);
        mpz_sqrt(t, t);
        mpz_mul(xi, xi, t);
        mpz_mul_ui(xi, xi, 73794);
        mpz_fdiv_q_ui(xi, xi, 27011);
    }
done:
    mpz_clears(cf, cg, nf, ng, xi, t, NULL);
    mpq_clear(q);
    for (size_t i = 0; i < 6; i++)
        lm_poly_clear(all[i]);
    return st;
}

/* ---- the recursion ---------------------------------------------------------------- */

/* An atom of a that b lacks, or NULL. */
static lm_atom *atom_only_in(lm_atom **aa, size_t na, lm_atom **bb, size_t nb)
{
    for (size_t i = 0, j = 0; i < na; i++) {
        while (j < nb && lm_atom_cmp(bb[j], aa[i]) < 0)
            j++;
        if (j == nb || bb[j] != aa[i])
            return aa[i];
    }
    return NULL;
}

/* The common atom of least degree (fewest steps in the remainder sequence). */
static lm_atom *main_atom(lm_atom **v, size_t n, const lm_poly *a, const lm_poly *b)
{
    lm_atom *best = NULL;
    int64_t bd = INT64_MAX;
    for (size_t i = 0; i < n; i++) {
        int64_t da = lm_poly_degree(a, v[i]), db = lm_poly_degree(b, v[i]);
        int64_t d = da < db ? da : db;
        if (d < bd) {
            bd = d;
            best = v[i];
        }
    }
    return best;
}

/* r = gcd(a, b), a and b non-zero; the result is primitive (see prim). */
static lm_status gcd_prim(gcd_env *g, lm_poly *r, const lm_poly *a0, const lm_poly *b0)
{
    lm_poly a, b, ca, cb, pa, pb, h;
    lm_poly *all[] = {&a, &b, &ca, &cb, &pa, &pb, &h};
    for (size_t i = 0; i < 7; i++)
        lm_poly_init(all[i]);
    lm_atom **va = NULL, **vb = NULL;
    size_t na = 0, nb = 0;
    lm_status st = prim(g, &a, a0);
    if (st == LM_OK)
        st = prim(g, &b, b0);
    for (;;) {
        lm_free(va);
        lm_free(vb);
        va = vb = NULL;
        if (st != LM_OK)
            break;
        if (lm_poly_is_const(&a) || lm_poly_is_const(&b)) {
            st = lm_poly_set_si(r, 1);
            break;
        }
        if (lm_poly_equal(&a, &b)) {
            lm_poly_swap(r, &a);
            break;
        }
        st = lmp_atoms(&va, &na, &a, NULL);
        if (st == LM_OK)
            st = lmp_atoms(&vb, &nb, &b, NULL);
        if (st != LM_OK)
            continue;
        /* images decide most cases at once: the gcd is 1 when it is free of every atom
         * both have (it cannot hold one that only one side has) */
        int oom = 0, all_free = 1;
        lm_atom *freed = NULL;
        for (size_t i = 0, j = 0; i < na && !oom; i++) {
            while (j < nb && lm_atom_cmp(vb[j], va[i]) < 0)
                j++;
            if (j == nb || vb[j] != va[i])
                continue;
            if (free_of(&a, &b, va[i], &oom))
                freed = freed ? freed : va[i];
            else
                all_free = 0;
        }
        if (oom) {
            st = LM_ENOMEM;
            continue;
        }
        if (all_free) {
            st = lm_poly_set_si(r, 1);
            break;
        }
        /* free of some atom: the gcd divides both contents in it */
        if (freed) {
            st = content_in(g, &a, &a, freed);
            if (st == LM_OK)
                st = content_in(g, &b, &b, freed);
            continue;
        }
        /* an atom only one side has: the gcd divides that side's content in it */
        lm_atom *x = atom_only_in(va, na, vb, nb);
        if (x) {
            st = content_in(g, &a, &a, x);
            continue;
        }
        x = atom_only_in(vb, nb, va, na);
        if (x) {
            st = content_in(g, &b, &b, x);
            continue;
        }
        /* the smaller one may divide the other */
        const lm_poly *sm = a.n <= b.n ? &a : &b, *bg = a.n <= b.n ? &b : &a;
        int exact = 0;
        st = lm_poly_div_exact(g->ctx, &h, bg, sm, &exact);
        if (st == LM_OK && exact) {
            st = lm_poly_set(r, sm);
            break;
        }
        st = heu(g, &h, &a, &b);
        if (st == LM_OK) {
            st = prim(g, r, &h);
            break;
        }
        if (st != HEU_FAILED)
            break;
        st = LM_OK;
        x = main_atom(va, na, &a, &b);
        st = prim_in(g, &pa, &ca, &a, x);
        if (st == LM_OK)
            st = prim_in(g, &pb, &cb, &b, x);
        if (st == LM_OK)
            st = gcd_prim(g, &ca, &ca, &cb);
        if (st == LM_OK)
            st = prs(g, &h, &pa, &pb, x);
        if (st == LM_OK)
            st = lm_poly_mul(g->ctx, &h, &h, &ca);
        if (st == LM_OK)
            st = prim(g, r, &h);
        break;
    }
    lm_free(va);
    lm_free(vb);
    for (size_t i = 0; i < 7; i++)
        lm_poly_clear(all[i]);
    return st;
}

lm_status lmp_gcd(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    if (a->n == 0 || b->n == 0) {
        const lm_poly *c = a->n ? a : b;
        if (!c->n)
            return lm_poly_set_si(r, 1);
        gcd_env g = {ctx, 0, UINT64_MAX};
        return prim(&g, r, c);
    }
    /* a monomial shares no non-monomial factor with anything */
    if (a->n == 1 || b->n == 1)
        return lm_poly_set_si(r, 1);
    uint64_t mt = ctx->limits.max_terms;
    gcd_env g = {ctx, 0, mt > UINT64_MAX / 16 ? UINT64_MAX : 16 * mt + 1024};
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = gcd_prim(&g, &t, a, b);
    return lmp_take(r, &t, st);
}
