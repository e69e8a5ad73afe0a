/* frac.c: fractions with the same denominator are summed and the factors of that
 * denominator that divide their numerator are cancelled: p * (1/p) = 1, a/(a+b) + b/(a+b) = 1. */
#include "poly/poly_impl.h"
#include "base/alloc.h"

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

/* Does some term of a have the denominator of t? */
static int has_den(const lm_poly *a, const lm_term *t)
{
    for (uint32_t i = 0; i < a->n; i++)
        if (same_den(&a->terms[i], t))
            return 1;
    return 0;
}

/* What cancel_groups does with each term of p: not decided yet, copy it, or replace it
 * with its group's reduced terms. */
enum { UNSEEN, KEEP, REPLACE };

/* Mark the terms from `lead` on that share its denominator (its group: terms before lead
 * have other denominators, or lead would not be the first of its group). */
static void mark_group(const lm_poly *p, uint32_t lead, char *mark, char what)
{
    for (uint32_t j = lead; j < p->n; j++)
        if (same_den(&p->terms[lead], &p->terms[j]))
            mark[j] = what;
}

/* The group of p's terms with lead's denominator, each without its INV tail. */
static lm_status group_of(lm_ctx *ctx, lm_poly *group, const lm_poly *p, uint32_t lead)
{
    lm_poly_zero(group);
    for (uint32_t j = lead; j < p->n; j++) {
        const lm_term *t = &p->terms[j];
        if (!same_den(&p->terms[lead], t))
            continue;
        lm_term *u = lmp_push(group, inv_start(t));
        if (!u)
            return LM_ENOMEM;
        mpq_set(u->coeff, t->coeff);
        for (uint32_t k = 0; k < u->nf; k++)
            u->f[k] = t->f[k];
    }
    return lmp_normalize(ctx, group);
}

/* Divide group by the factors of lead's INV tail as often as they divide it exactly; m
 * gets what is left of the tail (room for all of it), and *cancelled is set if anything
 * was. */
static lm_status cancel(lm_ctx *ctx, lm_poly *group, const lm_term *lead, lm_term *m,
                        int *cancelled)
{
    lm_poly q;
    lm_poly_init(&q);
    lm_status st = LM_OK;
    m->nf = 0;
    for (uint32_t k = inv_start(lead); k < lead->nf && st == LM_OK; k++) {
        lm_factor f = lead->f[k];
        /* a multiple of a sum has at least two terms: its leading and trailing monomials
         * differ, as the sum's do */
        while (f.exp > 0 && group->n >= 2) {
            int exact;
            st = lm_poly_div_exact(ctx, &q, group, &f.atom->args[0], &exact);
            if (st != LM_OK || !exact)
                break;
            lm_poly_swap(group, &q);
            f.exp--;
            *cancelled = 1;
        }
        if (f.exp)
            m->f[m->nf++] = f;
    }
    lm_poly_clear(&q);
    return st;
}

/* One pass over the groups of terms that share a denominator (an INV tail), trying those
 * that may have become divisible (all of them when a is NULL). When some group cancels,
 * out gets p with each such group over what is left of its denominator, and *changed is
 * set; otherwise out is left alone. */
static lm_status cancel_groups(lm_ctx *ctx, lm_poly *out, const lm_poly *p, const lm_poly *a,
                               const lm_poly *b, int *changed)
{
    lm_poly group;
    lm_poly_init(&group);
    lm_term m;
    m.nf = 0;
    mpq_init(m.coeff);
    mpq_set_ui(m.coeff, 1, 1);
    uint32_t maxnf = 1;
    for (uint32_t i = 0; i < p->n; i++)
        maxnf = p->terms[i].nf > maxnf ? p->terms[i].nf : maxnf;
    m.f = lm_malloc(maxnf * sizeof *m.f);
    char *mark = lm_calloc(p->n ? p->n : 1, 1); /* UNSEEN */
    lm_status st = m.f && mark ? LM_OK : LM_ENOMEM;
    for (uint32_t i = 0; i < p->n && st == LM_OK; i++) {
        if (mark[i] != UNSEEN)
            continue;
        const lm_term *lead = &p->terms[i];
        /* a sum of reduced a and b: a group that only one of them has is reduced already */
        if (inv_start(lead) == lead->nf || (a && !(has_den(a, lead) && has_den(b, lead)))) {
            mark_group(p, i, mark, KEEP);
            continue;
        }
        int cancelled = 0;
        st = group_of(ctx, &group, p, i);
        if (st == LM_OK)
            st = cancel(ctx, &group, lead, &m, &cancelled);
        if (st != LM_OK)
            break;
        mark_group(p, i, mark, cancelled ? REPLACE : KEEP);
        if (!cancelled)
            continue;
        if (!*changed) {
            *changed = 1;
            lm_poly_zero(out);
        }
        /* times what is left of the denominator, a monomial: the order of the terms holds */
        for (uint32_t k = 0; k < group.n && st == LM_OK; k++)
            st = lmp_push_mul(ctx, out, &group.terms[k], &m);
    }
    if (st == LM_OK && *changed) {
        for (uint32_t i = 0; i < p->n && st == LM_OK; i++)
            if (mark[i] == KEEP)
                st = lmp_push_copy(out, &p->terms[i]);
        if (st == LM_OK)
            st = lmp_normalize(ctx, out);
    }
    lm_free(mark);
    lm_free(m.f);
    mpq_clear(m.coeff);
    lm_poly_clear(&group);
    return st;
}

/* The work is bounded by the size of p: while it runs, max_terms is lowered to a few times
 * p's terms, which caps each trial division; a cancellation that needs more is missed. */
static lm_status reduce(lm_ctx *ctx, lm_poly *p, const lm_poly *a, const lm_poly *b)
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
        st = cancel_groups(ctx, &res, p, a, b, &changed);
        a = b = NULL; /* after a change, any group may have new members */
        if (st == LM_OK && changed)
            lm_poly_swap(p, &res);
    }
    ctx->limits.max_terms = max_terms;
    lm_poly_clear(&res);
    if (st != LM_ENOMEM && st != LM_ELIMIT_DEPTH)
        st = LM_OK; /* a limit met on the way: p is kept as it is, still correct */
    return st;
}

lm_status lmp_together(lm_ctx *ctx, lm_poly *p) { return reduce(ctx, p, NULL, NULL); }

lm_status lmp_together_sum(lm_ctx *ctx, lm_poly *p, const lm_poly *a, const lm_poly *b)
{
    return reduce(ctx, p, a, b);
}
