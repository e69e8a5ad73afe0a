/* alloc.h: the one allocation family of liblmcost.
 * Every byte the library (and GMP, once routed here with lm_alloc_install_gmp) allocates
 * goes here, so a test can count allocations and inject a failure at the n-th one. */
#ifndef LM_ALLOC_H
#define LM_ALLOC_H
#include <stddef.h>

/* Return NULL on failure (real or injected); never abort. */
void *lm_malloc(size_t n);
void *lm_calloc(size_t count, size_t size);
void *lm_realloc(void *p, size_t n);
void lm_free(void *p);
char *lm_strdup(const char *s);
char *lm_strndup(const char *s, size_t n);

/* Route GMP's allocations through this family (mp_set_memory_functions), with the reserve
 * of alloc.c; idempotent. Process-wide: the public lmcost_route_gmp_memory calls it, the
 * CLI and the tests that count GMP's allocations call it, before any thread uses GMP. */
void lm_alloc_install_gmp(void);

/* Everything below is the calling thread's own: a thread's counts and failures are
 * untouched by another's. A block freed by another thread than the one that allocated it
 * counts as live in the first and as freed in the second.
 * Accounting for tests: live blocks and total allocations so far. */
size_t lm_alloc_live(void);
size_t lm_alloc_count(void);
/* Of those, the ones GMP asked for (allocations and reallocations). */
size_t lm_alloc_gmp_count(void);
/* Allocations that have failed (real or injected) so far. */
size_t lm_alloc_failures(void);
/* Make the n-th allocation from now fail (0 disables); also recovers (below). */
void lm_alloc_fail_at(size_t n);
/* After any failure memory counts as exhausted: every later allocation of the library's
 * own fails too, so the operation under way unwinds with an error. An entry point that
 * starts a new operation (the public API, a test's next run) calls lm_alloc_recover.
 * GMP's blocks never fail: see the reserve in alloc.c. */
int lm_alloc_exhausted(void);
void lm_alloc_recover(void);

#endif
