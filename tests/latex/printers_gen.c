/* printers_gen.c: writes a LaTeX document full of printer output (tests/latex/printers.sh
 * compiles it with pdflatex). With -DHAVE_POLY it adds random polynomials from src/poly/. */
#include "base/alloc.h"
#include "print/print.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lm_buf out;
static const lm_print_opts tex = {LM_FMT_LATEX, 0};

/* ---- hand-built canonical forms (no dependence on poly.c) ---------------------------- */

static lm_atom mk_atom(lm_atom_kind kind, const char *name, const char *latex, lm_poly *args,
                       int nargs)
{
    lm_atom a;
    memset(&a, 0, sizeof a);
    a.kind = kind;
    a.name = name;
    a.latex = latex;
    a.args = args;
    a.nargs = nargs;
    return a;
}

/* Append q * atom^exp * ... (pairs ended by NULL). */
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
    for (lm_atom *a; (a = va_arg(ap, lm_atom *)) != NULL; t->nf++) {
        t->f[t->nf].atom = a;
        t->f[t->nf].exp = va_arg(ap, int);
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
    p->n = p->alloc = 0;
    p->terms = NULL;
}

/* Emit the current buffer as inline math and as a display equation. */
static void emit(FILE *f)
{
    if (out.failed) {
        fprintf(stderr, "printers_gen: out of memory\n");
        exit(2);
    }
    fprintf(f, "\\noindent $%s$\\par\n\\begin{equation}\n%s\n\\end{equation}\n", lm_buf_str(&out),
            lm_buf_str(&out));
    lm_buf_reset(&out);
}

static void emit_poly(FILE *f, const lm_poly *p)
{
    lm_print_poly(&out, p, &tex);
    emit(f);
}

static void hand_built(FILE *f)
{
    lm_atom x = mk_atom(LM_ATOM_SYM, "x", NULL, NULL, 0), y = mk_atom(LM_ATOM_SYM, "y", NULL, NULL, 0);
    lm_atom a = mk_atom(LM_ATOM_SYM, "a", NULL, NULL, 0), b = mk_atom(LM_ATOM_SYM, "b", NULL, NULL, 0);
    lm_atom c = mk_atom(LM_ATOM_SYM, "c", NULL, NULL, 0), d = mk_atom(LM_ATOM_SYM, "d", NULL, NULL, 0);
    lm_atom B = mk_atom(LM_ATOM_SYM, "batch_size", "B", NULL, 0);
    lm_atom T = mk_atom(LM_ATOM_SYM, "context_length", "T", NULL, 0);
    lm_atom dm = mk_atom(LM_ATOM_SYM, "d_model", "d_{\\text{model}}", NULL, 0);
    lm_atom nh = mk_atom(LM_ATOM_SYM, "num_heads", "n_{\\text{heads}}", NULL, 0);
    lm_atom bs = mk_atom(LM_ATOM_SYM, "batch_size", NULL, NULL, 0);
    lm_atom odd = mk_atom(LM_ATOM_SYM, "n_layer2_#x&y%z", NULL, NULL, 0);
    lm_atom pi2 = mk_atom(LM_ATOM_SYM, "two_pi", "2\\pi", NULL, 0);
    lm_atom xs = mk_atom(LM_ATOM_SYM, "x_star", "x^{*}", NULL, 0);
    lm_poly p = {0, 0, NULL}, xp1 = {0, 0, NULL}, half = {0, 0, NULL}, xx = {0, 0, NULL};
    lm_poly ab[2] = {{0, 0, NULL}, {0, 0, NULL}};
    term(&xp1, "1", &x, 1, NULL);
    term(&xp1, "1", NULL);
    term(&half, "1/2", &x, 1, NULL);
    term(&xx, "1", &x, 1, NULL);
    term(&ab[0], "1", &a, 1, NULL);
    term(&ab[1], "1", &b, 1, NULL);
    lm_atom inv = mk_atom(LM_ATOM_INV, NULL, NULL, &xp1, 1);
    lm_atom fl = mk_atom(LM_ATOM_FLOOR, NULL, NULL, &half, 1);
    lm_atom ce = mk_atom(LM_ATOM_CEIL, NULL, NULL, &xx, 1);
    lm_atom mn = mk_atom(LM_ATOM_MIN, NULL, NULL, ab, 2), mx = mk_atom(LM_ATOM_MAX, NULL, NULL, ab, 2);
    lm_atom flinv = mk_atom(LM_ATOM_FLOOR, NULL, NULL, &p, 1);

    term(&p, "1", &x, 3, NULL), term(&p, "3", &x, 2, NULL), term(&p, "3", &x, 1, NULL);
    term(&p, "1", NULL);
    emit_poly(f, &p), p_free(&p);
    term(&p, "2", &B, 1, &T, 1, &dm, 2, NULL), term(&p, "-1/2", NULL);
    emit_poly(f, &p), p_free(&p);
    term(&p, "1", &dm, 1, &nh, -1, NULL), term(&p, "3/2", &x, 2, NULL);
    emit_poly(f, &p), p_free(&p);
    term(&p, "1/2", &x, 2, &y, -1, NULL), term(&p, "-1", &a, 1, &b, -1, &c, -2, NULL);
    emit_poly(f, &p), p_free(&p);
    term(&p, "1", &a, 1, &inv, 1, NULL), term(&p, "-3/7", &a, 1, &inv, 2, NULL);
    term(&p, "5", &a, 1, &y, -1, &inv, 1, NULL), term(&p, "1", &a, 1, &inv, -2, NULL);
    emit_poly(f, &p), p_free(&p);
    term(&p, "1", &fl, 2, NULL), term(&p, "1", &ce, 1, NULL), term(&p, "1", &mn, 1, NULL);
    term(&p, "-1", &mx, 1, &x, -1, NULL), term(&p, "1", &inv, 1, NULL);
    emit_poly(f, &p), p_free(&p);
    term(&p, "2", &bs, 1, &odd, 3, NULL), term(&p, "3", &pi2, 1, NULL), term(&p, "1", &xs, 2, NULL);
    emit_poly(f, &p);
    /* a floor of that, nested */
    lm_poly q = {0, 0, NULL};
    term(&q, "1", &flinv, 1, &fl, -1, NULL);
    emit_poly(f, &q), p_free(&q), p_free(&p);
    emit_poly(f, &p); /* zero */
    term(&p, "-123456789012345678901234567890/7", NULL);
    emit_poly(f, &p), p_free(&p);

    /* collected forms */
    lm_poly k[3] = {{0, 0, NULL}, {0, 0, NULL}, {0, 0, NULL}};
    int64_t e[3] = {2, 1, 0};
    lm_collected col = {3, e, k};
    term(&k[0], "2", &d, 1, NULL), term(&k[0], "3", NULL);
    term(&k[1], "1", NULL);
    term(&k[2], "7", NULL);
    lm_print_collected(&out, &col, &B, &tex), emit(f);
    e[0] = -1, e[1] = -2;
    lm_print_collected(&out, &col, &B, &tex), emit(f);
    for (int i = 0; i < 3; i++)
        p_free(&k[i]);
    term(&k[0], "-2", &d, 1, NULL), term(&k[0], "3", NULL);
    term(&k[1], "4667508736", &d, -1, NULL);
    term(&k[2], "13096166400", NULL), term(&k[2], "-1", &d, 1, NULL);
    e[0] = 2, e[1] = 1;
    lm_print_collected(&out, &col, &B, &tex), emit(f);
    for (int i = 0; i < 3; i++)
        p_free(&k[i]);

    /* numbers */
    mpq_t n;
    mpq_init(n);
    mpq_set_str(n, "1637020800", 10);
    lm_print_q_exact(&out, n, "\\,"), emit(f);
    mpq_set_str(n, "-7/2", 10);
    lm_print_q_exact(&out, n, "\\,"), emit(f);
    mpq_set_str(n, "51273776/10000", 10);
    mpq_canonicalize(n);
    lm_print_q_decimal(&out, n, 6, 0, "\\,"), emit(f);
    lm_print_q_terminating(&out, n, "\\,"), emit(f);
    mpq_clear(n);

    p_free(&xp1), p_free(&half), p_free(&xx), p_free(&ab[0]), p_free(&ab[1]);
}

#ifdef HAVE_POLY
/* ---- random polynomials from the real algebra -------------------------------------- */

static uint64_t rng = 88172645463325252ull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static long rnd_range(long lo, long hi) { return lo + (long)(rnd() % (uint64_t)(hi - lo + 1)); }

static lm_atom *syms[6];

static void check(lm_status s)
{
    if (s != LM_OK) {
        fprintf(stderr, "printers_gen: %s\n", lm_status_str(s));
        exit(2);
    }
}

/* A random polynomial: a few terms of random atoms, sometimes a function of a smaller one. */
static void random_poly(lm_ctx *ctx, lm_poly *r, int depth)
{
    lm_poly t, u, v;
    lm_poly_init(&t), lm_poly_init(&u), lm_poly_init(&v);
    lm_poly_zero(r);
    long nterms = rnd_range(1, 4);
    for (long i = 0; i < nterms; i++) {
        mpq_t q;
        mpq_init(q);
        long num = rnd_range(-30, 30);
        mpq_set_si(q, num, (unsigned long)rnd_range(1, 4));
        mpq_canonicalize(q);
        if (mpq_sgn(q) == 0)
            mpq_set_ui(q, 1, 1);
        check(lm_poly_set_q(&t, q));
        mpq_clear(q);
        long nf = rnd_range(0, 3);
        for (long j = 0; j < nf; j++) {
            long kind = depth > 0 ? rnd_range(0, 9) : 0;
            if (kind <= 5) {
                check(lm_poly_set_atom(&u, syms[rnd() % 6]));
            } else {
                random_poly(ctx, &v, depth - 1);
                if (kind == 6)
                    check(lm_poly_floor(ctx, &u, &v));
                else if (kind == 7)
                    check(lm_poly_ceil(ctx, &u, &v));
                else {
                    random_poly(ctx, &u, depth - 1);
                    check(kind == 8 ? lm_poly_min(ctx, &u, &u, &v) : lm_poly_max(ctx, &u, &u, &v));
                }
            }
            long ex = rnd_range(-2, 3);
            if (ex == 0)
                ex = 1;
            if (ex < 0 && lm_poly_is_zero(&u))
                ex = 1;
            check(lm_poly_pow(ctx, &u, &u, ex));
            check(lm_poly_mul(ctx, &t, &t, &u));
        }
        check(lm_poly_add(ctx, r, r, &t));
    }
    if (depth > 0 && rnd_range(0, 4) == 0) { /* divide by a sum: INV atoms */
        random_poly(ctx, &v, 0);
        if (!lm_poly_is_zero(&v))
            check(lm_poly_div(ctx, r, r, &v));
    }
    lm_poly_clear(&t), lm_poly_clear(&u), lm_poly_clear(&v);
}

static void random_section(FILE *f, int count)
{
    lm_ctx ctx;
    lm_ctx_init(&ctx);
    const char *names[6] = {"batch_size", "d_model", "x", "n_layer_2", "vocab_size", "h"};
    const char *latex[6] = {"B", "d_{\\text{model}}", NULL, NULL, "V", NULL};
    for (int i = 0; i < 6; i++) {
        syms[i] = lm_ctx_symbol(&ctx, names[i]);
        if (!syms[i])
            check(LM_ENOMEM);
        syms[i]->latex = latex[i];
    }
    lm_poly p;
    lm_poly_init(&p);
    for (int i = 0; i < count; i++) {
        random_poly(&ctx, &p, 2);
        emit_poly(f, &p);
        lm_print_factored(&ctx, &out, &p, &tex), emit(f);
        lm_collected c;
        lm_collected_init(&c);
        const lm_atom *x = syms[rnd() % 6];
        check(lm_poly_collect(&ctx, &c, &p, x));
        lm_print_collected(&out, &c, x, &tex), emit(f);
        lm_collected_clear(&c);
    }
    lm_poly_clear(&p);
    lm_ctx_clear(&ctx);
}
#endif

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: printers_gen OUT.tex\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    lm_alloc_install_gmp();
    lm_buf_init(&out);
    fprintf(f, "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n");
    hand_built(f);
#ifdef HAVE_POLY
    const char *seed = getenv("LMCOST_SEED");
    if (seed && strtoull(seed, NULL, 10))
        rng = strtoull(seed, NULL, 10);
    random_section(f, 150);
#endif
    fprintf(f, "\\end{document}\n");
    lm_buf_clear(&out);
    if (fclose(f) != 0) {
        perror(argv[1]);
        return 2;
    }
    return 0;
}
