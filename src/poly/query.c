/* query.c: queries, canonical-form check, substitution, evaluation, collect, content,
 * Horner form. Recursion through atoms is bounded by ctx->depth; Horner chains are
 * walked iteratively so a long polynomial cannot exhaust the C stack. */
#include "base/alloc.h"
#include "poly/poly.h"
#include "poly/poly_impl.h"
#include <limits.h>
#include <stdlib.h>


static lm_status depth_enter(lm_ctx *ctx)
{
    if (ctx->depth >= ctx->limits.max_depth)
        return LM_ELIMIT_DEPTH;
    ctx->depth++;
    return LM_OK;
}

/* ---- queries and the canonical-form check ------------------------------------------ */

int64_t lm_poly_degree(const lm_poly *p, const lm_atom *x)
{
    if (!p->n)
        return INT64_MIN;
    int64_t d = INT64_MIN;
    for (uint32_t i = 0; i < p->n; i++) {
        int64_t e = lmp_term_exp(&p->terms[i], x);
        d = e > d ? e : d;
    }
    return d;
}

int64_t lm_poly_total_degree(const lm_poly *p)
{
    int64_t d = INT64_MIN;
    for (uint32_t i = 0; i < p->n; i++) {
        int64_t e = lmp_term_degree(&p->terms[i]);
        d = e > d ? e : d;
    }
    return d;
}

int lm_poly_depends_on(const lm_poly *p, const lm_atom *x)
{
    for (uint32_t i = 0; i < p->n; i++)
        for (uint32_t j = 0; j < p->terms[i].nf; j++) {
            const lm_atom *a = p->terms[i].f[j].atom;
            if (a == x)
                return 1;
            for (int k = 0; k < a->nargs; k++)
                if (lm_poly_depends_on(&a->args[k], x))
                    return 1;
        }
    return 0;
}

static int q_canonical(const mpq_t q)
{
    if (mpz_sgn(mpq_denref(q)) <= 0)
        return 0;
    mpz_t g;
    mpz_init(g);
    mpz_gcd(g, mpq_numref(q), mpq_denref(q));
    int ok = mpz_cmp_ui(g, 1) == 0;
    mpz_clear(g);
    return ok;
}

/* The INV argument rules: >= 2 terms, coprime integer coefficients, positive leading
 * coefficient, no negative exponents and no atom present in every term. */
static int inv_arg_canonical(const lm_poly *p)
{
    if (p->n < 2 || mpq_sgn(p->terms[0].coeff) <= 0)
        return 0;
    mpz_t g;
    mpz_init(g);
    int ok = 1;
    for (uint32_t i = 0; i < p->n && ok; i++) {
        const lm_term *t = &p->terms[i];
        if (mpz_cmp_ui(mpq_denref(t->coeff), 1) != 0)
            ok = 0;
        mpz_gcd(g, g, mpq_numref(t->coeff));
        for (uint32_t j = 0; j < t->nf; j++)
            if (t->f[j].exp < 0)
                ok = 0;
    }
    if (ok && mpz_cmp_ui(g, 1) != 0)
        ok = 0;
    mpz_clear(g);
    for (uint32_t j = 0; ok && j < p->terms[0].nf; j++) {
        int everywhere = 1;
        for (uint32_t i = 1; i < p->n && everywhere; i++)
            everywhere = lmp_term_exp(&p->terms[i], p->terms[0].f[j].atom) != 0;
        if (everywhere)
            ok = 0;
    }
    return ok;
}

static int atom_canonical(const lm_atom *a)
{
    if (a->kind == LM_ATOM_SYM)
        return a->name != NULL;
    int want = (a->kind == LM_ATOM_MIN || a->kind == LM_ATOM_MAX) ? 2 : 1;
    if (a->nargs != want || !a->args)
        return 0;
    for (int i = 0; i < want; i++)
        if (!lm_poly_is_canonical(&a->args[i]))
            return 0;
    switch (a->kind) {
    case LM_ATOM_FLOOR:
    case LM_ATOM_CEIL: return !lm_poly_is_const(&a->args[0]);
    case LM_ATOM_MIN:
    case LM_ATOM_MAX:
        return lm_poly_cmp(&a->args[0], &a->args[1]) < 0 &&
               !(lm_poly_is_const(&a->args[0]) && lm_poly_is_const(&a->args[1]));
    case LM_ATOM_INV: return inv_arg_canonical(&a->args[0]);
    default: return 0;
    }
}

int lm_poly_is_canonical(const lm_poly *p)
{
    if (p->n > p->alloc || (p->n && !p->terms))
        return 0;
    for (uint32_t i = 0; i < p->n; i++) {
        const lm_term *t = &p->terms[i];
        if (mpq_sgn(t->coeff) == 0 || !q_canonical(t->coeff))
            return 0;
        for (uint32_t j = 0; j < t->nf; j++) {
            if (t->f[j].exp == 0 || !t->f[j].atom || !atom_canonical(t->f[j].atom))
                return 0;
            if (t->f[j].atom->kind == LM_ATOM_INV && t->f[j].exp < 0)
                return 0;
            if (j > 0 && lm_atom_cmp(t->f[j - 1].atom, t->f[j].atom) >= 0)
                return 0;
        }
        if (i > 0 && lm_mono_cmp(&p->terms[i - 1], t) <= 0)
            return 0;
    }
    return 1;
}

/* ---- atoms of a polynomial --------------------------------------------------------- */

static int atom_ptr_cmp(const void *x, const void *y)
{
    return lm_atom_cmp(*(lm_atom *const *)x, *(lm_atom *const *)y);
}

lm_status lmp_atoms(lm_atom ***out, size_t *n, const lm_poly *a, const lm_poly *b)
{
    size_t cnt = 0;
    *out = NULL;
    *n = 0;
    for (int k = 0; k < 2; k++) {
        const lm_poly *p = k ? b : a;
        for (uint32_t i = 0; p && i < p->n; i++)
            cnt += p->terms[i].nf;
    }
    if (!cnt)
        return LM_OK;
    lm_atom **v = lm_malloc(cnt * sizeof *v);
    if (!v)
        return LM_ENOMEM;
    size_t m = 0;
    for (int k = 0; k < 2; k++) {
        const lm_poly *p = k ? b : a;
        for (uint32_t i = 0; p && i < p->n; i++)
            for (uint32_t j = 0; j < p->terms[i].nf; j++)
                v[m++] = p->terms[i].f[j].atom;
    }
    qsort(v, m, sizeof *v, atom_ptr_cmp);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (!u || v[u - 1] != v[i])
            v[u++] = v[i];
    *out = v;
    *n = u;
    return LM_OK;
}

void lmp_exp_range(const lm_poly *p, const lm_atom *x, int64_t *lo, int64_t *hi)
{
    *lo = INT64_MAX;
    *hi = INT64_MIN;
    for (uint32_t i = 0; i < p->n; i++) {
        int64_t e = lmp_term_exp(&p->terms[i], x);
        *lo = e < *lo ? e : *lo;
        *hi = e > *hi ? e : *hi;
    }
    if (!p->n)
        *lo = *hi = 0;
}

/* ---- substitution ------------------------------------------------------------------ */

static lm_status subst_atom(lm_ctx *ctx, lm_poly *out, lm_atom *x, lm_subst_fn value,
                            void *ud)
{
    if (x->kind == LM_ATOM_SYM) {
        const lm_poly *v = value(ud, x);
        return v ? lm_poly_set(out, v) : lm_poly_set_atom(out, x);
    }
    lm_status st = depth_enter(ctx);
    if (st != LM_OK)
        return st;
    lm_poly args[2];
    lm_poly_init(&args[0]);
    lm_poly_init(&args[1]);
    for (int i = 0; i < x->nargs && st == LM_OK; i++)
        st = lm_poly_subst(ctx, &args[i], &x->args[i], value, ud);
    /* rebuilt through the operations, so e.g. floor of a now-constant argument is exact */
    if (st == LM_OK) {
        switch (x->kind) {
        case LM_ATOM_FLOOR: st = lm_poly_floor(ctx, out, &args[0]); break;
        case LM_ATOM_CEIL: st = lm_poly_ceil(ctx, out, &args[0]); break;
        case LM_ATOM_MIN: st = lm_poly_min(ctx, out, &args[0], &args[1]); break;
        case LM_ATOM_MAX: st = lm_poly_max(ctx, out, &args[0], &args[1]); break;
        default: st = lm_poly_inv(ctx, out, &args[0]); break;
        }
    }
    lm_poly_clear(&args[0]);
    lm_poly_clear(&args[1]);
    ctx->depth--;
    return st;
}

lm_status lm_poly_subst(lm_ctx *ctx, lm_poly *r, const lm_poly *a, lm_subst_fn value, void *ud)
{
    lm_poly acc, tp, av;
    lm_poly_init(&acc);
    lm_poly_init(&tp);
    lm_poly_init(&av);
    lm_status st = LM_OK;
    uint64_t lim = 2 * (ctx->limits.max_terms < UINT32_MAX / 8 ? ctx->limits.max_terms
                                                               : UINT32_MAX / 8) + 1024;
    for (uint32_t i = 0; i < a->n && st == LM_OK; i++) {
        const lm_term *t = &a->terms[i];
        st = lm_poly_set_q(&tp, t->coeff);
        for (uint32_t j = 0; j < t->nf && st == LM_OK; j++) {
            st = subst_atom(ctx, &av, t->f[j].atom, value, ud);
            if (st == LM_OK)
                st = lm_poly_pow(ctx, &av, &av, t->f[j].exp);
            if (st == LM_OK)
                st = lm_poly_mul(ctx, &tp, &tp, &av);
        }
        if (st == LM_OK)
            st = lmp_move_terms(&acc, &tp);
        if (st == LM_OK && acc.n >= lim)
            st = lmp_normalize(ctx, &acc);
    }
    if (st == LM_OK)
        st = lmp_normalize(ctx, &acc);
    if (st == LM_OK)
        st = lmp_together(ctx, &acc);
    lm_poly_clear(&tp);
    lm_poly_clear(&av);
    return lmp_take(r, &acc, st);
}

/* ---- evaluation -------------------------------------------------------------------- */

lm_status lmp_q_pow(const lm_ctx *ctx, mpq_t out, const mpq_t v, int64_t e)
{
    if (e == 0) {
        mpq_set_ui(out, 1, 1);
        return LM_OK;
    }
    if (mpq_sgn(v) == 0) {
        if (e < 0)
            return LM_EDIVZERO;
        mpq_set_ui(out, 0, 1);
        return LM_OK;
    }
    uint64_t ue = e < 0 ? (uint64_t)0 - (uint64_t)e : (uint64_t)e;
    if (ue > (uint64_t)ULONG_MAX || lmp_pow_too_big(ctx, v, ue))
        return LM_ELIMIT_BITS;
    mpq_t t;
    mpq_init(t);
    mpz_pow_ui(mpq_numref(t), mpq_numref(v), (unsigned long)ue);
    mpz_pow_ui(mpq_denref(t), mpq_denref(v), (unsigned long)ue);
    if (e < 0)
        mpq_inv(t, t);
    mpq_swap(out, t);
    mpq_clear(t);
    return LM_OK;
}

lm_status lmp_eval_atom(lm_ctx *ctx, mpq_t out, const lm_atom *x, lm_value_fn value, void *ud,
                        const lm_atom **unbound)
{
    if (x->kind == LM_ATOM_SYM) {
        if (!value(ud, x, out)) {
            if (unbound)
                *unbound = x;
            return LM_EUNBOUND;
        }
        return LM_OK;
    }
    lm_status st = depth_enter(ctx);
    if (st != LM_OK)
        return st;
    mpq_t v[2];
    mpq_init(v[0]);
    mpq_init(v[1]);
    for (int i = 0; i < x->nargs && st == LM_OK; i++)
        st = lm_poly_eval(ctx, v[i], &x->args[i], value, ud, unbound);
    if (st == LM_OK) {
        switch (x->kind) {
        case LM_ATOM_FLOOR:
        case LM_ATOM_CEIL:
            if (x->kind == LM_ATOM_FLOOR)
                mpz_fdiv_q(mpq_numref(v[0]), mpq_numref(v[0]), mpq_denref(v[0]));
            else
                mpz_cdiv_q(mpq_numref(v[0]), mpq_numref(v[0]), mpq_denref(v[0]));
            mpz_set_ui(mpq_denref(v[0]), 1);
            mpq_set(out, v[0]);
            break;
        case LM_ATOM_MIN: mpq_set(out, mpq_cmp(v[0], v[1]) <= 0 ? v[0] : v[1]); break;
        case LM_ATOM_MAX: mpq_set(out, mpq_cmp(v[0], v[1]) >= 0 ? v[0] : v[1]); break;
        default:
            if (mpq_sgn(v[0]) == 0)
                st = LM_EDIVZERO;
            else
                mpq_inv(out, v[0]);
            break;
        }
    }
    mpq_clear(v[0]);
    mpq_clear(v[1]);
    ctx->depth--;
    return st;
}

lm_status lm_poly_eval(lm_ctx *ctx, mpq_t out, const lm_poly *a, lm_value_fn value, void *ud,
                       const lm_atom **unbound)
{
    mpq_t sum, prod, v;
    mpq_init(sum);
    mpq_init(prod);
    mpq_init(v);
    lm_status st = LM_OK;
    for (uint32_t i = 0; i < a->n && st == LM_OK; i++) {
        const lm_term *t = &a->terms[i];
        mpq_set(prod, t->coeff);
        for (uint32_t j = 0; j < t->nf && st == LM_OK; j++) {
            st = lmp_eval_atom(ctx, v, t->f[j].atom, value, ud, unbound);
            if (st == LM_OK)
                st = lmp_q_pow(ctx, v, v, t->f[j].exp);
            if (st == LM_OK) {
                mpq_mul(prod, prod, v);
                st = lmp_check_q(ctx, prod);
            }
        }
        if (st == LM_OK) {
            mpq_add(sum, sum, prod);
            st = lmp_check_q(ctx, sum);
        }
    }
    if (st == LM_OK)
        mpq_swap(out, sum);
    mpq_clear(sum);
    mpq_clear(prod);
    mpq_clear(v);
    return st;
}

/* ---- collection -------------------------------------------------------------------- */

void lm_collected_init(lm_collected *c)
{
    c->n = 0;
    c->exps = NULL;
    c->coeffs = NULL;
}

void lm_collected_clear(lm_collected *c)
{
    for (size_t i = 0; i < c->n; i++)
        lm_poly_clear(&c->coeffs[i]);
    lm_free(c->exps);
    lm_free(c->coeffs);
    lm_collected_init(c);
}

/* Append t without its x factor. */
static lm_status push_without(lm_poly *p, const lm_term *t, const lm_atom *x)
{
    int has = lmp_term_exp(t, x) != 0;
    lm_term *d = lmp_push(p, t->nf - (uint32_t)has);
    if (!d)
        return LM_ENOMEM;
    mpq_set(d->coeff, t->coeff);
    uint32_t k = 0;
    for (uint32_t j = 0; j < t->nf; j++)
        if (t->f[j].atom != x)
            d->f[k++] = t->f[j];
    return LM_OK;
}

typedef struct {
    int64_t e;
    uint32_t i;
} exp_idx;

static int exp_idx_desc(const void *x, const void *y)
{
    const exp_idx *a = x, *b = y;
    if (a->e != b->e)
        return a->e > b->e ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

lm_status lm_poly_collect(lm_ctx *ctx, lm_collected *out, const lm_poly *p, const lm_atom *x)
{
    lm_collected c;
    lm_collected_init(&c);
    if (!p->n) {
        lm_collected_clear(out);
        return LM_OK;
    }
    exp_idx *v = lm_malloc(p->n * sizeof *v);
    if (!v)
        return LM_ENOMEM;
    for (uint32_t i = 0; i < p->n; i++) {
        v[i].e = lmp_term_exp(&p->terms[i], x);
        v[i].i = i;
    }
    qsort(v, p->n, sizeof *v, exp_idx_desc);
    size_t groups = 0;
    for (uint32_t i = 0; i < p->n; i++)
        groups += !i || v[i].e != v[i - 1].e;
    lm_status st = LM_OK;
    c.exps = lm_malloc(groups * sizeof *c.exps);
    c.coeffs = lm_malloc(groups * sizeof *c.coeffs);
    if (!c.exps || !c.coeffs)
        st = LM_ENOMEM;
    for (uint32_t i = 0; i < p->n && st == LM_OK; i++) {
        if (!i || v[i].e != v[i - 1].e) {
            c.exps[c.n] = v[i].e;
            lm_poly_init(&c.coeffs[c.n++]);
        }
        /* dividing sorted terms by one power of x keeps them sorted and distinct */
        st = push_without(&c.coeffs[c.n - 1], &p->terms[v[i].i], x);
    }
    for (size_t g = 0; g < c.n && st == LM_OK; g++)
        st = lmp_check(ctx, &c.coeffs[g]);
    lm_free(v);
    if (st == LM_OK) {
        lm_collected_clear(out);
        *out = c;
    } else {
        lm_collected_clear(&c);
    }
    return st;
}

lm_status lm_poly_coeff(lm_ctx *ctx, lm_poly *out, const lm_poly *p, const lm_atom *x, int64_t e)
{
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = LM_OK;
    for (uint32_t i = 0; i < p->n && st == LM_OK; i++)
        if (lmp_term_exp(&p->terms[i], x) == e)
            st = push_without(&t, &p->terms[i], x);
    if (st == LM_OK)
        st = lmp_check(ctx, &t);
    return lmp_take(out, &t, st);
}

/* ---- content ----------------------------------------------------------------------- */

static size_t atom_index(lm_atom **atoms, size_t n, const lm_atom *x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (atoms[mid] == x)
            return mid;
        if (lm_atom_cmp(atoms[mid], x) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

lm_status lm_poly_content(lm_ctx *ctx, mpq_t content, lm_poly *mono, lm_poly *rest,
                          const lm_poly *p)
{
    lm_poly m, rs, minv;
    lm_poly_init(&m);
    lm_poly_init(&rs);
    lm_poly_init(&minv);
    mpq_t c;
    mpq_init(c);
    lm_atom **atoms = NULL;
    size_t na = 0;
    int64_t *mins = NULL;
    uint32_t *cnt = NULL;
    lm_status st = LM_OK;
    lm_term *mt = lmp_push(&m, 0);
    if (!mt)
        st = LM_ENOMEM;
    else
        mpq_set_ui(mt->coeff, 1, 1);
    if (st == LM_OK && p->n) {
        /* content: gcd of numerators over lcm of denominators, sign of the leading term */
        for (uint32_t i = 0; i < p->n; i++) {
            mpz_gcd(mpq_numref(c), mpq_numref(c), mpq_numref(p->terms[i].coeff));
            if (i == 0)
                mpz_set(mpq_denref(c), mpq_denref(p->terms[i].coeff));
            else
                mpz_lcm(mpq_denref(c), mpq_denref(c), mpq_denref(p->terms[i].coeff));
        }
        if (mpq_sgn(p->terms[0].coeff) < 0)
            mpq_neg(c, c);
        st = lmp_atoms(&atoms, &na, p, NULL);
    }
    if (st == LM_OK && na) {
        mins = lm_malloc(na * sizeof *mins);
        cnt = lm_calloc(na, sizeof *cnt);
        if (!mins || !cnt)
            st = LM_ENOMEM;
    }
    if (st == LM_OK && p->n) {
        /* mono: each atom at its minimum exponent, absent counting as 0 (so negative
         * powers are pulled out too and rest has none) */
        for (size_t k = 0; k < na; k++)
            mins[k] = INT64_MAX;
        for (uint32_t i = 0; i < p->n; i++)
            for (uint32_t j = 0; j < p->terms[i].nf; j++) {
                size_t k = atom_index(atoms, na, p->terms[i].f[j].atom);
                int64_t e = p->terms[i].f[j].exp;
                mins[k] = e < mins[k] ? e : mins[k];
                cnt[k]++;
            }
        size_t nm = 0;
        for (size_t k = 0; k < na; k++) {
            if (cnt[k] < p->n && mins[k] > 0)
                mins[k] = 0;
            nm += mins[k] != 0;
        }
        lm_term *mi = NULL;
        mt = NULL;
        lmp_term_clear(&m.terms[0]);
        m.n = 0;
        if (!(mt = lmp_push(&m, (uint32_t)nm)) || !(mi = lmp_push(&minv, (uint32_t)nm))) {
            st = LM_ENOMEM;
        } else {
            mpq_set_ui(mt->coeff, 1, 1);
            mpq_inv(mi->coeff, c);
            nm = 0;
            for (size_t k = 0; k < na; k++)
                if (mins[k]) {
                    mt->f[nm].atom = mi->f[nm].atom = atoms[k];
                    mt->f[nm].exp = (int32_t)mins[k];
                    mi->f[nm++].exp = (int32_t)-mins[k];
                }
        }
        /* rest = p / (c*mono): a monomial divisor keeps the order */
        for (uint32_t i = 0; i < p->n && st == LM_OK; i++)
            st = lmp_push_mul(ctx, &rs, &p->terms[i], &minv.terms[0]);
    }
    lm_free(atoms);
    lm_free(mins);
    lm_free(cnt);
    lm_poly_clear(&minv);
    if (st == LM_OK) {
        mpq_swap(content, c);
        lm_poly_swap(mono, &m);
        lm_poly_swap(rest, &rs);
    }
    mpq_clear(c);
    lm_poly_clear(&m);
    lm_poly_clear(&rs);
    return st;
}

/* ---- Horner form ------------------------------------------------------------------- */

static lm_horner *node_new(void)
{
    lm_horner *h = lm_malloc(sizeof *h);
    if (h) {
        h->atom = NULL;
        h->exp = 0;
        h->lo = h->hi = NULL;
        mpq_init(h->c);
    }
    return h;
}

void lm_horner_free(lm_horner *h)
{
    while (h) {
        lm_horner *next = h->hi;
        lm_horner_free(h->lo);
        mpq_clear(h->c);
        lm_free(h);
        h = next;
    }
}

/* p = sum c_i x^e_i (e_1 > ... > e_m) is built as x^e_m * S_m with S_1 = c_1 and
 * S_i = c_i + x^(e_(i-1) - e_i) * S_(i-1); each c_i is free of x, so recursion into the
 * coefficients removes one atom per level. */
lm_status lm_poly_horner(lm_ctx *ctx, lm_horner **out, const lm_poly *p)
{
    *out = NULL;
    if (lm_poly_is_const(p)) {
        lm_horner *h = node_new();
        if (!h)
            return LM_ENOMEM;
        lm_poly_get_q(h->c, p);
        *out = h;
        return LM_OK;
    }
    /* the leading term may be the constant when other terms have negative degree */
    uint32_t lead = 0;
    while (!p->terms[lead].nf)
        lead++;
    lm_atom *x = p->terms[lead].f[0].atom;
    lm_collected c;
    lm_collected_init(&c);
    lm_status st = lm_poly_collect(ctx, &c, p, x);
    lm_horner *cur = NULL;
    for (size_t i = 0; i < c.n && st == LM_OK; i++) {
        lm_horner *lo = NULL;
        st = lm_poly_horner(ctx, &lo, &c.coeffs[i]);
        if (st != LM_OK)
            break;
        if (i == 0) {
            cur = lo;
            continue;
        }
        int64_t d = c.exps[i - 1] - c.exps[i];
        lm_horner *h = d > INT32_MAX ? NULL : node_new();
        if (!h) {
            lm_horner_free(lo);
            st = d > INT32_MAX ? LM_ELIMIT_EXP : LM_ENOMEM;
            break;
        }
        h->atom = x;
        h->exp = (int32_t)d;
        h->lo = lo;
        h->hi = cur;
        cur = h;
    }
    if (st == LM_OK && c.exps[c.n - 1] != 0) {
        lm_horner *h = node_new();
        if (!h) {
            st = LM_ENOMEM;
        } else {
            h->atom = x;
            h->exp = (int32_t)c.exps[c.n - 1];
            h->hi = cur;
            cur = h;
        }
    }
    lm_collected_clear(&c);
    if (st != LM_OK) {
        lm_horner_free(cur);
        return st;
    }
    *out = cur;
    return LM_OK;
}

lm_status lm_horner_eval(lm_ctx *ctx, mpq_t out, const lm_horner *h, lm_value_fn value,
                         void *ud, const lm_atom **unbound)
{
    if (!h) {
        mpq_set_ui(out, 0, 1);
        return LM_OK;
    }
    if (!h->atom) {
        mpq_set(out, h->c);
        return LM_OK;
    }
    /* the chain of nodes on one atom, walked without recursion */
    size_t n = 0;
    const lm_horner *e = h;
    while (e && e->atom == h->atom) {
        n++;
        e = e->hi;
    }
    const lm_horner **chain = lm_malloc(n * sizeof *chain);
    if (!chain)
        return LM_ENOMEM;
    n = 0;
    for (e = h; e && e->atom == h->atom; e = e->hi)
        chain[n++] = e;
    mpq_t x, acc, lo, pw;
    mpq_init(x);
    mpq_init(acc);
    mpq_init(lo);
    mpq_init(pw);
    lm_status st = lmp_eval_atom(ctx, x, h->atom, value, ud, unbound);
    if (st == LM_OK)
        st = lm_horner_eval(ctx, acc, e, value, ud, unbound);
    while (n > 0 && st == LM_OK) {
        const lm_horner *node = chain[--n];
        st = lm_horner_eval(ctx, lo, node->lo, value, ud, unbound);
        if (st == LM_OK)
            st = lmp_q_pow(ctx, pw, x, node->exp);
        if (st == LM_OK) {
            mpq_mul(acc, acc, pw);
            mpq_add(acc, acc, lo);
            st = lmp_check_q(ctx, acc);
        }
    }
    if (st == LM_OK)
        mpq_swap(out, acc);
    lm_free(chain);
    mpq_clear(x);
    mpq_clear(acc);
    mpq_clear(lo);
    mpq_clear(pw);
    return st;
}
