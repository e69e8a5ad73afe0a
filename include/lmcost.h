/* lmcost.h: the public C API of liblmcost: exact symbolic costs of transformer models.
 * Load the .lm library, pick a model and convention, then ask for formulas and values. */
#ifndef LMCOST_H
#define LMCOST_H

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; lmcost_version() gives the library's, which may be newer. */
#define LMCOST_VERSION_MAJOR 0
#define LMCOST_VERSION_MINOR 1
#define LMCOST_VERSION_PATCH 0
#define LMCOST_VERSION "0.1.0"

/* Marks the public functions. A shared build compiled with -fvisibility=hidden exports
 * these and nothing else; every other symbol of the library starts with `lm`. */
#ifndef LMCOST_API
#if defined(__GNUC__) && __GNUC__ >= 4
#define LMCOST_API __attribute__((visibility("default")))
#else
#define LMCOST_API
#endif
#endif

/* Threads. The library keeps no process-wide mutable state: sessions are independent, and
 * different sessions may be used at the same time from different threads. One session is
 * not safe to share: use it from one thread at a time (a session may move between threads
 * when the caller serialises its use). Allocation accounting and out-of-memory state are
 * per thread. lmcost_string_free may be called from any thread. The one process-wide call
 * is lmcost_route_gmp_memory, below. */

/* The library's version, "MAJOR.MINOR.PATCH" (a static string). */
LMCOST_API const char *lmcost_version(void);

/* A session: a loaded library plus one model/convention instance with its settings. */
typedef struct lmcost lmcost;

typedef enum { LMCOST_PLAIN, LMCOST_UNICODE, LMCOST_LATEX } lmcost_format;

/* Route GMP's allocations through the library's allocator, so that running out of memory
 * inside GMP is reported as "out of memory" by the call under way instead of GMP
 * aborting the process (a 1 MiB reserve lets GMP finish the operation it is in).
 * Process-wide and opt-in: it replaces the allocator of every GMP user in the process
 * (mp_set_memory_functions), so call it once, before any session exists and before any
 * other thread uses GMP. Without it GMP uses its own allocator and aborts when memory
 * runs out inside it; everything else still fails cleanly. */
LMCOST_API void lmcost_route_gmp_memory(void);

/* A new session (NULL when out of memory). Nothing is loaded yet. */
LMCOST_API lmcost *lmcost_new(void);
LMCOST_API void lmcost_free(lmcost *s);

/* Load the built-in library, or a .lm file instead. 0 on success, -1 on errors. */
LMCOST_API int lmcost_load_builtin(lmcost *s);
LMCOST_API int lmcost_load_file(lmcost *s, const char *path);

/* Choose a model (NULL: none) and a convention (NULL: "standard" when defined).
 * symbolic != 0 ignores the model's values and keeps every hyperparameter a symbol. */
LMCOST_API int lmcost_select(lmcost *s, const char *model, const char *convention,
                             int symbolic);
/* "NAME=EXPR" for a symbol or "NAME=VALUE" for an option, like the CLI's -s. */
LMCOST_API int lmcost_set(lmcost *s, const char *assignment);
/* Keep symbols symbolic ("batch_size" or "a,b"), like the CLI's -k. */
LMCOST_API int lmcost_keep(lmcost *s, const char *symbols);

/* A definition's formula in its declared unit; the caller frees it with lmcost_string_free.
 * NULL on error (see lmcost_errors). */
LMCOST_API char *lmcost_formula(lmcost *s, const char *name, lmcost_format fmt);
/* A definition's exact value in its declared unit: "1637020800" or "p/q". */
LMCOST_API char *lmcost_value(lmcost *s, const char *name);
/* Simplify a free expression (undeclared names are symbols) into canonical form. */
LMCOST_API char *lmcost_calc(lmcost *s, const char *expr, lmcost_format fmt);

/* The diagnostics of the last failed call, rendered like a compiler's
 * ("file:line:col: error: ...", the source line and a caret); "" when none. The text
 * belongs to the session and is valid until its next call. */
LMCOST_API const char *lmcost_errors(const lmcost *s);
LMCOST_API void lmcost_string_free(char *str);

#ifdef __cplusplus
}
#endif
#endif
