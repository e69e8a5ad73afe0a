/* query.c: queries, canonical-form check, substitution, evaluation, collect, content.
 * Recursion through atoms is bounded by ctx->depth. */
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

static const char *free_symbol(const lm_poly *p, int depth)
{
    for (uint32_t i = 0; i < p->n; i++)
        for (uint32_t j = 0; j < p->terms[i].nf; j++) {
            const lm_atom *a = p->terms[i].f[j].atom;
            if (a->kind == LM_ATOM_SYM)
                return a->name;
            for (int k = 0; k < a->nargs && depth < 32; k++) {
                const char *s = free_symbol(&a->args[k], depth + 1);
                if (s)
                    return s;
            }
        }
    return NULL;
}

const char *lm_poly_free_symbol(const lm_poly *p) { return free_symbol(p, 0); }

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
 * coefficient, no negative exponents, no INV factor and no atom present in every term. */
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
            if (t->f[j].exp < 0 || t->f[j].atom->kind == LM_ATOM_INV)
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

/* Is the term an integer for every value of its atoms (an integer times floors and ceils
 * to positive powers)? floor and ceil take such terms out of their argument. */
int lmp_term_is_integer(const lm_term *t)
{
    if (mpz_cmp_ui(mpq_denref(t->coeff), 1) != 0)
        return 0;
    for (uint32_t j = 0; j < t->nf; j++)
        if (t->f[j].exp < 0 ||
            (t->f[j].atom->kind != LM_ATOM_FLOOR && t->f[j].atom->kind != LM_ATOM_CEIL))
            return 0;
    return 1;
}

/* A floor or ceil argument: not constant; without a denominator, no integer term (a
 * constant term lies in (0, 1)). */
static int round_arg_canonical(const lm_poly *p)
{
    if (lm_poly_is_const(p))
        return 0;
    if (lmp_has_inv(p))
        return 1;
    for (uint32_t i = 0; i < p->n; i++)
        if (lmp_term_is_integer(&p->terms[i]))
            return 0;
    return 1;
}

/* Do a and b (free of denominators) differ by a constant: the same non-constant terms? */
static int differ_by_const(const lm_poly *a, const lm_poly *b)
{
    if (lmp_has_inv(a) || lmp_has_inv(b))
        return 0;
    uint32_t na = a->n - (a->n && !a->terms[a->n - 1].nf);
    uint32_t nb = b->n - (b->n && !b->terms[b->n - 1].nf);
    if (na != nb)
        return 0;
    for (uint32_t i = 0; i < na; i++)
        if (lm_mono_cmp(&a->terms[i], &b->terms[i]) || !mpq_equal(a->terms[i].coeff, b->terms[i].coeff))
            return 0;
    return 1;
}

/* min and max: at least two arguments, strictly decreasing, none itself a min (of a min)
 * or max (of a max), no two that differ by a constant (so at most one constant). */
static int minmax_canonical(const lm_atom *a)
{
    if (a->nargs < 2)
        return 0;
    for (int i = 0; i < a->nargs; i++) {
        const lm_poly *p = &a->args[i];
        if (p->n == 1 && p->terms[0].nf == 1 && p->terms[0].f[0].exp == 1 &&
            p->terms[0].f[0].atom->kind == a->kind && mpq_cmp_ui(p->terms[0].coeff, 1, 1) == 0)
            return 0;
        if (i && lm_poly_cmp(&a->args[i - 1], p) <= 0)
            return 0;
        for (int j = 0; j < i; j++)
            if (differ_by_const(&a->args[j], p))
                return 0;
    }
    return 1;
}

static int canonical(const lm_poly *p, int deep);

static int atom_canonical(const lm_atom *a, int deep)
{
    if (a->kind == LM_ATOM_SYM)
        return a->name != NULL;
    if (a->nargs < 1 || !a->args)
        return 0;
    for (int i = 0; deep == 1 && i < a->nargs; i++)
        if (!canonical(&a->args[i], 1))
            return 0;
    switch (a->kind) {
    case LM_ATOM_FLOOR:
    case LM_ATOM_CEIL: return a->nargs == 1 && round_arg_canonical(&a->args[0]);
    case LM_ATOM_MIN:
    case LM_ATOM_MAX: return minmax_canonical(a);
    case LM_ATOM_INV: return a->nargs == 1 && inv_arg_canonical(&a->args[0]);
    default: return 0;
    }
}

/* Is the fraction p reduced: its numerator prime to its denominator's base q? Checked
 * with a gcd in a scratch context of default limits; a limit or a shortage met on the
 * way counts as yes (the check cannot tell). */
static int reduced(const lm_poly *p)
{
    const lm_term *t = &p->terms[0];
    const lm_atom *inv = t->f[t->nf - 1].atom;
    lm_ctx ctx;
    lm_ctx_init(&ctx);
    lm_poly num, den, g;
    lm_poly_init(&num);
    lm_poly_init(&den);
    lm_poly_init(&g);
    lm_status st = lmp_split(&ctx, &num, &den, p);
    if (st == LM_OK)
        st = lmp_gcd(&ctx, &g, &num, &inv->args[0]);
    int ok = st != LM_OK || lm_poly_is_const(&g);
    lm_poly_clear(&num);
    lm_poly_clear(&den);
    lm_poly_clear(&g);
    lm_ctx_clear(&ctx);
    return ok;
}

/* deep: 1 checks the atoms' arguments too; 2 checks neither them nor reducedness. */
static int canonical(const lm_poly *p, int deep)
{
    if (p->n > p->alloc || (p->n && !p->terms))
        return 0;
    const lm_factor *tail = NULL;
    const lm_atom *seen[8] = {NULL}; /* atoms checked already: terms repeat them */
    unsigned nseen = 0;
    for (uint32_t i = 0; i < p->n; i++) {
        const lm_term *t = &p->terms[i];
        if (mpq_sgn(t->coeff) == 0 || !q_canonical(t->coeff))
            return 0;
        for (uint32_t j = 0; j < t->nf; j++) {
            const lm_factor *f = &t->f[j];
            if (f->exp == 0 || !f->atom)
                return 0;
            int known = 0;
            for (unsigned k = 0; k < 8 && !known; k++)
                known = seen[k] == f->atom;
            if (!known && !atom_canonical(f->atom, deep))
                return 0;
            seen[nseen++ % 8] = f->atom;
            if (f->atom->kind == LM_ATOM_INV && j + 1 != t->nf)
                return 0;
            if (j > 0 && lm_atom_cmp(t->f[j - 1].atom, f->atom) >= 0)
                return 0;
        }
        /* the one denominator: the same INV factor, last, in every term, or in none */
        const lm_factor *f = t->nf ? &t->f[t->nf - 1] : NULL;
        if (f && f->atom->kind != LM_ATOM_INV)
            f = NULL;
        if (f && f->exp < 0)
            return 0;
        if (i == 0)
            tail = f;
        else if (!f != !tail || (f && (f->atom != tail->atom || f->exp != tail->exp)))
            return 0;
        if (i > 0 && lm_mono_cmp(&p->terms[i - 1], t) <= 0)
            return 0;
    }
    return !tail || deep == 2 || reduced(p);
}

int lm_poly_is_canonical(const lm_poly *p) { return canonical(p, 1); }

#ifdef LM_CHECK_CANONICAL
lm_status lmp_ensure(lm_status st, const lm_poly *r)
{
    /* the atoms' arguments were checked when the atoms were made; a large fraction's
     * reducedness (a gcd) is left to the tests' lm_poly_is_canonical */
    if (st == LM_OK && !canonical(r, r->n > 64 ? 2 : 0))
        abort();
    return st;
}
#endif

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
    /* rebuilt through the operations, so e.g. floor of a now-constant argument is exact;
     * min and max fold their arguments one by one */
    lm_poly arg;
    lm_poly_init(&arg);
    for (int i = 0; i < x->nargs && st == LM_OK; i++) {
        st = lm_poly_subst(ctx, i ? &arg : out, &x->args[i], value, ud);
        if (st != LM_OK)
            break;
        switch (x->kind) {
        case LM_ATOM_FLOOR: st = lm_poly_floor(ctx, out, out); break;
        case LM_ATOM_CEIL: st = lm_poly_ceil(ctx, out, out); break;
        case LM_ATOM_MIN: st = i ? lm_poly_min(ctx, out, out, &arg) : LM_OK; break;
        case LM_ATOM_MAX: st = i ? lm_poly_max(ctx, out, out, &arg) : LM_OK; break;
        default: st = lm_poly_inv(ctx, out, out); break;
        }
    }
    lm_poly_clear(&arg);
    ctx->depth--;
    return st;
}

lm_status lm_poly_subst(lm_ctx *ctx, lm_poly *r, const lm_poly *a, lm_subst_fn value, void *ud)
{
    /* the terms' images: polynomials are collected and merged at once, fractions summed
     * one by one (each sum reduced) */
    lm_poly acc, fr, tp, av;
    lm_poly_init(&acc);
    lm_poly_init(&fr);
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
        if (st == LM_OK && lmp_has_inv(&tp))
            st = lm_poly_add(ctx, &fr, &fr, &tp);
        else if (st == LM_OK)
            st = lmp_move_terms(&acc, &tp);
        if (st == LM_OK && acc.n >= lim)
            st = lmp_normalize(ctx, &acc);
    }
    if (st == LM_OK)
        st = lmp_normalize(ctx, &acc);
    if (st == LM_OK && fr.n)
        st = lm_poly_add(ctx, &acc, &acc, &fr);
    lm_poly_clear(&fr);
    lm_poly_clear(&tp);
    lm_poly_clear(&av);
    return LMP_ENSURE(lmp_take(r, &acc, st), r);
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
    mpq_t v, w;
    mpq_init(v);
    mpq_init(w);
    for (int i = 0; i < x->nargs && st == LM_OK; i++) {
        st = lm_poly_eval(ctx, i ? w : v, &x->args[i], value, ud, unbound);
        if (st != LM_OK)
            break;
        switch (x->kind) {
        case LM_ATOM_FLOOR: mpz_fdiv_q(mpq_numref(v), mpq_numref(v), mpq_denref(v)); break;
        case LM_ATOM_CEIL: mpz_cdiv_q(mpq_numref(v), mpq_numref(v), mpq_denref(v)); break;
        case LM_ATOM_MIN:
            if (i && mpq_cmp(w, v) < 0)
                mpq_set(v, w);
            break;
        case LM_ATOM_MAX:
            if (i && mpq_cmp(w, v) > 0)
                mpq_set(v, w);
            break;
        default:
            if (mpq_sgn(v) == 0)
                st = LM_EDIVZERO;
            else
                mpq_inv(v, v);
            break;
        }
        if (x->kind == LM_ATOM_FLOOR || x->kind == LM_ATOM_CEIL)
            mpz_set_ui(mpq_denref(v), 1);
    }
    if (st == LM_OK)
        mpq_set(out, v);
    mpq_clear(v);
    mpq_clear(w);
    ctx->depth--;
    return st;
}

lm_status lm_poly_eval(lm_ctx *ctx, mpq_t out, const lm_poly *a, lm_value_fn value, void *ud,
                       const lm_atom **unbound)
{
    /* a fraction's denominator, the factor every term ends with, is evaluated once */
    uint32_t den = lmp_has_inv(a);
    mpq_t sum, prod, v;
    mpq_init(sum);
    mpq_init(prod);
    mpq_init(v);
    lm_status st = LM_OK;
    for (uint32_t i = 0; i < a->n && st == LM_OK; i++) {
        const lm_term *t = &a->terms[i];
        mpq_set(prod, t->coeff);
        for (uint32_t j = 0; j + den < t->nf && st == LM_OK; j++) {
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
    if (st == LM_OK && den) {
        const lm_factor *f = &a->terms[0].f[a->terms[0].nf - 1];
        st = lmp_eval_atom(ctx, v, f->atom, value, ud, unbound);
        if (st == LM_OK)
            st = lmp_q_pow(ctx, v, v, f->exp);
        if (st == LM_OK) {
            mpq_mul(sum, sum, v);
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

/* Some of a fraction's terms over its denominator may have a common factor with it:
 * reduced again. */
static lm_status refrac(lm_ctx *ctx, lm_poly *c)
{
    lm_status st = lmp_check(ctx, c);
    if (st != LM_OK || !lmp_has_inv(c))
        return st;
    lm_poly num, den;
    lm_poly_init(&num);
    lm_poly_init(&den);
    st = lmp_split(ctx, &num, &den, c);
    if (st == LM_OK)
        st = lmp_frac(ctx, c, &num, &den, 0);
    lm_poly_clear(&num);
    lm_poly_clear(&den);
    return st;
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
        st = refrac(ctx, &c.coeffs[g]);
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
        st = refrac(ctx, &t);
    return LMP_ENSURE(lmp_take(out, &t, st), out);
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
