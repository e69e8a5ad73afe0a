/* lmcost.h: the public C API of liblmcost: exact symbolic costs of transformer models.
 * Load the .lm library, pick a model and convention, then ask for formulas and values. */
#ifndef LMCOST_H
#define LMCOST_H

#ifdef __cplusplus
extern "C" {
#endif

/* A session: a loaded library plus one model/convention instance with its settings. */
typedef struct lmcost lmcost;

typedef enum { LMCOST_PLAIN, LMCOST_UNICODE, LMCOST_LATEX } lmcost_format;

/* A new session (NULL when out of memory). Nothing is loaded yet. */
lmcost *lmcost_new(void);
void lmcost_free(lmcost *s);

/* Load the built-in library, or a .lm file instead. 0 on success, -1 on errors. */
int lmcost_load_builtin(lmcost *s);
int lmcost_load_file(lmcost *s, const char *path);

/* Choose a model (NULL: none) and a convention (NULL: "standard" when defined).
 * symbolic != 0 ignores the model's values and keeps every hyperparameter a symbol. */
int lmcost_select(lmcost *s, const char *model, const char *convention, int symbolic);
/* "NAME=EXPR" for a symbol or "NAME=VALUE" for an option, like the CLI's -s. */
int lmcost_set(lmcost *s, const char *assignment);
/* Keep symbols symbolic ("batch_size" or "a,b"), like the CLI's -k. */
int lmcost_keep(lmcost *s, const char *symbols);

/* A definition's formula in its declared unit; the caller frees it with lmcost_string_free.
 * NULL on error (see lmcost_errors). */
char *lmcost_formula(lmcost *s, const char *name, lmcost_format fmt);
/* A definition's exact value in its declared unit: "1637020800" or "p/q". */
char *lmcost_value(lmcost *s, const char *name);
/* Simplify a free expression (undeclared names are symbols) into canonical form. */
char *lmcost_calc(lmcost *s, const char *expr, lmcost_format fmt);

/* The diagnostics of the last failed call, rendered like a compiler's
 * ("file:line:col: error: ...", the source line and a caret); "" when none. */
const char *lmcost_errors(const lmcost *s);
void lmcost_string_free(char *str);

#ifdef __cplusplus
}
#endif
#endif
