/* numfmt.h: exact numbers as text: grouped integers, p/q, rounded and terminating decimals.
 * Everything appends to an lm_buf; rounding is explicit and reported to the caller. */
#ifndef LM_NUMFMT_H
#define LM_NUMFMT_H
#include "base/buf.h"
#include <gmp.h>

/* Numbers. `group` is the digit-group separator for integer parts ("," or "\\," or
 * NULL for none); groups of three digits. */
/* Exact: an integer as its digits, a non-integer as p/q. */
void lm_print_q_exact(lm_buf *b, const mpq_t q, const char *group);
/* Decimal with `digits` significant digits, rounding half away from zero; trailing zeros
 * after the point are dropped. Returns 1 when the printed figure is not exactly q.
 * sci: 0 fixed notation, 1 scientific (1.06e13; LaTeX callers format the exponent
 * themselves from lm_q_decimal_parts), -1 fixed when 1e-4 <= |q| < 1e15 else scientific. */
int lm_print_q_decimal(lm_buf *b, const mpq_t q, int digits, int sci, const char *group);
/* Mantissa digits and exponent: q ~ 0.d1d2..dn * 10^exp10 after rounding to n digits;
 * returns 1 if rounded. Digits written to `digits_out` (n+1 bytes), sign separately. */
int lm_q_decimal_parts(const mpq_t q, int n, char *digits_out, long *exp10, int *negative);
/* Is q a terminating decimal (denominator of the form 2^a 5^b)? */
int lm_q_is_terminating(const mpq_t q);
/* Print q as a terminating decimal exactly (requires lm_q_is_terminating). */
void lm_print_q_terminating(lm_buf *b, const mpq_t q, const char *group);

#endif
