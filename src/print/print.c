/* print.c: the polynomial printers (see print.h): canonical, collected and factored forms
 * in plain text, unicode and LaTeX. Negative powers and a sum denominator go below the bar. */
#include "print/print.h"
#include "base/alloc.h"
#include <stdio.h>
#include <string.h>

static void put_poly(lm_buf *b, const lm_poly *p, const lm_print_opts *o, int neg);

/* ---- display pieces ---------------------------------------------------------------- */

static const char *const superscript[10] = {
    "\xe2\x81\xb0", "\xc2\xb9",     "\xc2\xb2",     "\xc2\xb3",     "\xe2\x81\xb4",
    "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
};
#define MIDDLE_DOT "\xc2\xb7"

/* The exponent of a power k > 1 (nothing for k == 1). */
static void put_exponent(lm_buf *b, uint64_t k, const lm_print_opts *o)
{
    if (k == 1)
        return;
    if (o->fmt == LM_FMT_LATEX) {
        lm_buf_printf(b, "^{%llu}", (unsigned long long)k);
    } else if (o->fmt == LM_FMT_UNICODE) {
        char d[24];
        int n = snprintf(d, sizeof d, "%llu", (unsigned long long)k);
        for (int i = 0; i < n; i++)
            lm_buf_puts(b, superscript[d[i] - '0']);
    } else {
        lm_buf_printf(b, "^%llu", (unsigned long long)k);
    }
}

/* A symbol name in LaTeX math: characters special to TeX escaped. */
static void put_latex_escaped(lm_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '_': case '#': case '$': case '%': case '&': case '{': case '}':
            lm_buf_putc(b, '\\');
            lm_buf_putc(b, *s);
            break;
        case '\\': lm_buf_puts(b, "\\backslash "); break;
        case '^': lm_buf_puts(b, "\\hat{}"); break;
        case '~': lm_buf_puts(b, "\\sim "); break;
        default: lm_buf_putc(b, *s);
        }
    }
}

/* The display string of a symbol when it is a fixed string (else NULL: escaped name). */
static const char *sym_display(const lm_atom *a, const lm_print_opts *o)
{
    if (o->fmt == LM_FMT_LATEX)
        return a->latex ? a->latex : NULL;
    return o->short_names && a->plain ? a->plain : a->name;
}

/* Does a LaTeX display form carry a superscript at brace depth 0 (so x^{2} needs braces)? */
static int latex_has_top_sup(const char *s)
{
    int depth = 0;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            continue;
        }
        if (*s == '{')
            depth++;
        else if (*s == '}')
            depth--;
        else if ((*s == '^' || *s == '\'') && depth == 0)
            return 1;
    }
    return 0;
}

/* The arguments of a function atom, comma separated. */
static void put_args(lm_buf *b, const lm_atom *a, const lm_print_opts *o)
{
    for (int i = 0; i < a->nargs; i++) {
        if (i)
            lm_buf_puts(b, ", ");
        put_poly(b, &a->args[i], o, 0);
    }
}

void lm_print_atom_name(lm_buf *b, const lm_atom *a, const lm_print_opts *o)
{
    int latex = o->fmt == LM_FMT_LATEX, uni = o->fmt == LM_FMT_UNICODE;
    switch (a->kind) {
    case LM_ATOM_SYM: {
        const char *s = sym_display(a, o);
        if (s)
            lm_buf_puts(b, s);
        else if (a->name[0] && !a->name[1])
            put_latex_escaped(b, a->name);
        else {
            lm_buf_puts(b, "\\mathit{");
            put_latex_escaped(b, a->name);
            lm_buf_putc(b, '}');
        }
        break;
    }
    case LM_ATOM_FLOOR:
    case LM_ATOM_CEIL: {
        int fl = a->kind == LM_ATOM_FLOOR;
        if (latex)
            lm_buf_puts(b, fl ? "\\left\\lfloor " : "\\left\\lceil ");
        else if (uni)
            lm_buf_puts(b, fl ? "\xe2\x8c\x8a" : "\xe2\x8c\x88");
        else
            lm_buf_puts(b, fl ? "floor(" : "ceil(");
        put_args(b, a, o);
        if (latex)
            lm_buf_puts(b, fl ? " \\right\\rfloor" : " \\right\\rceil");
        else if (uni)
            lm_buf_puts(b, fl ? "\xe2\x8c\x8b" : "\xe2\x8c\x89");
        else
            lm_buf_putc(b, ')');
        break;
    }
    case LM_ATOM_MIN:
    case LM_ATOM_MAX: {
        int mn = a->kind == LM_ATOM_MIN;
        if (latex)
            lm_buf_puts(b, mn ? "\\min\\left(" : "\\max\\left(");
        else
            lm_buf_puts(b, mn ? "min(" : "max(");
        put_args(b, a, o);
        lm_buf_puts(b, latex ? "\\right)" : ")");
        break;
    }
    case LM_ATOM_INV:
        if (latex) {
            lm_buf_puts(b, "\\frac{1}{");
            put_poly(b, &a->args[0], o, 0);
            lm_buf_putc(b, '}');
        } else {
            lm_buf_puts(b, "1/(");
            put_poly(b, &a->args[0], o, 0);
            lm_buf_putc(b, ')');
        }
        break;
    }
}

/* ---- terms ------------------------------------------------------------------------- */

/* A term to print: sign * coeff * [paren] * f[0..nf) * x^xe * [paren], where `paren` is a
 * parenthesised sum (printed negated when paren_neg), placed first or last. */
typedef struct {
    mpq_srcptr coeff; /* NULL: 1 */
    int neg;          /* negate the whole term */
    const lm_factor *f;
    uint32_t nf;
    const lm_atom *x; /* NULL: no x factor */
    int64_t xe;
    const lm_poly *paren;
    int paren_neg, paren_first;
} term_src;

/* One normalised factor: an atom or a parenthesised sum, to a power k > 0, above or
 * below the fraction bar. INV atoms become their argument below the bar. */
typedef struct {
    const lm_atom *atom;
    const lm_poly *poly;
    int pneg;
    uint64_t k;
    int den;
} item;

static uint64_t uabs64(int64_t e) { return e < 0 ? (uint64_t)0 - (uint64_t)e : (uint64_t)e; }

static void set_atom_item(item *it, const lm_atom *a, int64_t e)
{
    it->pneg = 0;
    it->k = uabs64(e);
    if (a->kind == LM_ATOM_INV) {
        it->atom = NULL;
        it->poly = &a->args[0];
        it->den = e > 0;
    } else {
        it->atom = a;
        it->poly = NULL;
        it->den = e < 0;
    }
}

static uint32_t term_nitems(const term_src *t)
{
    return t->nf + (t->x && t->xe ? 1 : 0) + (t->paren ? 1 : 0);
}

static void term_item(const term_src *t, uint32_t i, item *it)
{
    if (t->paren) {
        uint32_t at = t->paren_first ? 0 : term_nitems(t) - 1;
        if (i == at) {
            it->atom = NULL;
            it->poly = t->paren;
            it->pneg = t->paren_neg;
            it->k = 1;
            it->den = 0;
            return;
        }
        if (t->paren_first)
            i--;
    }
    if (i < t->nf)
        set_atom_item(it, t->f[i].atom, t->f[i].exp);
    else
        set_atom_item(it, t->x, t->xe);
}

/* Does the item's display begin with a digit (LaTeX then needs \cdot after a numeral)? */
static int item_starts_digit(const item *it, const lm_print_opts *o)
{
    if (!it->atom || it->atom->kind != LM_ATOM_SYM)
        return 0;
    const char *s = sym_display(it->atom, o);
    return s && s[0] >= '0' && s[0] <= '9';
}

static void put_item(lm_buf *b, const item *it, const lm_print_opts *o, int bare)
{
    int latex = o->fmt == LM_FMT_LATEX;
    if (it->atom) {
        int brace = latex && it->k > 1 && it->atom->kind == LM_ATOM_SYM && it->atom->latex &&
                    latex_has_top_sup(it->atom->latex);
        if (brace)
            lm_buf_putc(b, '{');
        lm_print_atom_name(b, it->atom, o);
        if (brace)
            lm_buf_putc(b, '}');
    } else if (bare && it->k == 1) {
        put_poly(b, it->poly, o, it->pneg);
        return;
    } else {
        lm_buf_puts(b, latex ? "\\left(" : "(");
        put_poly(b, it->poly, o, it->pneg);
        lm_buf_puts(b, latex ? "\\right)" : ")");
    }
    put_exponent(b, it->k, o);
}

/* Is the item a symbol whose LaTeX display is a word (\text{MFU}, \mathit{name})? Beside
 * a number or another factor it would read as one word ("MFUF", "43200MFU"), so a thin
 * space goes between. */
static int item_is_word(const item *it, const lm_print_opts *o)
{
    if (!it || !it->atom || it->atom->kind != LM_ATOM_SYM)
        return 0;
    const char *s = sym_display(it->atom, o);
    if (!s)
        return strlen(it->atom->name) > 1; /* printed as \mathit{name} */
    return strncmp(s, "\\text", 5) == 0 || strncmp(s, "\\mathit", 7) == 0 ||
           strncmp(s, "\\mathrm", 7) == 0 || strncmp(s, "\\operatorname", 13) == 0;
}

/* The separator before the next factor of a product. */
static void put_mul(lm_buf *b, const lm_print_opts *o, int next_digit, int word)
{
    if (o->fmt == LM_FMT_PLAIN) {
        lm_buf_putc(b, '*');
    } else if (o->fmt == LM_FMT_UNICODE) {
        lm_buf_puts(b, MIDDLE_DOT);
    } else {
        char last = b->len ? b->s[b->len - 1] : 0;
        lm_buf_puts(b, next_digit && last >= '0' && last <= '9' ? " \\cdot "
                       : word                                  ? " \\, "
                                                               : " ");
    }
}

/* The digits of |z|. */
static void put_abs(lm_buf *b, mpz_srcptr z)
{
    char *s = lm_malloc(mpz_sizeinbase(z, 10) + 2);
    if (!s) {
        b->failed = 1;
        return;
    }
    mpz_get_str(s, 10, z);
    lm_buf_puts(b, s[0] == '-' ? s + 1 : s);
    lm_free(s);
}

/* One side of the fraction bar: the number z (when `with_num`) and the items on that
 * side, as a product. `bare`: a lone parenthesised sum may drop its parentheses. */
static void put_side(lm_buf *b, const term_src *t, int den, mpz_srcptr z, int with_num,
                     int bare, const lm_print_opts *o)
{
    uint32_t n = term_nitems(t), count = 0;
    item it;
    for (uint32_t i = 0; i < n; i++) {
        term_item(t, i, &it);
        count += it.den == den;
    }
    int started = 0, prev_word = 0;
    if (with_num) {
        put_abs(b, z);
        started = 1;
    }
    for (uint32_t i = 0; i < n; i++) {
        term_item(t, i, &it);
        if (it.den != den)
            continue;
        int word = item_is_word(&it, o);
        if (started) /* a word after a number or a factor: "43200 MFU", not "43200MFU" */
            put_mul(b, o, item_starts_digit(&it, o), prev_word || word);
        put_item(b, &it, o, bare && !with_num && count == 1);
        started = 1;
        prev_word = word;
    }
}

/* Print one term; `first` chooses a leading "-" over the " + " / " - " connector. */
static void put_term(lm_buf *b, const term_src *t, int first, const lm_print_opts *o)
{
    mpq_t c;
    mpq_init(c);
    if (t->coeff)
        mpq_set(c, t->coeff);
    else
        mpq_set_ui(c, 1, 1);
    if (t->neg)
        mpq_neg(c, c);
    int negative = mpq_sgn(c) < 0;
    if (first)
        lm_buf_puts(b, negative ? "-" : "");
    else
        lm_buf_puts(b, negative ? " - " : " + ");

    uint32_t n = term_nitems(t), nnum = 0, nden = 0;
    item it;
    for (uint32_t i = 0; i < n; i++) {
        term_item(t, i, &it);
        if (it.den)
            nden++;
        else
            nnum++;
    }
    int num_coef = mpz_cmpabs_ui(mpq_numref(c), 1) != 0 || nnum == 0;
    int den_coef = mpz_cmp_ui(mpq_denref(c), 1) != 0;
    if (!den_coef && nden == 0) {
        put_side(b, t, 0, mpq_numref(c), num_coef, 0, o);
    } else if (o->fmt == LM_FMT_LATEX) {
        lm_buf_puts(b, "\\frac{");
        put_side(b, t, 0, mpq_numref(c), num_coef, 1, o);
        lm_buf_puts(b, "}{");
        put_side(b, t, 1, mpq_denref(c), den_coef, 1, o);
        lm_buf_putc(b, '}');
    } else {
        put_side(b, t, 0, mpq_numref(c), num_coef, 0, o);
        lm_buf_putc(b, '/');
        int group = den_coef + nden > 1;
        if (group)
            lm_buf_putc(b, '(');
        put_side(b, t, 1, mpq_denref(c), den_coef, 0, o);
        if (group)
            lm_buf_putc(b, ')');
    }
    mpq_clear(c);
}

/* The denominator every term of p ends with (an INV factor), or NULL. */
static const lm_factor *common_den(const lm_poly *p)
{
    if (p->n < 2 || !p->terms[0].nf)
        return NULL;
    const lm_factor *f = &p->terms[0].f[p->terms[0].nf - 1];
    return f->atom->kind == LM_ATOM_INV ? f : NULL;
}

/* The monomial denominators of p's terms: each atom at its most negative exponent. */
static uint32_t neg_atoms(const lm_poly *p, lm_factor *v)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->n; i++)
        for (uint32_t j = 0; j < p->terms[i].nf; j++) {
            const lm_factor *f = &p->terms[i].f[j];
            if (f->exp >= 0)
                continue;
            uint32_t k = 0;
            while (k < n && v[k].atom != f->atom)
                k++;
            if (k == n)
                v[n++] = *f;
            else if (f->exp < v[k].exp)
                v[k].exp = f->exp;
        }
    return n;
}

/* A fraction over a sum, p = N/(D*q^k), printed as one: (N)/(D*(q)^k), N with integer
 * coefficients and no negative powers, its leading coefficient positive. */
static void put_fraction(lm_buf *b, const lm_poly *p, const lm_print_opts *o, int neg,
                         int first, const lm_factor *den)
{
    uint32_t maxnf = 0;
    for (uint32_t i = 0; i < p->n; i++)
        maxnf = p->terms[i].nf > maxnf ? p->terms[i].nf : maxnf;
    lm_factor *dv = lm_malloc((maxnf * (size_t)p->n + 1) * sizeof *dv);
    lm_poly num;
    num.n = 0;
    num.alloc = p->n;
    num.terms = lm_malloc(p->n * sizeof *num.terms);
    mpq_t c;
    mpq_init(c);
    if (!dv || !num.terms) {
        b->failed = 1;
        lm_free(num.terms);
        lm_free(dv);
        mpq_clear(c);
        return;
    }
    uint32_t nd = neg_atoms(p, dv);
    for (uint32_t j = 1; j < nd; j++) /* in atom order */
        for (uint32_t k = j; k > 0 && lm_atom_cmp(dv[k - 1].atom, dv[k].atom) > 0; k--) {
            lm_factor x = dv[k];
            dv[k] = dv[k - 1];
            dv[k - 1] = x;
        }
    dv[nd++] = *den;
    mpz_set_ui(mpq_numref(c), 1);
    for (uint32_t i = 0; i < p->n; i++)
        mpz_lcm(mpq_numref(c), mpq_numref(c), mpq_denref(p->terms[i].coeff));
    int negative = (mpq_sgn(p->terms[0].coeff) < 0) != !!neg;
    /* N's terms: p's times the denominator, each keeping its place in the order */
    for (uint32_t i = 0; i < p->n && !b->failed; i++) {
        const lm_term *t = &p->terms[i];
        lm_term *u = &num.terms[num.n++];
        mpq_init(u->coeff);
        u->nf = 0;
        u->f = lm_malloc((t->nf + nd) * sizeof *u->f);
        if (!u->f) {
            b->failed = 1;
            break;
        }
        mpq_set_z(u->coeff, mpq_numref(c));
        mpq_mul(u->coeff, u->coeff, t->coeff);
        if (negative != !!neg)
            mpq_neg(u->coeff, u->coeff);
        for (uint32_t j = 0; j + 1 < t->nf; j++)
            u->f[u->nf++] = t->f[j];
        for (uint32_t k = 0; k + 1 < nd; k++) {
            uint32_t j = 0;
            while (j < u->nf && u->f[j].atom != dv[k].atom)
                j++;
            if (j == u->nf)
                u->f[u->nf++] = (lm_factor){dv[k].atom, 0};
            u->f[j].exp -= dv[k].exp;
        }
        uint32_t m = 0; /* drop exponents that became 0; keep the atoms sorted */
        for (uint32_t j = 0; j < u->nf; j++)
            if (u->f[j].exp)
                u->f[m++] = u->f[j];
        u->nf = m;
        for (uint32_t j = 1; j < u->nf; j++)
            for (uint32_t k = j; k > 0 && lm_atom_cmp(u->f[k - 1].atom, u->f[k].atom) > 0; k--) {
                lm_factor x = u->f[k];
                u->f[k] = u->f[k - 1];
                u->f[k - 1] = x;
            }
    }
    if (!b->failed) {
        mpq_inv(c, c);
        if (negative)
            mpq_neg(c, c);
        term_src t = {c, 0, dv, nd, NULL, 0, &num, 0, 1};
        put_term(b, &t, first, o);
    }
    lm_poly_clear(&num);
    lm_free(dv);
    mpq_clear(c);
}

/* The terms of p (negated when neg) as a continuation of a sum already `started`. */
static void put_terms(lm_buf *b, const lm_poly *p, const lm_print_opts *o, int neg, int started)
{
    const lm_factor *den = common_den(p);
    if (den) {
        put_fraction(b, p, o, neg, !started, den);
        return;
    }
    for (uint32_t i = 0; i < p->n; i++) {
        term_src t = {p->terms[i].coeff, neg, p->terms[i].f, p->terms[i].nf, NULL, 0, NULL, 0, 0};
        put_term(b, &t, !started && i == 0, o);
    }
}

static void put_poly(lm_buf *b, const lm_poly *p, const lm_print_opts *o, int neg)
{
    if (p->n == 0)
        lm_buf_putc(b, '0');
    else
        put_terms(b, p, o, neg, 0);
}

/* ---- public printers --------------------------------------------------------------- */

/* Numbers are printed with GMP, which never sees an allocation fail (see alloc.c). */
static void settle(lm_buf *b)
{
    if (lm_alloc_exhausted())
        b->failed = 1;
}

void lm_print_poly(lm_buf *b, const lm_poly *p, const lm_print_opts *o)
{
    put_poly(b, p, o, 0);
    settle(b);
}

void lm_print_collected(lm_buf *b, const lm_collected *c, const lm_atom *x,
                        const lm_print_opts *o)
{
    int started = 0;
    for (size_t i = 0; i < c->n; i++) {
        const lm_poly *k = &c->coeffs[i];
        int64_t e = c->exps[i];
        if (k->n == 0)
            continue;
        if (e == 0) {
            put_terms(b, k, o, 0, started);
        } else if (k->n == 1) {
            term_src t = {k->terms[0].coeff, 0, k->terms[0].f, k->terms[0].nf, x, e, NULL, 0, 0};
            put_term(b, &t, !started, o);
        } else {
            /* A sum times x^e; a negative leading coefficient comes out as " - (...)". */
            int neg = mpq_sgn(k->terms[0].coeff) < 0;
            term_src t = {NULL, neg, NULL, 0, x, e, k, neg, 1};
            put_term(b, &t, !started, o);
        }
        started = 1;
    }
    if (!started)
        lm_buf_putc(b, '0');
    settle(b);
}

void lm_print_factored(lm_ctx *ctx, lm_buf *b, const lm_poly *p, const lm_print_opts *o)
{
    if (p->n <= 1) {
        lm_print_poly(b, p, o);
        return;
    }
    mpq_t content;
    lm_poly mono, rest;
    mpq_init(content);
    lm_poly_init(&mono);
    lm_poly_init(&rest);
    lm_status st = lm_poly_content(ctx, content, &mono, &rest, p);
    const lm_factor *f = mono.n ? mono.terms[0].f : NULL;
    uint32_t nf = mono.n ? mono.terms[0].nf : 0;
    if (st == LM_ENOMEM)
        b->failed = 1;
    if (st != LM_OK || rest.n <= 1 || (nf == 0 && mpz_cmpabs_ui(mpq_numref(content), 1) == 0 &&
                                       mpz_cmp_ui(mpq_denref(content), 1) == 0)) {
        lm_print_poly(b, p, o);
    } else {
        term_src t = {content, 0, f, nf, NULL, 0, &rest, 0, 0};
        put_term(b, &t, 1, o);
    }
    lm_poly_clear(&rest);
    lm_poly_clear(&mono);
    mpq_clear(content);
    settle(b);
}
