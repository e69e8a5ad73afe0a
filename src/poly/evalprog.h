/* evalprog.h: a canonical polynomial compiled once into an evaluation program (Horner form,
 * powers shared), run in 128-bit integers with overflow checks, exact GMP fallback. */
#ifndef LM_EVALPROG_H
#define LM_EVALPROG_H
#include "poly/poly.h"

__extension__ typedef __int128 lm_i128;
__extension__ typedef unsigned __int128 lm_u128;

typedef struct lm_evalslot lm_evalslot; /* private */
typedef struct lm_evalop lm_evalop;     /* private */

/* A program for one polynomial p. Its inputs are p's symbols (also those inside function
 * atoms), syms[0..nsyms-1], sorted by lm_atom_cmp. The other fields are private.
 *
 * How it evaluates: p * D * prod x^s = N, where D is the lcm of the coefficients'
 * denominators and s shifts each atom's negative exponents to zero, so N has integer
 * coefficients and no negative powers. N runs as a stack program in nested Horner form
 * (atoms ordered by how many terms use them, each power x^k computed once per run) in
 * 128-bit integers with every + and * checked; the result is N / (D * prod x^s) in lowest
 * terms. When an operation overflows, the same program runs in GMP integers. Whenever an
 * input or a function atom's value is not an integer, or a denominator is zero, the value
 * comes from lm_poly_eval instead, so results and status codes are always lm_poly_eval's. The static bound on the
 * bits of lm_poly_eval's intermediates (bound_bits) must be within ctx->limits.max_bits for
 * the fast path to run, so that lm_poly_eval could not have failed a limit check there.
 * A program holds its own scratch space: it is not for concurrent use. */
typedef struct {
    lm_poly poly;        /* a copy of p (the exact path evaluates it) */
    size_t nsyms;
    lm_atom **syms;      /* the inputs */
    /* private */
    size_t nslots;       /* atoms occurring as direct factors: registers 0..nslots-1 */
    lm_evalslot *slots;
    size_t npows;        /* registers nslots.. hold powers slot^k, k >= 2 */
    uint32_t *pow_slot;
    int64_t *pow_k;
    size_t nops, cap_ops;
    lm_evalop *ops;
    size_t nconsts, cap_consts;
    lm_i128 *consts;
    size_t maxstack;
    lm_i128 *reg, *stack, *ivals; /* scratch */
    mpz_t *zreg;         /* scratch of the GMP run: registers, denominator, stack, consts */
    size_t nz;
    size_t nden;         /* registers whose product, times dconst, is the denominator */
    uint32_t *den_regs;
    lm_i128 dconst;
    int fast;            /* the 128-bit program exists (coefficients fit) */
    uint64_t bound_bits; /* see above */
    mpq_t tmp;
} lm_evalprog;

void lm_evalprog_init(lm_evalprog *e);
void lm_evalprog_clear(lm_evalprog *e);
/* Compile p (canonical) into e (replacing what e held). */
lm_status lm_evalprog_compile(lm_ctx *ctx, lm_evalprog *e, const lm_poly *p);

/* Index of a symbol among the inputs, or -1. */
long lm_evalprog_sym_index(const lm_evalprog *e, const lm_atom *sym);

/* out = p(vals): vals[i] is the value of e->syms[i]. Identical to lm_poly_eval (value and
 * status). */
lm_status lm_evalprog_eval(lm_ctx *ctx, mpq_t out, lm_evalprog *e, const mpq_t *vals);
/* The same with integer inputs. */
lm_status lm_evalprog_eval_i128(lm_ctx *ctx, mpq_t out, lm_evalprog *e, const lm_i128 *vals);
/* The fast path alone: 1 when the 128-bit program gave the exact value num/den (den > 0,
 * lowest terms); 0 when it could not (then use lm_evalprog_eval_i128, which also reports
 * any error). */
int lm_evalprog_try_i128(lm_ctx *ctx, lm_i128 *num, lm_i128 *den, lm_evalprog *e,
                         const lm_i128 *vals);

/* Conversions between GMP integers and lm_i128. lm_mpz_get_i128 returns 0 when |z| >= 2^127. */
void lm_mpz_set_i128(mpz_t z, lm_i128 v);
int lm_mpz_get_i128(lm_i128 *v, const mpz_t z);
/* Decimal digits of v into buf (at least 41 bytes); returns the length. */
size_t lm_i128_str(char *buf, lm_i128 v);

#endif
