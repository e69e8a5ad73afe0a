/* poly_frac.c: fractions with the same denominator are summed and the factors of that
 * denominator that divide their numerator are cancelled: p * (1/p) = 1, a/(a+b) + b/(a+b) = 1. */
#include "poly_impl.h"
#include "alloc.h"

/* Denominator factors are INV atoms, which sort after every other kind of atom, so in
 * each term they form the tail of the factor list. */
static uint32_t inv_start(const lm_term *t)
{
    uint32_t k = t->nf;
    while (k > 0 && t->f[k - 1].atom->kind == LM_ATOM_INV)
        k--;
    return k;
}

int lmp_has_inv(const lm_poly *p)
{
    for (uint32_t i = 0; i < p->n; i++)
        if (inv_start(&p->terms[i]) < p->terms[i].nf)
            return 1;
    return 0;
}

/* Two terms with the same denominator (the same INV tail)? */
static int same_den(const lm_term *a, const lm_term *b)
{
    uint32_t ka = inv_start(a), kb = inv_start(b);
    if (a->nf - ka != b->nf - kb)
        return 0;
    for (uint32_t j = 0; j < a->nf - ka; j++)
        if (a->f[ka + j].atom != b->f[kb + j].atom || a->f[ka + j].exp != b->f[kb + j].exp)
            return 0;
    return 1;
}

/* One pass over the groups of terms that share a denominator (an INV tail): each group's
 * numerator is divided by each factor of its denominator as often as that divides it
 * exactly, and the group goes back over what is left of the denominator. *changed says
 * whether a factor was cancelled. */
static lm_status cancel_groups(lm_ctx *ctx, lm_poly *out, const lm_poly *p, int *changed)
{
    lm_poly group, q;
    lm_poly_init(&group);
    lm_poly_init(&q);
    lm_term m;
    m.nf = 0;
    m.f = NULL;
    mpq_init(m.coeff);
    mpq_set_ui(m.coeff, 1, 1);
    char *done = lm_calloc(p->n ? p->n : 1, 1);
    lm_status st = done ? LM_OK : LM_ENOMEM;
    for (uint32_t i = 0; i < p->n && st == LM_OK; i++) {
        if (done[i])
            continue;
        const lm_term *lead = &p->terms[i];
        uint32_t k0 = inv_start(lead);
        lm_poly_zero(&group);
        for (uint32_t j = i; j < p->n && st == LM_OK; j++) {
            if (done[j] || !same_den(lead, &p->terms[j]))
                continue;
            done[j] = 1;
            const lm_term *t = &p->terms[j];
            lm_term *u = lmp_push(&group, inv_start(t));
            if (!u) {
                st = LM_ENOMEM;
                break;
            }
            mpq_set(u->coeff, t->coeff);
            for (uint32_t k = 0; k < u->nf; k++)
                u->f[k] = t->f[k];
        }
        if (st == LM_OK)
            st = lmp_normalize(ctx, &group);
        lm_free(m.f);
        m.nf = 0;
        m.f = st == LM_OK ? lm_malloc((lead->nf - k0 + 1) * sizeof *m.f) : NULL;
        if (st == LM_OK && !m.f)
            st = LM_ENOMEM;
        for (uint32_t k = k0; k < lead->nf && st == LM_OK; k++) {
            lm_factor f = lead->f[k];
            while (f.exp > 0 && group.n) {
                int exact;
                st = lm_poly_div_exact(ctx, &q, &group, &f.atom->args[0], &exact);
                if (st != LM_OK || !exact)
                    break;
                lm_poly_swap(&group, &q);
                f.exp--;
                *changed = 1;
            }
            if (f.exp)
                m.f[m.nf++] = f;
        }
        /* times what is left of the denominator, a monomial: the order of the terms holds */
        for (uint32_t k = 0; k < group.n && st == LM_OK; k++)
            st = lmp_push_mul(ctx, out, &group.terms[k], &m);
    }
    if (st == LM_OK)
        st = lmp_normalize(ctx, out);
    lm_free(done);
    lm_free(m.f);
    mpq_clear(m.coeff);
    lm_poly_clear(&group);
    lm_poly_clear(&q);
    return st;
}

/* The work is bounded by the size of p: while it runs, max_terms is lowered to a few times
 * p's terms, which caps each trial division; a cancellation that needs more is missed. */
lm_status lmp_together(lm_ctx *ctx, lm_poly *p)
{
    if (!lmp_has_inv(p))
        return LM_OK;
    uint64_t max_terms = ctx->limits.max_terms, budget = 4 * (uint64_t)p->n + 32;
    if (budget < max_terms)
        ctx->limits.max_terms = budget;
    lm_poly res;
    lm_poly_init(&res);
    lm_status st = LM_OK;
    /* cancelled terms may join another group, which may then cancel in turn */
    for (int changed = 1; changed && st == LM_OK && lmp_has_inv(p);) {
        changed = 0;
        lm_poly_zero(&res);
        st = cancel_groups(ctx, &res, p, &changed);
        if (st == LM_OK && changed)
            lm_poly_swap(p, &res);
    }
    ctx->limits.max_terms = max_terms;
    lm_poly_clear(&res);
    if (st != LM_ENOMEM && st != LM_ELIMIT_DEPTH)
        st = LM_OK; /* a limit met on the way: p is kept as it is, still correct */
    return st;
}
