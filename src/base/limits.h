/* limits.h: the resource limits of one session, with their defaults.
 * Every stage checks the ones it meets; a limit reached is an error, never a crash. */
#ifndef LM_LIMITS_H
#define LM_LIMITS_H
#include <stdint.h>

typedef struct {
    uint64_t max_terms;      /* terms in one canonical form (default 100000) */
    uint64_t max_bits;       /* bits of a numerator or denominator (default 1<<20) */
    uint64_t max_size;       /* bits of all the coefficients of one result (default 1<<26) */
    int64_t max_exponent;    /* |e| in x^e (default 1000000) */
    uint32_t max_depth;      /* nesting of formulas and recursion through atoms (default 1000) */
    uint64_t max_token;      /* bytes of one name or number (default 4096) */
    uint64_t max_file;       /* bytes of one source file (default 16 MiB) */
    uint64_t max_solve_bits; /* solve searches answers below 2^max_solve_bits (default 256) */
} lm_limits;

void lm_limits_default(lm_limits *lim);

/* Which limit an error reports (lm_diag.limit), so that a front end can say how to change
 * it: the library names the limit, only the CLI names its option. */
typedef enum {
    LM_LIMIT_NONE,
    LM_LIMIT_TERMS,
    LM_LIMIT_BITS,
    LM_LIMIT_EXPONENT,
    LM_LIMIT_DEPTH,
    LM_LIMIT_TOKEN,
    LM_LIMIT_FILE,
    LM_LIMIT_SOLVE_BITS,
    LM_LIMIT_SIZE
} lm_limit;

/* The field's name ("max_terms") and what it bounds ("terms"); "" for LM_LIMIT_NONE. */
const char *lm_limit_name(lm_limit which);
const char *lm_limit_noun(lm_limit which);

#endif
