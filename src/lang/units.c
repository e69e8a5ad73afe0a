/* units.c: the unit table and unit expressions (see units.h).
 * SI prefixes are powers of 10 and IEC prefixes powers of 2, so GB and GiB never meet. */
#include "lang/units.h"
#include <ctype.h>
#include <string.h>

const lm_unit_def lm_units[] = {
    {"B", LM_DIM_BYTE, "1", "1", 0},
    {"byte", LM_DIM_BYTE, "1", "1", 0},
    {"bytes", LM_DIM_BYTE, "1", "1", 0},
    {"bit", LM_DIM_BYTE, "1", "8", 0},
    {"bits", LM_DIM_BYTE, "1", "8", 0},
    {"KB", LM_DIM_BYTE, "1000", "1", 0},
    {"kB", LM_DIM_BYTE, "1000", "1", 0},
    {"MB", LM_DIM_BYTE, "1000000", "1", 0},
    {"GB", LM_DIM_BYTE, "1000000000", "1", 0},
    {"TB", LM_DIM_BYTE, "1000000000000", "1", 0},
    {"PB", LM_DIM_BYTE, "1000000000000000", "1", 0},
    {"KiB", LM_DIM_BYTE, "1024", "1", 1},
    {"MiB", LM_DIM_BYTE, "1048576", "1", 1},
    {"GiB", LM_DIM_BYTE, "1073741824", "1", 1},
    {"TiB", LM_DIM_BYTE, "1099511627776", "1", 1},
    {"PiB", LM_DIM_BYTE, "1125899906842624", "1", 1},
    {"FLOP", LM_DIM_FLOP, "1", "1", 0},
    {"FLOPs", LM_DIM_FLOP, "1", "1", 0},
    {"KFLOP", LM_DIM_FLOP, "1000", "1", 0},
    {"MFLOP", LM_DIM_FLOP, "1000000", "1", 0},
    {"GFLOP", LM_DIM_FLOP, "1000000000", "1", 0},
    {"TFLOP", LM_DIM_FLOP, "1000000000000", "1", 0},
    {"PFLOP", LM_DIM_FLOP, "1000000000000000", "1", 0},
    {"EFLOP", LM_DIM_FLOP, "1000000000000000000", "1", 0},
    {"s", LM_DIM_SECOND, "1", "1", 0},
    {"second", LM_DIM_SECOND, "1", "1", 0},
    {"seconds", LM_DIM_SECOND, "1", "1", 0},
    {"ms", LM_DIM_SECOND, "1", "1000", 0},
    {"minute", LM_DIM_SECOND, "60", "1", 0},
    {"minutes", LM_DIM_SECOND, "60", "1", 0},
    {"hour", LM_DIM_SECOND, "3600", "1", 0},
    {"hours", LM_DIM_SECOND, "3600", "1", 0},
    {"day", LM_DIM_SECOND, "86400", "1", 0},
    {"days", LM_DIM_SECOND, "86400", "1", 0},
    {"week", LM_DIM_SECOND, "604800", "1", 0},
    {"weeks", LM_DIM_SECOND, "604800", "1", 0},
    {"parameter", LM_DIM_PARAM, "1", "1", 0},
    {"parameters", LM_DIM_PARAM, "1", "1", 0},
    {"param", LM_DIM_PARAM, "1", "1", 0},
    {"%", -1, "1", "100", 0},
    {NULL, 0, NULL, NULL, 0},
};

const lm_unit_def *lm_unit_find(const char *name, size_t len)
{
    for (const lm_unit_def *u = lm_units; u->name; u++)
        if (strlen(u->name) == len && memcmp(u->name, name, len) == 0)
            return u;
    return NULL;
}

int lm_dim_equal(lm_dim a, lm_dim b) { return memcmp(a.e, b.e, sizeof a.e) == 0; }

int lm_dim_is_none(lm_dim a)
{
    for (int i = 0; i < LM_NDIM; i++)
        if (a.e[i])
            return 0;
    return 1;
}

static int combine(lm_dim *r, lm_dim a, lm_dim b, int sign)
{
    lm_dim out;
    for (int i = 0; i < LM_NDIM; i++) {
        int v = a.e[i] + sign * b.e[i];
        if (v > 100 || v < -100)
            return -1;
        out.e[i] = (int8_t)v;
    }
    *r = out;
    return 0;
}

int lm_dim_mul(lm_dim *r, lm_dim a, lm_dim b) { return combine(r, a, b, 1); }
int lm_dim_div(lm_dim *r, lm_dim a, lm_dim b) { return combine(r, a, b, -1); }

int lm_dim_pow(lm_dim *r, lm_dim a, long k)
{
    lm_dim out;
    for (int i = 0; i < LM_NDIM; i++) {
        if (a.e[i] && (k > 100 || k < -100))
            return -1;
        long v = a.e[i] * k;
        if (v > 100 || v < -100)
            return -1;
        out.e[i] = (int8_t)v;
    }
    *r = out;
    return 0;
}

void lm_dim_print(lm_buf *b, lm_dim d)
{
    static const char *const base[LM_NDIM] = {"B", "FLOP", "s", "parameter"};
    int any_num = 0, any_den = 0;
    for (int i = 0; i < LM_NDIM; i++)
        if (d.e[i] > 0) {
            lm_buf_printf(b, any_num ? "*%s" : "%s", base[i]);
            if (d.e[i] > 1)
                lm_buf_printf(b, "^%d", d.e[i]);
            any_num = 1;
        }
    for (int i = 0; i < LM_NDIM; i++)
        if (d.e[i] < 0) {
            if (!any_num && !any_den)
                lm_buf_putc(b, '1');
            lm_buf_printf(b, "/%s", base[i]);
            if (d.e[i] < -1)
                lm_buf_printf(b, "^%d", -d.e[i]);
            any_den = 1;
        }
    if (!any_num && !any_den)
        lm_buf_putc(b, '1');
}

static int is_name_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '.'; }

/* One `word ('^' integer)?` at s; returns its length or 0. */
static size_t unit_piece(const char *s, size_t n)
{
    size_t i = 0;
    if (n && s[0] == '%')
        i = 1;
    else
        while (i < n && isalpha((unsigned char)s[i]))
            i++;
    if (i == 0 || !lm_unit_find(s, i))
        return 0;
    if (s[0] != '%' && i < n && is_name_char(s[i]))
        return 0;
    if (i < n && s[i] == '^') {
        size_t j = i + 1;
        if (j < n && s[j] == '-')
            j++;
        size_t k = j;
        while (k < n && isdigit((unsigned char)s[k]) && k - j < 3)
            k++;
        if (k > j && !(k < n && is_name_char(s[k])))
            i = k;
    }
    return i;
}

size_t lm_unit_prefix_len(const char *s, size_t n)
{
    size_t one = n > 2 && s[0] == '1' && s[1] == '/' ? 2 : 0; /* 1/s: a reciprocal unit */
    size_t len = unit_piece(s + one, n - one);
    if (!len)
        return 0;
    len += one;
    while (len + 1 < n && (s[len] == '/' || s[len] == '*')) {
        size_t more = unit_piece(s + len + 1, n - len - 1);
        if (!more)
            break;
        len += 1 + more;
    }
    return len;
}

int lm_unit_parse(const char *s, mpq_t scale, lm_dim *dim, size_t *bad_off, size_t *bad_len)
{
    size_t n = strlen(s), i = 0;
    int sign = 1;
    mpq_t f;
    mpq_init(f);
    mpq_set_ui(scale, 1, 1);
    memset(dim, 0, sizeof *dim);
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t w = i;
        if (i < n && s[i] == '%')
            i++;
        else
            while (i < n && isalpha((unsigned char)s[i]))
                i++;
        const lm_unit_def *u = i > w ? lm_unit_find(s + w, i - w) : NULL;
        if (!u && i == w && s[i] == '1' && sign == 1 && w == 0) {
            i++; /* "1/s" */
        } else if (!u) {
            while (i < n && is_name_char(s[i]))
                i++;
            *bad_off = w;
            *bad_len = i > w ? i - w : 1;
            mpq_clear(f);
            return -1;
        }
        long k = 1;
        if (i < n && s[i] == '^') {
            size_t j = ++i, neg = 0;
            if (j < n && s[j] == '-')
                neg = 1, j++, i++;
            k = 0;
            while (i < n && isdigit((unsigned char)s[i]) && i - j < 3)
                k = k * 10 + (s[i++] - '0');
            if (i == j) {
                *bad_off = j - 1;
                *bad_len = 1;
                mpq_clear(f);
                return -1;
            }
            if (neg)
                k = -k;
        }
        if (u) {
            mpz_set_str(mpq_numref(f), u->num, 10);
            mpz_set_str(mpq_denref(f), u->den, 10);
            for (long m = 0; m < (k < 0 ? -k : k); m++) {
                if ((k * sign) > 0)
                    mpq_mul(scale, scale, f);
                else
                    mpq_div(scale, scale, f);
            }
            if (u->dim >= 0) {
                long v = dim->e[u->dim] + sign * k;
                if (v > 100 || v < -100) {
                    *bad_off = w;
                    *bad_len = i - w;
                    mpq_clear(f);
                    return -1;
                }
                dim->e[u->dim] = (int8_t)v;
            }
        }
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        if (s[i] == '/')
            sign = -1;
        else if (s[i] == '*')
            sign = 1;
        else {
            *bad_off = i;
            *bad_len = 1;
            mpq_clear(f);
            return -1;
        }
        i++;
        if (i >= n) {
            *bad_off = i - 1;
            *bad_len = 1;
            mpq_clear(f);
            return -1;
        }
    }
    mpq_clear(f);
    return 0;
}
