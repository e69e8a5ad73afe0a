/* spell.c: a formula spelled as a textbook writes it (see print.h, lm_print_spelled): a
 * denominator common to every term pulled out in front, the rest collected in one symbol. */
#include "print/print.h"
#include <string.h>

/* Does the common monomial have a symbol in a denominator (a negative power) that every
 * term shares? (The content operation clears denominators, so a term without it would get
 * it back as a positive power in the rest: then nothing is common and nothing is pulled.)
 * A sum in the denominator (an INV factor) that every term has counts too.
 * A mere rational content stays inside: a/2 + b/2. */
static int has_denominator(const lm_term *t, const lm_poly *rest)
{
    for (uint32_t i = 0; i < t->nf; i++)
        if (t->f[i].exp < 0)
            for (uint32_t k = 0; k < rest->n; k++)
                for (uint32_t j = 0; j < rest->terms[k].nf; j++)
                    if (rest->terms[k].f[j].atom == t->f[i].atom && rest->terms[k].f[j].exp > 0)
                        return 0;
    for (uint32_t i = 0; i < t->nf; i++)
        if (t->f[i].exp < 0 || t->f[i].atom->kind == LM_ATOM_INV)
            return 1;
    return 0;
}

/* The formula collected in x, when it has x. */
static lm_status collected(lm_ctx *ctx, lm_buf *b, const lm_poly *p, const lm_atom *x,
                           const lm_print_opts *o)
{
    if (!x || lm_poly_degree(p, x) <= 0) {
        lm_print_poly(b, p, o);
        return LM_OK;
    }
    lm_collected col;
    lm_collected_init(&col);
    lm_status st = lm_poly_collect(ctx, &col, p, x);
    if (!st)
        lm_print_collected(b, &col, x, o);
    lm_collected_clear(&col);
    return st;
}

/* A pulled factor that is 1/D or -1/D, as printed: *neg and the printed D (len bytes), so
 * that the formula can read (rest)/D, as a textbook writes it, rather than 1/D*(rest). */
static int reciprocal(const char *s, int latex, int *neg, const char **den, size_t *len)
{
    *neg = *s == '-';
    s += *neg;
    const char *open = latex ? "\\frac{1}{" : "1/";
    size_t n = strlen(open), total = strlen(s);
    if (strncmp(s, open, n) != 0 || total <= n + (latex ? 1 : 0))
        return 0;
    *den = s + n;
    *len = total - n - (latex ? 1 : 0); /* LaTeX: without the closing brace */
    if (latex && s[total - 1] != '}')
        return 0;
    /* the rest must be one group: a brace closing early would mean 1/D times more */
    int depth = 0;
    for (size_t i = 0; i < *len; i++) {
        char ch = (*den)[i];
        depth += latex ? (ch == '{') - (ch == '}') : (ch == '(') - (ch == ')');
        if (depth < 0 || (!latex && depth == 0 && (ch == '*' || ch == ' ')))
            return 0;
    }
    return depth == 0;
}

/* A pulled factor printed as fb: either (rest)/D or factor*(rest). */
static lm_status pulled(lm_ctx *ctx, lm_buf *b, const char *fb, const lm_poly *rest,
                        const lm_atom *x, const lm_print_opts *o)
{
    int neg, latex = o->fmt == LM_FMT_LATEX;
    const char *den;
    size_t len;
    lm_status st;
    if (reciprocal(fb, latex, &neg, &den, &len)) {
        lm_buf_puts(b, neg ? "-" : "");
        lm_buf_puts(b, latex ? "\\frac{" : "(");
        st = collected(ctx, b, rest, x, o);
        lm_buf_puts(b, latex ? "}{" : ")/");
        lm_buf_putn(b, den, len);
        lm_buf_puts(b, latex ? "}" : "");
    } else {
        lm_buf_puts(b, fb);
        lm_buf_puts(b, latex ? " \\left(" : o->fmt == LM_FMT_PLAIN ? "*(" : "·(");
        st = collected(ctx, b, rest, x, o);
        lm_buf_puts(b, latex ? "\\right)" : ")");
    }
    return st;
}

lm_status lm_print_spelled(lm_ctx *ctx, lm_buf *b, const lm_poly *p, const lm_atom *x,
                           const lm_print_opts *o)
{
    if (p->n <= 1)
        return collected(ctx, b, p, x, o);
    mpq_t content;
    lm_poly mono, rest, factor;
    mpq_init(content);
    lm_poly_init(&mono);
    lm_poly_init(&rest);
    lm_poly_init(&factor);
    lm_buf fb;
    lm_buf_init(&fb);
    int done = 0;
    lm_status st = LM_OK;
    if (lm_poly_content(ctx, content, &mono, &rest, p) == LM_OK && mono.n == 1 && rest.n > 1 &&
        has_denominator(&mono.terms[0], &rest) &&
        lm_poly_mul_q(ctx, &factor, &mono, content) == LM_OK) {
        lm_print_poly(&fb, &factor, o);
        st = pulled(ctx, b, lm_buf_str(&fb), &rest, x, o);
        if (fb.failed)
            b->failed = 1;
        done = 1;
    }
    lm_buf_clear(&fb);
    lm_poly_clear(&factor);
    mpq_clear(content);
    lm_poly_clear(&mono);
    lm_poly_clear(&rest);
    return done ? st : collected(ctx, b, p, x, o);
}
