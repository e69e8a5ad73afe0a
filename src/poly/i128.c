/* i128.c: 128-bit integers to and from GMP integers, and to decimal text (evalprog.h);
 * the fast paths of evaluation and of printing whole numbers go through here. */
#include "poly/evalprog.h"
#include <string.h>

void lm_mpz_set_i128(mpz_t z, lm_i128 v)
{
    if (v == (int64_t)v && sizeof(long) >= 8) {
        mpz_set_si(z, (long)v);
        return;
    }
    lm_u128 a = v < 0 ? (lm_u128)0 - (lm_u128)v : (lm_u128)v;
    uint64_t w[2] = {(uint64_t)a, (uint64_t)(a >> 64)};
    mpz_import(z, 2, -1, sizeof w[0], 0, 0, w);
    if (v < 0)
        mpz_neg(z, z);
}

int lm_mpz_get_i128(lm_i128 *v, const mpz_t z)
{
    if (mpz_fits_slong_p(z) && sizeof(long) >= 8) {
        *v = mpz_get_si(z);
        return 1;
    }
    if (mpz_sizeinbase(z, 2) > 127)
        return 0;
    uint64_t w[2] = {0, 0};
    mpz_export(w, NULL, -1, sizeof w[0], 0, 0, z);
    lm_i128 a = (lm_i128)(((lm_u128)w[1] << 64) | w[0]);
    *v = mpz_sgn(z) < 0 ? -a : a;
    return 1;
}

static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Digits of r backwards from end; at least `width` of them (zero padded). */
static char *u64_digits(char *end, uint64_t r, int width)
{
    char *p = end;
    while (r >= 100) {
        unsigned k = (unsigned)(r % 100) * 2;
        r /= 100;
        *--p = digit_pairs[k + 1];
        *--p = digit_pairs[k];
    }
    if (r >= 10) {
        *--p = digit_pairs[r * 2 + 1];
        *--p = digit_pairs[r * 2];
    } else {
        *--p = (char)('0' + r);
    }
    while (end - p < width)
        *--p = '0';
    return p;
}

/* The number of decimal digits of r, from its bit length. */
static size_t u64_len(uint64_t r)
{
    static const uint64_t p10[20] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull,
                                     1000000ull, 10000000ull, 100000000ull, 1000000000ull,
                                     10000000000ull, 100000000000ull, 1000000000000ull,
                                     10000000000000ull, 100000000000000ull,
                                     1000000000000000ull, 10000000000000000ull,
                                     100000000000000000ull, 1000000000000000000ull,
                                     10000000000000000000ull};
    unsigned bits = 64u - (unsigned)__builtin_clzll(r | 1);
    size_t t = (bits * 1233u) >> 12; /* about bits * log10(2) */
    return t + (t < 20 && r >= p10[t]);
}

size_t lm_i128_str(char *buf, lm_i128 v)
{
    size_t len = 0;
    if (v < 0)
        buf[len++] = '-';
    lm_u128 a = v < 0 ? (lm_u128)0 - (lm_u128)v : (lm_u128)v;
    if (a <= UINT64_MAX) { /* the common case: digits straight into buf */
        uint64_t r = (uint64_t)a;
        size_t n = u64_len(r) ? u64_len(r) : 1;
        char *p = buf + len + n;
        /* Four digits per 64-bit division (a sweep prints tens of millions of numbers, and
         * the profile puts their digits first), written as two pairs from a const table. */
        while (r >= 10000) {
            uint64_t q = r / 10000;
            unsigned four = (unsigned)(r - q * 10000), hi = four / 100;
            p -= 4;
            memcpy(p, digit_pairs + 2 * hi, 2);
            memcpy(p + 2, digit_pairs + 2 * (four - hi * 100), 2);
            r = q;
        }
        u64_digits(p, r, 1);
        buf[len + n] = 0;
        return len + n;
    }
    char tmp[48], *end = tmp + sizeof tmp, *p = end;
    const uint64_t e19 = 10000000000000000000ull;
    while (a > UINT64_MAX) { /* at most twice: 19 digits at a time */
        p = u64_digits(p, (uint64_t)(a % e19), 19);
        a /= e19;
    }
    p = u64_digits(p, (uint64_t)a, 1);
    memcpy(buf + len, p, (size_t)(end - p));
    len += (size_t)(end - p);
    buf[len] = 0;
    return len;
}
