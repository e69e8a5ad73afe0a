/* numfmt.c: exact number printers (see numfmt.h): integers with digit groups, p/q,
 * decimals to n significant digits rounded half away from zero, terminating decimals. */
#include "base/alloc.h"
#include "poly/numfmt.h"
#include <string.h>

/* The decimal digits of |z| in a fresh lm_malloc'd string (NULL on failure). */
static char *digits_of(const mpz_t z)
{
    size_t cap = mpz_sizeinbase(z, 10) + 2;
    char *s = lm_malloc(cap);
    if (!s)
        return NULL;
    mpz_t a;
    mpz_init(a);
    mpz_abs(a, z);
    mpz_get_str(s, 10, a);
    mpz_clear(a);
    return s;
}

/* Append n digits, with `group` between groups of three counted from the right. */
static void put_grouped(lm_buf *b, const char *d, size_t n, const char *group)
{
    if (!group || !*group) {
        lm_buf_putn(b, d, n);
        return;
    }
    size_t first = n % 3 ? n % 3 : 3;
    if (first > n)
        first = n;
    lm_buf_putn(b, d, first);
    for (size_t i = first; i < n; i += 3) {
        lm_buf_puts(b, group);
        lm_buf_putn(b, d + i, 3);
    }
}

/* Append |z| grouped. */
static void put_z(lm_buf *b, const mpz_t z, const char *group)
{
    char *d = digits_of(z);
    if (!d) {
        b->failed = 1;
        return;
    }
    put_grouped(b, d, strlen(d), group);
    lm_free(d);
}

void lm_print_q_exact(lm_buf *b, const mpq_t q, const char *group)
{
    if (mpq_sgn(q) < 0)
        lm_buf_putc(b, '-');
    put_z(b, mpq_numref(q), group);
    if (mpz_cmp_ui(mpq_denref(q), 1) != 0) {
        lm_buf_putc(b, '/');
        put_z(b, mpq_denref(q), group);
    }
}

/* r = 10^e (e >= 0). */
static void ten_pow(mpz_t r, unsigned long e) { mpz_ui_pow_ui(r, 10, e); }

/* Compare num/den with 10^e: sign of (num - den*10^e) with e of either sign. */
static int cmp_ten_pow(const mpz_t num, const mpz_t den, long e)
{
    mpz_t l, r;
    mpz_inits(l, r, NULL);
    if (e >= 0) {
        ten_pow(r, (unsigned long)e);
        mpz_mul(r, r, den);
        mpz_set(l, num);
    } else {
        ten_pow(l, (unsigned long)-e);
        mpz_mul(l, l, num);
        mpz_set(r, den);
    }
    int c = mpz_cmp(l, r);
    mpz_clears(l, r, NULL);
    return c;
}

int lm_q_decimal_parts(const mpq_t q, int n, char *digits_out, long *exp10, int *negative)
{
    if (n < 1)
        n = 1;
    *negative = mpq_sgn(q) < 0;
    if (mpq_sgn(q) == 0) {
        memset(digits_out, '0', (size_t)n);
        digits_out[n] = 0;
        *exp10 = 1; /* 0 = 0.00..0 * 10^1, so scientific notation shows e0 */
        return 0;
    }
    mpz_t num, den, t, r;
    mpz_inits(num, den, t, r, NULL);
    mpz_abs(num, mpq_numref(q));
    mpz_set(den, mpq_denref(q));
    /* Find e with 10^(e-1) <= num/den < 10^e; the size estimate is off by at most 2. */
    long e = (long)mpz_sizeinbase(num, 10) - (long)mpz_sizeinbase(den, 10);
    while (cmp_ten_pow(num, den, e) >= 0)
        e++;
    while (cmp_ten_pow(num, den, e - 1) < 0)
        e--;
    /* N = round(num/den * 10^(n-e)), half away from zero (num/den is positive). */
    long s = (long)n - e;
    if (s >= 0) {
        ten_pow(t, (unsigned long)s);
        mpz_mul(num, num, t);
    } else {
        ten_pow(t, (unsigned long)-s);
        mpz_mul(den, den, t);
    }
    mpz_fdiv_qr(t, r, num, den);
    int rounded = mpz_sgn(r) != 0;
    mpz_mul_2exp(r, r, 1);
    if (mpz_cmp(r, den) >= 0)
        mpz_add_ui(t, t, 1);
    ten_pow(r, (unsigned long)n);
    if (mpz_cmp(t, r) >= 0) { /* rounding carried into a new digit: 99.96 -> 100.0 */
        mpz_tdiv_q_ui(t, t, 10);
        e++;
    }
    mpz_get_str(digits_out, 10, t);
    *exp10 = e;
    mpz_clears(num, den, t, r, NULL);
    return rounded;
}

/* Length of d without trailing zeros, keeping at least `keep` characters. */
static size_t trim_zeros(const char *d, size_t len, size_t keep)
{
    while (len > keep && d[len - 1] == '0')
        len--;
    return len;
}

int lm_print_q_decimal(lm_buf *b, const mpq_t q, int digits, int sci, const char *group)
{
    if (digits < 1)
        digits = 1;
    if (mpq_sgn(q) == 0) {
        lm_buf_putc(b, '0');
        return 0;
    }
    char *d = lm_malloc((size_t)digits + 1);
    if (!d) {
        b->failed = 1;
        return 0;
    }
    long e;
    int neg;
    int rounded = lm_q_decimal_parts(q, digits, d, &e, &neg);
    size_t n = (size_t)digits;
    if (sci < 0) /* fixed when 1e-4 <= |rounded value| < 1e15 */
        sci = !(e >= -3 && e <= 15);
    if (neg)
        lm_buf_putc(b, '-');
    if (sci) {
        size_t len = trim_zeros(d, n, 1);
        lm_buf_putc(b, d[0]);
        if (len > 1) {
            lm_buf_putc(b, '.');
            lm_buf_putn(b, d + 1, len - 1);
        }
        lm_buf_printf(b, "e%ld", e - 1);
    } else if (e >= (long)n) { /* an integer: all digits, then zeros */
        size_t total = (size_t)e;
        char *z = lm_malloc(total + 1);
        if (!z) {
            b->failed = 1;
        } else {
            memcpy(z, d, n);
            memset(z + n, '0', total - n);
            put_grouped(b, z, total, group);
            lm_free(z);
        }
    } else if (e > 0) { /* integer part and fraction */
        put_grouped(b, d, (size_t)e, group);
        size_t len = trim_zeros(d, n, (size_t)e);
        if (len > (size_t)e) {
            lm_buf_putc(b, '.');
            lm_buf_putn(b, d + e, len - (size_t)e);
        }
    } else { /* 0.000ddd */
        lm_buf_puts(b, "0.");
        for (long i = 0; i < -e; i++)
            lm_buf_putc(b, '0');
        lm_buf_putn(b, d, trim_zeros(d, n, 1));
    }
    lm_free(d);
    return rounded;
}

int lm_q_is_terminating(const mpq_t q)
{
    mpz_t d, f;
    mpz_init_set(d, mpq_denref(q));
    mpz_init_set_ui(f, 2);
    mpz_remove(d, d, f);
    mpz_set_ui(f, 5);
    mpz_remove(d, d, f);
    int ok = mpz_cmp_ui(d, 1) == 0;
    mpz_clears(d, f, NULL);
    return ok;
}

void lm_print_q_terminating(lm_buf *b, const mpq_t q, const char *group)
{
    if (!lm_q_is_terminating(q)) {
        lm_print_q_exact(b, q, group);
        return;
    }
    /* k = max(a, b) for the denominator 2^a 5^b; N = |q| * 10^k is an integer. */
    mpz_t d, f, t;
    mpz_init_set(d, mpq_denref(q));
    mpz_init_set_ui(f, 2);
    mpz_init(t);
    mp_bitcnt_t k2 = mpz_remove(d, d, f);
    mpz_set_ui(f, 5);
    mp_bitcnt_t k5 = mpz_remove(d, d, f);
    unsigned long k = (unsigned long)(k2 > k5 ? k2 : k5);
    ten_pow(t, k);
    mpz_mul(t, t, mpq_numref(q));
    mpz_divexact(t, t, mpq_denref(q));
    char *s = digits_of(t);
    mpz_clears(d, f, t, NULL);
    if (!s) {
        b->failed = 1;
        return;
    }
    size_t len = strlen(s);
    if (mpq_sgn(q) < 0)
        lm_buf_putc(b, '-');
    if (k == 0) {
        put_grouped(b, s, len, group);
    } else if (len > k) {
        put_grouped(b, s, len - k, group);
        size_t end = trim_zeros(s, len, len - k);
        lm_buf_putc(b, '.');
        lm_buf_putn(b, s + len - k, end - (len - k));
    } else {
        lm_buf_puts(b, "0.");
        for (size_t i = len; i < k; i++)
            lm_buf_putc(b, '0');
        lm_buf_putn(b, s, trim_zeros(s, len, 1));
    }
    lm_free(s);
}
