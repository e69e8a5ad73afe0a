/* buf.c: growable byte strings (see buf.h).
 * Growth doubles so that appending n bytes one at a time costs O(n). */
#include "base/buf.h"
#include "base/alloc.h"
#include <stdio.h>
#include <string.h>

void lm_buf_init(lm_buf *b)
{
    b->s = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

void lm_buf_clear(lm_buf *b)
{
    lm_free(b->s);
    lm_buf_init(b);
}

void lm_buf_reset(lm_buf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = 0;
}

static int reserve(lm_buf *b, size_t extra)
{
    if (b->failed)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = lm_realloc(b->s, cap);
    if (!s) {
        b->failed = 1;
        return 0;
    }
    b->s = s;
    b->cap = cap;
    return 1;
}

void lm_buf_putn(lm_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void lm_buf_puts(lm_buf *b, const char *s) { lm_buf_putn(b, s, strlen(s)); }
void lm_buf_putc(lm_buf *b, char c) { lm_buf_putn(b, &c, 1); }

void lm_buf_vprintf(lm_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !reserve(b, (size_t)n))
        return;
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void lm_buf_printf(lm_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lm_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *lm_buf_take(lm_buf *b)
{
    if (b->failed) {
        lm_buf_clear(b);
        return NULL;
    }
    if (!b->s)
        reserve(b, 0), b->s ? (b->s[0] = 0) : 0;
    char *s = b->s;
    lm_buf_init(b);
    return s;
}

const char *lm_buf_str(const lm_buf *b) { return b->s ? b->s : ""; }
