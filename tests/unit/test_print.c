/* test_print.c: unit tests of the printers (print.c) and the number formatters (numfmt.c).
 * Exact strings use hand-built canonical forms; factored and random forms use poly.c. */
#include "base/alloc.h"
#include "print/print.h"
#include "testlib.h"
#include <stdarg.h>

/* ---- hand-built atoms and polynomials ------------------------------------------------ */

static lm_atom mk_atom(lm_atom_kind kind, const char *name, const char *plain,
                       const char *latex, lm_poly *args, int nargs)
{
    lm_atom a;
    memset(&a, 0, sizeof a);
    a.kind = kind, a.name = name, a.plain = plain, a.latex = latex;
    a.args = args, a.nargs = nargs;
    return a;
}
#define mk_sym(name, plain, latex) mk_atom(LM_ATOM_SYM, name, plain, latex, NULL, 0)
#define mk_fun(kind, args, nargs) mk_atom(kind, NULL, NULL, NULL, args, nargs)

static void p_init(lm_poly *p)
{
    p->n = p->alloc = 0;
    p->terms = NULL;
}

/* Append the term q * atom^exp * ... (pairs of lm_atom *, int, ended by NULL). */
static void term(lm_poly *p, const char *q, ...)
{
    if (p->n == p->alloc) {
        p->alloc = p->alloc ? 2 * p->alloc : 4;
        p->terms = lm_realloc(p->terms, p->alloc * sizeof *p->terms);
        if (!p->terms)
            abort();
    }
    lm_term *t = &p->terms[p->n++];
    mpq_init(t->coeff);
    mpq_set_str(t->coeff, q, 10);
    mpq_canonicalize(t->coeff);
    t->nf = 0;
    t->f = lm_malloc(16 * sizeof *t->f);
    if (!t->f)
        abort();
    va_list ap;
    va_start(ap, q);
    for (;;) {
        lm_atom *a = va_arg(ap, lm_atom *);
        if (!a)
            break;
        t->f[t->nf].atom = a;
        t->f[t->nf].exp = va_arg(ap, int);
        t->nf++;
    }
    va_end(ap);
}

static void p_free(lm_poly *p)
{
    for (uint32_t i = 0; i < p->n; i++) {
        mpq_clear(p->terms[i].coeff);
        lm_free(p->terms[i].f);
    }
    lm_free(p->terms);
    p_init(p);
}

static lm_buf out;

static const char *show(const lm_poly *p, lm_fmt fmt, int short_names)
{
    lm_print_opts o = {fmt, short_names};
    lm_buf_reset(&out);
    lm_print_poly(&out, p, &o);
    return out.failed ? NULL : lm_buf_str(&out);
}
static const char *plain(const lm_poly *p) { return show(p, LM_FMT_PLAIN, 0); }
static const char *uni(const lm_poly *p) { return show(p, LM_FMT_UNICODE, 1); }
static const char *tex(const lm_poly *p) { return show(p, LM_FMT_LATEX, 0); }

static const char *show_collected(const lm_collected *c, const lm_atom *x, lm_fmt fmt)
{
    lm_print_opts o = {fmt, 0};
    lm_buf_reset(&out);
    lm_print_collected(&out, c, x, &o);
    return out.failed ? NULL : lm_buf_str(&out);
}

static lm_atom a_, b_, c_, d_, h_, x_, y_, B_, T_, dm_, nh_, bs_, two_pi_, xs_;

static void test_poly_printers(void)
{
    lm_poly p;
    p_init(&p);

    term(&p, "4", &a_, 1, &b_, 1, NULL);
    TL_STREQ("4ab", plain(&p), "4*a*b");
    TL_STREQ("4ab latex", tex(&p), "4 a b");
    p_free(&p);

    term(&p, "1", &x_, 3, NULL);
    term(&p, "3", &x_, 2, NULL);
    term(&p, "3", &x_, 1, NULL);
    term(&p, "1", NULL);
    TL_STREQ("cube plain", plain(&p), "x^3 + 3*x^2 + 3*x + 1");
    TL_STREQ("cube unicode", uni(&p), "x\xc2\xb3 + 3\xc2\xb7x\xc2\xb2 + 3\xc2\xb7x + 1");
    TL_STREQ("cube latex", tex(&p), "x^{3} + 3 x^{2} + 3 x + 1");
    p_free(&p);

    term(&p, "2", &bs_, 1, &T_, 1, &dm_, 2, NULL);
    TL_STREQ("long names", plain(&p), "2*batch_size*context_length*d_model^2");
    TL_STREQ("short names", show(&p, LM_FMT_PLAIN, 1), "2*B*T*d^2");
    TL_STREQ("unicode short", uni(&p), "2\xc2\xb7" "B\xc2\xb7T\xc2\xb7" "d\xc2\xb2");
    TL_STREQ("unicode long", show(&p, LM_FMT_UNICODE, 0),
             "2\xc2\xb7" "batch_size\xc2\xb7" "context_length\xc2\xb7" "d_model\xc2\xb2");
    TL_STREQ("latex forms", tex(&p), "2 B T d_{\\text{model}}^{2}");
    p_free(&p);

    term(&p, "1", &x_, 2, NULL);
    term(&p, "-2", &x_, 1, NULL);
    term(&p, "1", NULL);
    TL_STREQ("minus", plain(&p), "x^2 - 2*x + 1");
    TL_STREQ("minus latex", tex(&p), "x^{2} - 2 x + 1");
    p_free(&p);

    term(&p, "-1", &x_, 1, NULL);
    term(&p, "1", NULL);
    TL_STREQ("leading minus", plain(&p), "-x + 1");
    TL_STREQ("leading minus latex", tex(&p), "-x + 1");
    p_free(&p);

    term(&p, "1/2", &x_, 1, NULL);
    TL_STREQ("x/2", plain(&p), "x/2");
    TL_STREQ("x/2 latex", tex(&p), "\\frac{x}{2}");
    p_free(&p);

    term(&p, "3/2", &x_, 2, NULL);
    TL_STREQ("3x^2/2", plain(&p), "3*x^2/2");
    TL_STREQ("3x^2/2 unicode", uni(&p), "3\xc2\xb7x\xc2\xb2/2");
    TL_STREQ("3x^2/2 latex", tex(&p), "\\frac{3 x^{2}}{2}");
    p_free(&p);

    term(&p, "-1/2", NULL);
    TL_STREQ("-1/2", plain(&p), "-1/2");
    TL_STREQ("-1/2 latex", tex(&p), "-\\frac{1}{2}");
    p_free(&p);

    term(&p, "1", &x_, 2, NULL);
    term(&p, "-3/2", &x_, 1, NULL);
    term(&p, "-1/2", NULL);
    TL_STREQ("rational terms", plain(&p), "x^2 - 3*x/2 - 1/2");
    TL_STREQ("rational terms latex", tex(&p), "x^{2} - \\frac{3 x}{2} - \\frac{1}{2}");
    p_free(&p);

    term(&p, "1", &dm_, 1, &nh_, -1, NULL);
    TL_STREQ("d/h", plain(&p), "d_model/num_heads");
    TL_STREQ("d/h unicode", uni(&p), "d/h");
    TL_STREQ("d/h latex", tex(&p), "\\frac{d_{\\text{model}}}{n_{\\text{heads}}}");
    p_free(&p);

    term(&p, "1/2", &x_, 2, &y_, -1, NULL);
    TL_STREQ("x^2/(2y)", plain(&p), "x^2/(2*y)");
    TL_STREQ("x^2/(2y) unicode", uni(&p), "x\xc2\xb2/(2\xc2\xb7y)");
    TL_STREQ("x^2/(2y) latex", tex(&p), "\\frac{x^{2}}{2 y}");
    p_free(&p);

    term(&p, "1", &a_, 1, &b_, -1, &c_, -2, NULL);
    TL_STREQ("a/(bc^2)", plain(&p), "a/(b*c^2)");
    TL_STREQ("a/(bc^2) latex", tex(&p), "\\frac{a}{b c^{2}}");
    p_free(&p);

    term(&p, "1", &x_, -1, NULL);
    TL_STREQ("1/x", plain(&p), "1/x");
    TL_STREQ("1/x latex", tex(&p), "\\frac{1}{x}");
    p_free(&p);

    term(&p, "-3", &x_, -2, NULL);
    TL_STREQ("-3/x^2", plain(&p), "-3/x^2");
    TL_STREQ("-3/x^2 latex", tex(&p), "-\\frac{3}{x^{2}}");
    p_free(&p);

    /* INV atoms */
    lm_poly xp1;
    p_init(&xp1);
    term(&xp1, "1", &x_, 1, NULL);
    term(&xp1, "1", NULL);
    lm_atom inv = mk_fun(LM_ATOM_INV, &xp1, 1);
    term(&p, "1", &a_, 1, &inv, 1, NULL);
    TL_STREQ("a/(x+1)", plain(&p), "a/(x + 1)");
    TL_STREQ("a/(x+1) unicode", uni(&p), "a/(x + 1)");
    TL_STREQ("a/(x+1) latex", tex(&p), "\\frac{a}{x + 1}");
    p_free(&p);
    term(&p, "1", &a_, 1, &inv, 2, NULL);
    TL_STREQ("a/(x+1)^2", plain(&p), "a/(x + 1)^2");
    TL_STREQ("a/(x+1)^2 unicode", uni(&p), "a/(x + 1)\xc2\xb2");
    TL_STREQ("a/(x+1)^2 latex", tex(&p), "\\frac{a}{\\left(x + 1\\right)^{2}}");
    p_free(&p);
    term(&p, "1", &inv, 1, NULL);
    TL_STREQ("1/(x+1)", plain(&p), "1/(x + 1)");
    TL_STREQ("1/(x+1) latex", tex(&p), "\\frac{1}{x + 1}");
    p_free(&p);
    term(&p, "3/2", &a_, 1, &y_, -1, &inv, 1, NULL);
    TL_STREQ("3a/(2y(x+1))", plain(&p), "3*a/(2*y*(x + 1))");
    TL_STREQ("3a/(2y(x+1)) latex", tex(&p), "\\frac{3 a}{2 y \\left(x + 1\\right)}");
    p_free(&p);
    term(&p, "1", &a_, 1, &inv, -2, NULL); /* not canonical, but printable */
    TL_STREQ("a(x+1)^2", plain(&p), "a*(x + 1)^2");
    TL_STREQ("a(x+1)^2 latex", tex(&p), "a \\left(x + 1\\right)^{2}");
    p_free(&p);
    {
        lm_print_opts o = {LM_FMT_PLAIN, 0};
        lm_buf_reset(&out);
        lm_print_atom_name(&out, &inv, &o);
        TL_STREQ("inv atom", lm_buf_str(&out), "1/(x + 1)");
    }

    /* floor, ceil, min, max */
    lm_poly half;
    p_init(&half);
    term(&half, "1/2", &x_, 1, NULL);
    lm_atom fl = mk_fun(LM_ATOM_FLOOR, &half, 1);
    lm_poly xx;
    p_init(&xx);
    term(&xx, "1", &x_, 1, NULL);
    lm_atom ce = mk_fun(LM_ATOM_CEIL, &xx, 1);
    term(&p, "1", &fl, 1, NULL);
    TL_STREQ("floor", plain(&p), "floor(x/2)");
    TL_STREQ("floor unicode", uni(&p), "\xe2\x8c\x8ax/2\xe2\x8c\x8b");
    TL_STREQ("floor latex", tex(&p), "\\left\\lfloor \\frac{x}{2} \\right\\rfloor");
    p_free(&p);
    term(&p, "1", &ce, 1, NULL);
    TL_STREQ("ceil", plain(&p), "ceil(x)");
    TL_STREQ("ceil unicode", uni(&p), "\xe2\x8c\x88x\xe2\x8c\x89");
    TL_STREQ("ceil latex", tex(&p), "\\left\\lceil x \\right\\rceil");
    p_free(&p);
    term(&p, "2", &fl, 2, NULL);
    TL_STREQ("floor^2", plain(&p), "2*floor(x/2)^2");
    TL_STREQ("floor^2 latex", tex(&p), "2 \\left\\lfloor \\frac{x}{2} \\right\\rfloor^{2}");
    p_free(&p);

    lm_poly ab[2];
    p_init(&ab[0]);
    p_init(&ab[1]);
    term(&ab[0], "1", &a_, 1, NULL);
    term(&ab[1], "1", &b_, 1, NULL);
    lm_atom mn = mk_fun(LM_ATOM_MIN, ab, 2), mx = mk_fun(LM_ATOM_MAX, ab, 2);
    term(&p, "1", &mn, 1, NULL);
    TL_STREQ("min", plain(&p), "min(a, b)");
    TL_STREQ("min unicode", uni(&p), "min(a, b)");
    TL_STREQ("min latex", tex(&p), "\\min\\left(a, b\\right)");
    p_free(&p);
    term(&p, "1", &mx, 1, NULL);
    TL_STREQ("max", plain(&p), "max(a, b)");
    TL_STREQ("max latex", tex(&p), "\\max\\left(a, b\\right)");
    p_free(&p);
    term(&p, "1", &x_, 1, &mx, -1, NULL);
    TL_STREQ("x/max", plain(&p), "x/max(a, b)");
    TL_STREQ("x/max latex", tex(&p), "\\frac{x}{\\max\\left(a, b\\right)}");
    p_free(&p);

    /* constants */
    TL_STREQ("zero", plain(&p), "0");
    TL_STREQ("zero latex", tex(&p), "0");
    term(&p, "7", NULL);
    TL_STREQ("seven", plain(&p), "7");
    p_free(&p);
    term(&p, "-3/4", NULL);
    TL_STREQ("-3/4", plain(&p), "-3/4");
    TL_STREQ("-3/4 latex", tex(&p), "-\\frac{3}{4}");
    p_free(&p);
    term(&p, "123456789012345678901234567890", NULL);
    TL_STREQ("big", plain(&p), "123456789012345678901234567890");
    TL_STREQ("big latex", tex(&p), "123456789012345678901234567890");
    p_free(&p);

    /* LaTeX symbol display */
    lm_atom bsl = mk_sym("batch_size", NULL, NULL);
    term(&p, "2", &bsl, 1, NULL);
    TL_STREQ("mathit", tex(&p), "2 \\, \\mathit{batch\\_size}");
    p_free(&p);
    term(&p, "3", &two_pi_, 1, NULL);
    TL_STREQ("cdot", tex(&p), "3 \\cdot 2\\pi");
    p_free(&p);
    term(&p, "1", &xs_, 2, NULL);
    TL_STREQ("brace sup", tex(&p), "{x^{*}}^{2}");
    p_free(&p);

    p_free(&xp1);
    p_free(&half);
    p_free(&xx);
    p_free(&ab[0]);
    p_free(&ab[1]);
}

static void test_collected(void)
{
    lm_collected c;
    lm_poly k[3];
    int64_t e[3];
    for (int i = 0; i < 3; i++)
        p_init(&k[i]);
    c.coeffs = k;
    c.exps = e;

    term(&k[0], "4667508736", NULL);
    term(&k[1], "13096166400", NULL);
    e[0] = 1, e[1] = 0, c.n = 2;
    TL_STREQ("collected numbers", show_collected(&c, &bs_, LM_FMT_PLAIN),
             "4667508736*batch_size + 13096166400");
    TL_STREQ("collected numbers latex", show_collected(&c, &bs_, LM_FMT_LATEX),
             "4667508736 B + 13096166400");
    p_free(&k[0]), p_free(&k[1]);

    term(&k[0], "2", &d_, 1, NULL);
    term(&k[0], "3", NULL);
    term(&k[1], "1", NULL);
    term(&k[2], "7", NULL);
    e[0] = 2, e[1] = 1, e[2] = 0, c.n = 3;
    TL_STREQ("collected sum", show_collected(&c, &bs_, LM_FMT_PLAIN),
             "(2*d + 3)*batch_size^2 + batch_size + 7");
    TL_STREQ("collected sum latex", show_collected(&c, &bs_, LM_FMT_LATEX),
             "\\left(2 d + 3\\right) B^{2} + B + 7");
    TL_STREQ("collected sum unicode", show_collected(&c, &bs_, LM_FMT_UNICODE),
             "(2\xc2\xb7" "d + 3)\xc2\xb7" "batch_size\xc2\xb2 + batch_size + 7");
    e[0] = -1, e[1] = -2, c.n = 2;
    TL_STREQ("collected inverse", show_collected(&c, &x_, LM_FMT_PLAIN), "(2*d + 3)/x + 1/x^2");
    TL_STREQ("collected inverse latex", show_collected(&c, &x_, LM_FMT_LATEX),
             "\\frac{2 d + 3}{x} + \\frac{1}{x^{2}}");
    for (int i = 0; i < 3; i++)
        p_free(&k[i]);

    term(&k[0], "1", NULL);
    term(&k[1], "-3", NULL);
    e[0] = 2, e[1] = 1, c.n = 2;
    TL_STREQ("collected negative", show_collected(&c, &x_, LM_FMT_PLAIN), "x^2 - 3*x");
    TL_STREQ("collected negative latex", show_collected(&c, &x_, LM_FMT_LATEX), "x^{2} - 3 x");
    p_free(&k[0]), p_free(&k[1]);

    term(&k[0], "2", &d_, 1, NULL);
    term(&k[1], "-1", &d_, -1, NULL);
    e[0] = 1, e[1] = 0, c.n = 2;
    TL_STREQ("collected monomial", show_collected(&c, &x_, LM_FMT_PLAIN), "2*d*x - 1/d");
    p_free(&k[0]), p_free(&k[1]);

    term(&k[0], "-1", NULL);
    term(&k[1], "-2", &d_, 1, NULL);
    term(&k[1], "3", NULL);
    term(&k[2], "1", &d_, 1, NULL);
    term(&k[2], "-1", NULL);
    e[0] = 2, e[1] = 1, e[2] = 0, c.n = 3;
    TL_STREQ("collected negative sum", show_collected(&c, &x_, LM_FMT_PLAIN),
             "-x^2 - (2*d - 3)*x + d - 1");
    TL_STREQ("collected negative sum latex", show_collected(&c, &x_, LM_FMT_LATEX),
             "-x^{2} - \\left(2 d - 3\\right) x + d - 1");
    c.n = 0;
    TL_STREQ("collected zero", show_collected(&c, &x_, LM_FMT_PLAIN), "0");
    for (int i = 0; i < 3; i++)
        p_free(&k[i]);
}

static const char *factored(lm_ctx *ctx, const lm_poly *p, const lm_print_opts *o)
{
    lm_buf_reset(&out);
    lm_print_factored(ctx, &out, p, o);
    return lm_buf_str(&out);
}

/* The factored form needs lm_poly_content from poly.c, so these use the real algebra. */
static void test_factored(void)
{
    lm_ctx ctx;
    lm_ctx_init(&ctx);
    lm_atom *T = lm_ctx_symbol(&ctx, "T"), *d = lm_ctx_symbol(&ctx, "d");
    lm_atom *a = lm_ctx_symbol(&ctx, "a"), *b = lm_ctx_symbol(&ctx, "b");
    lm_atom *x = lm_ctx_symbol(&ctx, "x"), *h = lm_ctx_symbol(&ctx, "h");
    lm_poly pT, pd, pa, pb, px, ph, p, q, r;
    lm_poly *all[] = {&pT, &pd, &pa, &pb, &px, &ph, &p, &q, &r};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        lm_poly_init(all[i]);
    lm_poly_set_atom(&pT, T);
    lm_poly_set_atom(&pd, d);
    lm_poly_set_atom(&pa, a);
    lm_poly_set_atom(&pb, b);
    lm_poly_set_atom(&px, x);
    lm_poly_set_atom(&ph, h);
    lm_print_opts op = {LM_FMT_PLAIN, 0}, ol = {LM_FMT_LATEX, 0};

    /* 6*T*d^2 + 4*T*d */
    lm_poly_mul(&ctx, &p, &pT, &pd);
    lm_poly_mul(&ctx, &q, &p, &pd);
    lm_poly_set_si(&r, 6);
    lm_poly_mul(&ctx, &q, &q, &r);
    lm_poly_set_si(&r, 4);
    lm_poly_mul(&ctx, &p, &p, &r);
    lm_poly_add(&ctx, &p, &q, &p);
    TL_CHECK("factored input canonical", lm_poly_is_canonical(&p));
    lm_buf_reset(&out);
    lm_print_poly(&out, &p, &op);
    TL_STREQ("factored expanded", lm_buf_str(&out), "6*T*d^2 + 4*T*d");
    TL_STREQ("factored", factored(&ctx, &p, &op), "2*T*d*(3*d + 2)");
    TL_STREQ("factored latex", factored(&ctx, &p, &ol), "2 T d \\left(3 d + 2\\right)");

    /* divided by h: the monomial's negative power goes below the bar */
    lm_poly_div(&ctx, &p, &p, &ph);
    TL_STREQ("factored over h", factored(&ctx, &p, &op), "2*T*d*(3*d + 2)/h");
    TL_STREQ("factored over h latex", factored(&ctx, &p, &ol),
             "\\frac{2 T d \\left(3 d + 2\\right)}{h}");

    /* a monomial: just the monomial */
    lm_poly_mul(&ctx, &p, &pa, &pb);
    lm_poly_set_si(&r, 4);
    lm_poly_mul(&ctx, &p, &p, &r);
    TL_STREQ("factored monomial", factored(&ctx, &p, &op), "4*a*b");

    /* nothing to pull out */
    lm_poly_set_si(&r, 1);
    lm_poly_add(&ctx, &p, &px, &r);
    TL_STREQ("factored nothing", factored(&ctx, &p, &op), "x + 1");

    /* a negative rational content: -x/2 - 1/2 -> -(x + 1)/2 */
    mpq_t mh;
    mpq_init(mh);
    mpq_set_si(mh, -1, 2);
    lm_poly_mul_q(&ctx, &p, &p, mh);
    mpq_clear(mh);
    TL_STREQ("factored rational", factored(&ctx, &p, &op), "-(x + 1)/2");
    TL_STREQ("factored rational latex", factored(&ctx, &p, &ol), "-\\frac{x + 1}{2}");

    lm_poly_zero(&p);
    TL_STREQ("factored zero", factored(&ctx, &p, &op), "0");

    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        lm_poly_clear(all[i]);
    lm_ctx_clear(&ctx);
}

/* Structural checks on a printed string: balanced (), {}, \left/\right; no "1*", "^1",
 * "+ -", "--", "^-" (negative powers go below the bar), no leading/trailing blank. */
static int well_formed(const char *s, lm_fmt fmt)
{
    int paren = 0, brace = 0;
    for (const char *c = s; *c; c++) {
        paren += *c == '(' ? 1 : *c == ')' ? -1 : 0;
        if (fmt == LM_FMT_LATEX && *c == '\\' && (c[1] == '{' || c[1] == '}' || c[1] == '_')) {
            c++;
            continue;
        }
        brace += *c == '{' ? 1 : *c == '}' ? -1 : 0;
        if (paren < 0 || brace < 0)
            return 0;
    }
    size_t nl = 0, nr = 0;
    for (const char *c = s; (c = strstr(c, "\\left")) != NULL; c++)
        nl++;
    for (const char *c = s; (c = strstr(c, "\\right")) != NULL; c++)
        nr++;
    if (paren || brace || nl != nr || !*s || s[0] == ' ' || s[strlen(s) - 1] == ' ')
        return 0;
    const char *bad[] = {"+ -", "- -", "--", "^-", "^{-", "^1*", "^{1}", "  ", "+ +", "* ", " *"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (strstr(s, bad[i]))
            return 0;
    /* a coefficient 1 is never printed before a factor */
    for (const char *c = s; (c = strstr(c, "1*")) != NULL; c++)
        if (c == s || !(c[-1] >= '0' && c[-1] <= '9'))
            return 0;
    if (fmt == LM_FMT_PLAIN && strstr(s, "^1") && !strstr(s, "^10") && !strstr(s, "^11"))
        return 0;
    return 1;
}

static void random_poly(lm_ctx *ctx, lm_poly *r, lm_atom **syms, int depth)
{
    lm_poly t, u, v;
    lm_poly_init(&t), lm_poly_init(&u), lm_poly_init(&v);
    lm_poly_zero(r);
    for (long i = tl_range(1, 4); i > 0; i--) {
        mpq_t q;
        mpq_init(q);
        long num = tl_range(-9, 9);
        unsigned long den = (unsigned long)tl_range(1, 3);
        mpq_set_si(q, num ? num : 1, den);
        if (mpq_sgn(q) == 0)
            mpq_set_ui(q, 1, 1);
        mpq_canonicalize(q);
        lm_poly_set_q(&t, q);
        mpq_clear(q);
        for (long j = tl_range(0, 3); j > 0; j--) {
            long kind = depth > 0 ? tl_range(0, 9) : 0;
            if (kind <= 5) {
                lm_poly_set_atom(&u, syms[tl_range(0, 3)]);
            } else {
                random_poly(ctx, &v, syms, depth - 1);
                if (kind == 6)
                    lm_poly_floor(ctx, &u, &v);
                else if (kind == 7)
                    lm_poly_ceil(ctx, &u, &v);
                else {
                    random_poly(ctx, &u, syms, depth - 1);
                    kind == 8 ? lm_poly_min(ctx, &u, &u, &v) : lm_poly_max(ctx, &u, &u, &v);
                }
            }
            long e = tl_range(-2, 3);
            if (e == 0 || lm_poly_is_zero(&u))
                e = 1;
            lm_poly_pow(ctx, &u, &u, e);
            lm_poly_mul(ctx, &t, &t, &u);
        }
        lm_poly_add(ctx, r, r, &t);
    }
    if (depth > 0 && tl_range(0, 3) == 0) {
        random_poly(ctx, &v, syms, 0);
        if (!lm_poly_is_zero(&v))
            lm_poly_div(ctx, r, r, &v);
    }
    lm_poly_clear(&t), lm_poly_clear(&u), lm_poly_clear(&v);
}

static void test_random_forms(void)
{
    lm_ctx ctx;
    lm_ctx_init(&ctx);
    lm_atom *syms[4] = {lm_ctx_symbol(&ctx, "batch_size"), lm_ctx_symbol(&ctx, "d_model"),
                        lm_ctx_symbol(&ctx, "x"), lm_ctx_symbol(&ctx, "n_layer")};
    syms[0]->plain = "B", syms[0]->latex = "B";
    syms[1]->plain = "d", syms[1]->latex = "d_{\\text{model}}";
    lm_poly p;
    lm_poly_init(&p);
    for (int iter = 0; iter < 300; iter++) {
        random_poly(&ctx, &p, syms, 2);
        TL_CHECK("random poly canonical", lm_poly_is_canonical(&p));
        for (int f = 0; f < 3; f++) {
            lm_print_opts o = {(lm_fmt)f, iter & 1};
            lm_buf_reset(&out);
            lm_print_poly(&out, &p, &o);
            TL_CHECK("random poly well formed", well_formed(lm_buf_str(&out), o.fmt));
            if (!well_formed(lm_buf_str(&out), o.fmt))
                printf("  %s\n", lm_buf_str(&out));
            lm_buf_reset(&out);
            lm_print_factored(&ctx, &out, &p, &o);
            TL_CHECK("random factored well formed", well_formed(lm_buf_str(&out), o.fmt));
            lm_collected c;
            lm_collected_init(&c);
            const lm_atom *x = syms[tl_range(0, 3)];
            if (lm_poly_collect(&ctx, &c, &p, x) == LM_OK) {
                lm_buf_reset(&out);
                lm_print_collected(&out, &c, x, &o);
                TL_CHECK("random collected well formed", well_formed(lm_buf_str(&out), o.fmt));
                if (!well_formed(lm_buf_str(&out), o.fmt))
                    printf("  %s\n", lm_buf_str(&out));
            }
            lm_collected_clear(&c);
        }
    }
    lm_poly_clear(&p);
    lm_ctx_clear(&ctx);
}

/* ---- numbers ----------------------------------------------------------------------- */

static void setq(mpq_t q, const char *s)
{
    mpq_set_str(q, s, 10);
    mpq_canonicalize(q);
}

/* Print the rational s with one of the number printers (0 exact, 1 decimal, 2 terminating). */
static int last_rounded;
static const char *num(int how, const char *s, int digits, int sci, const char *group)
{
    mpq_t q;
    mpq_init(q);
    setq(q, s);
    lm_buf_reset(&out);
    if (how == 0)
        lm_print_q_exact(&out, q, group);
    else if (how == 1)
        last_rounded = lm_print_q_decimal(&out, q, digits, sci, group);
    else
        lm_print_q_terminating(&out, q, group);
    mpq_clear(q);
    return lm_buf_str(&out);
}
#define qexact(s, g) num(0, s, 0, 0, g)
#define qdec(s, d, sci, g) num(1, s, d, sci, g)
#define qterm(s, g) num(2, s, 0, 0, g)

static int qterminating(const char *s)
{
    mpq_t q;
    mpq_init(q);
    setq(q, s);
    int r = lm_q_is_terminating(q);
    mpq_clear(q);
    return r;
}

static void test_numbers(void)
{
    TL_STREQ("group", qexact("1637020800", ","), "1,637,020,800");
    TL_STREQ("group neg", qexact("-1234", ","), "-1,234");
    TL_STREQ("group 3", qexact("123", ","), "123");
    TL_STREQ("group 6", qexact("100000", ","), "100,000");
    TL_STREQ("group thin", qexact("1000", "\\,"), "1\\,000");
    TL_STREQ("no group", qexact("1637020800", NULL), "1637020800");
    TL_STREQ("rational", qexact("7/2", ","), "7/2");
    TL_STREQ("rational neg", qexact("-14/4", NULL), "-7/2");
    TL_STREQ("exact zero", qexact("0", ","), "0");

    TL_STREQ("dec 6", qdec("51273776/10000", 6, 0, NULL), "5127.38");
    TL_CHECK("dec 6 rounded", last_rounded == 1);
    TL_STREQ("dec exact", qdec("61/10", 3, 0, NULL), "6.1");
    TL_CHECK("dec exact flag", last_rounded == 0);
    TL_STREQ("sci", qdec("10600000000000", 3, 1, NULL), "1.06e13");
    TL_CHECK("sci exact", last_rounded == 0);
    TL_STREQ("sci rounded", qdec("10612345678901", 3, 1, NULL), "1.06e13");
    TL_CHECK("sci rounded flag", last_rounded == 1);
    TL_STREQ("carry", qdec("99996/100", 4, 0, NULL), "1000");
    TL_CHECK("carry flag", last_rounded == 1);
    TL_STREQ("carry sci", qdec("99996/100", 4, 1, NULL), "1e3");
    TL_STREQ("small sci", qdec("12345/100000000", 5, 1, NULL), "1.2345e-4");
    TL_CHECK("small sci exact", last_rounded == 0);
    TL_STREQ("small sci 3", qdec("12345/100000000", 3, 1, NULL), "1.23e-4");
    TL_STREQ("small fixed", qdec("12345/100000000", 5, 0, NULL), "0.00012345");
    TL_STREQ("half up", qdec("5/2", 1, 0, NULL), "3");
    TL_STREQ("half away neg", qdec("-5/2", 1, 0, NULL), "-3");
    TL_STREQ("half neg group", qdec("-12345/10", 4, 0, ","), "-1,235");
    TL_STREQ("below half", qdec("249/100", 1, 0, NULL), "2");
    TL_STREQ("third", qdec("1/3", 5, 0, NULL), "0.33333");
    TL_CHECK("third rounded", last_rounded == 1);
    TL_STREQ("two thirds", qdec("-2/3", 3, -1, NULL), "-0.667");
    TL_STREQ("big fixed", qdec("1637020800", 4, 0, ","), "1,637,000,000");
    TL_STREQ("zero dec", qdec("0", 3, 1, NULL), "0");
    TL_CHECK("zero dec flag", last_rounded == 0);
    TL_STREQ("tiny fixed", qdec("15/100000000", 3, 0, NULL), "0.00000015");
    TL_STREQ("auto fixed", qdec("1/10000", 3, -1, NULL), "0.0001");
    TL_STREQ("auto sci small", qdec("9/100000", 3, -1, NULL), "9e-5");
    TL_STREQ("auto fixed big", qdec("999999999999999", 15, -1, NULL), "999999999999999");
    TL_STREQ("auto sci big", qdec("1000000000000000", 3, -1, NULL), "1e15");
    TL_STREQ("auto rounds to sci", qdec("999999999999999", 3, -1, NULL), "1e15");
    TL_STREQ("auto mid", qdec("51273776/10000", 3, -1, ","), "5,130");
    TL_STREQ("neg sci", qdec("-123456", 2, 1, NULL), "-1.2e5");
    TL_STREQ("sci e0", qdec("5", 3, 1, NULL), "5e0");

    char d[16];
    long e;
    int neg, r;
    mpq_t q;
    mpq_init(q);
    setq(q, "51273776/10000");
    r = lm_q_decimal_parts(q, 4, d, &e, &neg);
    TL_CHECK("parts 5127", strcmp(d, "5127") == 0 && e == 4 && r == 1 && neg == 0);
    setq(q, "-12/10000");
    r = lm_q_decimal_parts(q, 3, d, &e, &neg);
    TL_CHECK("parts -0.0012", strcmp(d, "120") == 0 && e == -2 && r == 0 && neg == 1);
    setq(q, "9996/100");
    r = lm_q_decimal_parts(q, 3, d, &e, &neg);
    TL_CHECK("parts carry", strcmp(d, "100") == 0 && e == 3 && r == 1);
    mpq_clear(q);

    TL_CHECK("terminating 1/2", qterminating("1/2"));
    TL_CHECK("terminating 3/40", qterminating("3/40"));
    TL_CHECK("terminating 7", qterminating("7"));
    TL_CHECK("not terminating 1/3", !qterminating("1/3"));
    TL_CHECK("not terminating 1/6", !qterminating("1/6"));
    TL_STREQ("term 0.5", qterm("1/2", NULL), "0.5");
    TL_STREQ("term int", qterm("9750000000000", NULL), "9750000000000");
    TL_STREQ("term 19.5", qterm("39/2", NULL), "19.5");
    TL_STREQ("term -0.075", qterm("-3/40", NULL), "-0.075");
    TL_STREQ("term 1/1024", qterm("1/1024", NULL), "0.0009765625");
    TL_STREQ("term group", qterm("12345/2", ","), "6,172.5");
    TL_STREQ("term zero", qterm("0", ","), "0");
}

/* Random rationals: the digits of lm_q_decimal_parts are round-half-up of |q|*10^(n-e),
 * with 10^(n-1) <= N < 10^n and the rounded flag exact; terminating decimals read back. */
static void test_numbers_random(void)
{
    mpq_t q, x, t;
    mpz_t N, p10;
    mpq_inits(q, x, t, NULL);
    mpz_inits(N, p10, NULL);
    char d[40];
    for (int iter = 0; iter < 3000; iter++) {
        mpz_set_ui(mpq_numref(q), (unsigned long)tl_rand());
        mpz_mul_ui(mpq_numref(q), mpq_numref(q), (unsigned long)tl_range(1, 1000000));
        if (tl_rand() & 1) { /* about half of them terminating */
            unsigned long two = 1ul << tl_range(0, 20);
            mpz_set_ui(mpq_denref(q), two * (unsigned long)tl_range(1, 5));
        } else {
            mpz_set_ui(mpq_denref(q), (unsigned long)tl_range(1, 100000000));
        }
        mpz_ui_pow_ui(N, 10, (unsigned long)tl_range(0, 30));
        if (tl_rand() & 1)
            mpz_mul(mpq_denref(q), mpq_denref(q), N);
        else
            mpz_mul(mpq_numref(q), mpq_numref(q), N);
        if (tl_rand() & 1)
            mpq_neg(q, q);
        mpq_canonicalize(q);
        if (mpq_sgn(q) == 0)
            continue;
        int n = (int)tl_range(1, 30);
        long e;
        int neg;
        int r = lm_q_decimal_parts(q, n, d, &e, &neg);
        int ok = (int)strlen(d) == n && d[0] != '0' && neg == (mpq_sgn(q) < 0);
        mpz_set_str(N, d, 10);
        /* x = |q| * 10^(n-e) - N must lie in [-1/2, 1/2), and be 0 iff !r (up to carry) */
        mpq_abs(x, q);
        mpz_ui_pow_ui(p10, 10, (unsigned long)(n - e >= 0 ? n - e : e - n));
        mpq_set_z(t, p10);
        if (n - e >= 0)
            mpq_mul(x, x, t);
        else
            mpq_div(x, x, t);
        mpq_set_z(t, N);
        mpq_sub(x, x, t);
        mpq_set_si(t, 1, 2);
        ok = ok && mpq_cmp(x, t) < 0;
        mpq_neg(t, t);
        ok = ok && mpq_cmp(x, t) >= 0;
        ok = ok && r == (mpq_sgn(x) != 0);
        TL_CHECK("random decimal parts", ok);

        if (lm_q_is_terminating(q)) {
            lm_buf_reset(&out);
            lm_print_q_terminating(&out, q, NULL);
            const char *s = lm_buf_str(&out);
            const char *dot = strchr(s, '.');
            mpz_set_ui(N, 0);
            size_t frac = 0;
            for (const char *c = s; *c; c++) {
                if (*c >= '0' && *c <= '9') {
                    mpz_mul_ui(N, N, 10);
                    mpz_add_ui(N, N, (unsigned long)(*c - '0'));
                    frac += dot && c > dot;
                }
            }
            mpq_set_z(x, N);
            mpz_ui_pow_ui(p10, 10, (unsigned long)frac);
            mpq_set_z(t, p10);
            mpq_div(x, x, t);
            if (s[0] == '-')
                mpq_neg(x, x);
            TL_CHECK("random terminating reads back",
                     mpq_equal(x, q) && (!dot || s[strlen(s) - 1] != '0'));
        }
    }
    mpq_clears(q, x, t, NULL);
    mpz_clears(N, p10, NULL);
}

/* Allocation failure at every point: the buffer reports `failed` or holds the full text;
 * nothing leaks. */
static void test_oom(void)
{
    lm_poly p, xp1;
    p_init(&p), p_init(&xp1);
    term(&xp1, "1", &x_, 1, NULL);
    term(&xp1, "1", NULL);
    lm_atom inv = mk_fun(LM_ATOM_INV, &xp1, 1);
    term(&p, "3/2", &bs_, 1, &dm_, 2, &inv, 1, NULL);
    term(&p, "-123456789012345678901234567890", NULL);
    const char *want = "\\frac{3 \\, \\mathit{batch\\_size} \\, d_{\\text{model}}^{2}}{2 \\left(x + 1\\right)}"
                       " - 123456789012345678901234567890";
    bs_.latex = NULL;
    mpq_t q;
    mpq_init(q);
    setq(q, "-12345678901234567/1000");
    int all_ok = 1;
    for (size_t n = 1; n < 40; n++) {
        size_t live = lm_alloc_live();
        lm_buf b;
        lm_buf_init(&b);
        lm_alloc_fail_at(n);
        lm_print_opts o = {LM_FMT_LATEX, 0};
        lm_print_poly(&b, &p, &o);
        lm_buf_putc(&b, '|');
        lm_print_q_decimal(&b, q, 30, 0, ",");
        lm_buf_putc(&b, '|');
        lm_print_q_terminating(&b, q, ",");
        lm_alloc_fail_at(0);
        if (!b.failed) {
            lm_buf tmp;
            lm_buf_init(&tmp);
            lm_buf_puts(&tmp, want);
            lm_buf_puts(&tmp, "|-12,345,678,901,234.567|-12,345,678,901,234.567");
            all_ok &= strcmp(lm_buf_str(&b), lm_buf_str(&tmp)) == 0;
            lm_buf_clear(&tmp);
        }
        lm_buf_clear(&b);
        all_ok &= lm_alloc_live() == live;
    }
    TL_CHECK("oom", all_ok);
    bs_.latex = "B";
    mpq_clear(q);
    p_free(&p), p_free(&xp1);
}

int main(void)
{
    tl_seed();
    lm_alloc_install_gmp();
    lm_buf_init(&out);
    a_ = mk_sym("a", NULL, NULL);
    b_ = mk_sym("b", NULL, NULL);
    c_ = mk_sym("c", NULL, NULL);
    d_ = mk_sym("d", NULL, NULL);
    h_ = mk_sym("h", NULL, NULL);
    x_ = mk_sym("x", NULL, NULL);
    y_ = mk_sym("y", NULL, NULL);
    B_ = mk_sym("B", NULL, NULL);
    bs_ = mk_sym("batch_size", "B", "B");
    T_ = mk_sym("context_length", "T", "T");
    dm_ = mk_sym("d_model", "d", "d_{\\text{model}}");
    nh_ = mk_sym("num_heads", "h", "n_{\\text{heads}}");
    two_pi_ = mk_sym("two_pi", NULL, "2\\pi");
    xs_ = mk_sym("x_star", NULL, "x^{*}");
    size_t live = lm_alloc_live();
    test_poly_printers();
    test_collected();
    test_factored();
    test_random_forms();
    test_numbers();
    test_numbers_random();
    test_oom();
    lm_buf_clear(&out);
    TL_CHECK("no leaks", lm_alloc_live() == live);
    return tl_finish("print");
}
