/* alloc.c: the allocation family (see alloc.h) and the reserve that carries GMP through a
 * failed allocation. Counting is cheap and always on, per thread; the OOM tests inject
 * failures. */
#include "base/alloc.h"
#include <gmp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The accounting and failure state of the calling thread: an operation runs in one thread,
 * so a failure (real or injected) in one session never fails another thread's session. */
static _Thread_local struct {
    size_t live_blocks, total_allocs, fail_at, failures, gmp_allocs;
    /* Set by any failure, real or injected, and cleared only by lm_alloc_recover: from
     * the first failure on, memory counts as exhausted, so the whole operation unwinds at
     * once instead of limping on, and no failure in the middle of it can go unreported. */
    int exhausted;
} tl;

/* Counts an allocation; 1 when the test has asked for this one to fail. */
static int injected(void)
{
    tl.total_allocs++;
    return tl.fail_at && tl.total_allocs == tl.fail_at;
}

static int should_fail(void)
{
    if (injected() || tl.exhausted)
        return tl.failures++, tl.exhausted = 1;
    return 0;
}

static void failed(void) { tl.failures++, tl.exhausted = 1; }

void *lm_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    void *p = malloc(n ? n : 1);
    if (p)
        tl.live_blocks++;
    else
        failed();
    return p;
}

void *lm_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p)
        tl.live_blocks++;
    else
        failed();
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
        failed();
    return q;
}

static void release(void *p, size_t n);

void lm_free(void *p)
{
    if (p) {
        tl.live_blocks--;
        release(p, 0);
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

size_t lm_alloc_live(void) { return tl.live_blocks; }
size_t lm_alloc_count(void) { return tl.total_allocs; }
size_t lm_alloc_failures(void) { return tl.failures; }
size_t lm_alloc_gmp_count(void) { return tl.gmp_allocs; }
int lm_alloc_exhausted(void) { return tl.exhausted; }
void lm_alloc_recover(void) { tl.exhausted = 0; }
void lm_alloc_fail_at(size_t n)
{
    tl.fail_at = n ? tl.total_allocs + n : 0;
    tl.exhausted = 0;
}

/* GMP cannot take a NULL from its allocator, and unwinding out of it with longjmp is
 * undefined. So when an allocation for GMP fails, really or by injection, it is served
 * from this reserve instead: GMP finishes the operation it is in, the failure is counted
 * and memory is marked exhausted, and the library's next allocation of its own fails, so
 * the error goes up the ordinary paths and everything is freed on the way. GMP itself
 * keeps asking malloc first. The reserve is a bump allocator that takes back its top
 * block and is reset when its last block is freed. 1 MiB covers the temporaries of an
 * operation on numbers within the default max_bits (2^20 bits, 128 KiB), found by
 * running the largest such products and quotients under every `ulimit -v` in steps of
 * 20 KiB; should it run out (a real shortage inside one operation on much larger numbers)
 * the process stops with a message, the one case it cannot report as an error. It is
 * static so that it exists before anything can fail; untouched, it costs no memory.
 *
 * Threads: there is one reserve for the process, and a mutex guards its two counters
 * (taking and giving back are a few instructions; copying into a block is done outside).
 * It cannot be per thread: a GMP value may be freed by another thread than the one that
 * allocated it (a session may move between threads), and the host's own GMP calls go
 * through here too once routed. A block of the reserve belongs to the one GMP value that
 * holds it, so only the counters are shared. The failure that led to the reserve is the
 * calling thread's own (tl.exhausted): it unwinds that thread's operation and no other.
 * Several threads short of memory at once share the 1 MiB; each holds its part only until
 * its failing operation unwinds (its next library allocation fails) and frees the values
 * that hold it. */
#ifndef LM_RESERVE_BYTES
#define LM_RESERVE_BYTES (1u << 20)
#endif
enum { RESERVE_BYTES = LM_RESERVE_BYTES, RESERVE_ALIGN = 16 };
static _Alignas(16) unsigned char reserve[RESERVE_BYTES];
static size_t reserve_top, reserve_live; /* guarded by reserve_lock */
static pthread_mutex_t reserve_lock = PTHREAD_MUTEX_INITIALIZER;

static void lock(void) { pthread_mutex_lock(&reserve_lock); }
static void unlock(void) { pthread_mutex_unlock(&reserve_lock); }

/* The reserve's address range never changes: no lock needed to test a pointer. */
static int in_reserve(const void *p)
{
    uintptr_t a = (uintptr_t)p, lo = (uintptr_t)reserve;
    return a >= lo && a - lo < RESERVE_BYTES;
}

static size_t reserve_round(size_t n)
{
    return (n + RESERVE_ALIGN - 1) & ~(size_t)(RESERVE_ALIGN - 1);
}

/* n is the block's size when known (GMP passes it), else 0; the top block is reclaimed. */
static void reserve_give(void *p, size_t n)
{
    lock();
    if (--reserve_live == 0)
        reserve_top = 0;
    else if (n && (unsigned char *)p + reserve_round(n) == reserve + reserve_top)
        reserve_top -= reserve_round(n);
    unlock();
}

/* Give back a block from malloc or from the reserve (n: its size when known, else 0). */
static void release(void *p, size_t n)
{
    if (in_reserve(p))
        reserve_give(p, n);
    else
        free(p);
}

static void *reserve_take(size_t n)
{
    n = reserve_round(n);
    lock();
    if (n > RESERVE_BYTES - reserve_top) {
        static const char msg[] = "lmcost: fatal: out of memory inside GMP\n";
        fwrite(msg, 1, sizeof msg - 1, stderr);
        abort();
    }
    void *p = reserve + reserve_top;
    reserve_top += n;
    reserve_live++;
    unlock();
    return p;
}

/* A block for GMP from malloc, or from the reserve when that fails (never NULL). */
static void *gmp_block(size_t n)
{
    tl.gmp_allocs++;
    if (injected()) {
        failed();
        return reserve_take(n);
    }
    void *p = malloc(n);
    if (!p) {
        failed();
        p = reserve_take(n);
    }
    return p;
}

static void *gmp_alloc(size_t n)
{
    tl.live_blocks++;
    return gmp_block(n);
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
    int reserved = in_reserve(p);
    void *q;
    if (reserved) {
        q = gmp_block(n);
    } else {
        tl.gmp_allocs++;
        if (!injected() && (q = realloc(p, n)) != NULL)
            return q;
        failed(); /* injected, or realloc failed and left p as it was */
        q = reserve_take(n);
    }
    memcpy(q, p, old < n ? old : n);
    release(p, old);
    return q;
}

static void gmp_free(void *p, size_t n)
{
    tl.live_blocks--;
    release(p, n);
}

void lm_alloc_install_gmp(void)
{
    void *(*a)(size_t);
    mp_get_memory_functions(&a, NULL, NULL);
    if (a != gmp_alloc) /* once routed, a call writes nothing: GMP may be in use */
        mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
}
