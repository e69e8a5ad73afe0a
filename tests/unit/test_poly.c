/* test_poly.c: unit and seeded property tests of the canonical polynomial algebra.
 * Every result is checked with lm_poly_is_canonical; a tiny parser keeps examples short. */
#include "base/alloc.h"
#include "base/buf.h"
#include "poly/poly.h"
#include "testlib.h"
#include <time.h>

static lm_ctx ctx;
static int canon_fail;

/* Record a failed canonical check once per operation site. */
#define CANON(p)                                                                          \
    do {                                                                                  \
        if (!lm_poly_is_canonical(p)) {                                                   \
            canon_fail++;                                                                 \
            TL_CHECK("canonical", 0);                                                     \
        }                                                                                 \
    } while (0)

/* ---- a test-only printer (for failure messages) ------------------------------------ */

static void put_poly(lm_buf *b, const lm_poly *p);

static void put_atom(lm_buf *b, const lm_atom *a)
{
    static const char *names[] = {"", "floor", "ceil", "min", "max", "inv"};
    if (a->kind == LM_ATOM_SYM) {
        lm_buf_puts(b, a->name);
        return;
    }
    lm_buf_puts(b, names[a->kind]);
    lm_buf_putc(b, '(');
    for (int i = 0; i < a->nargs; i++) {
        if (i)
            lm_buf_puts(b, ", ");
        put_poly(b, &a->args[i]);
    }
    lm_buf_putc(b, ')');
}

static void put_poly(lm_buf *b, const lm_poly *p)
{
    if (!p->n)
        lm_buf_putc(b, '0');
    for (uint32_t i = 0; i < p->n; i++) {
        char *s = mpq_get_str(NULL, 10, p->terms[i].coeff);
        lm_buf_printf(b, "%s%s", i ? " + " : "", s);
        void (*fr)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &fr);
        fr(s, strlen(s) + 1);
        for (uint32_t j = 0; j < p->terms[i].nf; j++) {
            lm_buf_putc(b, '*');
            put_atom(b, p->terms[i].f[j].atom);
            if (p->terms[i].f[j].exp != 1)
                lm_buf_printf(b, "^%d", (int)p->terms[i].f[j].exp);
        }
    }
}

static void show(const char *label, const lm_poly *p)
{
    lm_buf b;
    lm_buf_init(&b);
    put_poly(&b, p);
    printf("  %s = %s\n", label, lm_buf_str(&b));
    lm_buf_clear(&b);
}

/* ---- a tiny parser: + - * / ^, numbers, symbols, floor ceil min max ---------------- */

static lm_status p_expr(const char **s, lm_poly *r);

static void skip(const char **s)
{
    while (**s == ' ')
        (*s)++;
}

static lm_status p_atom(const char **s, lm_poly *r)
{
    skip(s);
    lm_status st = LM_OK;
    if (**s == '(') {
        (*s)++;
        st = p_expr(s, r);
        skip(s);
        (*s)++; /* ')' */
        return st;
    }
    if (**s >= '0' && **s <= '9') {
        mpq_t q;
        mpq_init(q);
        char buf[1024];
        size_t n = 0;
        while (**s >= '0' && **s <= '9' && n < sizeof buf - 1)
            buf[n++] = *(*s)++;
        buf[n] = 0;
        mpz_set_str(mpq_numref(q), buf, 10);
        st = lm_poly_set_q(r, q);
        mpq_clear(q);
        return st;
    }
    char name[64];
    size_t n = 0;
    while (((**s >= 'a' && **s <= 'z') || (**s >= 'A' && **s <= 'Z') || **s == '_' ||
            (**s >= '0' && **s <= '9')) &&
           n < 63)
        name[n++] = *(*s)++;
    name[n] = 0;
    skip(s);
    if (**s == '(') {
        lm_poly a, b;
        lm_poly_init(&a);
        lm_poly_init(&b);
        (*s)++;
        st = p_expr(s, &a);
        skip(s);
        if (**s == ',') {
            (*s)++;
            if (st == LM_OK)
                st = p_expr(s, &b);
            skip(s);
        }
        (*s)++;
        if (st == LM_OK) {
            if (!strcmp(name, "floor"))
                st = lm_poly_floor(&ctx, r, &a);
            else if (!strcmp(name, "ceil"))
                st = lm_poly_ceil(&ctx, r, &a);
            else if (!strcmp(name, "min"))
                st = lm_poly_min(&ctx, r, &a, &b);
            else
                st = lm_poly_max(&ctx, r, &a, &b);
        }
        lm_poly_clear(&a);
        lm_poly_clear(&b);
        return st;
    }
    lm_atom *x = lm_ctx_symbol(&ctx, name);
    return x ? lm_poly_set_atom(r, x) : LM_ENOMEM;
}

static lm_status p_unary(const char **s, lm_poly *r);

static lm_status p_power(const char **s, lm_poly *r)
{
    lm_status st = p_atom(s, r);
    skip(s);
    if (st == LM_OK && **s == '^') {
        (*s)++;
        lm_poly e;
        lm_poly_init(&e);
        st = p_unary(s, &e);
        mpq_t q;
        mpq_init(q);
        if (st == LM_OK && lm_poly_get_q(q, &e))
            st = lm_poly_pow(&ctx, r, r, mpz_get_si(mpq_numref(q)));
        mpq_clear(q);
        lm_poly_clear(&e);
    }
    return st;
}

static lm_status p_unary(const char **s, lm_poly *r)
{
    skip(s);
    if (**s == '-') {
        (*s)++;
        lm_status st = p_unary(s, r);
        return st == LM_OK ? lm_poly_neg(&ctx, r, r) : st;
    }
    return p_power(s, r);
}

static lm_status p_term(const char **s, lm_poly *r)
{
    lm_status st = p_unary(s, r);
    lm_poly t;
    lm_poly_init(&t);
    for (;;) {
        skip(s);
        char op = **s;
        if (st != LM_OK || (op != '*' && op != '/'))
            break;
        (*s)++;
        st = p_unary(s, &t);
        if (st == LM_OK)
            st = op == '*' ? lm_poly_mul(&ctx, r, r, &t) : lm_poly_div(&ctx, r, r, &t);
    }
    lm_poly_clear(&t);
    return st;
}

static lm_status p_expr(const char **s, lm_poly *r)
{
    lm_status st = p_term(s, r);
    lm_poly t;
    lm_poly_init(&t);
    for (;;) {
        skip(s);
        char op = **s;
        if (st != LM_OK || (op != '+' && op != '-'))
            break;
        (*s)++;
        st = p_term(s, &t);
        if (st == LM_OK)
            st = op == '+' ? lm_poly_add(&ctx, r, r, &t) : lm_poly_sub(&ctx, r, r, &t);
    }
    lm_poly_clear(&t);
    return st;
}

/* Parse into r (must be initialised); returns the status. */
static lm_status P(lm_poly *r, const char *src)
{
    lm_poly t;
    lm_poly_init(&t);
    lm_status st = p_expr(&src, &t);
    if (st == LM_OK)
        lm_poly_swap(r, &t);
    lm_poly_clear(&t);
    CANON(r);
    return st;
}

/* Does src1 parse to the same canonical form as src2? */
static int same(const char *s1, const char *s2)
{
    lm_poly a, b;
    lm_poly_init(&a);
    lm_poly_init(&b);
    int ok = P(&a, s1) == LM_OK && P(&b, s2) == LM_OK && lm_poly_equal(&a, &b);
    if (!ok) {
        printf("  '%s' vs '%s'\n", s1, s2);
        show("lhs", &a);
        show("rhs", &b);
    }
    lm_poly_clear(&a);
    lm_poly_clear(&b);
    return ok;
}

static lm_atom *sym(const char *name) { return lm_ctx_symbol(&ctx, name); }

/* ---- evaluation callbacks ---------------------------------------------------------- */

#define NSYM 4
static const char *sym_names[NSYM] = {"a", "b", "c", "d"};
static mpq_t point[NSYM];
static lm_poly subst_to[NSYM];

static int sym_index(const lm_atom *x)
{
    for (int i = 0; i < NSYM; i++)
        if (!strcmp(x->name, sym_names[i]))
            return i;
    return -1;
}

static int point_value(void *ud, const lm_atom *x, mpq_t out)
{
    (void)ud;
    int i = sym_index(x);
    if (i < 0)
        return 0;
    mpq_set(out, point[i]);
    return 1;
}

static const lm_poly *subst_value(void *ud, const lm_atom *x)
{
    (void)ud;
    int i = sym_index(x);
    return i >= 0 ? &subst_to[i] : NULL;
}

/* ---- exact examples ---------------------------------------------------------------- */

static void test_examples(void)
{
    TL_CHECK("(a+b)^2-(a-b)^2", same("(a+b)^2-(a-b)^2", "4*a*b"));
    TL_CHECK("d_model/num_heads*num_heads", same("d_model/num_heads*num_heads", "d_model"));
    TL_CHECK("(x^2-1)/(x-1)", same("(x^2-1)/(x-1)", "x+1"));
    TL_CHECK("(x^3-y^3)/(x-y)", same("(x^3-y^3)/(x-y)", "x^2+x*y+y^2"));
    TL_CHECK("x^-1 division", same("(x^2 + x^-1)/(x^3+1)", "x^-1"));
    TL_CHECK("sub self", same("(a+b*c)^2 - (a+b*c)^2", "0"));
    TL_CHECK("(x+1)^-1*(x+1)^2 stays", same("(x+1)^2/(x+1)", "x+1"));
    TL_CHECK("floor const", same("floor(7/2)", "3"));
    TL_CHECK("floor neg", same("floor(0-7/2)", "0-4"));
    TL_CHECK("ceil const", same("ceil(7/2)", "4"));
    TL_CHECK("floor floor", same("floor(floor(x/2))", "floor(x/2)"));
    TL_CHECK("min const", same("min(3, 5)", "3"));
    TL_CHECK("max const", same("max(3, 5/2)", "3"));
    TL_CHECK("min same", same("min(x+y, y+x)", "x+y"));
    TL_CHECK("min shifted", same("min(x+1, x)", "x"));
    TL_CHECK("max shifted", same("max(x+1, x)", "x+1"));
    TL_CHECK("min sorted", same("min(y, x)", "min(x, y)"));
    TL_CHECK("inv monomial", same("1/(2*x*y^2)", "x^-1*y^-2/2"));
    TL_CHECK("inv inv", same("1/(1/(x+1))", "x+1"));
    TL_CHECK("inv cancels", same("1/(x/(x+1) + 1/(x+1))", "1"));
    TL_CHECK("inv cancels 2", same("1/(x/(x+1)^2 + 1/(x+1)^2)", "x+1"));
    TL_CHECK("div by inv monomial", same("(x+y)/(1/(x+1))", "(x+y)*(x+1)"));
    TL_CHECK("div cancels inv", same("(y/(x+1))/(2/(x+1))", "y/2"));
    TL_CHECK("inv times", same("2/(x+1)*(3/(x+1))", "6*(x+1)^(0-2)"));
    TL_CHECK("inv perfect square", same("2/(x+1)*(3/(x+1))", "6/(x+1)^2"));
    TL_CHECK("inv perfect cube", same("1/(a-2*b)^3", "(a-2*b)^(0-3)"));
    TL_CHECK("inv perfect 6th", same("1/(x^2+y)^6", "(x^2+y)^(0-6)"));
    TL_CHECK("inv times its argument", same("1/(x^2+2*x+2)*(x^2+2*x+2)", "1"));
    TL_CHECK("same denominator summed", same("a/(a+b) + b/(a+b)", "1"));
    TL_CHECK("same denominator, later", same("(x/(x+1) + y) + 1/(x+1)", "y+1"));
    TL_CHECK("cancel part of a power", same("(x^2 + 2*x + 1) / (x + 1)^3", "1/(x+1)"));
    TL_CHECK("cancel after a group joins", same("(x^3-1)/(x^2+x+1)/(x-1)", "1"));
    TL_CHECK("different denominators", same("1/(x+1) + 1/(x+2)", "(2*x+3)/(x^2+3*x+2)"));
    TL_CHECK("sum to zero", same("1/(x+1) + 1/(x+2) - (2*x+3)/((x+1)*(x+2))", "0"));
    TL_CHECK("gcd cancels", same("(x+1)^2/(x^2-1)", "(x+1)/(x-1)"));
    TL_CHECK("one denominator", same("(x+2)/(x+1) - 1", "1/(x+1)"));
    TL_CHECK("min flattens", same("min(min(a,b),x) - min(a,min(b,x))", "0"));
    TL_CHECK("max dedup", same("max(a, max(b, a))", "max(a, b)"));
    TL_CHECK("floor shift", same("floor(x+1) - floor(x) - 1", "0"));
    TL_CHECK("floor shift 2", same("floor(b^3 + 4)", "floor(b^3) + 4"));
    TL_CHECK("floor fraction", same("floor(x + 5/2)", "floor(x + 1/2) + 2"));
    TL_CHECK("ceil fraction", same("ceil(x - 1/2)", "ceil(x + 1/2) - 1"));
    TL_CHECK("floor of integers", same("floor(2*floor(x) + ceil(y)*floor(x) + x/2)",
                                       "floor(x/2) + 2*floor(x) + ceil(y)*floor(x)"));
    TL_CHECK("multivariate gcd", same("(x^2*y - y^3)/(x*y + y^2)", "x - y"));
    TL_CHECK("multivariate gcd 2",
             same("(a*c + a*d + b*c + b*d)/(a^2 + 2*a*b + b^2 + a + b)", "(c+d)/(a+b+1)"));

    /* x/(2x+2) = x * 1/2 * INV(x+1) */
    lm_poly p, q;
    lm_poly_init(&p);
    lm_poly_init(&q);
    TL_CHECK("x/(2x+2) parse", P(&p, "x/(2*x+2)") == LM_OK);
    P(&q, "x+1");
    TL_CHECK("x/(2x+2) shape", p.n == 1 && p.terms[0].nf == 2 &&
                                   mpq_cmp_si(p.terms[0].coeff, 1, 2) == 0 &&
                                   p.terms[0].f[0].atom == sym("x") &&
                                   p.terms[0].f[1].atom->kind == LM_ATOM_INV &&
                                   lm_poly_equal(&p.terms[0].f[1].atom->args[0], &q));
    TL_CHECK("inv sign", same("1/(0-x-1)", "0-1/(x+1)"));
    TL_CHECK("inv content", same("1/(6*x^2*y+4*x*y)", "1/(2*x*y*(3*x+2))"));

    /* (x+1)^3: x^3, 3x^2, 3x, 1 */
    P(&p, "(x+1)^3");
    TL_CHECK("(x+1)^3 order",
             p.n == 4 && p.terms[0].nf == 1 && p.terms[0].f[0].exp == 3 &&
                 mpq_cmp_ui(p.terms[0].coeff, 1, 1) == 0 && p.terms[1].f[0].exp == 2 &&
                 mpq_cmp_ui(p.terms[1].coeff, 3, 1) == 0 && p.terms[2].f[0].exp == 1 &&
                 mpq_cmp_ui(p.terms[2].coeff, 3, 1) == 0 && p.terms[3].nf == 0 &&
                 mpq_cmp_ui(p.terms[3].coeff, 1, 1) == 0);
    P(&p, "2*b*a");
    TL_CHECK("2*b*a atoms", p.n == 1 && p.terms[0].nf == 2 && p.terms[0].f[0].atom == sym("a") &&
                                p.terms[0].f[1].atom == sym("b"));
    P(&p, "a^2 + a*b + b^2 + a + 1");
    TL_CHECK("grlex", p.n == 5 && p.terms[0].f[0].exp == 2 && p.terms[1].nf == 2 &&
                          p.terms[2].f[0].atom == sym("b") && p.terms[3].nf == 1);

    /* 2^521 - 1 has 157 digits */
    P(&p, "2^521-1");
    mpq_t v;
    mpq_init(v);
    TL_CHECK("2^521-1 const", lm_poly_get_q(v, &p));
    char *s = mpz_get_str(NULL, 10, mpq_numref(v));
    TL_CHECK("2^521-1 digits", strlen(s) == 157);
    void (*fr)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &fr);
    fr(s, strlen(s) + 1);

    /* content */
    mpq_t c;
    mpq_init(c);
    lm_poly mono, rest, r;
    lm_poly_init(&mono);
    lm_poly_init(&rest);
    lm_poly_init(&r);
    P(&p, "6*b*t*d^2 + 4*b*t*d");
    TL_CHECK("content ok", lm_poly_content(&ctx, c, &mono, &rest, &p) == LM_OK);
    CANON(&mono);
    CANON(&rest);
    P(&q, "b*t*d");
    P(&r, "3*d+2");
    TL_CHECK("content value", mpq_cmp_ui(c, 2, 1) == 0);
    TL_CHECK("content mono", lm_poly_equal(&mono, &q));
    TL_CHECK("content rest", lm_poly_equal(&rest, &r));
    P(&p, "0-6*x-4");
    lm_poly_content(&ctx, c, &mono, &rest, &p);
    P(&r, "3*x+2");
    TL_CHECK("content negative", mpq_cmp_si(c, -2, 1) == 0 && lm_poly_equal(&rest, &r) &&
                                     mono.n == 1 && mono.terms[0].nf == 0);
    P(&p, "x^2/3 + x/2");
    lm_poly_content(&ctx, c, &mono, &rest, &p);
    P(&r, "2*x+3");
    TL_CHECK("content rational", mpq_cmp_si(c, 1, 6) == 0 && lm_poly_equal(&rest, &r));
    lm_poly_zero(&p);
    TL_CHECK("content zero", lm_poly_content(&ctx, c, &mono, &rest, &p) == LM_OK &&
                                 mpq_sgn(c) == 0 && lm_poly_is_zero(&rest));

    /* collect */
    lm_collected col;
    lm_collected_init(&col);
    P(&p, "(2*d+3)*B^2 + B + 7 + floor(B)");
    TL_CHECK("collect ok", lm_poly_collect(&ctx, &col, &p, sym("B")) == LM_OK);
    P(&q, "2*d+3");
    P(&r, "7 + floor(B)");
    TL_CHECK("collect shape", col.n == 3 && col.exps[0] == 2 && col.exps[1] == 1 &&
                                  col.exps[2] == 0 && lm_poly_equal(&col.coeffs[0], &q) &&
                                  lm_poly_equal(&col.coeffs[2], &r));
    P(&q, "2*d+3");
    TL_CHECK("coeff", lm_poly_coeff(&ctx, &r, &p, sym("B"), 2) == LM_OK && lm_poly_equal(&r, &q));
    TL_CHECK("degree", lm_poly_degree(&p, sym("B")) == 2 && lm_poly_total_degree(&p) == 3);
    TL_CHECK("depends", lm_poly_depends_on(&r, sym("d")) && !lm_poly_depends_on(&r, sym("B")));
    P(&r, "7 + floor(B)");
    TL_CHECK("depends inside", lm_poly_depends_on(&r, sym("B")));
    lm_collected_clear(&col);

    /* substitution re-simplifies functions */
    mpq_set_ui(point[0], 7, 1);
    P(&p, "floor(a/2) + min(a, b) + 1/(a-7+b)");
    lm_poly_set_si(&subst_to[0], 7);
    lm_poly_set_atom(&subst_to[1], sym("b"));
    lm_poly_set_atom(&subst_to[2], sym("c"));
    lm_poly_set_atom(&subst_to[3], sym("d"));
    TL_CHECK("subst ok", lm_poly_subst(&ctx, &q, &p, subst_value, NULL) == LM_OK);
    CANON(&q);
    P(&r, "3 + min(7, b) + 1/b");
    TL_CHECK("subst value", lm_poly_equal(&q, &r));

    lm_poly_clear(&mono);
    lm_poly_clear(&rest);
    lm_poly_clear(&r);
    mpq_clear(c);
    mpq_clear(v);
    lm_poly_clear(&p);
    lm_poly_clear(&q);
}

static void test_errors(void)
{
    lm_poly p, q;
    lm_poly_init(&p);
    lm_poly_init(&q);
    clock_t t0 = clock();
    TL_CHECK("(a+b+c+d)^1000", P(&p, "(a+b+c+d)^1000") == LM_ELIMIT_TERMS);
    TL_CHECK("(a+b+c+d)^1000 fast", (clock() - t0) < CLOCKS_PER_SEC / 10);
    TL_CHECK("pow bound", lm_poly_pow_term_bound(&p, 3) == 0);
    P(&p, "a+b+c+d");
    TL_CHECK("pow bound 4", lm_poly_pow_term_bound(&p, 1000) == 167668501ull);
    P(&p, "x^2+x+1");
    TL_CHECK("pow bound box", lm_poly_pow_term_bound(&p, 1000) == 2001);
    TL_CHECK("(x^2+x+1)^1000", lm_poly_pow(&ctx, &q, &p, 1000) == LM_OK && q.n == 2001);
    CANON(&q);
    P(&p, "2");
    t0 = clock();
    TL_CHECK("2^(10^12)", lm_poly_pow(&ctx, &q, &p, 1000000000000ll) == LM_ELIMIT_EXP);
    TL_CHECK("2^(10^6)", lm_poly_pow(&ctx, &q, &p, 1000000) == LM_OK);
    P(&p, "3");
    TL_CHECK("3^(10^6) bits", lm_poly_pow(&ctx, &q, &p, 1000000) == LM_ELIMIT_BITS);
    TL_CHECK("big pow fast", (clock() - t0) < CLOCKS_PER_SEC);
    TL_CHECK("1/0", P(&p, "1/0") == LM_EDIVZERO);
    lm_poly_zero(&q);
    TL_CHECK("inv 0", lm_poly_inv(&ctx, &p, &q) == LM_EDIVZERO);
    TL_CHECK("0^-1", P(&p, "0^(0-1)") == LM_EDIVZERO);
    TL_CHECK("x^big", P(&p, "x^2000000") == LM_ELIMIT_EXP);
    TL_CHECK("x^exp overflow", P(&p, "x^600000*x^600000") == LM_ELIMIT_EXP);

    /* eval errors */
    mpq_t v;
    mpq_init(v);
    const lm_atom *unb = NULL;
    mpq_set_ui(point[0], 1, 1);
    mpq_set_ui(point[1], 0, 1);
    P(&p, "a/b");
    TL_CHECK("eval x^-1 at 0", lm_poly_eval(&ctx, v, &p, point_value, NULL, &unb) == LM_EDIVZERO);
    P(&p, "1/(a+b-1)");
    TL_CHECK("eval inv at 0", lm_poly_eval(&ctx, v, &p, point_value, NULL, &unb) == LM_EDIVZERO);
    P(&p, "a + zz");
    TL_CHECK("eval unbound", lm_poly_eval(&ctx, v, &p, point_value, NULL, &unb) == LM_EUNBOUND &&
                                 unb == sym("zz"));
    mpq_set_si(point[0], 7, 2);
    P(&p, "floor(a) + ceil(a) + min(a, b) + max(a, b)");
    TL_CHECK("eval fns", lm_poly_eval(&ctx, v, &p, point_value, NULL, &unb) == LM_OK &&
                             mpq_cmp_si(v, 21, 2) == 0);

    /* depth limit */
    uint32_t saved = ctx.limits.max_depth;
    ctx.limits.max_depth = 5;
    lm_status st = LM_OK;
    lm_poly_set_atom(&p, sym("x"));
    lm_poly_set_atom(&q, sym("y"));
    mpq_set_si(v, 1, 2);
    for (int i = 0; i < 10 && st == LM_OK; i++) {
        st = lm_poly_add(&ctx, &p, &p, &q);
        if (st == LM_OK)
            st = lm_poly_mul_q(&ctx, &p, &p, v);
        if (st == LM_OK)
            st = lm_poly_floor(&ctx, &p, &p);
    }
    TL_CHECK("depth limit", st == LM_ELIMIT_DEPTH);
    ctx.limits.max_depth = saved;

    TL_CHECK("status str", !strcmp(lm_status_str(LM_EDIVZERO), "division by zero") &&
                               !strcmp(lm_status_str(LM_ELIMIT_TERMS), "too many terms") &&
                               !strcmp(lm_status_str(LM_ELIMIT_BITS), "number too large"));
    mpq_clear(v);
    lm_poly_clear(&p);
    lm_poly_clear(&q);
}

/* ---- random polynomials ------------------------------------------------------------ */

static void rand_q(mpq_t q, long lo, long hi)
{
    long n;
    do
        n = tl_range(lo, hi);
    while (!n);
    mpq_set_si(q, n, (unsigned long)tl_range(1, 3));
    mpq_canonicalize(q);
}

static void rand_poly(lm_poly *r, int depth);

/* A random atom power: a symbol, or sometimes a function atom. */
static void rand_factor(lm_poly *r, int depth)
{
    int k = (int)tl_range(0, 9);
    lm_poly a, b;
    lm_poly_init(&a);
    lm_poly_init(&b);
    lm_status st = LM_OK;
    if (depth > 0 && k >= 7) {
        /* a denominator is a polynomial: a fraction's numerator and denominator grow
         * with every sum, and the properties below take products and cubes */
        rand_poly(&a, k == 9 ? 0 : depth - 1);
        rand_poly(&b, depth - 1);
        switch (k) {
        case 7: st = tl_range(0, 1) ? lm_poly_floor(&ctx, r, &a) : lm_poly_ceil(&ctx, r, &a); break;
        case 8: st = tl_range(0, 1) ? lm_poly_min(&ctx, r, &a, &b) : lm_poly_max(&ctx, r, &a, &b); break;
        default:
            if (a.n < 2)
                st = lm_poly_set_atom(r, sym("a"));
            else
                st = lm_poly_inv(&ctx, r, &a);
            break;
        }
    } else {
        st = lm_poly_set_atom(r, sym(sym_names[tl_range(0, NSYM - 1)]));
        if (st == LM_OK)
            st = lm_poly_pow(&ctx, r, r, tl_range(-2, 3));
    }
    TL_CHECK("rand factor", st == LM_OK);
    CANON(r);
    lm_poly_clear(&a);
    lm_poly_clear(&b);
}

static void rand_poly(lm_poly *r, int depth)
{
    lm_poly t, f;
    lm_poly_init(&t);
    lm_poly_init(&f);
    lm_poly_zero(r);
    int nt = (int)tl_range(0, 4);
    mpq_t q;
    mpq_init(q);
    for (int i = 0; i < nt; i++) {
        rand_q(q, -5, 5);
        lm_poly_set_q(&t, q);
        int nf = (int)tl_range(0, 3);
        for (int j = 0; j < nf; j++) {
            rand_factor(&f, depth);
            TL_CHECK("rand mul", lm_poly_mul(&ctx, &t, &t, &f) == LM_OK);
        }
        TL_CHECK("rand add", lm_poly_add(&ctx, r, r, &t) == LM_OK);
        CANON(r);
    }
    mpq_clear(q);
    lm_poly_clear(&t);
    lm_poly_clear(&f);
}

static void rand_point(void)
{
    for (int i = 0; i < NSYM; i++)
        rand_q(point[i], -6, 6);
}

/* eval with failure allowed (division by zero at a random point): returns the status */
static lm_status ev(mpq_t out, const lm_poly *p)
{
    return lm_poly_eval(&ctx, out, p, point_value, NULL, NULL);
}

#define OP(expr, res)                                                                     \
    do {                                                                                  \
        lm_status op_st = (expr);                                                         \
        TL_CHECK(#expr, op_st == LM_OK);                                                  \
        if (op_st != LM_OK)                                                               \
            printf("  status %s\n", lm_status_str(op_st));                                \
        CANON(res);                                                                       \
    } while (0)

static int prop_fail;
#define PROP(name, cond)                                                                  \
    do {                                                                                  \
        int ok_ = (cond);                                                                 \
        TL_CHECK(name, ok_);                                                              \
        if (!ok_ && prop_fail++ < 5) {                                                    \
            show("f", &f);                                                                \
            show("g", &g);                                                                \
            show("h", &h);                                                                \
        }                                                                                 \
    } while (0)

static void test_random(int rounds)
{
    lm_poly f, g, h, s, t, u, w;
    lm_poly *all[] = {&f, &g, &h, &s, &t, &u, &w};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        lm_poly_init(all[i]);
    mpq_t x, y, z;
    mpq_init(x);
    mpq_init(y);
    mpq_init(z);
    lm_collected col;
    lm_collected_init(&col);
    mpq_t c;
    mpq_init(c);

    for (int round = 0; round < rounds; round++) {
        rand_poly(&f, round % 5 == 0 ? 2 : 1);
        rand_poly(&g, 1);
        rand_poly(&h, 1);

        OP(lm_poly_add(&ctx, &s, &f, &g), &s);
        OP(lm_poly_sub(&ctx, &t, &s, &g), &t);
        PROP("(f+g)-g == f", lm_poly_equal(&t, &f));
        OP(lm_poly_add(&ctx, &t, &g, &f), &t);
        PROP("f+g == g+f", lm_poly_equal(&s, &t));
        OP(lm_poly_mul(&ctx, &s, &f, &g), &s);
        OP(lm_poly_mul(&ctx, &t, &g, &f), &t);
        PROP("f*g == g*f", lm_poly_equal(&s, &t));
        OP(lm_poly_mul(&ctx, &s, &s, &h), &s);
        OP(lm_poly_mul(&ctx, &t, &g, &h), &t);
        OP(lm_poly_mul(&ctx, &t, &f, &t), &t);
        PROP("(f*g)*h == f*(g*h)", lm_poly_equal(&s, &t));
        OP(lm_poly_add(&ctx, &s, &g, &h), &s);
        OP(lm_poly_mul(&ctx, &s, &f, &s), &s);
        OP(lm_poly_mul(&ctx, &t, &f, &g), &t);
        OP(lm_poly_mul(&ctx, &u, &f, &h), &u);
        OP(lm_poly_add(&ctx, &t, &t, &u), &t);
        PROP("f*(g+h) == f*g+f*h", lm_poly_equal(&s, &t));
        OP(lm_poly_pow(&ctx, &s, &f, 3), &s);
        OP(lm_poly_mul(&ctx, &t, &f, &f), &t);
        OP(lm_poly_mul(&ctx, &t, &t, &f), &t);
        PROP("f^3 == f*f*f", lm_poly_equal(&s, &t));
        OP(lm_poly_neg(&ctx, &s, &f), &s);
        OP(lm_poly_add(&ctx, &s, &s, &f), &s);
        PROP("f + -f == 0", lm_poly_is_zero(&s));

        /* fractions: f/g + h/k == (f*k + h*g)/(g*k) */
        rand_poly(&w, 0);
        if (!lm_poly_is_zero(&g) && !lm_poly_is_zero(&w)) {
            OP(lm_poly_div(&ctx, &s, &f, &g), &s);
            OP(lm_poly_div(&ctx, &t, &h, &w), &t);
            OP(lm_poly_add(&ctx, &s, &s, &t), &s);
            OP(lm_poly_mul(&ctx, &t, &f, &w), &t);
            OP(lm_poly_mul(&ctx, &u, &h, &g), &u);
            OP(lm_poly_add(&ctx, &t, &t, &u), &t);
            OP(lm_poly_mul(&ctx, &u, &g, &w), &u);
            OP(lm_poly_div(&ctx, &t, &t, &u), &t);
            OP(lm_poly_sub(&ctx, &s, &s, &t), &s);
            PROP("(f/g + h/k) - (f*k + h*g)/(g*k) == 0", lm_poly_is_zero(&s));
        }

        /* exact division undoes multiplication */
        if (!lm_poly_is_zero(&g)) {
            OP(lm_poly_mul(&ctx, &s, &f, &g), &s);
            OP(lm_poly_div(&ctx, &t, &s, &g), &t);
            PROP("(f*g)/g == f", lm_poly_equal(&t, &f));
            OP(lm_poly_div(&ctx, &t, &f, &g), &t);
            if (ev(x, &f) == LM_OK && ev(y, &g) == LM_OK && mpq_sgn(y) && ev(z, &t) == LM_OK) {
                mpq_div(x, x, y);
                PROP("eval(f/g)", mpq_equal(x, z));
            }
        }

        /* collect, then sum back */
        lm_atom *xa = sym(sym_names[tl_range(0, NSYM - 1)]);
        OP(lm_poly_collect(&ctx, &col, &f, xa), &f);
        lm_poly_zero(&s);
        int dec = 1;
        for (size_t i = 0; i < col.n; i++) {
            CANON(&col.coeffs[i]);
            if (i && col.exps[i] >= col.exps[i - 1])
                dec = 0;
            if (lm_poly_degree(&col.coeffs[i], xa) != 0)
                dec = 0;
            OP(lm_poly_set_atom(&t, xa), &t);
            OP(lm_poly_pow(&ctx, &t, &t, col.exps[i]), &t);
            OP(lm_poly_mul(&ctx, &t, &t, &col.coeffs[i]), &t);
            OP(lm_poly_add(&ctx, &s, &s, &t), &s);
        }
        PROP("collect exps decreasing, coeffs free of x", dec);
        PROP("collect re-sum == f", lm_poly_equal(&s, &f));
        OP(lm_poly_coeff(&ctx, &t, &f, xa, 0), &t);
        {
            const lm_poly *want = NULL;
            for (size_t i = 0; i < col.n; i++)
                if (col.exps[i] == 0)
                    want = &col.coeffs[i];
            PROP("coeff 0", want ? lm_poly_equal(&t, want) : lm_poly_is_zero(&t));
        }

        /* content */
        OP(lm_poly_content(&ctx, c, &s, &t, &f), &t);
        CANON(&s);
        OP(lm_poly_mul(&ctx, &u, &s, &t), &u);
        OP(lm_poly_mul_q(&ctx, &u, &u, c), &u);
        PROP("content*mono*rest == f", lm_poly_equal(&u, &f));
        PROP("mono is a coefficient-1 monomial", s.n == 1 && mpq_cmp_ui(s.terms[0].coeff, 1, 1) == 0);
        PROP("rest leading coefficient positive", f.n == 0 || mpq_sgn(t.terms[0].coeff) > 0);

        /* evaluation is a homomorphism */
        rand_point();
        if (ev(x, &f) == LM_OK && ev(y, &g) == LM_OK) {
            OP(lm_poly_mul(&ctx, &s, &f, &g), &s);
            PROP("eval(f*g)", ev(z, &s) == LM_OK && (mpq_mul(y, x, y), mpq_equal(y, z)));
            ev(y, &g);
            OP(lm_poly_add(&ctx, &s, &f, &g), &s);
            PROP("eval(f+g)", ev(z, &s) == LM_OK && (mpq_add(y, x, y), mpq_equal(y, z)));
        }

        /* substitution then evaluation == evaluation at the substituted values */
        for (int i = 0; i < NSYM; i++) {
            rand_poly(&subst_to[i], 0);
        }
        rand_point();
        mpq_t sv[NSYM], keep[NSYM];
        int ok = 1;
        for (int i = 0; i < NSYM; i++) {
            mpq_init(sv[i]);
            mpq_init(keep[i]);
        }
        for (int i = 0; i < NSYM && ok; i++)
            ok = ev(sv[i], &subst_to[i]) == LM_OK;
        lm_status sst = lm_poly_subst(&ctx, &s, &f, subst_value, NULL);
        /* substituting sums into a fraction can meet a limit: an error, never a wrong form */
        TL_CHECK("subst status", sst == LM_OK || sst == LM_EDIVZERO || sst == LM_ELIMIT_TERMS ||
                                     sst == LM_ELIMIT_SIZE);
        if (sst == LM_OK) {
            CANON(&s);
            if (ok && ev(z, &s) == LM_OK) {
                for (int i = 0; i < NSYM; i++) {
                    mpq_set(keep[i], point[i]);
                    mpq_set(point[i], sv[i]);
                }
                /* f itself may divide by zero where the substitution multiplied the
                 * offending factor by an exact 0 */
                lm_status fst = ev(x, &f);
                PROP("subst then eval", fst != LM_OK || mpq_equal(x, z));
                if (fst == LM_OK && !mpq_equal(x, z) && prop_fail < 8) {
                    for (int i = 0; i < NSYM; i++) {
                        show(sym_names[i], &subst_to[i]);
                        gmp_printf("  value %Qd -> %Qd\n", keep[i], sv[i]);
                    }
                    show("subst", &s);
                    gmp_printf("  eval f at substituted values %Qd, eval subst %Qd\n", x, z);
                }
                for (int i = 0; i < NSYM; i++)
                    mpq_set(point[i], keep[i]);
            }
        }
        for (int i = 0; i < NSYM; i++) {
            mpq_clear(sv[i]);
            mpq_clear(keep[i]);
        }

        /* cmp: antisymmetric, consistent with equality, transitive */
        int ab = lm_poly_cmp(&f, &g), ba = lm_poly_cmp(&g, &f), bc = lm_poly_cmp(&g, &h),
            ac = lm_poly_cmp(&f, &h);
        PROP("cmp antisymmetric", ab == -ba && (ab == 0) == lm_poly_equal(&f, &g));
        PROP("cmp transitive", !(ab < 0 && bc < 0) || ac < 0);
        PROP("cmp transitive 2", !(ab > 0 && bc > 0) || ac > 0);
        PROP("cmp self", lm_poly_cmp(&f, &f) == 0);
    }
    lm_collected_clear(&col);
    mpq_clear(c);
    mpq_clear(x);
    mpq_clear(y);
    mpq_clear(z);
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        lm_poly_clear(all[i]);
}

/* Fail the n-th allocation of a fixed sequence of operations for every n: each must
 * report LM_ENOMEM or succeed, leave canonical results, and leak nothing. */
static void test_oom(void)
{
    const char *srcs[] = {"(a+b)^3/(a-b) + floor(a/3) - min(a, b+1)", "(x^2-1)/(x-1)",
                          "1/(6*x^2*y+4*x*y) * (x+y)^2", "x/(x+1)^2 + 1/(x^2+2*x+1)"};
    int bad = 0;
    for (size_t k = 0; k < sizeof srcs / sizeof *srcs; k++) {
        for (size_t n = 1; n < 400; n++) {
            lm_poly p, q, r;
            lm_poly_init(&p);
            lm_poly_init(&q);
            lm_poly_init(&r);
            lm_collected col;
            lm_collected_init(&col);
            mpq_t c;
            mpq_init(c);
            lm_alloc_fail_at(n);
            lm_status st = P(&p, srcs[k]);
            lm_status s2 = lm_poly_content(&ctx, c, &q, &r, &p);
            lm_status s3 = lm_poly_collect(&ctx, &col, &p, sym("x"));
            lm_status s4 = lm_poly_subst(&ctx, &r, &p, subst_value, NULL);
            lm_alloc_fail_at(0);
            if ((st != LM_OK && st != LM_ENOMEM) || (s2 != LM_OK && s2 != LM_ENOMEM) ||
                (s3 != LM_OK && s3 != LM_ENOMEM) || (s4 != LM_OK && s4 != LM_ENOMEM) ||
                !lm_poly_is_canonical(&p))
                bad++;
            lm_collected_clear(&col);
            mpq_clear(c);
            lm_poly_clear(&p);
            lm_poly_clear(&q);
            lm_poly_clear(&r);
        }
    }
    TL_CHECK("oom injection", bad == 0);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 80;
    tl_seed();
    lm_alloc_install_gmp(); /* GMP's blocks are counted as leaks too, and can fail */
    size_t live0 = lm_alloc_live();
    lm_ctx_init(&ctx);
    for (int i = 0; i < NSYM; i++) {
        mpq_init(point[i]);
        lm_poly_init(&subst_to[i]);
    }
    test_examples();
    test_errors();
    test_random(rounds);
    test_oom();
    for (int i = 0; i < NSYM; i++) {
        mpq_clear(point[i]);
        lm_poly_clear(&subst_to[i]);
    }
    lm_ctx_clear(&ctx);
    TL_CHECK("canonical everywhere", canon_fail == 0);
    TL_CHECK("no leaks", lm_alloc_live() == live0);
    if (lm_alloc_live() != live0)
        printf("  live blocks %zu, was %zu\n", lm_alloc_live(), live0);
    return tl_finish("poly");
}
