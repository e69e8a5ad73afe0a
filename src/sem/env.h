/* env.h: the environment (symbols, options, definitions, models, conventions) and the
 * instances that elaborate definitions into exact canonical values with units. */
#ifndef LM_ENV_H
#define LM_ENV_H
#include "lang/ast.h"
#include "base/diag.h"
#include "poly/poly.h"
#include "lang/units.h"

/* A value: a canonical polynomial in base units (B, FLOP, s, parameter) and its dimension. */
typedef struct {
    lm_poly p;
    lm_dim dim;
} lm_val;
void lm_val_init(lm_val *v);
void lm_val_clear(lm_val *v);

typedef struct {
    const char *name, *plain, *latex, *desc;
    const char *unit;   /* declared unit text or NULL */
    lm_dim dim;
    mpq_t scale;        /* a dimensionless value set for the symbol is in this unit */
    const lm_ast *deflt;
    lm_span span;
    lm_atom *atom;
} lm_symbol;

typedef struct {
    const char *name, *desc;
    const lm_ast *decl; /* args: the values, the first is the default */
    lm_span span;
} lm_option;

typedef struct {
    const char *name, *desc;
    const char *unit;     /* display unit text ("FLOP", "day", "B"), or NULL */
    lm_dim dim;
    mpq_t scale;          /* value in base units = shown value * scale */
    const lm_ast *expr;
    const char *conv;     /* the convention that defines it, NULL for a global */
    lm_span span;
} lm_def;

typedef struct {
    const char *name, *parent, *desc;
    const lm_ast *decl;   /* args: assignments (LM_AST_DEF) */
    lm_span span, parent_span;
    int is_convention;
} lm_block;

typedef struct lm_env {
    lm_ctx ctx;
    lm_sources sources;
    lm_ast_file **files;
    size_t nfiles;
    lm_symbol *syms;
    size_t nsyms;
    lm_option *opts;
    size_t nopts;
    lm_def *defs;
    size_t ndefs;
    lm_block *blocks; /* models and conventions */
    size_t nblocks;
    char **loaded;    /* names of loaded files, so an include happens once */
    size_t nloaded;
    const lm_ast **checks; /* require and expect statements, in order */
    size_t nchecks;
    const lm_ast **whens;  /* when blocks (LM_AST_WHEN), in order */
    size_t nwhens;
    struct lm_names *names; /* the name index (names.c), a cache built when first used */
} lm_env;

lm_env *lm_env_new(void);   /* NULL on allocation failure */
void lm_env_free(lm_env *env);
/* Report a failed operation of the algebra (st != LM_OK) as a located error: a limit
 * reached names it (lm_diag_limit), out of memory sets d->oom. `what`, when not NULL,
 * says what was being computed. Returns -1. */
int lm_env_fail(const lm_env *env, lm_diags *d, lm_status st, const lm_span *span,
                const char *what);
/* Load the built-in library (all embedded files, through "lmcost.lm"). */
int lm_env_load_builtin(lm_env *env, lm_diags *diags);
/* Load a file from disk (or, failing that, an embedded file of that name). */
int lm_env_load_file(lm_env *env, const char *path, lm_diags *diags, const lm_span *from);
int lm_env_load_text(lm_env *env, const char *name, const char *text, size_t len,
                     lm_diags *diags);
/* Append a file's bytes to `out` (at most limits.max_file); errors name the path and
 * point at `from` (NULL: no location). */
int lm_env_read_file(lm_env *env, const char *path, lm_buf *out, lm_diags *diags,
                     const lm_span *from);
/* Declare the statements of a syntax tree built elsewhere (a config.json made into a
 * model, src/sem/hf.c) as the loaded file `name`; the environment takes `file` (allocated
 * with lm_malloc) whatever happens. */
int lm_env_adopt(lm_env *env, const char *name, lm_ast_file *file, lm_diags *diags);
/* Has a file of this name been loaded (or adopted)? */
int lm_env_loaded(const lm_env *env, const char *name);

const lm_symbol *lm_env_symbol(const lm_env *env, const char *name);
const lm_option *lm_env_option(const lm_env *env, const char *name);
const lm_block *lm_env_block(const lm_env *env, const char *name, int is_convention);
/* Definition `name` as seen from convention `conv` (its chain, then globals). */
const lm_def *lm_env_def(const lm_env *env, const char *name, const char *conv);
/* Names visible from convention `conv` (NULL: the globals alone): what the elaborator sums
 * and suggests and what the queries list, below both of them. */
/* Is def what its name means from conv (not hidden by a convention's own)? */
int lm_env_def_visible(const lm_env *env, const lm_def *def, const char *conv);
/* Does `name` have visible definitions below it (it is then the sum of its children)? */
int lm_env_has_children(const lm_env *env, const char *conv, const char *name);
/* Names of the visible definitions, sorted (the caller frees the array only). */
int lm_env_def_names(const lm_env *env, const char *conv, const char ***names, size_t *n);
/* Direct children of a dotted name, in definition order; a child that is only a tree node
 * (params.embedding) is named by a copy in `arena`. The caller frees the array only. */
int lm_env_children(const lm_env *env, const char *conv, const char *prefix, lm_arena *arena,
                    const char ***names, size_t *n);

/* The embedded library files. */
struct lm_embedded_file {
    const char *name;
    const char *text;
    size_t len;
};
extern const struct lm_embedded_file lm_embedded_files[];
const struct lm_embedded_file *lm_embedded_find(const char *name);

/* An instance: a model and convention with settings; it elaborates definitions. */
typedef struct lm_instance lm_instance;

typedef enum {
    LM_MODE_MODEL,    /* model values, then defaults; unset symbols stay symbolic */
    LM_MODE_SYMBOLIC, /* -S: ignore model values; defaults still apply */
    LM_MODE_FREE      /* calc: no model, no defaults; every name not set is a symbol */
} lm_mode;

lm_instance *lm_instance_new(lm_env *env, const char *model, const char *conv, lm_mode mode,
                             lm_diags *diags);
void lm_instance_free(lm_instance *in);
/* -s NAME=EXPR (NAME a symbol or an option); the text is kept by the environment, so
 * diagnostics may point into it after the instance is freed. */
int lm_instance_set(lm_instance *in, const char *assignment, lm_diags *diags);
/* -k SYM[,SYM]: keep these symbolic even when a model sets them (a number that decides a
 * condition still stays a number, with a note). */
int lm_instance_keep(lm_instance *in, const char *list, lm_diags *diags);
/* Keep these symbolic because the caller gives them values of its own (sweep, solve): never
 * a number, so a condition that needs one is an error. */
int lm_instance_vary(lm_instance *in, const char *list, lm_diags *diags);
/* Undo -k (or a vary) for these: a value set for them counts again. */
int lm_instance_unkeep(lm_instance *in, const char *list, lm_diags *diags);
/* Elaborate a definition by name; *out and *def point into the instance or environment
 * (valid until freed). A name with no definition but with definitions below it is the
 * sum of its children; *def is then a synthetic definition without a unit. */
int lm_instance_def(lm_instance *in, const char *name, const lm_val **out, const lm_def **def,
                    lm_diags *diags);
/* The message of the require that failed when the settings were last checked (a query
 * then failed because of it), or NULL: none failed, or the query failed otherwise. */
const char *lm_instance_failed_require(const lm_instance *in);
/* Elaborate a free expression given as text (calc, --le) into *out (caller clears). */
int lm_instance_expr(lm_instance *in, const char *text, const char *srcname, lm_val *out,
                     lm_diags *diags);
/* Values as callers show them (the command line and the API alike). out = v / def->scale:
 * the value of `def` (v from lm_instance_def) in its declared unit. */
int lm_def_shown(lm_env *env, const lm_def *def, const lm_val *v, lm_poly *out,
                 lm_diags *diags);
/* The unit a definition is shown in ("FLOP", "day"), else its dimension ("B/s"), else none. */
void lm_def_unit(lm_buf *b, const lm_def *def, lm_dim dim);
/* The exact number definition `name` is in its declared unit (def and v from
 * lm_instance_def), or an error naming a symbol it still depends on. */
int lm_def_number(lm_env *env, const char *name, const lm_def *def, const lm_val *v,
                  mpq_t out, lm_diags *diags);
/* lm_instance_def, then lm_def_number; *def may be NULL when not wanted. */
int lm_instance_number(lm_instance *in, const char *name, mpq_t out, const lm_def **def,
                       lm_diags *diags);
/* "PREFIXunknown symbol 'x' (did you mean 'y'?)": the closest of every declared symbol. */
void lm_env_unknown_symbol(const lm_env *env, lm_diags *diags, const char *prefix,
                           const char *name);

/* The declared value of option o that `text` (n bytes) names, or NULL. */
const char *lm_option_find(const lm_option *o, const char *text, size_t n);
/* Are all the declared values of o whole numbers (so that it can be compared: zero >= 2)? */
int lm_option_numeric(const lm_option *o);
/* The value of an option in this instance. */
const char *lm_instance_option(const lm_instance *in, const char *name);
const char *lm_instance_model(const lm_instance *in);
const char *lm_instance_conv(const lm_instance *in);
lm_env *lm_instance_env(const lm_instance *in);
/* Names of definitions visible in this instance, sorted (caller frees the array only). */
int lm_instance_def_names(const lm_instance *in, const char ***names, size_t *n);
/* Direct children of a dotted name, in definition order. */
int lm_instance_children(const lm_instance *in, const char *prefix, const char ***names,
                         size_t *n);

#endif
