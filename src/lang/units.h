/* units.h: dimensions and the unit table (B, GiB, TFLOP, day, parameter, ...).
 * A quantity is an exact rational in base units (byte, FLOP, second, parameter). */
#ifndef LM_UNITS_H
#define LM_UNITS_H
#include <gmp.h>
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"

enum { LM_DIM_BYTE, LM_DIM_FLOP, LM_DIM_SECOND, LM_DIM_PARAM, LM_NDIM };

/* Exponents of the base dimensions; all zero is dimensionless. */
typedef struct {
    int8_t e[LM_NDIM];
} lm_dim;

typedef struct {
    const char *name;
    int dim;          /* base dimension, or -1 for a dimensionless scale (%) */
    const char *num;  /* scale numerator, decimal */
    const char *den;  /* scale denominator, decimal */
    int iec;          /* binary prefix (KiB, GiB): never mixed with SI when printing */
} lm_unit_def;

/* The table, terminated by a NULL name. */
extern const lm_unit_def lm_units[];
const lm_unit_def *lm_unit_find(const char *name, size_t len);

int lm_dim_equal(lm_dim a, lm_dim b);
int lm_dim_is_none(lm_dim a);
/* a*b, a/b, a^k; return -1 on exponent overflow (|e| > 100). */
int lm_dim_mul(lm_dim *r, lm_dim a, lm_dim b);
int lm_dim_div(lm_dim *r, lm_dim a, lm_dim b);
int lm_dim_pow(lm_dim *r, lm_dim a, long k);
/* "B", "FLOP/s", "B/parameter", "1" for none. */
void lm_dim_print(lm_buf *b, lm_dim d);

/* Length of the longest unit expression at the start of s (at most n bytes):
 *   unit := word ['^' integer] { ('/' or '*') word ['^' integer] }
 * where every word is a known unit and is not followed by a name character.
 * 0 when s does not start with a unit. "%" is a unit (1/100). */
size_t lm_unit_prefix_len(const char *s, size_t n);

/* Parse a whole unit expression into its exact scale and dimension.
 * Returns 0, or -1 with bad_off and bad_len locating the unknown or malformed part. */
int lm_unit_parse(const char *s, mpq_t scale, lm_dim *dim, size_t *bad_off, size_t *bad_len);

#endif
