/* parse.c: entry points that run the flex scanner and bison parser over one source.
 * The scanner's state (position, nesting, the arena) lives in lm_lexer_extra. */
#include "lang/ast.h"
#include "parser.h"
#include "lexer.h"
#include "base/alloc.h"
#include <setjmp.h>

static int run(lm_ast_file *out, lm_ast **expr, const lm_source *src, size_t offset,
               lm_diags *diags, const lm_limits *lim)
{
    lm_lexer_extra x = {0};
    x.src = src;
    x.diags = diags;
    x.arena = &out->arena;
    x.line = 1;
    x.col = (int)offset + 1;
    x.max_token = (size_t)lim->max_token; /* longer names are an error, not a slowdown */
    x.single_expr = expr != NULL;
    x.start_token = expr ? T_EXPR_START : 0;
    lm_parse_state ps = {out, NULL, src, diags, 0, lim->max_depth, lm_alloc_failures()};
    jmp_buf fatal;
    x.fatal = &fatal;
    yyscan_t scanner;
    if (lm_yylex_init_extra(&x, &scanner)) {
        diags->oom = 1;
        return -1;
    }
    int before = diags->errors;
    volatile int rc = 2;
    if (setjmp(fatal) == 0) {
        YY_BUFFER_STATE buf =
            lm_yy_scan_bytes(src->text + offset, (int)(src->len - offset), scanner);
        rc = lm_yyparse(scanner, &ps);
        lm_yy_delete_buffer(buf, scanner);
        lm_yylex_destroy(scanner);
    } else {
        lm_lex_free_all(&x); /* flex ran out of memory half-way: free what it holds */
    }
    if (lm_alloc_failures() != ps.alloc_failures || out->arena.failed)
        diags->oom = 1;
    if (expr)
        *expr = ps.expr;
    return rc != 0 || diags->errors > before || diags->oom ? -1 : 0;
}

int lm_parse_file(lm_ast_file *out, const lm_source *src, lm_diags *diags,
                  const lm_limits *lim)
{
    return run(out, NULL, src, 0, diags, lim);
}

int lm_parse_expr(lm_ast_file *out, lm_ast **expr, const lm_source *src, size_t offset,
                  lm_diags *diags, const lm_limits *lim)
{
    *expr = NULL;
    return run(out, expr, src, offset, diags, lim);
}
