/* diag.h: source files, spans and error records, the library's only way to report.
 * The library collects diagnostics and renders them (lm_diag_render); only the CLI prints. */
#ifndef LM_DIAG_H
#define LM_DIAG_H
#include "base/buf.h"
#include "base/limits.h"
#include <stddef.h>

/* One loaded source text: a file, the command line, or a built-in library file. */
typedef struct lm_source {
    char *name;    /* "model.lm", "<command line>", "<builtin>/standard.lm" */
    char *text;    /* NUL-terminated copy */
    size_t len;
    struct lm_source *next;
} lm_source;

/* A region of a source: lines and columns are 1-based; columns count characters (a UTF-8
 * continuation byte does not advance them, as in the lexer);
 * end_col is the last column covered (inclusive). src NULL means "no location". */
typedef struct {
    const lm_source *src;
    int line, col, end_line, end_col;
} lm_span;

typedef enum { LM_SEV_ERROR, LM_SEV_WARNING, LM_SEV_NOTE } lm_severity;

typedef struct lm_diag {
    lm_severity sev;
    lm_span span;
    char *msg;
    lm_limit limit; /* the limit this error reports reaching, else LM_LIMIT_NONE */
    struct lm_diag *next;
} lm_diag;

/* A list of diagnostics with counts; oom is set when one could not be recorded. */
typedef struct {
    lm_diag *head, *tail;
    int errors, warnings, oom;
    int max_errors; /* stop recording after this many errors (default 20) */
} lm_diags;

void lm_diags_init(lm_diags *d);
void lm_diags_clear(lm_diags *d);
/* rc, or -1 with oom set when memory ran out along the way (an allocation inside GMP
 * fails without GMP knowing: see alloc.c), for the last step of an entry point. */
int lm_diags_settle(lm_diags *d, int rc);
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
void lm_diag_add(lm_diags *d, lm_severity sev, const lm_span *span, const char *fmt, ...);
/* Copy every diagnostic of from to the end of to (and its oom). */
void lm_diags_append(lm_diags *to, const lm_diags *from);
/* A limit reached: the error "WHAT: the limit on NOUN (NAME) is VALUE" ("too many terms:
 * the limit on terms (max_terms) is 100000"), with lm_diag.limit set to `which`. */
void lm_diag_limit(lm_diags *d, const lm_span *span, lm_limit which, uint64_t value,
                   const char *what);

/* Render one diagnostic like a compiler:
 *   FILE:LINE:COL: error: MESSAGE
 *      12 | source line
 *         |      ^~~~~~
 * The source line is shown when the span has one; tabs are kept under the caret. */
void lm_diag_render(lm_buf *out, const lm_diag *d);

/* Sources: a registry that owns the texts, so spans stay valid while it lives. */
typedef struct {
    lm_source *head;
} lm_sources;
void lm_sources_init(lm_sources *s);
void lm_sources_clear(lm_sources *s);
/* Copy `text` (len bytes) under `name`; NULL on allocation failure. */
lm_source *lm_sources_add(lm_sources *s, const char *name, const char *text, size_t len);

/* "Did you mean": offer every candidate in turn; `best` is then the closest to `name` in
 * edit distance (the first of equals), if any is close enough: one edit for a name of up
 * to 3 characters, two up to 7, three beyond. Any number of candidates, of any length. */
typedef struct {
    const char *name, *best;
    size_t len, limit, best_d;
} lm_suggester;
void lm_suggest_init(lm_suggester *s, const char *name);
void lm_suggest_offer(lm_suggester *s, const char *cand);
/* The same over an array: the closest of cands[0..n), or NULL. */
const char *lm_suggest(const char *name, const char *const *cands, size_t n);

#endif
