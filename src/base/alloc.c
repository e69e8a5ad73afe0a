/* alloc.c: the allocation family (see alloc.h) and the reserve that carries GMP through a
 * failed allocation. Counting is cheap and always on; the OOM tests inject failures. */
#include "base/alloc.h"
#include <gmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t live_blocks, total_allocs, fail_at, failures, gmp_allocs;
/* Set by any failure, real or injected, and cleared only by lm_alloc_recover: from the
 * first failure on, memory counts as exhausted, so the whole operation unwinds at once
 * instead of limping on, and no failure in the middle of it can go unreported. */
static int exhausted;

/* Counts an allocation; 1 when the test has asked for this one to fail. */
static int injected(void)
{
    total_allocs++;
    return fail_at && total_allocs == fail_at;
}

static int should_fail(void)
{
    if (injected() || exhausted)
        return failures++, exhausted = 1;
    return 0;
}

static void failed(void) { failures++, exhausted = 1; }

void *lm_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    void *p = malloc(n ? n : 1);
    if (p)
        live_blocks++;
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
        live_blocks++;
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
        live_blocks--;
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

size_t lm_alloc_live(void) { return live_blocks; }
size_t lm_alloc_count(void) { return total_allocs; }
size_t lm_alloc_failures(void) { return failures; }
size_t lm_alloc_gmp_count(void) { return gmp_allocs; }
int lm_alloc_exhausted(void) { return exhausted; }
void lm_alloc_recover(void) { exhausted = 0; }
void lm_alloc_fail_at(size_t n)
{
    fail_at = n ? total_allocs + n : 0;
    exhausted = 0;
}

/* GMP cannot take a NULL from its allocator, and unwinding out of it with longjmp is
 * undefined. So when an allocation for GMP fails, really or by injection, it is served
 * from this reserve instead: GMP finishes the operation it is in, the failure is counted
 * and memory is marked exhausted, and the library's next allocation of its own fails, so
 * the error goes up the ordinary paths and everything is freed on the way. GMP itself
 * keeps asking malloc first. The reserve is a bump allocator that takes back its top
 * block and is reset when its last block is freed. 1 MiB covers the temporaries of an
 * operation on numbers within the default --max-bits (2^20 bits, 128 KiB), found by
 * running the largest such products and quotients under every `ulimit -v` in steps of
 * 20 KiB; should it run out (a real shortage inside one operation on much larger numbers)
 * the process stops with a message, the one case it cannot report as an error. It is
 * static so that it exists before anything can fail; untouched, it costs no memory. */
#ifndef LM_RESERVE_BYTES
#define LM_RESERVE_BYTES (1u << 20)
#endif
enum { RESERVE_BYTES = LM_RESERVE_BYTES, RESERVE_ALIGN = 16 };
static _Alignas(16) unsigned char reserve[RESERVE_BYTES];
static size_t reserve_top, reserve_live;

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
    if (--reserve_live == 0)
        reserve_top = 0;
    else if (n && (unsigned char *)p + reserve_round(n) == reserve + reserve_top)
        reserve_top -= reserve_round(n);
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
    if (n > RESERVE_BYTES - reserve_top) {
        static const char msg[] = "lmcost: fatal: out of memory inside GMP\n";
        fwrite(msg, 1, sizeof msg - 1, stderr);
        abort();
    }
    void *p = reserve + reserve_top;
    reserve_top += n;
    reserve_live++;
    return p;
}

/* A block for GMP from malloc, or from the reserve when that fails (never NULL). */
static void *gmp_block(size_t n)
{
    gmp_allocs++;
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
    live_blocks++;
    return gmp_block(n);
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
    int reserved = in_reserve(p);
    void *q;
    if (reserved) {
        q = gmp_block(n);
    } else {
        gmp_allocs++;
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
    live_blocks--;
    release(p, n);
}

void lm_alloc_install_gmp(void) { mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free); }
