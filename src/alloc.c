/* alloc.c: the allocation family (see alloc.h).
 * Counting is cheap and always on; failure injection is used by the OOM tests. */
#include "alloc.h"
#include <gmp.h>
#include <stdlib.h>
#include <string.h>

static size_t live_blocks, total_allocs, fail_at, failures;

static int should_fail(void)
{
    total_allocs++;
    if (fail_at && total_allocs == fail_at)
        return failures++, 1;
    return 0;
}

void *lm_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    void *p = malloc(n ? n : 1);
    if (p)
        live_blocks++;
    else
        failures++;
    return p;
}

void *lm_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p)
        live_blocks++;
    else
        failures++;
    return p;
}

void *lm_realloc(void *p, size_t n)
{
    if (!p)
        return lm_malloc(n);
    if (should_fail())
        return NULL;
    void *q = realloc(p, n ? n : 1);
    if (!q)
        failures++;
    return q;
}

void lm_free(void *p)
{
    if (p) {
        live_blocks--;
        free(p);
    }
}

char *lm_strndup(const char *s, size_t n)
{
    char *d = lm_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

char *lm_strdup(const char *s) { return lm_strndup(s, strlen(s)); }

size_t lm_alloc_live(void) { return live_blocks; }
size_t lm_alloc_count(void) { return total_allocs; }
size_t lm_alloc_failures(void) { return failures; }
void lm_alloc_fail_at(size_t n) { fail_at = n ? total_allocs + n : 0; }

/* GMP cannot handle a NULL from its allocator: it would crash. Until the library can
 * unwind out of GMP, its blocks are counted but never injected with failures. */
static void *gmp_alloc(size_t n)
{
    void *p = malloc(n);
    if (!p)
        abort();
    live_blocks++;
    return p;
}
static void *gmp_realloc(void *p, size_t old, size_t n)
{
    (void)old;
    void *q = realloc(p, n);
    if (!q)
        abort();
    return q;
}
static void gmp_free(void *p, size_t n)
{
    (void)n;
    lm_free(p);
}

void lm_alloc_install_gmp(void) { mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free); }
