/* ast.h: the syntax tree of a .lm text, allocated in one arena per parse.
 * Numbers stay as their source text here; the elaborator turns them into exact rationals. */
#ifndef LM_AST_H
#define LM_AST_H
#include "base/diag.h"
#include "base/limits.h"
#include <stddef.h>

/* A bump allocator: nodes and strings of one parse, freed all at once. */
typedef struct lm_arena_block lm_arena_block;
typedef struct {
    lm_arena_block *head;
    int failed;
} lm_arena;
void lm_arena_init(lm_arena *a);
void lm_arena_clear(lm_arena *a);
void *lm_arena_alloc(lm_arena *a, size_t n);            /* zeroed; NULL on failure */
char *lm_arena_strndup(lm_arena *a, const char *s, size_t n);

typedef enum {
    /* expressions */
    LM_AST_NUM,      /* text: a decimal literal; unit: optional unit text after it */
    LM_AST_NAME,     /* text: a symbol or (dotted) definition name */
    LM_AST_GLOB,     /* text: "prefix" of prefix.* (only inside sum()) */
    LM_AST_BINOP,    /* op: '+', '-', '*', '/', '^'; a, b */
    LM_AST_NEG,      /* a */
    LM_AST_CALL,     /* text: function name; args */
    LM_AST_IF,       /* cond, a (then), b (else) */
    LM_AST_WITH,     /* a: the expression; args: DEF bindings (text: a symbol or option) */
    /* conditions on options */
    LM_AST_COND_EQ,  /* text: option, args: one NAME (value); op '=' or '!' for != */
    LM_AST_COND_IN,  /* text: option, args: NAME values */
    LM_AST_COND_AND, /* a, b */
    LM_AST_COND_OR,  /* a, b */
    LM_AST_COND_NOT, /* a */
    LM_AST_COND_CMP, /* op: '<', '>', 'l' (<=), 'g' (>=); a, b: expressions */
    LM_AST_COND_INT, /* integer(a): a is a whole number */
    /* statements */
    LM_AST_SYMBOL,     /* text: name; unit; strs[0..2]: plain, latex, description; a: default */
    LM_AST_OPTION,     /* text: name; args: NAME values; strs[2]: description */
    LM_AST_DEF,        /* text: name; unit; a: expr; strs[2]: description */
    LM_AST_MODEL,      /* text: name; parent; strs[2]: description; args: DEF assignments */
    LM_AST_CONVENTION, /* text: name; parent; strs[2]: description; args: DEF definitions */
    LM_AST_INCLUDE,    /* strs[0]: path */
    LM_AST_WHEN,       /* cond; args: DEF settings of symbols that hold when cond does */
    LM_AST_CHECK       /* op: 'r' require (an error) or 'e' expect (a warning); cond; strs[2] */
} lm_ast_kind;

typedef struct lm_ast lm_ast;
struct lm_ast {
    lm_ast_kind kind;
    int op;
    lm_span span;
    const char *text;
    const char *unit;     /* unit text, or NULL */
    lm_span unit_span;
    const char *parent;   /* models and conventions: the `extends` name, or NULL */
    lm_span parent_span;
    const char *strs[3];
    lm_ast *a, *b, *cond;
    lm_ast **args;
    size_t nargs;
    lm_ast *next;         /* statement lists */
};

/* A parsed file: its statements in order. */
typedef struct {
    lm_arena arena;
    lm_ast *first, *last;
} lm_ast_file;

/* Parse a whole source (statements) or a single expression (for calc, -s and --le).
 * Errors go to `diags`; the parser recovers at line ends to report several.
 * Returns 0 on success, -1 when errors were reported. Limits: max_depth (nesting) and
 * max_token (the bytes of a name or number). */
int lm_parse_file(lm_ast_file *out, const lm_source *src, lm_diags *diags,
                  const lm_limits *lim);
/* The expression starts at byte `offset` of the source (columns still count from 1). */
int lm_parse_expr(lm_ast_file *out, lm_ast **expr, const lm_source *src, size_t offset,
                  lm_diags *diags, const lm_limits *lim);
void lm_ast_file_init(lm_ast_file *f);
void lm_ast_file_clear(lm_ast_file *f);

/* The text a node was written as, when it lies on one line of its source: a pointer into
 * the source and its length in *len; NULL otherwise. */
const char *lm_span_text(const lm_span *s, size_t *len);
/* Is text[0..n) an option value: a whole number without leading zeros ("0", "3", "4090"),
 * or a name of letters, digits and '_' that starts with a letter or '_', in parts joined
 * by single '-' ("none", "h100-sxm", "a100-sxm-80gb")? */
int lm_option_word(const char *text, size_t n);

/* Constructors used by the parser (arena-allocated; NULL on failure). */
lm_ast *lm_ast_new(lm_arena *a, lm_ast_kind kind, const lm_span *span);
int lm_ast_push_arg(lm_arena *a, lm_ast *parent, lm_ast *child);

#endif
