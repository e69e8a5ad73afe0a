/* fuzz_common.h: helpers shared by the libFuzzer harnesses (see tests/fuzz/README.md).
 * Lower limits than the defaults keep legitimately expensive inputs fast, so a timeout
 * the fuzzer reports is a real stall, not a big-but-bounded computation. */
#ifndef LM_FUZZ_COMMON_H
#define LM_FUZZ_COMMON_H
#include "base/alloc.h"
#include "sem/env.h"
#include "print/print.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A new environment with the fuzzing limits (an allocation failing here is fatal). GMP's
 * allocations are routed through the library's, so its leaks count too. */
static lm_env *fuzz_env_new(void)
{
    lm_alloc_install_gmp();
    lm_env *env = lm_env_new();
    if (!env)
        abort();
    env->ctx.limits.max_terms = 2000;
    env->ctx.limits.max_bits = 1 << 14;
    env->ctx.limits.max_exponent = 1000;
    return env;
}

/* Render every diagnostic (exercises diag.c on arbitrary spans) and drop them. */
static void fuzz_render(lm_diags *d)
{
    lm_buf b;
    lm_buf_init(&b);
    for (const lm_diag *g = d->head; g; g = g->next)
        lm_diag_render(&b, g);
    lm_buf_clear(&b);
}

/* An oracle failed: a wrong answer, not just an error. */
#define FUZZ_ASSERT(c, ...)                                                                  \
    do {                                                                                     \
        if (!(c)) {                                                                          \
            fprintf(stderr, "fuzz assertion failed: %s (%s:%d)\n", #c, __FILE__, __LINE__);  \
            fprintf(stderr, __VA_ARGS__);                                                    \
            fputc('\n', stderr);                                                             \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

/* A NUL-terminated copy of the input up to its first NUL (command-line texts cannot
 * contain one). */
static char *fuzz_cstr(const uint8_t *data, size_t size)
{
    size_t n = 0;
    while (n < size && data[n])
        n++;
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, data, n);
    s[n] = 0;
    return s;
}
#endif
