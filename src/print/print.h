/* print.h: printers of canonical forms: plain, unicode and LaTeX (numbers: poly/numfmt.h).
 * Everything appends to an lm_buf; nothing here writes to a stream. */
#ifndef LM_PRINT_H
#define LM_PRINT_H
#include "base/buf.h"
#include "poly/numfmt.h"
#include "poly/poly.h"

typedef enum { LM_FMT_PLAIN, LM_FMT_UNICODE, LM_FMT_LATEX } lm_fmt;

typedef struct {
    lm_fmt fmt;
    int short_names; /* use atom->plain (plain/unicode) instead of the long name */
} lm_print_opts;

/* The canonical form, terms in canonical order (descending degree); a fraction over a
 * sum prints as one fraction, its monomial denominators with the sum:
 *  plain    2*batch_size*context_length*d_model^2 + 3*x - 1/2,  d_model/num_heads,
 *           x^2/(2*y),  floor(x/2),  min(a, b, c),  1/(x + 1),  (x^2 + x + 1)/(x*(x + 1))
 *  unicode  2·B·T·d² + 3·x - 1/2,  d/h,  x²/(2·y),  ⌊x/2⌋,  min(a, b)
 *  latex    2 B T d_{\text{model}}^{2} + 3 x - \frac{1}{2},  \frac{d}{h},
 *           \left\lfloor \frac{x}{2} \right\rfloor,  \min\left(a, b\right)
 * LaTeX uses \cdot only between two numerals; symbols print in their latex display
 * form (atom->latex), else a one-letter name as is, else \mathit{name} with escaped _. */
void lm_print_poly(lm_buf *b, const lm_poly *p, const lm_print_opts *o);

/* A polynomial collected in x, highest power first, x outermost:
 *   4667508736*batch_size + 13096166400
 *   (2*d + 3)*batch_size^2 + batch_size + 7
 * A coefficient that is a sum is parenthesised; a coefficient 1 is omitted. */
void lm_print_collected(lm_buf *b, const lm_collected *c, const lm_atom *x,
                        const lm_print_opts *o);

/* Content-factored form: content * mono * (rest), e.g. 2*T*d*(3*d + 2). Falls back to
 * lm_print_poly when there is nothing to pull out. */
void lm_print_factored(lm_ctx *ctx, lm_buf *b, const lm_poly *p, const lm_print_opts *o);

/* A formula as a textbook writes it, as the command line prints formulas: a denominator
 * common to every term pulled out in front, S/(14400*MFU*F)*(...) or (...)/D when the
 * factor is 1/D, and the rest collected in x (when it has x; x may be NULL):
 *   (4*T^2*h*L + ...)*batch_size + 192*d^2*L + ...,   (a + 2*c)/(2*b)
 * LM_OK, or the status of a failed collection (nothing useful is in b then). */
lm_status lm_print_spelled(lm_ctx *ctx, lm_buf *b, const lm_poly *p, const lm_atom *x,
                           const lm_print_opts *o);

/* The display of one symbol atom (plain, unicode or LaTeX, long or short). */
void lm_print_atom_name(lm_buf *b, const lm_atom *a, const lm_print_opts *o);

#endif
