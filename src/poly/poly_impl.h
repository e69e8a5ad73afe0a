/* poly_impl.h: private helpers shared by the files of src/poly/ (not part of poly.h).
 * Results are built in a scratch lm_poly (terms appended in any order), then sorted and
 * merged by lmp_normalize, which also enforces the limits. */
#ifndef LM_POLY_IMPL_H
#define LM_POLY_IMPL_H
#include "poly/poly.h"

/* The interned atom with private bookkeeping; lm_atom is its first member so pointers
 * convert both ways. depth = 0 for symbols, 1 + deepest atom of the args otherwise:
 * bounding it at creation bounds every recursion through atoms (cmp, subst, eval). */
typedef struct {
    lm_atom pub;
    uint32_t depth;
} lmp_atom;
#define LMP_DEPTH(a) (((const lmp_atom *)(const void *)(a))->depth)

/* Effective exponent limit (never beyond what an int32_t factor exponent holds). */
int64_t lmp_max_exp(const lm_ctx *ctx);

/* Terms. lmp_push appends a term with coeff 0 and room for nf factors (t->nf = nf);
 * NULL on allocation failure (p unchanged). */
void lmp_term_clear(lm_term *t);
lm_term *lmp_push(lm_poly *p, uint32_t nf);
lm_status lmp_push_copy(lm_poly *p, const lm_term *t);
void lmp_pop(lm_poly *p); /* drop (and clear) the last term */
/* Append a*b (coefficients multiplied, exponents added, zero exponents dropped). */
lm_status lmp_push_mul(lm_ctx *ctx, lm_poly *p, const lm_term *a, const lm_term *b);
/* Move every term of src to the end of dst; src becomes zero. */
lm_status lmp_move_terms(lm_poly *dst, lm_poly *src);
/* r = t when st is LM_OK (t is cleared either way): the tail of every "compute into a
 * temporary, then swap" operation, so outputs may alias inputs. */
lm_status lmp_take(lm_poly *r, lm_poly *t, lm_status st);
int64_t lmp_term_degree(const lm_term *t);
/* Monomial order on factor lists with their degrees (as lm_mono_cmp). */
int lmp_fac_cmp(int64_t da, const lm_factor *fa, uint32_t na, int64_t db, const lm_factor *fb,
                uint32_t nb);
/* Factors of the product of two monomials into f (room for na + nb); the count, or -1
 * when an exponent leaves [-maxe, maxe]. */
int64_t lmp_fac_mul(lm_factor *f, const lm_factor *fa, uint32_t na, const lm_factor *fb,
                    uint32_t nb, int64_t maxe);
/* Exponent of atom x as a direct factor of t (0 if absent). */
int32_t lmp_term_exp(const lm_term *t, const lm_atom *x);

/* Sort, merge equal monomials, drop zeros, then lmp_check. */
lm_status lmp_normalize(lm_ctx *ctx, lm_poly *p);
/* Limits on the number of terms, coefficient sizes and their total (max_size). */
lm_status lmp_check(const lm_ctx *ctx, const lm_poly *p);
uint64_t lmp_q_bits(const mpq_t q); /* bits of numerator and denominator */
/* The work a product or power may take, in products of two limbs: a few times max_size,
 * so that the default limits keep one operation within about a second. Besides its
 * numbers, each pair of terms costs lmp_pair_work(streams) of them for a heap of
 * `streams` terms (mul.c): measured, about 16 per level of the heap. */
uint64_t lmp_max_work(const lm_ctx *ctx);
uint64_t lmp_pair_work(uint64_t streams);
lm_status lmp_check_q(const lm_ctx *ctx, const mpq_t q);
/* Lower bound on the bits of q^e (for e >= 1) exceeds the limit? */
int lmp_pow_too_big(const lm_ctx *ctx, const mpq_t q, uint64_t e);

/* r = acc + t*a, all sorted (multiplying by a monomial keeps the order); r must not
 * alias acc or a. */
lm_status lmp_addmul_term(lm_ctx *ctx, lm_poly *r, const lm_poly *acc, const lm_poly *a,
                          const lm_term *t);

/* The interned function atom kind(args); NULL with *st set on failure. */
lm_atom *lmp_func_atom(lm_ctx *ctx, lm_atom_kind kind, int nargs, const lm_poly *args,
                       lm_status *st);

/* Distinct atoms occurring as direct factors of a (and b, if not NULL), sorted by
 * lm_atom_cmp. *out is lm_malloc'd (NULL when none). */
lm_status lmp_atoms(lm_atom ***out, size_t *n, const lm_poly *a, const lm_poly *b);
/* Minimum and maximum exponent of x over the terms of p (absent counts as 0). */
void lmp_exp_range(const lm_poly *p, const lm_atom *x, int64_t *lo, int64_t *hi);

/* r = 1/t for one term free of INV factors (a Laurent monomial). */
lm_status lmp_inv_term(lm_ctx *ctx, lm_poly *r, const lm_term *t);
/* q with q^k == p when p is a k-th power (*ok = 1); see power.c. */
lm_status lmp_try_root(lm_ctx *ctx, lm_poly *q, const lm_poly *p, int64_t k, int *ok);

/* Is the term an integer whatever its atoms' values: an integer times floors and ceils
 * to positive powers? (query.c) */
int lmp_term_is_integer(const lm_term *t);

/* Fractions (frac.c). A canonical p is num/den: every term ends with the same INV factor
 * INV(q)^k (den = q^k) or none (den = 1). lmp_split gives num (p without that factor,
 * a Laurent polynomial) and den expanded. lmp_frac builds the canonical num/den from any
 * num and den != 0 free of INV factors, dividing out their gcd unless the caller knows
 * it is 1 (`reduced`). The others are add/sub (sign -1), mul, inverse and a power e > 0
 * for operands of which at least one has a denominator; polynomials never get here. */
int lmp_has_inv(const lm_poly *p);
lm_status lmp_split(lm_ctx *ctx, lm_poly *num, lm_poly *den, const lm_poly *p);
lm_status lmp_frac(lm_ctx *ctx, lm_poly *r, const lm_poly *num, const lm_poly *den, int reduced);
lm_status lmp_frac_add(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b, int sign);
lm_status lmp_frac_mul(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b);
lm_status lmp_frac_inv(lm_ctx *ctx, lm_poly *r, const lm_poly *a);
lm_status lmp_frac_pow(lm_ctx *ctx, lm_poly *r, const lm_poly *a, int64_t e);

/* The gcd of a and b up to monomial and constant factors (gcd.c): primitive, with a
 * positive leading coefficient and no monomial factor; 1 when either is a monomial.
 * a and b are free of INV factors (other atoms are variables), negative exponents
 * allowed. Its work is bounded by the term limit (LM_ELIMIT_TERMS past it). */
lm_status lmp_gcd(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b);

/* The canonical-form check at the exit of every public operation, in builds that define
 * LM_CHECK_CANONICAL (the ASan build): a violated invariant aborts there, at its cause. */
#ifdef LM_CHECK_CANONICAL
lm_status lmp_ensure(lm_status st, const lm_poly *r);
#define LMP_ENSURE(st, r) lmp_ensure((st), (r))
#else
#define LMP_ENSURE(st, r) (st)
#endif

/* Exact value of one atom (used by lm_poly_eval and lm_horner_eval). */
lm_status lmp_eval_atom(lm_ctx *ctx, mpq_t out, const lm_atom *x, lm_value_fn value, void *ud,
                        const lm_atom **unbound);
/* out = v^e exactly, with the bit limit checked before computing. */
lm_status lmp_q_pow(const lm_ctx *ctx, mpq_t out, const mpq_t v, int64_t e);

#endif
