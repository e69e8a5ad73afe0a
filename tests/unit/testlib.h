/* testlib.h: the tiny harness shared by the unit tests.
 * Each check prints "ok NAME" or "FAIL NAME: detail"; main returns tl_finish(). */
#ifndef LM_TESTLIB_H
#define LM_TESTLIB_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static int tl_pass, tl_fail;
static uint64_t tl_seed_value;

/* Record one check. */
#define TL_CHECK(name, cond)                                                              \
    do {                                                                                  \
        if (cond) {                                                                       \
            tl_pass++;                                                                    \
        } else {                                                                          \
            tl_fail++;                                                                    \
            printf("FAIL %s (%s:%d, seed %llu)\n", (name), __FILE__, __LINE__,            \
                   (unsigned long long)tl_seed_value);                                    \
        }                                                                                 \
    } while (0)

/* Compare two strings exactly. */
#define TL_STREQ(name, got, want)                                                         \
    do {                                                                                  \
        const char *tl_g = (got), *tl_w = (want);                                         \
        if (tl_g && strcmp(tl_g, tl_w) == 0) {                                            \
            tl_pass++;                                                                    \
        } else {                                                                          \
            tl_fail++;                                                                    \
            printf("FAIL %s (%s:%d): got \"%s\", want \"%s\"\n", (name), __FILE__,         \
                   __LINE__, tl_g ? tl_g : "(null)", tl_w);                               \
        }                                                                                 \
    } while (0)

/* A seeded generator (xorshift64*): the seed comes from LMCOST_SEED or the clock and is
 * printed on failure so a failing run can be replayed. */
static uint64_t tl_state;
static inline void tl_seed(void)
{
    const char *s = getenv("LMCOST_SEED");
    tl_seed_value = s ? strtoull(s, NULL, 10) : 20261129u;
    tl_state = tl_seed_value ? tl_seed_value : 1;
}
static inline uint64_t tl_rand(void)
{
    tl_state ^= tl_state >> 12;
    tl_state ^= tl_state << 25;
    tl_state ^= tl_state >> 27;
    return tl_state * 2685821657736338717ull;
}
/* Uniform in [lo, hi]. */
static inline long tl_range(long lo, long hi) { return lo + (long)(tl_rand() % (uint64_t)(hi - lo + 1)); }

static inline int tl_finish(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, tl_pass, tl_fail);
    return tl_fail ? 1 : 0;
}
#endif
