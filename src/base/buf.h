/* buf.h: a growable byte string, the one way the library builds text.
 * Allocation failure is sticky: after it, every append is a no-op and `failed` stays set. */
#ifndef LM_BUF_H
#define LM_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *s;      /* NUL-terminated when len > 0 or after any append */
    size_t len, cap;
    int failed;   /* an allocation failed */
} lm_buf;

void lm_buf_init(lm_buf *b);
void lm_buf_clear(lm_buf *b);       /* frees */
void lm_buf_reset(lm_buf *b);       /* len = 0, keeps memory */
void lm_buf_putc(lm_buf *b, char c);
void lm_buf_puts(lm_buf *b, const char *s);
void lm_buf_putn(lm_buf *b, const char *s, size_t n);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void lm_buf_printf(lm_buf *b, const char *fmt, ...);
void lm_buf_vprintf(lm_buf *b, const char *fmt, va_list ap);
/* Take ownership of the string (never NULL unless failed); b is reset. */
char *lm_buf_take(lm_buf *b);
const char *lm_buf_str(const lm_buf *b); /* "" when empty */

#endif
