/* frac.c: rational functions in canonical form: one numerator over one denominator, the
 * two reduced by their gcd (gcd.c); sums, products and inverses of fractions. */
#include "poly/poly_impl.h"
#include "base/alloc.h"

/* In canonical form the denominator is the one INV factor every term ends with (INV atoms
 * sort after every other kind). */
static const lm_factor *tail_of(const lm_poly *p)
{
    if (!p->n || !p->terms[0].nf)
        return NULL;
    const lm_factor *f = &p->terms[0].f[p->terms[0].nf - 1];
    return f->atom->kind == LM_ATOM_INV ? f : NULL;
}

int lmp_has_inv(const lm_poly *p) { return tail_of(p) != NULL; }

/* t = p without the denominator every term ends with: dropping a factor that every term
 * has keeps the order. */
static lm_status strip_tail(lm_poly *t, const lm_poly *p)
{
    for (uint32_t i = 0; i < p->n; i++) {
        const lm_term *s = &p->terms[i];
        lm_term *d = lmp_push(t, s->nf - 1);
        if (!d)
            return LM_ENOMEM;
        mpq_set(d->coeff, s->coeff);
        for (uint32_t j = 0; j + 1 < s->nf; j++)
            d->f[j] = s->f[j];
    }
    return LM_OK;
}

lm_status lmp_split(lm_ctx *ctx, lm_poly *num, lm_poly *den, const lm_poly *p)
{
    const lm_factor *f = tail_of(p);
    if (!f) {
        lm_status st = lm_poly_set(num, p);
        return st == LM_OK ? lm_poly_set_si(den, 1) : st;
    }
    lm_atom *a = f->atom;
    int32_t k = f->exp;
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = strip_tail(&t, p);
    if (st == LM_OK)
        st = lm_poly_pow(ctx, den, &a->args[0], k);
    return lmp_take(num, &t, st);
}

/* Is p a perfect power q^k, k >= 2, and for which largest k? (Leading and trailing terms
 * must be k-th powers, and then q is found term by term; see lmp_try_root in power.c.)
 * *k = 1 when not. The answer depends on p alone (canonical forms rely on it), so there
 * is no size cut-off: the work is bounded by the limits. */
static lm_status perfect_power(lm_ctx *ctx, lm_poly *q, const lm_poly *p, int64_t *k)
{
    *k = 1;
    int64_t g = 0;
    for (int side = 0; side < 2; side++) {
        const lm_term *t = &p->terms[side ? p->n - 1 : 0];
        for (uint32_t j = 0; j < t->nf; j++) {
            int64_t a = t->f[j].exp < 0 ? -(int64_t)t->f[j].exp : t->f[j].exp, b = g;
            while (a) {
                int64_t r = b % a;
                b = a;
                a = r;
            }
            g = b;
        }
    }
    for (int64_t c = g; c >= 2; c--) {
        if (g % c)
            continue;
        int ok;
        lm_status st = lmp_try_root(ctx, q, p, c, &ok);
        if (st != LM_OK || ok) {
            *k = ok ? c : 1;
            return st;
        }
    }
    return LM_OK;
}

/* r = num * m for one Laurent monomial term m (the order of the terms holds). */
static lm_status mul_term(lm_ctx *ctx, lm_poly *r, const lm_poly *num, const lm_term *m)
{
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = LM_OK;
    for (uint32_t i = 0; i < num->n && st == LM_OK; i++)
        st = lmp_push_mul(ctx, &t, &num->terms[i], m);
    if (st == LM_OK)
        st = lmp_check(ctx, &t);
    return lmp_take(r, &t, st);
}

/* r = num / den in canonical form; num and den without INV factors, den != 0. When
 * `reduced`, the caller knows they have no common factor but monomials and constants. */
lm_status lmp_frac(lm_ctx *ctx, lm_poly *r, const lm_poly *num, const lm_poly *den, int reduced)
{
    if (!den->n)
        return LM_EDIVZERO;
    mpq_t c;
    lm_poly mono, p, n, g, q;
    lm_poly *all[] = {&mono, &p, &n, &g, &q};
    mpq_init(c);
    for (size_t i = 0; i < 5; i++)
        lm_poly_init(all[i]);
    lm_term inv;
    inv.f = NULL;
    mpq_init(inv.coeff);
    /* den = c * mono * p, p primitive without monomial factor: num/(c*mono) is exact */
    lm_status st = num->n ? lm_poly_content(ctx, c, &mono, &p, den) : LM_OK;
    if (st == LM_OK && num->n) {
        const lm_term *m = &mono.terms[0];
        inv.nf = m->nf;
        inv.f = lm_malloc((m->nf ? m->nf : 1) * sizeof *inv.f);
        if (!inv.f)
            st = LM_ENOMEM;
        for (uint32_t j = 0; st == LM_OK && j < m->nf; j++) {
            inv.f[j].atom = m->f[j].atom;
            inv.f[j].exp = -m->f[j].exp;
        }
        if (st == LM_OK) {
            mpq_inv(inv.coeff, c);
            st = mul_term(ctx, &n, num, &inv);
        }
    }
    if (st == LM_OK && num->n && !reduced && !lm_poly_is_const(&p)) {
        st = lmp_gcd(ctx, &g, &n, &p);
        int e1 = 1, e2 = 1;
        if (st == LM_OK && !lm_poly_is_const(&g)) {
            st = lm_poly_div_exact(ctx, &n, &n, &g, &e1);
            if (st == LM_OK)
                st = lm_poly_div_exact(ctx, &p, &p, &g, &e2);
        }
        if (st == LM_OK && !(e1 && e2))
            st = LM_ELIMIT_TERMS; /* a divisor too large to divide out within the limits */
    }
    int64_t k = 1;
    if (st == LM_OK && num->n && !lm_poly_is_const(&p))
        st = perfect_power(ctx, &q, &p, &k);
    if (st == LM_OK && num->n && !lm_poly_is_const(&p)) {
        lm_atom *x = lmp_func_atom(ctx, LM_ATOM_INV, 1, k > 1 ? &q : &p, &st);
        if (x) {
            lm_free(inv.f);
            inv.f = lm_malloc(sizeof *inv.f);
            inv.nf = 1;
            mpq_set_ui(inv.coeff, 1, 1);
            if (!inv.f)
                st = LM_ENOMEM;
            else {
                inv.f[0].atom = x;
                inv.f[0].exp = (int32_t)k;
                st = mul_term(ctx, &n, &n, &inv);
            }
        }
    }
    if (st == LM_OK)
        lm_poly_swap(r, &n);
    lm_free(inv.f);
    mpq_clear(inv.coeff);
    mpq_clear(c);
    for (size_t i = 0; i < 5; i++)
        lm_poly_clear(all[i]);
    return st;
}

/* Is the factor f the same denominator as g (either may be NULL)? */
static int same_tail(const lm_factor *f, const lm_factor *g)
{
    if (!f || !g)
        return f == g;
    return f->atom == g->atom && f->exp == g->exp;
}

lm_status lmp_frac_add(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b, int sign)
{
    lm_poly la, da, lb, db, g, n, t;
    lm_poly *all[] = {&la, &da, &lb, &db, &g, &n, &t};
    for (size_t i = 0; i < 7; i++)
        lm_poly_init(all[i]);
    const lm_factor *fa = tail_of(a), *fb = tail_of(b);
    lm_status st = lmp_split(ctx, &la, &da, a);
    if (st == LM_OK)
        st = lmp_split(ctx, &lb, &db, b);
    if (sign < 0 && st == LM_OK)
        st = lm_poly_neg(ctx, &lb, &lb);
    int reduced = 0;
    if (st != LM_OK) {
    } else if (same_tail(fa, fb)) {
        /* one denominator: only it can divide the summed numerator */
        st = lm_poly_add(ctx, &n, &la, &lb);
        if (st == LM_OK)
            st = lmp_frac(ctx, r, &n, &da, 0);
    } else {
        /* la/(g*a') + lb/(g*b') = (la*b' + lb*a')/(g*a'*b'); coprime when g = 1 */
        if (fa && fb)
            st = lmp_gcd(ctx, &g, &da, &db);
        else
            st = lm_poly_set_si(&g, 1);
        reduced = lm_poly_is_const(&g);
        int e = 1;
        if (st == LM_OK && !reduced)
            st = lm_poly_div_exact(ctx, &da, &da, &g, &e);
        if (st == LM_OK && e && !reduced)
            st = lm_poly_div_exact(ctx, &db, &db, &g, &e);
        if (st == LM_OK && !e)
            st = LM_ELIMIT_TERMS;
        if (st == LM_OK)
            st = lm_poly_mul(ctx, &n, &la, &db);
        if (st == LM_OK)
            st = lm_poly_mul(ctx, &t, &lb, &da);
        if (st == LM_OK)
            st = lm_poly_add(ctx, &n, &n, &t);
        if (st == LM_OK)
            st = lm_poly_mul(ctx, &t, &da, &db);
        if (st == LM_OK && !reduced)
            st = lm_poly_mul(ctx, &t, &t, &g);
        if (st == LM_OK)
            st = lmp_frac(ctx, r, &n, &t, reduced);
    }
    for (size_t i = 0; i < 7; i++)
        lm_poly_clear(all[i]);
    return st;
}

/* Divide x and y by g = gcd(x, y) (when y is not 1). */
static lm_status cancel_common(lm_ctx *ctx, lm_poly *x, lm_poly *y, lm_poly *g)
{
    if (lm_poly_is_const(y) || x->n <= 1)
        return LM_OK;
    lm_status st = lmp_gcd(ctx, g, x, y);
    int e1 = 1, e2 = 1;
    if (st == LM_OK && !lm_poly_is_const(g)) {
        st = lm_poly_div_exact(ctx, x, x, g, &e1);
        if (st == LM_OK)
            st = lm_poly_div_exact(ctx, y, y, g, &e2);
    }
    return st == LM_OK && !(e1 && e2) ? LM_ELIMIT_TERMS : st;
}

lm_status lmp_frac_mul(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b)
{
    lm_poly la, da, lb, db, g;
    lm_poly *all[] = {&la, &da, &lb, &db, &g};
    for (size_t i = 0; i < 5; i++)
        lm_poly_init(all[i]);
    lm_status st = lmp_split(ctx, &la, &da, a);
    if (st == LM_OK)
        st = lmp_split(ctx, &lb, &db, b);
    /* (la/da)(lb/db): the only common factors are those of la and db, and of lb and da */
    if (st == LM_OK)
        st = cancel_common(ctx, &la, &db, &g);
    if (st == LM_OK)
        st = cancel_common(ctx, &lb, &da, &g);
    if (st == LM_OK)
        st = lm_poly_mul(ctx, &la, &la, &lb);
    if (st == LM_OK)
        st = lm_poly_mul(ctx, &da, &da, &db);
    if (st == LM_OK)
        st = lmp_frac(ctx, r, &la, &da, 1);
    for (size_t i = 0; i < 5; i++)
        lm_poly_clear(all[i]);
    return st;
}

lm_status lmp_frac_inv(lm_ctx *ctx, lm_poly *r, const lm_poly *a)
{
    if (!a->n)
        return LM_EDIVZERO;
    lm_poly la, da;
    lm_poly_init(&la);
    lm_poly_init(&da);
    lm_status st = lmp_split(ctx, &la, &da, a);
    if (st == LM_OK)
        st = lmp_frac(ctx, r, &da, &la, 1);
    lm_poly_clear(&la);
    lm_poly_clear(&da);
    return st;
}

lm_status lmp_frac_pow(lm_ctx *ctx, lm_poly *r, const lm_poly *a, int64_t e)
{
    /* (n/q^k)^e = n^e/q^(k e): still reduced, and q is still no perfect power */
    const lm_factor *f = tail_of(a);
    int64_t ke = (int64_t)f->exp * e, maxe = lmp_max_exp(ctx);
    if (e > maxe || ke > maxe)
        return LM_ELIMIT_EXP;
    lm_term inv;
    inv.nf = 1;
    inv.f = (lm_factor[]){{f->atom, (int32_t)ke}};
    mpq_init(inv.coeff);
    mpq_set_ui(inv.coeff, 1, 1);
    lm_poly n;
    lm_poly_init(&n);
    lm_status st = strip_tail(&n, a);
    if (st == LM_OK)
        st = lm_poly_pow(ctx, &n, &n, e);
    if (st == LM_OK)
        st = mul_term(ctx, r, &n, &inv);
    mpq_clear(inv.coeff);
    lm_poly_clear(&n);
    return st;
}
