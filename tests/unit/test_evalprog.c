/* test_evalprog.c: seeded property tests of compiled evaluation programs: on random canonical
 * polynomials and values (small, near 2^63, past 2^127, zero, negative) they equal lm_poly_eval. */
#include "base/alloc.h"
#include "poly/evalprog.h"
#include "poly/poly.h"
#include "testlib.h"

#define NSYM 4
static lm_ctx ctx;
static lm_atom *sym[NSYM];
static mpq_t val[NSYM];
static long fast_hits, fallbacks, err_cases;

static int value_of(void *ud, const lm_atom *a, mpq_t out)
{
    (void)ud;
    for (int i = 0; i < NSYM; i++)
        if (a == sym[i]) {
            mpq_set(out, val[i]);
            return 1;
        }
    return 0;
}

/* A random coefficient: small, or up to ~2^70, over a small denominator. */
static void rand_coeff(mpq_t q)
{
    long kind = tl_range(0, 9);
    mpz_set_si(mpq_numref(q), tl_range(-40, 40));
    if (kind >= 8) {
        mpz_set_ui(mpq_numref(q), tl_rand());
        mpz_mul_2exp(mpq_numref(q), mpq_numref(q), (mp_bitcnt_t)tl_range(0, 8));
        if (tl_rand() & 1)
            mpz_neg(mpq_numref(q), mpq_numref(q));
    }
    if (mpz_sgn(mpq_numref(q)) == 0)
        mpz_set_ui(mpq_numref(q), 1);
    mpz_set_ui(mpq_denref(q), kind < 6 ? 1 : (unsigned long)tl_range(1, 12));
    mpq_canonicalize(q);
}

/* A random monomial term as a polynomial: coeff * prod sym^e, e in [-2, 3]. */
static void rand_term(lm_poly *r, int allow_neg)
{
    mpq_t q;
    mpq_init(q);
    rand_coeff(q);
    lm_poly_set_q(r, q);
    lm_poly x;
    lm_poly_init(&x);
    for (int i = 0; i < NSYM; i++) {
        if (tl_range(0, 2) == 0)
            continue;
        long e = tl_range(allow_neg ? -2 : 0, 3);
        lm_poly_set_atom(&x, sym[i]);
        lm_poly_pow(&ctx, &x, &x, e);
        lm_poly_mul(&ctx, r, r, &x);
    }
    lm_poly_clear(&x);
    mpq_clear(q);
}

static void rand_poly(lm_poly *r, int depth)
{
    lm_poly t, f;
    lm_poly_init(&t);
    lm_poly_init(&f);
    lm_poly_zero(r);
    long n = tl_range(0, 7);
    int neg = tl_range(0, 3) == 0;
    for (long i = 0; i < n; i++) {
        rand_term(&t, neg);
        lm_poly_add(&ctx, r, r, &t);
    }
    long extra = depth > 0 ? tl_range(0, 9) : 0;
    if (extra == 1) { /* a square */
        lm_poly_pow(&ctx, r, r, 2);
    } else if (extra == 2) { /* a product with another random polynomial */
        rand_poly(&t, depth - 1);
        lm_poly_mul(&ctx, r, r, &t);
    } else if (extra == 3 || extra == 4) { /* a function atom factor or summand, which
                                             * may hold function atoms itself */
        rand_poly(&t, depth - 1);
        mpq_t q;
        mpq_init(q);
        mpq_set_ui(q, 1, (unsigned long)tl_range(1, 4));
        lm_poly_mul_q(&ctx, &t, &t, q);
        mpq_clear(q);
        if (extra == 3 && (tl_rand() & 1))
            lm_poly_floor(&ctx, &f, &t);
        else if (extra == 3)
            lm_poly_ceil(&ctx, &f, &t);
        else {
            rand_poly(&f, depth - 1);
            if (tl_rand() & 1)
                lm_poly_max(&ctx, &f, &f, &t);
            else
                lm_poly_min(&ctx, &f, &f, &t);
        }
        if (tl_rand() & 1)
            lm_poly_mul(&ctx, r, r, &f);
        else
            lm_poly_add(&ctx, r, r, &f);
    } else if (extra == 5) { /* a quotient by a sum: an INV atom */
        rand_poly(&t, 0);
        if (lm_poly_div(&ctx, &f, r, &t) == LM_OK)
            lm_poly_swap(r, &f);
    }
    lm_poly_clear(&t);
    lm_poly_clear(&f);
}

static void rand_value(mpq_t q)
{
    long kind = tl_range(0, 11);
    mpz_t z;
    mpz_init(z);
    switch (kind) {
    case 0: mpq_set_ui(q, 0, 1); break;
    case 1: mpq_set_si(q, tl_range(0, 1) ? 1 : -1, 1); break;
    case 2: case 3: case 4: mpq_set_si(q, tl_range(-20, 20), 1); break;
    case 5: mpq_set_si(q, tl_range(1, 100000), 1); break;
    case 6: /* near 2^63 */
    case 7:
        mpz_set_ui(z, tl_rand() | (1ull << 62));
        mpz_sub_ui(z, z, (unsigned long)tl_range(0, 3));
        if (tl_rand() & 1)
            mpz_neg(z, z);
        mpq_set_z(q, z);
        break;
    case 8: /* near 2^127 and beyond */
        mpz_set_ui(z, 1);
        mpz_mul_2exp(z, z, (mp_bitcnt_t)tl_range(126, 140));
        mpz_add_ui(z, z, tl_rand());
        if (tl_rand() & 1)
            mpz_neg(z, z);
        mpq_set_z(q, z);
        break;
    case 9: /* 2^40-ish */
        mpq_set_si(q, (long)(tl_rand() >> 24) - (1l << 39), 1);
        break;
    case 10: /* a rational */
        mpq_set_si(q, tl_range(-30, 30), (unsigned long)tl_range(1, 9));
        mpq_canonicalize(q);
        break;
    default: mpq_set_si(q, tl_range(-1000000, 1000000), 1); break;
    }
    mpz_clear(z);
}

/* Compare the program with lm_poly_eval at the current values. */
static int check_point(lm_evalprog *e, const lm_poly *p)
{
    mpq_t want, got, *in = lm_malloc((e->nsyms + 1) * sizeof *in);
    mpq_init(want);
    mpq_init(got);
    for (size_t i = 0; i < e->nsyms; i++) {
        mpq_init(in[i]);
        value_of(NULL, e->syms[i], in[i]);
    }
    lm_status ws = lm_poly_eval(&ctx, want, p, value_of, NULL, NULL);
    lm_status gs = lm_evalprog_eval(&ctx, got, e, (const mpq_t *)in);
    int ok = ws == gs && (ws != LM_OK || mpq_equal(want, got));
    if (ws != LM_OK)
        err_cases++;
    /* the integer entry and the fast path alone */
    lm_i128 *iv = lm_malloc((e->nsyms + 1) * sizeof *iv);
    int ints = 1;
    for (size_t i = 0; i < e->nsyms && ints; i++)
        ints = mpz_cmp_ui(mpq_denref(in[i]), 1) == 0 && lm_mpz_get_i128(&iv[i], mpq_numref(in[i]));
    if (ints) {
        lm_status is = lm_evalprog_eval_i128(&ctx, got, e, iv);
        ok = ok && is == ws && (ws != LM_OK || mpq_equal(want, got));
        lm_i128 n, d;
        if (lm_evalprog_try_i128(&ctx, &n, &d, e, iv)) {
            fast_hits++;
            mpq_t f;
            mpq_init(f);
            lm_mpz_set_i128(mpq_numref(f), n);
            lm_mpz_set_i128(mpq_denref(f), d);
            ok = ok && ws == LM_OK && d > 0 && mpq_equal(f, want);
            mpq_canonicalize(f);
            ok = ok && mpq_equal(f, want);
            mpq_clear(f);
        } else {
            fallbacks++;
        }
    }
    if (!ok) {
        char *s = mpq_get_str(NULL, 10, want);
        printf("  want %s (status %d), got status %d\n", s, (int)ws, (int)gs);
        void (*fr)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &fr);
        fr(s, strlen(s) + 1);
    }
    for (size_t i = 0; i < e->nsyms; i++)
        mpq_clear(in[i]);
    lm_free(in);
    lm_free(iv);
    mpq_clear(want);
    mpq_clear(got);
    return ok;
}

static void test_random(int rounds)
{
    lm_poly p;
    lm_poly_init(&p);
    lm_evalprog e;
    lm_evalprog_init(&e);
    int bad = 0, canon = 1, compiled = 1;
    for (int r = 0; r < rounds; r++) {
        rand_poly(&p, 2);
        canon &= lm_poly_is_canonical(&p);
        if (lm_evalprog_compile(&ctx, &e, &p) != LM_OK) {
            compiled = 0;
            continue;
        }
        canon &= lm_poly_is_canonical(&e.poly) && lm_poly_equal(&e.poly, &p);
        for (int k = 0; k < 12; k++) {
            for (int i = 0; i < NSYM; i++) {
                rand_value(val[i]);
                /* half the time: small integers everywhere, so the fast path runs */
                if (k < 6 && mpz_cmp_ui(mpq_denref(val[i]), 1) == 0 &&
                    mpz_sizeinbase(mpq_numref(val[i]), 2) > 20)
                    mpq_set_si(val[i], tl_range(-50, 50), 1);
            }
            if (!check_point(&e, &p) && bad++ < 5)
                TL_CHECK("program == lm_poly_eval", 0);
        }
    }
    TL_CHECK("random: program == lm_poly_eval everywhere", bad == 0);
    TL_CHECK("random: polynomials canonical", canon);
    TL_CHECK("random: every program compiled", compiled);
    lm_evalprog_clear(&e);
    lm_poly_clear(&p);
}

/* Function atoms run through their arguments' programs: search's memory formula
 * max(A*m*min(8, 64/m) + C, D*m + E) and a quotient by a sum that is 1 or -1, both on the
 * fast path, and both exact. */
static void test_atoms(void)
{
    lm_poly p, m, t, u;
    lm_poly_init(&p), lm_poly_init(&m), lm_poly_init(&t), lm_poly_init(&u);
    lm_poly_set_atom(&m, sym[0]);
    lm_poly_set_si(&t, 64);
    lm_poly_div(&ctx, &t, &t, &m);        /* 64/m */
    lm_poly_set_si(&u, 8);
    lm_poly_min(&ctx, &t, &u, &t);        /* min(8, 64/m) */
    lm_poly_mul(&ctx, &t, &t, &m);
    lm_poly_set_si(&u, 18371051520);
    lm_poly_mul(&ctx, &t, &t, &u);
    lm_poly_set_si(&u, 249115443200);
    lm_poly_add(&ctx, &t, &t, &u);        /* A*m*min(8, 64/m) + C */
    lm_poly_set_si(&u, 18646302720);
    lm_poly_mul(&ctx, &u, &u, &m);
    lm_poly_set_si(&p, 249115852800);
    lm_poly_add(&ctx, &u, &u, &p);        /* D*m + E */
    lm_poly_max(&ctx, &p, &t, &u);
    lm_evalprog e;
    lm_evalprog_init(&e);
    TL_CHECK("atoms: compiles", lm_evalprog_compile(&ctx, &e, &p) == LM_OK);
    int ok = 1;
    long hits0 = fast_hits;
    for (long x = 1; x <= 64; x *= 2) {
        mpq_set_si(val[0], x, 1);
        ok &= check_point(&e, &p);
    }
    TL_CHECK("atoms: max of min, exact at m = 1, 2, ..., 64", ok);
    TL_CHECK("atoms: every point on the fast path", fast_hits == hits0 + 7);
    /* x / (y + 1) at y = 0, y = -2 (the inverse is 1, -1) and y = 1 (1/2: not an integer) */
    lm_poly_set_atom(&t, sym[2]);
    lm_poly_set_si(&u, 1);
    lm_poly_add(&ctx, &u, &u, &t);
    lm_poly_set_atom(&t, sym[1]);
    lm_poly_div(&ctx, &p, &t, &u);
    TL_CHECK("inverse: compiles", lm_evalprog_compile(&ctx, &e, &p) == LM_OK);
    mpq_set_si(val[1], 7, 1);
    hits0 = fast_hits;
    mpq_set_si(val[2], 0, 1);
    ok = check_point(&e, &p);
    mpq_set_si(val[2], -2, 1);
    ok &= check_point(&e, &p);
    TL_CHECK("inverse: 1 and -1 exact, on the fast path", ok && fast_hits == hits0 + 2);
    mpq_set_si(val[2], 1, 1);
    TL_CHECK("inverse: 1/2 exact", check_point(&e, &p));
    mpq_set_si(val[2], -1, 1);
    TL_CHECK("inverse: a division by zero", check_point(&e, &p));
    lm_evalprog_clear(&e);
    lm_poly_clear(&p), lm_poly_clear(&m), lm_poly_clear(&t), lm_poly_clear(&u);
}

/* A transformer-like formula: exact digits at a huge point, through the fast path where
 * it fits and through GMP where it does not. */
static void test_known(void)
{
    lm_poly p, x, t;
    lm_poly_init(&p), lm_poly_init(&x), lm_poly_init(&t);
    /* 12*L*d^2 + (T + 13*L + V + 2)*d + d/h - 1/3 */
    lm_atom *d = sym[0], *L = sym[1], *T = sym[2], *h = sym[3];
    lm_poly_set_atom(&x, d);
    lm_poly_pow(&ctx, &p, &x, 2);
    lm_poly_set_atom(&t, L);
    lm_poly_mul(&ctx, &p, &p, &t);
    lm_poly_set_si(&t, 12);
    lm_poly_mul(&ctx, &p, &p, &t);
    lm_poly_set_atom(&t, T);
    lm_poly_mul(&ctx, &t, &t, &x);
    lm_poly_add(&ctx, &p, &p, &t);
    lm_poly_set_atom(&t, h);
    lm_poly_div(&ctx, &t, &x, &t);
    lm_poly_add(&ctx, &p, &p, &t);
    mpq_t q;
    mpq_init(q);
    mpq_set_si(q, -1, 3);
    lm_poly_set_q(&t, q);
    lm_poly_add(&ctx, &p, &p, &t);
    TL_CHECK("known: canonical", lm_poly_is_canonical(&p));
    lm_evalprog e;
    lm_evalprog_init(&e);
    TL_CHECK("known: compiles", lm_evalprog_compile(&ctx, &e, &p) == LM_OK);
    TL_CHECK("known: four inputs", e.nsyms == 4);
    long hits0 = fast_hits;
    mpq_set_si(val[0], 1600, 1), mpq_set_si(val[1], 48, 1), mpq_set_si(val[2], 1024, 1);
    mpq_set_si(val[3], 25, 1);
    TL_CHECK("known: small point", check_point(&e, &p));
    TL_CHECK("known: small point took the fast path", fast_hits == hits0 + 1);
    mpq_set_ui(val[0], 1, 1);
    mpz_mul_2exp(mpq_numref(val[0]), mpq_numref(val[0]), 20);
    mpq_set_ui(val[1], 1000000, 1);
    mpq_set_ui(val[2], 1, 1);
    mpz_mul_2exp(mpq_numref(val[2]), mpq_numref(val[2]), 40);
    mpq_set_ui(val[3], 0, 1);
    TL_CHECK("known: h = 0 is a division by zero", check_point(&e, &p) && err_cases > 0);
    mpq_set_ui(val[3], 3, 1);
    TL_CHECK("known: huge point", check_point(&e, &p));
    mpz_mul_2exp(mpq_numref(val[2]), mpq_numref(val[2]), 100); /* T = 2^140: past 128 bits */
    hits0 = fast_hits;
    TL_CHECK("known: past 2^127", check_point(&e, &p) && fast_hits == hits0);
    /* a tiny bit limit: the fast path must not hide lm_poly_eval's limit error */
    uint64_t mb = ctx.limits.max_bits;
    ctx.limits.max_bits = 40;
    mpq_set_si(val[0], 1 << 20, 1), mpq_set_si(val[1], 1 << 20, 1), mpq_set_si(val[2], 7, 1);
    TL_CHECK("known: bit limit", check_point(&e, &p));
    ctx.limits.max_bits = mb;
    lm_evalprog_clear(&e);
    /* the zero polynomial and a constant */
    lm_evalprog_init(&e);
    lm_poly_zero(&t);
    TL_CHECK("zero: compiles", lm_evalprog_compile(&ctx, &e, &t) == LM_OK && e.nsyms == 0);
    TL_CHECK("zero: value", check_point(&e, &t));
    mpq_set_si(q, 7, 2);
    lm_poly_set_q(&t, q);
    TL_CHECK("constant: compiles", lm_evalprog_compile(&ctx, &e, &t) == LM_OK);
    TL_CHECK("constant: value", check_point(&e, &t));
    lm_evalprog_clear(&e);
    mpq_clear(q);
    lm_poly_clear(&p), lm_poly_clear(&x), lm_poly_clear(&t);
}

static void test_digits(void)
{
    int ok = 1;
    char buf[64];
    mpz_t z;
    mpz_init(z);
    for (int i = 0; i < 2000; i++) {
        lm_i128 v = (lm_i128)(((lm_u128)tl_rand() << 64) | tl_rand());
        if (i % 4 == 1)
            v >>= tl_range(1, 126);
        if (i == 0)
            v = (lm_i128)((lm_u128)1 << 127); /* the minimum */
        if (i == 1)
            v = 0;
        lm_i128_str(buf, v);
        lm_mpz_set_i128(z, v);
        char *s = mpz_get_str(NULL, 10, z);
        ok &= strcmp(s, buf) == 0;
        lm_i128 back;
        ok &= i == 0 ? !lm_mpz_get_i128(&back, z) : lm_mpz_get_i128(&back, z) && back == v;
        void (*fr)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &fr);
        fr(s, strlen(s) + 1);
    }
    mpz_clear(z);
    TL_CHECK("i128 digits and conversions", ok);
}

int main(void)
{
    tl_seed();
    lm_alloc_install_gmp(); /* GMP's blocks are counted as leaks too, and can fail */
    size_t live0 = lm_alloc_live();
    lm_ctx_init(&ctx);
    static const char *names[NSYM] = {"d_model", "num_layers", "context_length", "num_heads"};
    for (int i = 0; i < NSYM; i++) {
        sym[i] = lm_ctx_symbol(&ctx, names[i]);
        mpq_init(val[i]);
    }
    test_known();
    test_atoms();
    test_random(1500);
    test_digits();
    TL_CHECK("the fast path ran often", fast_hits > 2000);
    TL_CHECK("the fallback ran too", fallbacks > 200);
    printf("fast path %ld, fallback %ld, error cases %ld\n", fast_hits, fallbacks, err_cases);
    for (int i = 0; i < NSYM; i++)
        mpq_clear(val[i]);
    lm_ctx_clear(&ctx);
    TL_CHECK("no leaks", lm_alloc_live() == live0);
    return tl_finish("evalprog");
}
