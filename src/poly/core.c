/* core.c: canonical polynomials: the context and atom intern table, the orders, term
 * lists and add/sub. Atoms are interned so equality of structure is pointer equality. */
#include "poly/poly.h"
#include "base/alloc.h"
#include "poly/poly_impl.h"
#include <stdlib.h>
#include <string.h>

/* ---- status, limits, context ------------------------------------------------------- */

const char *lm_status_str(lm_status s)
{
    switch (s) {
    case LM_OK: return "ok";
    case LM_ENOMEM: return "out of memory";
    case LM_EDIVZERO: return "division by zero";
    case LM_ELIMIT_TERMS: return "too many terms";
    case LM_ELIMIT_BITS: return "number too large";
    case LM_ELIMIT_SIZE: return "result too large";
    case LM_ELIMIT_EXP: return "exponent too large";
    case LM_ELIMIT_DEPTH: return "nesting too deep";
    case LM_ENOTCONST: return "not a constant";
    case LM_ENOTINT: return "not an integer";
    case LM_EUNBOUND: return "unbound symbol";
    }
    return "unknown error";
}

void lm_ctx_init(lm_ctx *ctx)
{
    lm_limits_default(&ctx->limits);
    ctx->table = NULL; /* allocated on first use, so init cannot fail */
    ctx->table_size = ctx->natoms = 0;
    ctx->depth = 0;
}

static void atom_free(lm_atom *a)
{
    if (a->kind == LM_ATOM_SYM) {
        lm_free((char *)a->name);
    } else {
        for (int i = 0; i < a->nargs; i++)
            lm_poly_clear(&a->args[i]);
        lm_free(a->args);
    }
    lm_free((lmp_atom *)(void *)a);
}

void lm_ctx_clear(lm_ctx *ctx)
{
    for (size_t i = 0; i < ctx->table_size; i++) {
        lm_atom *a = ctx->table[i];
        while (a) {
            lm_atom *next = a->next;
            atom_free(a);
            a = next;
        }
    }
    lm_free(ctx->table);
    ctx->table = NULL;
    ctx->table_size = ctx->natoms = 0;
}

int64_t lmp_max_exp(const lm_ctx *ctx)
{
    int64_t m = ctx->limits.max_exponent;
    return m > INT32_MAX ? INT32_MAX : (m < 0 ? 0 : m);
}

/* ---- hashing and interning --------------------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

static uint64_t poly_hash(const lm_poly *p)
{
    uint64_t h = p->n;
    for (uint32_t i = 0; i < p->n; i++) {
        const lm_term *t = &p->terms[i];
        h = mix(h, (uint64_t)mpz_getlimbn(mpq_numref(t->coeff), 0));
        h = mix(h, (uint64_t)(int64_t)mpz_sgn(mpq_numref(t->coeff)));
        h = mix(h, (uint64_t)mpz_getlimbn(mpq_denref(t->coeff), 0));
        for (uint32_t j = 0; j < t->nf; j++)
            h = mix(mix(h, t->f[j].atom->hash), (uint64_t)(int64_t)t->f[j].exp);
    }
    return h;
}

/* Double the table when it is full, so chains stay short. */
static int table_grow(lm_ctx *ctx)
{
    if (ctx->natoms < ctx->table_size)
        return 1;
    size_t nsize = ctx->table_size ? ctx->table_size * 2 : 64;
    lm_atom **nt = lm_calloc(nsize, sizeof *nt);
    if (!nt)
        return 0;
    for (size_t i = 0; i < ctx->table_size; i++) {
        lm_atom *a = ctx->table[i];
        while (a) {
            lm_atom *next = a->next;
            a->next = nt[a->hash & (nsize - 1)];
            nt[a->hash & (nsize - 1)] = a;
            a = next;
        }
    }
    lm_free(ctx->table);
    ctx->table = nt;
    ctx->table_size = nsize;
    return 1;
}

static void table_insert(lm_ctx *ctx, lm_atom *a)
{
    size_t k = a->hash & (ctx->table_size - 1);
    a->next = ctx->table[k];
    ctx->table[k] = a;
    ctx->natoms++;
}

lm_atom *lm_ctx_find_symbol(const lm_ctx *ctx, const char *name)
{
    if (!ctx->table_size)
        return NULL;
    uint64_t h = str_hash(name);
    for (lm_atom *a = ctx->table[h & (ctx->table_size - 1)]; a; a = a->next)
        if (a->hash == h && a->kind == LM_ATOM_SYM && strcmp(a->name, name) == 0)
            return a;
    return NULL;
}

lm_atom *lm_ctx_symbol(lm_ctx *ctx, const char *name)
{
    lm_atom *a = lm_ctx_find_symbol(ctx, name);
    if (a)
        return a;
    if (!table_grow(ctx))
        return NULL;
    lmp_atom *na = lm_calloc(1, sizeof *na);
    if (!na)
        return NULL;
    na->pub.name = lm_strdup(name);
    if (!na->pub.name) {
        lm_free(na);
        return NULL;
    }
    na->pub.kind = LM_ATOM_SYM;
    na->pub.hash = str_hash(name);
    na->depth = 0;
    table_insert(ctx, &na->pub);
    return &na->pub;
}

lm_atom *lmp_func_atom(lm_ctx *ctx, lm_atom_kind kind, int nargs, const lm_poly *args,
                       lm_status *st)
{
    uint64_t h = mix(0x51ed2701u + (uint64_t)kind, (uint64_t)nargs);
    for (int i = 0; i < nargs; i++)
        h = mix(h, poly_hash(&args[i]));
    if (ctx->table_size) {
        for (lm_atom *a = ctx->table[h & (ctx->table_size - 1)]; a; a = a->next) {
            if (a->hash != h || a->kind != kind || a->nargs != nargs)
                continue;
            int same = 1;
            for (int i = 0; i < nargs && same; i++)
                same = lm_poly_equal(&a->args[i], &args[i]);
            if (same)
                return a;
        }
    }
    uint32_t depth = 0;
    for (int i = 0; i < nargs; i++)
        for (uint32_t j = 0; j < args[i].n; j++)
            for (uint32_t k = 0; k < args[i].terms[j].nf; k++) {
                uint32_t d = LMP_DEPTH(args[i].terms[j].f[k].atom);
                depth = d > depth ? d : depth;
            }
    if (depth + 1 > ctx->limits.max_depth) {
        *st = LM_ELIMIT_DEPTH;
        return NULL;
    }
#ifdef LM_CHECK_CANONICAL
    for (int i = 0; i < nargs; i++)
        if (!lm_poly_is_canonical(&args[i]))
            abort();
#endif
    *st = LM_ENOMEM;
    if (!table_grow(ctx))
        return NULL;
    lmp_atom *na = lm_calloc(1, sizeof *na);
    if (!na)
        return NULL;
    na->pub.args = lm_malloc((size_t)nargs * sizeof(lm_poly));
    if (!na->pub.args) {
        lm_free(na);
        return NULL;
    }
    for (int i = 0; i < nargs; i++)
        lm_poly_init(&na->pub.args[i]);
    na->pub.nargs = nargs;
    na->pub.kind = kind;
    na->pub.hash = h;
    na->depth = depth + 1;
    for (int i = 0; i < nargs; i++) {
        if (lm_poly_set(&na->pub.args[i], &args[i]) != LM_OK) {
            atom_free(&na->pub);
            return NULL;
        }
    }
    table_insert(ctx, &na->pub);
    *st = LM_OK;
    return &na->pub;
}

/* ---- orders ------------------------------------------------------------------------ */

int lm_atom_cmp(const lm_atom *a, const lm_atom *b)
{
    if (a == b)
        return 0;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->kind == LM_ATOM_SYM) {
        int c = strcmp(a->name, b->name);
        return c < 0 ? -1 : c > 0;
    }
    if (a->nargs != b->nargs)
        return a->nargs < b->nargs ? -1 : 1;
    for (int i = 0; i < a->nargs; i++) {
        int c = lm_poly_cmp(&a->args[i], &b->args[i]);
        if (c)
            return c;
    }
    return 0;
}

int64_t lmp_term_degree(const lm_term *t)
{
    int64_t d = 0;
    for (uint32_t i = 0; i < t->nf; i++)
        d += t->f[i].exp;
    return d;
}

/* Degree first, then lexicographic on exponent vectors indexed in atom order (an atom a
 * term lacks has exponent 0). Both parts respect multiplication, so multiplying a sorted
 * list by one monomial keeps it sorted and leading terms multiply. */
int lmp_fac_cmp(int64_t da, const lm_factor *fa, uint32_t na, int64_t db,
                   const lm_factor *fb, uint32_t nb)
{
    if (da != db)
        return da > db ? 1 : -1;
    for (uint32_t i = 0;; i++) {
        if (i == na && i == nb)
            return 0;
        if (i == na)
            return fb[i].exp > 0 ? -1 : 1;
        if (i == nb)
            return fa[i].exp > 0 ? 1 : -1;
        if (fa[i].atom != fb[i].atom) {
            if (lm_atom_cmp(fa[i].atom, fb[i].atom) < 0)
                return fa[i].exp > 0 ? 1 : -1;
            return fb[i].exp > 0 ? -1 : 1;
        }
        if (fa[i].exp != fb[i].exp)
            return fa[i].exp > fb[i].exp ? 1 : -1;
    }
}

int lm_mono_cmp(const lm_term *a, const lm_term *b)
{
    return lmp_fac_cmp(lmp_term_degree(a), a->f, a->nf, lmp_term_degree(b), b->f, b->nf);
}

int lm_poly_cmp(const lm_poly *a, const lm_poly *b)
{
    uint32_t n = a->n < b->n ? a->n : b->n;
    for (uint32_t i = 0; i < n; i++) {
        int c = lm_mono_cmp(&a->terms[i], &b->terms[i]);
        if (c)
            return c;
        c = mpq_cmp(a->terms[i].coeff, b->terms[i].coeff);
        if (c)
            return c < 0 ? -1 : 1;
    }
    return a->n < b->n ? -1 : a->n > b->n;
}

/* Atoms are interned, so structural equality compares atom pointers. */
int lm_poly_equal(const lm_poly *a, const lm_poly *b)
{
    if (a->n != b->n)
        return 0;
    for (uint32_t i = 0; i < a->n; i++) {
        const lm_term *s = &a->terms[i], *t = &b->terms[i];
        if (s->nf != t->nf || !mpq_equal(s->coeff, t->coeff))
            return 0;
        for (uint32_t j = 0; j < s->nf; j++)
            if (s->f[j].atom != t->f[j].atom || s->f[j].exp != t->f[j].exp)
                return 0;
    }
    return 1;
}

/* ---- terms and scratch lists ------------------------------------------------------- */

void lmp_term_clear(lm_term *t)
{
    mpq_clear(t->coeff);
    lm_free(t->f);
}

lm_term *lmp_push(lm_poly *p, uint32_t nf)
{
    if (p->n == p->alloc) {
        if (p->alloc >= UINT32_MAX / 2)
            return NULL;
        uint32_t na = p->alloc ? p->alloc * 2 : 4;
        lm_term *nt = lm_realloc(p->terms, (size_t)na * sizeof *nt);
        if (!nt)
            return NULL;
        p->terms = nt;
        p->alloc = na;
    }
    lm_term *t = &p->terms[p->n];
    t->f = NULL;
    if (nf) {
        t->f = lm_malloc((size_t)nf * sizeof *t->f);
        if (!t->f)
            return NULL;
    }
    mpq_init(t->coeff);
    t->nf = nf;
    p->n++;
    return t;
}

lm_status lmp_push_copy(lm_poly *p, const lm_term *t)
{
    lm_term *d = lmp_push(p, t->nf);
    if (!d)
        return LM_ENOMEM;
    mpq_set(d->coeff, t->coeff);
    if (t->nf)
        memcpy(d->f, t->f, t->nf * sizeof *t->f);
    return LM_OK;
}

void lmp_pop(lm_poly *p)
{
    lmp_term_clear(&p->terms[--p->n]);
}

/* Factors of the product of two monomials into f (room for na + nb); returns the count,
 * or -1 when an exponent leaves the limit. */
int64_t lmp_fac_mul(lm_factor *f, const lm_factor *fa, uint32_t na, const lm_factor *fb,
                       uint32_t nb, int64_t maxe)
{
    uint32_t i = 0, j = 0, k = 0;
    while (i < na || j < nb) {
        int c;
        if (i == na)
            c = 1;
        else if (j == nb)
            c = -1;
        else if (fa[i].atom == fb[j].atom)
            c = 0;
        else
            c = lm_atom_cmp(fa[i].atom, fb[j].atom);
        if (c < 0) {
            f[k++] = fa[i++];
        } else if (c > 0) {
            f[k++] = fb[j++];
        } else {
            int64_t e = (int64_t)fa[i].exp + fb[j].exp;
            if (e > maxe || e < -maxe)
                return -1;
            if (e) {
                f[k].atom = fa[i].atom;
                f[k++].exp = (int32_t)e;
            }
            i++;
            j++;
        }
    }
    return k;
}

lm_status lmp_push_mul(lm_ctx *ctx, lm_poly *p, const lm_term *a, const lm_term *b)
{
    lm_term *t = lmp_push(p, a->nf + b->nf);
    if (!t)
        return LM_ENOMEM;
    int64_t k = lmp_fac_mul(t->f, a->f, a->nf, b->f, b->nf, lmp_max_exp(ctx));
    if (k < 0) {
        lmp_pop(p);
        return LM_ELIMIT_EXP;
    }
    t->nf = (uint32_t)k;
    if (!k) {
        lm_free(t->f);
        t->f = NULL;
    }
    mpq_mul(t->coeff, a->coeff, b->coeff);
    return LM_OK;
}

lm_status lmp_move_terms(lm_poly *dst, lm_poly *src)
{
    if (src->n > dst->alloc - dst->n) {
        uint64_t need = (uint64_t)dst->n + src->n;
        if (need > UINT32_MAX / 2)
            return LM_ELIMIT_TERMS;
        uint32_t na = dst->alloc ? dst->alloc : 4;
        while (na < need)
            na *= 2;
        lm_term *nt = lm_realloc(dst->terms, (size_t)na * sizeof *nt);
        if (!nt)
            return LM_ENOMEM;
        dst->terms = nt;
        dst->alloc = na;
    }
    if (src->n) /* memcpy from NULL is undefined even for zero bytes */
        memcpy(dst->terms + dst->n, src->terms, src->n * sizeof *src->terms);
    dst->n += src->n;
    src->n = 0;
    return LM_OK;
}

int32_t lmp_term_exp(const lm_term *t, const lm_atom *x)
{
    for (uint32_t i = 0; i < t->nf; i++)
        if (t->f[i].atom == x)
            return t->f[i].exp;
    return 0;
}

static int term_desc(const void *x, const void *y)
{
    return -lm_mono_cmp((const lm_term *)x, (const lm_term *)y);
}

lm_status lmp_check_q(const lm_ctx *ctx, const mpq_t q)
{
    /* GMP never sees an allocation fail (alloc.c serves it from a reserve), so every
     * checked result also asks whether one did. */
    if (lm_alloc_exhausted())
        return LM_ENOMEM;
    if (mpz_sizeinbase(mpq_numref(q), 2) > ctx->limits.max_bits ||
        mpz_sizeinbase(mpq_denref(q), 2) > ctx->limits.max_bits)
        return LM_ELIMIT_BITS;
    return LM_OK;
}

/* The size of a result is the bits of all its coefficients: terms times digits, what
 * its memory and the time to print it grow with. */
lm_status lmp_check(const lm_ctx *ctx, const lm_poly *p)
{
    if (p->n > ctx->limits.max_terms)
        return LM_ELIMIT_TERMS;
    uint64_t size = 0;
    for (uint32_t i = 0; i < p->n; i++) {
        if (lmp_check_q(ctx, p->terms[i].coeff) != LM_OK)
            return lm_alloc_exhausted() ? LM_ENOMEM : LM_ELIMIT_BITS;
        size += lmp_q_bits(p->terms[i].coeff);
    }
    return size > ctx->limits.max_size ? LM_ELIMIT_SIZE : LM_OK;
}

uint64_t lmp_max_work(const lm_ctx *ctx)
{
    uint64_t s = ctx->limits.max_size;
    return s > UINT64_MAX / 8 ? UINT64_MAX : 8 * s;
}

uint64_t lmp_pair_work(uint64_t streams)
{
    uint64_t levels = 1;
    while (streams > 1 && levels < 64) {
        streams >>= 1;
        levels++;
    }
    return 16 * levels;
}

uint64_t lmp_q_bits(const mpq_t q)
{
    return mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2);
}

int lmp_pow_too_big(const lm_ctx *ctx, const mpq_t q, uint64_t e)
{
    size_t b = mpz_sizeinbase(mpq_numref(q), 2), bd = mpz_sizeinbase(mpq_denref(q), 2);
    b = bd > b ? bd : b;
    if (b <= 1 || e == 0)
        return 0;
    /* |x| >= 2^(b-1), so x^e has at least (b-1)*e + 1 bits */
    uint64_t lim = ctx->limits.max_bits;
    if ((uint64_t)(b - 1) > lim / e)
        return 1;
    return (uint64_t)(b - 1) * e + 1 > lim;
}

lm_status lmp_normalize(lm_ctx *ctx, lm_poly *p)
{
    if (p->n > 1)
        qsort(p->terms, p->n, sizeof *p->terms, term_desc);
    uint32_t k = 0;
    for (uint32_t i = 0; i < p->n; i++) {
        if (k > 0 && lm_mono_cmp(&p->terms[k - 1], &p->terms[i]) == 0) {
            mpq_add(p->terms[k - 1].coeff, p->terms[k - 1].coeff, p->terms[i].coeff);
            lmp_term_clear(&p->terms[i]);
            continue;
        }
        if (k > 0 && mpq_sgn(p->terms[k - 1].coeff) == 0)
            lmp_term_clear(&p->terms[--k]);
        p->terms[k++] = p->terms[i];
    }
    if (k > 0 && mpq_sgn(p->terms[k - 1].coeff) == 0)
        lmp_term_clear(&p->terms[--k]);
    p->n = k;
    return lmp_check(ctx, p);
}

/* ---- init, set, queries ------------------------------------------------------------ */

void lm_poly_init(lm_poly *p)
{
    p->n = p->alloc = 0;
    p->terms = NULL;
}

void lm_poly_zero(lm_poly *r)
{
    for (uint32_t i = 0; i < r->n; i++)
        lmp_term_clear(&r->terms[i]);
    r->n = 0;
}

void lm_poly_clear(lm_poly *p)
{
    lm_poly_zero(p);
    lm_free(p->terms);
    lm_poly_init(p);
}

void lm_poly_swap(lm_poly *a, lm_poly *b)
{
    lm_poly t = *a;
    *a = *b;
    *b = t;
}

lm_status lm_poly_set(lm_poly *r, const lm_poly *a)
{
    if (r == a)
        return LM_OK;
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = LM_OK;
    for (uint32_t i = 0; i < a->n && st == LM_OK; i++)
        st = lmp_push_copy(&t, &a->terms[i]);
    return lmp_take(r, &t, st);
}

lm_status lm_poly_set_q(lm_poly *r, const mpq_t q)
{
    lm_poly t;
    lm_poly_init(&t);
    if (mpq_sgn(q)) {
        lm_term *d = lmp_push(&t, 0);
        if (!d)
            return lmp_take(r, &t, LM_ENOMEM);
        mpq_set(d->coeff, q);
    }
    return lmp_take(r, &t, LM_OK);
}

lm_status lm_poly_set_si(lm_poly *r, long v)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_si(q, v, 1);
    lm_status st = lm_poly_set_q(r, q);
    mpq_clear(q);
    return st;
}

lm_status lm_poly_set_atom(lm_poly *r, lm_atom *a)
{
    lm_poly t;
    lm_poly_init(&t);
    lm_term *d = lmp_push(&t, 1);
    if (!d)
        return lmp_take(r, &t, LM_ENOMEM);
    mpq_set_ui(d->coeff, 1, 1);
    d->f[0].atom = a;
    d->f[0].exp = 1;
    return lmp_take(r, &t, LM_OK);
}

int lm_poly_is_zero(const lm_poly *p) { return p->n == 0; }
int lm_poly_is_const(const lm_poly *p) { return p->n == 0 || (p->n == 1 && p->terms[0].nf == 0); }

int lm_poly_get_q(mpq_t out, const lm_poly *p)
{
    if (!lm_poly_is_const(p))
        return 0;
    if (p->n)
        mpq_set(out, p->terms[0].coeff);
    else
        mpq_set_ui(out, 0, 1);
    return 1;
}

/* ---- arithmetic -------------------------------------------------------------------- */

/* r = x + sign*y by merging two sorted lists (r must not alias). */
static lm_status merge(lm_poly *r, const lm_poly *x, const lm_poly *y, int sign)
{
    uint32_t i = 0, j = 0;
    while (i < x->n || j < y->n) {
        int c;
        if (i == x->n)
            c = -1;
        else if (j == y->n)
            c = 1;
        else
            c = lm_mono_cmp(&x->terms[i], &y->terms[j]);
        if (c > 0) {
            if (lmp_push_copy(r, &x->terms[i++]) != LM_OK)
                return LM_ENOMEM;
        } else if (c < 0) {
            if (lmp_push_copy(r, &y->terms[j]) != LM_OK)
                return LM_ENOMEM;
            if (sign < 0)
                mpq_neg(r->terms[r->n - 1].coeff, y->terms[j].coeff);
            j++;
        } else {
            if (lmp_push_copy(r, &x->terms[i]) != LM_OK)
                return LM_ENOMEM;
            lm_term *t = &r->terms[r->n - 1];
            if (sign < 0)
                mpq_sub(t->coeff, x->terms[i].coeff, y->terms[j].coeff);
            else
                mpq_add(t->coeff, x->terms[i].coeff, y->terms[j].coeff);
            if (mpq_sgn(t->coeff) == 0)
                lmp_pop(r);
            i++;
            j++;
        }
    }
    return LM_OK;
}

/* Polynomials merge their sorted terms; fractions go through frac.c (and a gcd). */
static lm_status add_sub(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b, int sign)
{
    lm_poly t;
    lm_poly_init(&t);
    lm_status st;
    if (lmp_has_inv(a) || lmp_has_inv(b)) {
        st = lmp_frac_add(ctx, &t, a, b, sign);
    } else {
        st = merge(&t, a, b, sign);
        if (st == LM_OK)
            st = lmp_check(ctx, &t);
    }
    return LMP_ENSURE(lmp_take(r, &t, st), r);
}

lm_status lm_poly_add(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    return add_sub(ctx, r, a, b, 1);
}

lm_status lm_poly_sub(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    return add_sub(ctx, r, a, b, -1);
}

lm_status lm_poly_mul_q(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const mpq_t q)
{
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = LM_OK;
    for (uint32_t i = 0; i < a->n && mpq_sgn(q) && st == LM_OK; i++) {
        st = lmp_push_copy(&t, &a->terms[i]);
        if (st == LM_OK)
            mpq_mul(t.terms[i].coeff, a->terms[i].coeff, q);
    }
    if (st == LM_OK)
        st = lmp_check(ctx, &t);
    return lmp_take(r, &t, st);
}

lm_status lm_poly_neg(lm_ctx *ctx, lm_poly *r, const lm_poly *a)
{
    mpq_t m;
    mpq_init(m);
    mpq_set_si(m, -1, 1);
    lm_status st = lm_poly_mul_q(ctx, r, a, m);
    mpq_clear(m);
    return st;
}

lm_status lmp_addmul_term(lm_ctx *ctx, lm_poly *r, const lm_poly *acc, const lm_poly *a,
                          const lm_term *t)
{
    lm_poly prod;
    lm_poly_init(&prod);
    lm_status st = LM_OK;
    for (uint32_t i = 0; i < a->n && st == LM_OK; i++)
        st = lmp_push_mul(ctx, &prod, &a->terms[i], t);
    if (st == LM_OK)
        st = merge(r, acc, &prod, 1);
    lm_poly_clear(&prod);
    return st;
}

lm_status lmp_take(lm_poly *r, lm_poly *t, lm_status st)
{
    if (st == LM_OK)
        lm_poly_swap(r, t);
    lm_poly_clear(t);
    return st;
}
