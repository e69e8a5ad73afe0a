/* mul.c: multiplication of canonical polynomials.
 * Products stream out of a heap already sorted, so the term limit is checked exactly as
 * terms are produced and no unsorted intermediate is ever built. */
#include "base/alloc.h"
#include "poly/poly.h"
#include "poly/poly_impl.h"
#include <string.h>

/* ---- multiplication ---------------------------------------------------------------- */

/* One stream of the heap multiplication: the products a_i * b_j for j = 0, 1, ...;
 * f holds the factors of the current product. */
typedef struct {
    uint32_t i, j, nf;
    int64_t deg;
    lm_factor *f;
} stream;

static int stream_gt(const stream *x, const stream *y)
{
    return lmp_fac_cmp(x->deg, x->f, x->nf, y->deg, y->f, y->nf) > 0;
}

static void heap_down(stream **h, size_t n, size_t k)
{
    for (;;) {
        size_t l = 2 * k + 1, m = k;
        if (l < n && stream_gt(h[l], h[m]))
            m = l;
        if (l + 1 < n && stream_gt(h[l + 1], h[m]))
            m = l + 1;
        if (m == k)
            return;
        stream *t = h[k];
        h[k] = h[m];
        h[m] = t;
        k = m;
    }
}

static int stream_load(stream *s, const lm_poly *a, const lm_poly *b, int64_t maxe)
{
    const lm_term *x = &a->terms[s->i], *y = &b->terms[s->j];
    int64_t k = lmp_fac_mul(s->f, x->f, x->nf, y->f, y->nf, maxe);
    if (k < 0)
        return 0;
    s->nf = (uint32_t)k;
    s->deg = 0;
    for (uint32_t t = 0; t < s->nf; t++)
        s->deg += s->f[t].exp;
    return 1;
}

/* Integer numerators of p over the common denominator den: p's own numerators when every
 * denominator is 1 (no copy), else scaled copies in *own (to free with scaled_free). */
static const __mpz_struct **scaled(const lm_poly *p, mpz_t den, mpz_t **own)
{
    const __mpz_struct **v = lm_malloc(p->n * sizeof *v);
    *own = NULL;
    if (!v)
        return NULL;
    mpz_set_ui(den, 1);
    for (uint32_t i = 0; i < p->n; i++)
        mpz_lcm(den, den, mpq_denref(p->terms[i].coeff));
    if (mpz_cmp_ui(den, 1) == 0) {
        for (uint32_t i = 0; i < p->n; i++)
            v[i] = mpq_numref(p->terms[i].coeff);
        return v;
    }
    *own = lm_malloc(p->n * sizeof **own);
    if (!*own) {
        lm_free(v);
        return NULL;
    }
    for (uint32_t i = 0; i < p->n; i++) {
        mpz_init((*own)[i]);
        mpz_divexact((*own)[i], den, mpq_denref(p->terms[i].coeff));
        mpz_mul((*own)[i], (*own)[i], mpq_numref(p->terms[i].coeff));
        v[i] = (*own)[i];
    }
    return v;
}

static void scaled_free(const __mpz_struct **v, mpz_t *own, uint32_t n)
{
    if (own) {
        for (uint32_t i = 0; i < n; i++)
            mpz_clear(own[i]);
        lm_free(own);
    }
    lm_free(v);
}

/* Johnson's heap multiplication: one stream per term of a (the shorter), merged through
 * a heap, so the product comes out sorted and equal monomials meet consecutively. Work is
 * O(n m log n) comparisons, memory O(n + result), and the term limit is exact: finished
 * terms never change. Coefficients are accumulated as integers over a common denominator. */
static lm_status mul_heap(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    uint32_t ma = 0, mb = 0;
    for (uint32_t i = 0; i < a->n; i++)
        ma = a->terms[i].nf > ma ? a->terms[i].nf : ma;
    for (uint32_t j = 0; j < b->n; j++)
        mb = b->terms[j].nf > mb ? b->terms[j].nf : mb;
    size_t cap = (size_t)ma + mb;
    /* the work: every pair of terms, their numbers' limbs multiplied */
    uint64_t la = 0, lb = 0;
    for (uint32_t i = 0; i < a->n; i++)
        la += lmp_q_bits(a->terms[i].coeff) / 64 + 1;
    for (uint32_t j = 0; j < b->n; j++)
        lb += lmp_q_bits(b->terms[j].coeff) / 64 + 1;
    uint64_t pairs = (uint64_t)a->n * b->n, maxw = lmp_max_work(ctx), pw = lmp_pair_work(a->n);
    if (pairs > maxw / pw || (la && lb > (maxw - pw * pairs) / la))
        return LM_ELIMIT_SIZE;
    stream *st = lm_malloc(a->n * sizeof *st);
    stream **heap = lm_malloc(a->n * sizeof *heap);
    lm_factor *fbuf = lm_malloc((cap ? cap : 1) * a->n * sizeof *fbuf);
    mpz_t da, db;
    mpz_init(da);
    mpz_init(db);
    mpz_t *ownA, *ownB;
    const __mpz_struct **A = scaled(a, da, &ownA), **B = scaled(b, db, &ownB);
    mpz_mul(da, da, db); /* the denominator of every product */
    int64_t maxe = lmp_max_exp(ctx);
    lm_status rc = LM_OK;
    size_t hn = 0;
    if (!st || !heap || !fbuf || !A || !B)
        rc = LM_ENOMEM;
    for (uint32_t i = 0; i < a->n && rc == LM_OK; i++) {
        st[i].i = i;
        st[i].j = 0;
        st[i].f = fbuf + cap * i;
        if (!stream_load(&st[i], a, b, maxe))
            rc = LM_ELIMIT_EXP;
        heap[hn++] = &st[i];
    }
    for (size_t k = hn / 2; k-- > 0;)
        heap_down(heap, hn, k);
    int64_t last_deg = 0;
    while (rc == LM_OK && hn) {
        stream *s = heap[0];
        lm_term *t = r->n ? &r->terms[r->n - 1] : NULL;
        if (t && lmp_fac_cmp(last_deg, t->f, t->nf, s->deg, s->f, s->nf) == 0) {
            mpz_addmul(mpq_numref(t->coeff), A[s->i], B[s->j]);
        } else {
            if (t && mpz_sgn(mpq_numref(t->coeff)) == 0)
                lmp_pop(r);
            if (r->n >= ctx->limits.max_terms) {
                rc = LM_ELIMIT_TERMS;
                break;
            }
            t = lmp_push(r, s->nf);
            if (!t) {
                rc = LM_ENOMEM;
                break;
            }
            if (s->nf)
                memcpy(t->f, s->f, s->nf * sizeof *s->f);
            mpz_mul(mpq_numref(t->coeff), A[s->i], B[s->j]);
            last_deg = s->deg;
        }
        if (++s->j < b->n) {
            if (!stream_load(s, a, b, maxe))
                rc = LM_ELIMIT_EXP;
        } else {
            heap[0] = heap[--hn];
        }
        heap_down(heap, hn, 0);
    }
    if (rc == LM_OK && r->n && mpz_sgn(mpq_numref(r->terms[r->n - 1].coeff)) == 0)
        lmp_pop(r);
    if (rc == LM_OK && mpz_cmp_ui(da, 1) != 0)
        for (uint32_t k = 0; k < r->n; k++) {
            mpz_set(mpq_denref(r->terms[k].coeff), da);
            mpq_canonicalize(r->terms[k].coeff);
        }
    scaled_free(A, ownA, a->n);
    scaled_free(B, ownB, b->n);
    mpz_clear(da);
    mpz_clear(db);
    lm_free(st);
    lm_free(heap);
    lm_free(fbuf);
    return rc == LM_OK ? lmp_check(ctx, r) : rc;
}

lm_status lm_poly_mul(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = LM_OK;
    if (lmp_has_inv(a) || lmp_has_inv(b)) {
        st = lmp_frac_mul(ctx, &t, a, b);
        return LMP_ENSURE(lmp_take(r, &t, st), r);
    }
    if (a->n > b->n) {
        const lm_poly *s = a;
        a = b;
        b = s;
    }
    /* now a has fewer terms: one heap stream each */
    if (a->n == 1) {
        /* a monomial multiplier keeps b's order */
        for (uint32_t j = 0; j < b->n && st == LM_OK; j++)
            st = lmp_push_mul(ctx, &t, &b->terms[j], &a->terms[0]);
        if (st == LM_OK)
            st = lmp_check(ctx, &t);
    } else if (a->n > 1) {
        st = mul_heap(ctx, &t, a, b);
    }
    return LMP_ENSURE(lmp_take(r, &t, st), r);
}

