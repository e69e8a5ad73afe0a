/* poly.h: canonical polynomials with exact rational coefficients (the algebra core).
 * GMP-style API: outputs first, const inputs, init/clear pairs, status codes, no printing. */
#ifndef LM_POLY_H
#define LM_POLY_H
#include "base/limits.h"
#include <gmp.h>
#include <stddef.h>
#include <stdint.h>

/* Status codes returned by every fallible operation. LM_OK is 0. */
typedef enum {
    LM_OK = 0,
    LM_ENOMEM,       /* an allocation failed */
    LM_EDIVZERO,     /* division by an exact zero */
    LM_ELIMIT_TERMS, /* result would exceed ctx->limits.max_terms terms */
    LM_ELIMIT_BITS,  /* a coefficient would exceed ctx->limits.max_bits bits */
    LM_ELIMIT_SIZE,  /* a result's coefficients would exceed ctx->limits.max_size bits */
    LM_ELIMIT_EXP,   /* an exponent beyond ctx->limits.max_exponent */
    LM_ELIMIT_DEPTH, /* nesting deeper than ctx->limits.max_depth */
    LM_ENOTCONST,    /* a numeric value was needed but the polynomial has atoms */
    LM_ENOTINT,      /* an integer was needed (e.g. an exponent) */
    LM_EUNBOUND      /* evaluation met a symbol with no value */
} lm_status;


typedef struct lm_poly lm_poly;
typedef struct lm_atom lm_atom;

/* Atom kinds, in the order atoms of different kinds sort. */
typedef enum {
    LM_ATOM_SYM = 0, /* a symbol, by name */
    LM_ATOM_FLOOR,   /* floor(arg0) */
    LM_ATOM_CEIL,    /* ceil(arg0) */
    LM_ATOM_MIN,     /* min(arg0, ..., argN-1), N >= 2, args decreasing (lm_poly_cmp) */
    LM_ATOM_MAX,     /* max(arg0, ..., argN-1), likewise */
    LM_ATOM_INV      /* 1 / arg0: the denominator of a fraction (see CANONICAL FORM) */
} lm_atom_kind;

/* Atoms are interned in an lm_ctx: two equal atoms are the same pointer.
 * They live as long as the context. */
struct lm_atom {
    lm_atom_kind kind;
    const char *name;   /* SYM: the symbol's long name (owned) */
    const char *plain;  /* SYM: short plain display form, or NULL (not owned) */
    const char *latex;  /* SYM: LaTeX display form, or NULL (not owned) */
    int nargs;          /* functions: 1 (floor, ceil, INV) or >= 2 (min, max) */
    lm_poly *args;      /* functions: canonical arguments (owned) */
    uint64_t hash;
    lm_atom *next;      /* intern-table chain */
};

/* One factor atom^exp of a monomial; exp != 0. */
typedef struct {
    lm_atom *atom;
    int32_t exp;
} lm_factor;

/* A term coeff * f[0] * ... * f[nf-1]. */
typedef struct {
    mpq_t coeff;
    uint32_t nf;
    lm_factor *f;
} lm_term;

/* CANONICAL FORM (checked by lm_poly_is_canonical; asserted by the unit tests after
 * every operation, and by every public operation of src/poly in builds that define
 * LM_CHECK_CANONICAL, as the ASan build does). A canonical lm_poly is a rational function
 * N/D in the atoms, each atom an independent variable:
 *  - every coeff is a canonical mpq (mpq_canonicalize'd: gcd 1, positive denominator)
 *    and non-zero; the zero polynomial has n == 0;
 *  - in each term the factors are sorted strictly increasing by lm_atom_cmp (so no atom
 *    repeats) and every exp is non-zero; the constant term has nf == 0; negative exps
 *    are monomial denominators (d_model/num_heads is one term);
 *  - the terms are sorted strictly decreasing by lm_mono_cmp (so no monomial repeats):
 *    higher total degree first, then graded-lexicographic by atom order;
 *  - one denominator: either no term has an INV factor, or every term ends with the same
 *    one, INV(q)^k with k >= 1 (INV atoms sort last). So p = N / q^k where N, p without
 *    that factor, is a Laurent polynomial (a polynomial with monomial denominators);
 *  - q is not a monomial, has integer coprime coefficients, a positive leading
 *    coefficient, no negative exponent, no INV factor and no monomial factor common to
 *    all of its terms, and is no perfect power of a smaller polynomial (k is maximal;
 *    the perfect-power test is not repeated by the check);
 *  - reduced: N and q have no common factor but monomials and constants (checked with a
 *    gcd, gcd.c);
 *  - function atoms hold canonical arguments. floor and ceil: the argument is not
 *    constant and, unless it is a fraction, has no integer term (an integer times floors
 *    and ceils), so its constant term lies in (0, 1): floor(x + 1) is floor(x) + 1.
 *    min and max: n >= 2 arguments, strictly decreasing by lm_poly_cmp, none a bare min
 *    (in a min) or max (in a max), no two differing by a constant.
 * Hence two equal rational functions of the atoms have identical structure, and zero is
 * n == 0. Relations between different atoms (floor(x) <= x, min(a, b) <= a) are not used:
 * each atom is a variable. */
struct lm_poly {
    uint32_t n, alloc;
    lm_term *terms;
};

/* The context: the atom intern table and the resource limits. */
typedef struct lm_ctx {
    lm_limits limits;
    lm_atom **table;
    size_t table_size, natoms;
    uint32_t depth; /* current recursion depth (internal) */
} lm_ctx;

void lm_ctx_init(lm_ctx *ctx);   /* default limits */
void lm_ctx_clear(lm_ctx *ctx);  /* frees every atom */

/* Atom order: kind first; symbols by strcmp of name; functions by args (lm_poly_cmp). */
int lm_atom_cmp(const lm_atom *a, const lm_atom *b);
/* Monomial order of two terms (ignores coefficients): >0 when a sorts first (a is
 * "greater": higher total degree, or equal degree and grlex greater). */
int lm_mono_cmp(const lm_term *a, const lm_term *b);
/* Total order on canonical polynomials (term by term: monomial, then coefficient). */
int lm_poly_cmp(const lm_poly *a, const lm_poly *b);
int lm_poly_equal(const lm_poly *a, const lm_poly *b);

/* Symbol atom by name (interned; NULL on allocation failure). */
lm_atom *lm_ctx_symbol(lm_ctx *ctx, const char *name);
/* Look up an existing symbol atom without creating it. */
lm_atom *lm_ctx_find_symbol(const lm_ctx *ctx, const char *name);

/* init/clear, copies and constructors. */
void lm_poly_init(lm_poly *p);                 /* the zero polynomial */
void lm_poly_clear(lm_poly *p);
lm_status lm_poly_set(lm_poly *r, const lm_poly *a); /* r may alias a */
void lm_poly_swap(lm_poly *a, lm_poly *b);
void lm_poly_zero(lm_poly *r);
lm_status lm_poly_set_q(lm_poly *r, const mpq_t q);
lm_status lm_poly_set_si(lm_poly *r, long v);
lm_status lm_poly_set_atom(lm_poly *r, lm_atom *a); /* r = a^1 */

/* Queries. */
int lm_poly_is_zero(const lm_poly *p);
int lm_poly_is_const(const lm_poly *p);        /* zero or a single constant term */
int lm_poly_get_q(mpq_t out, const lm_poly *p); /* 1 and sets out if constant, else 0 */
int lm_poly_is_canonical(const lm_poly *p);
int64_t lm_poly_degree(const lm_poly *p, const lm_atom *x); /* max exp of x; 0 if absent; INT64_MIN for zero poly */
int64_t lm_poly_total_degree(const lm_poly *p);
/* Does the polynomial mention atom x anywhere (including inside function atoms)? */
int lm_poly_depends_on(const lm_poly *p, const lm_atom *x);
/* The name of a symbol the polynomial mentions (inside function atoms too), the first in
 * canonical order, or NULL when it is a number: what an error says is still free. */
const char *lm_poly_free_symbol(const lm_poly *p);

/* Arithmetic; outputs may alias inputs. Each checks the limits. */
lm_status lm_poly_add(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b);
lm_status lm_poly_sub(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b);
lm_status lm_poly_neg(lm_ctx *ctx, lm_poly *r, const lm_poly *a);
lm_status lm_poly_mul(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b);
lm_status lm_poly_mul_q(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const mpq_t q);
/* r = a^e for any integer e (negative through lm_poly_inv). */
lm_status lm_poly_pow(lm_ctx *ctx, lm_poly *r, const lm_poly *a, int64_t e);
/* r = 1/a (LM_EDIVZERO for 0): a monomial by negating exponents, N/D as D/N. */
lm_status lm_poly_inv(lm_ctx *ctx, lm_poly *r, const lm_poly *a);
/* r = a/b, reduced (LM_EDIVZERO for b = 0). */
lm_status lm_poly_div(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b);

/* Functions: exact when the arguments are constant, otherwise canonical atoms (see
 * CANONICAL FORM): floor(x + 1) = floor(x) + 1, min(min(a, b), a) = min(a, b). min and
 * max take two arguments here; chained calls make one n-ary atom. */
lm_status lm_poly_floor(lm_ctx *ctx, lm_poly *r, const lm_poly *a);
lm_status lm_poly_ceil(lm_ctx *ctx, lm_poly *r, const lm_poly *a);
lm_status lm_poly_min(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b);
lm_status lm_poly_max(lm_ctx *ctx, lm_poly *r, const lm_poly *a, const lm_poly *b);

/* Substitution: each symbol atom for which `value` returns non-NULL is replaced by that
 * polynomial (everywhere, including inside function atoms, which are re-simplified). */
typedef const lm_poly *(*lm_subst_fn)(void *ud, const lm_atom *sym);
lm_status lm_poly_subst(lm_ctx *ctx, lm_poly *r, const lm_poly *a, lm_subst_fn value, void *ud);

/* Exact evaluation: every symbol must get a value from `value` (returns 1 and sets out,
 * or 0 when unbound -> LM_EUNBOUND, *unbound set to the atom). */
typedef int (*lm_value_fn)(void *ud, const lm_atom *sym, mpq_t out);
lm_status lm_poly_eval(lm_ctx *ctx, mpq_t out, const lm_poly *a, lm_value_fn value, void *ud,
                       const lm_atom **unbound);

/* Collect in one variable: p = sum_i coeffs[i] * x^exps[i], exps strictly decreasing,
 * coeffs canonical, free of x (x inside function atoms is left in the coefficient). */
typedef struct {
    size_t n;
    int64_t *exps;
    lm_poly *coeffs;
} lm_collected;
void lm_collected_init(lm_collected *c);
void lm_collected_clear(lm_collected *c);
lm_status lm_poly_collect(lm_ctx *ctx, lm_collected *out, const lm_poly *p, const lm_atom *x);
/* Coefficient of x^e (zero poly if none). */
lm_status lm_poly_coeff(lm_ctx *ctx, lm_poly *out, const lm_poly *p, const lm_atom *x, int64_t e);

/* Factored display: p = content * mono * rest, where content is a positive-or-negative
 * rational making rest's coefficients coprime integers with positive leading coefficient,
 * and mono (a single term with coeff 1, possibly nf == 0) holds every atom common to all
 * terms at its minimum exponent. rest == 1 when p is a monomial. p == 0 gives content 0. */
lm_status lm_poly_content(lm_ctx *ctx, mpq_t content, lm_poly *mono, lm_poly *rest,
                          const lm_poly *p);

/* Human-readable name of a status code. */
const char *lm_status_str(lm_status s);

/* Powers and exact division (power.c). */
/* Upper bound (saturating) on the number of terms of a^e, computed without expanding:
 * the smaller of C(n+e-1, n-1) (multisets of e of the n monomials) and the product over
 * atoms of e*(max exp - min exp) + 1. lm_poly_pow fails with LM_ELIMIT_TERMS when it
 * exceeds ctx->limits.max_terms. For e < 0: 1 for a monomial free of INV atoms, else
 * UINT64_MAX (unknown). */
uint64_t lm_poly_pow_term_bound(const lm_poly *a, int64_t e);

/* q = a/b when b divides a exactly as polynomials (*exact = 1); otherwise *exact = 0 and
 * q is untouched. A monomial b always divides, and so does any b when a or b is a
 * fraction (q is then lm_poly_div's quotient). */
lm_status lm_poly_div_exact(lm_ctx *ctx, lm_poly *q, const lm_poly *a, const lm_poly *b,
                            int *exact);

#endif
