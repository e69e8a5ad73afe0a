/* parser.y: the pure bison grammar of the .lm language, building the AST in an arena.
 * Statements end at a line end (or ';'); a line continues after an operator or inside ( ). */
%code requires {
#include "lang/ast.h"
typedef struct {
    lm_ast_file *file;
    lm_ast *expr;        /* the result of an expression parse */
    const lm_source *src;
    lm_diags *diags;
    unsigned depth, max_depth;
    size_t alloc_failures; /* lm_alloc_failures() when the parse began */
} lm_parse_state;
}

%code provides {
/* flex's bison bridge and our own code say YYSTYPE and YYLTYPE; api.prefix renamed them. */
#ifndef YYSTYPE
#define YYSTYPE LM_YYSTYPE
#endif
#ifndef YYLTYPE
#define YYLTYPE LM_YYLTYPE
#endif
typedef struct {
    const lm_source *src;
    lm_diags *diags;
    lm_arena *arena;
    int paren, eof_done, single_expr, start_token;
    void *fatal; /* a jmp_buf: flex's fatal errors (out of memory) unwind to the parse */
    void *blocks; /* every block flex holds, so an unwound scanner can still be freed */
    int line, col;
    size_t max_token;
    YYLTYPE comment_start;
    YYLTYPE paren_open; /* the outermost '(' still open, for "unclosed '('" at the end */
} lm_lexer_extra;
int lm_yylex(YYSTYPE *lval, YYLTYPE *lloc, void *scanner);
void lm_lex_free_all(lm_lexer_extra *x);
}

%code {
#include <string.h>
#include "base/alloc.h"
#define YYMALLOC lm_malloc
#define YYFREE lm_free
/* Deeper nesting than this is reported as an error, never a stack overflow. */
#define YYMAXDEPTH (ps->max_depth * 4 + 64)
/* The text of a followed by the text of b, in the parse's arena. */
static const char *join(lm_parse_state *ps, const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = lm_arena_alloc(&ps->file->arena, na + nb + 1);
    if (s) {
        memcpy(s, a, na);
        memcpy(s + na, b, nb + 1);
    }
    return s;
}

static void lm_yyerror(YYLTYPE *loc, void *scanner, lm_parse_state *ps, const char *msg);
lm_lexer_extra *lm_yyget_extra(void *scanner);
static lm_span span_of(const lm_parse_state *ps, const YYLTYPE *l);
static lm_ast *node(lm_parse_state *ps, lm_ast_kind k, const YYLTYPE *l);
static lm_ast *binop(lm_parse_state *ps, int op, lm_ast *a, lm_ast *b, const YYLTYPE *l);
static lm_ast *with_unit(lm_parse_state *ps, lm_ast *e, const char *unit, const YYLTYPE *ul,
                         const YYLTYPE *l);
static void add_stmt(lm_parse_state *ps, lm_ast *s);
static const char *join(lm_parse_state *ps, const char *a, const char *b);
static lm_ast *value_node(lm_parse_state *ps, const lm_ast *e, const YYLTYPE *l);
#define NODE(k, l) do { yyval.node = node(ps, (k), &(l)); if (!yyval.node) YYNOMEM; } while (0)
#define CHECK(p) do { if (!(p)) YYNOMEM; } while (0)
}

%define api.pure full
%define api.prefix {lm_yy}
%define api.token.prefix {T_}
%define parse.error detailed
%locations
%expect 0
%param {void *scanner}
%parse-param {lm_parse_state *ps}

%union {
    const char *str;
    lm_ast *node;
}

%token <str> NAME "name" NUMBER "number" UNIT "unit" STRING "string" UNITSPEC "[unit]"
%token <str> MNAME "model or convention name" GLOB "name.*"
%token NL "end of line"
/* Keywords and operators are quoted in messages ("unexpected 'then'"), as bison quotes
 * the one-character tokens ("unexpected '*'"). */
%token SYMBOL "'symbol'" OPTION "'option'" MODEL "'model'" CONVENTION "'convention'"
%token EXTENDS "'extends'" INCLUDE "'include'" IF "'if'" THEN "'then'" ELSE "'else'"
%token AND "'and'" OR "'or'" NOT "'not'" IN "'in'" EQ "'=='" NE "'!='" LE "'<='" GE "'>='"
%token REQUIRE "'require'" EXPECT "'expect'" INTEGER "'integer'" WITH "'with'" WHEN "'when'"
%token EXPR_START "expression start"

%type <node> expr primary cond args names def symbol_decl option_decl values block
%type <node> block_body stmt opt_default bindings binding value
%type <str> opt_unit opt_string opt_extends string

%precedence WITH
%precedence IFX
%left OR
%left AND
%precedence NOT
%left '+' '-'
%left '*' '/'
%precedence NEG
%right '^'

%%

input: file
     | EXPR_START expr { ps->expr = $2; }
     ;

file: %empty
    | file NL
    | file stmt NL        { if ($2) add_stmt(ps, $2); }
    | file error NL       { yyerrok; }
    ;

/* stmt := symbol_decl | option_decl | def | model | convention | include */
stmt: symbol_decl
    | option_decl
    | def
    | block
    | INCLUDE STRING      { NODE(LM_AST_INCLUDE, @$); $$->strs[0] = $2; }
    /* require cond "message" | expect cond "message" */
    | REQUIRE cond string { NODE(LM_AST_CHECK, @$); $$->op = 'r'; $$->cond = $2; $$->strs[2] = $3; }
    | EXPECT cond string  { NODE(LM_AST_CHECK, @$); $$->op = 'e'; $$->cond = $2; $$->strs[2] = $3; }
    ;

/* symbol NAME [UNIT]? "plain" "latex" "description" (= default)? */
symbol_decl: SYMBOL NAME opt_unit STRING STRING string opt_default {
        NODE(LM_AST_SYMBOL, @2);
        $$->text = $2; $$->unit = $3; $$->unit_span = span_of(ps, &@3);
        $$->strs[0] = $4; $$->strs[1] = $5; $$->strs[2] = $6; $$->a = $7;
    }
    ;

opt_default: %empty { $$ = NULL; }
           | '=' nls expr { $$ = $3; }
           ;

/* option NAME = value | value ... "description"? (the first value is the default; a line
 * continues after a '|'). A value is a name, which may have '-' in it (h100-sxm), or a
 * whole number (zero = 0 | 1 | 2 | 3); it is read as an expression, then taken as the
 * text it was written as. */
option_decl: OPTION NAME '=' values opt_string {
        $$ = $4; $$->kind = LM_AST_OPTION; $$->span = span_of(ps, &@2);
        $$->text = $2; $$->strs[2] = $5;
    }
    ;

values: value             { NODE(LM_AST_OPTION, @$); CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $1)); }
      | values '|' nls value { $$ = $1; CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $4)); }
      ;

value: expr               { $$ = value_node(ps, $1, &@1); CHECK($$); }
     ;

/* NAME [UNIT]? = expr "description"? (in a model body: NAME = expr) */
def: NAME opt_unit '=' nls expr opt_string {
        NODE(LM_AST_DEF, @1);
        $$->text = $1; $$->unit = $2; $$->unit_span = span_of(ps, &@2);
        $$->a = $5; $$->strs[2] = $6;
    }
    ;

/* model NAME (extends NAME)? "description"? { assignments }   (likewise convention) */
block: MODEL MNAME opt_extends opt_string '{' block_body '}' {
        $$ = $6; $$->kind = LM_AST_MODEL; $$->span = span_of(ps, &@2);
        $$->text = $2; $$->parent = $3; $$->parent_span = span_of(ps, &@3); $$->strs[2] = $4;
    }
     | CONVENTION MNAME opt_extends opt_string '{' block_body '}' {
        $$ = $6; $$->kind = LM_AST_CONVENTION; $$->span = span_of(ps, &@2);
        $$->text = $2; $$->parent = $3; $$->parent_span = span_of(ps, &@3); $$->strs[2] = $4;
    }
    /* when cond { NAME = expr ... }: symbols' values while cond holds */
     | WHEN cond '{' block_body '}' {
        $$ = $4; $$->kind = LM_AST_WHEN; $$->span = span_of(ps, &@2); $$->cond = $2;
    }
    ;

opt_extends: %empty { $$ = NULL; }
           | EXTENDS MNAME { $$ = $2; }
           ;

block_body: nls                   { NODE(LM_AST_MODEL, @$); }
          | block_body def nls1   { $$ = $1; if ($2) CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $2)); }
          | block_body def        { $$ = $1; if ($2) CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $2)); }
          | block_body error nls1 { $$ = $1; yyerrok; }
          ;

opt_unit: %empty { $$ = NULL; }
        | UNITSPEC
        ;

opt_string: %empty { $$ = NULL; }
          | string
          ;

/* string := STRING | string + STRING: a long text joined from pieces, the '+' ending a line
 * so that the text goes on in the next one */
string: STRING
      | string '+' nls STRING { $$ = join(ps, $1, $4); CHECK($$); }
      ;

nls: %empty | nls NL ;
nls1: NL | nls1 NL ;

/* expr := expr op expr | -expr | primary | if cond then expr else expr
 *       | expr with (NAME = expr, ...)   (with takes the lowest precedence: it applies to
 *                                          the whole expression before it) */
expr: expr '+' nls expr   { $$ = binop(ps, '+', $1, $4, &@$); CHECK($$); }
    | expr '-' nls expr   { $$ = binop(ps, '-', $1, $4, &@$); CHECK($$); }
    | expr '*' nls expr   { $$ = binop(ps, '*', $1, $4, &@$); CHECK($$); }
    | expr '/' nls expr   { $$ = binop(ps, '/', $1, $4, &@$); CHECK($$); }
    | expr '^' nls expr   { $$ = binop(ps, '^', $1, $4, &@$); CHECK($$); }
    | '-' expr %prec NEG  { NODE(LM_AST_NEG, @$); $$->a = $2; }
    | '+' expr %prec NEG  { $$ = $2; }
    | IF cond THEN nls expr nls ELSE nls expr %prec IFX {
        NODE(LM_AST_IF, @1); $$->cond = $2; $$->a = $5; $$->b = $9;
    }
    | expr WITH '(' bindings ')' { $$ = $4; $$->span = span_of(ps, &@$); $$->a = $1; }
    | primary
    ;

primary: NUMBER           { NODE(LM_AST_NUM, @$); $$->text = $1; }
       | NUMBER UNIT      { NODE(LM_AST_NUM, @$); $$->text = $1; $$->unit = $2;
                            $$->unit_span = span_of(ps, &@2); }
       | NAME             { NODE(LM_AST_NAME, @$); $$->text = $1; }
       | GLOB             { NODE(LM_AST_GLOB, @$); $$->text = $1; }
       | NAME '(' args ')' { $$ = $3; $$->kind = LM_AST_CALL; $$->text = $1; $$->span = span_of(ps, &@$); }
       | NAME '(' args ')' UNIT {
                            lm_ast *f = $3; f->kind = LM_AST_CALL; f->text = $1;
                            f->span = span_of(ps, &@1);
                            f->span.end_line = @4.last_line; f->span.end_col = @4.last_column;
                            $$ = with_unit(ps, f, $5, &@5, &@$); CHECK($$); }
       | '(' expr ')'     { $$ = $2; }
       | '(' expr ')' UNIT { $$ = with_unit(ps, $2, $4, &@4, &@$); CHECK($$); }
       ;

/* bindings := NAME = expr (, NAME = expr)*: a symbol set to a value, or an option to one of
 * its values */
bindings: binding         { NODE(LM_AST_WITH, @$); CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $1)); }
        | bindings ',' binding { $$ = $1; CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $3)); }
        ;

binding: NAME '=' expr    { NODE(LM_AST_DEF, @1); $$->text = $1; $$->a = $3; }
       ;

args: expr                { NODE(LM_AST_CALL, @$); CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $1)); }
    | args ',' expr       { $$ = $1; CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $3)); }
    ;

/* cond := NAME == value | NAME != value | NAME in (values) | expr < expr (<=, >, >=)
 *       | cond and cond | cond or cond | not cond   (a line continues after 'and', 'or') */
cond: NAME EQ value       { NODE(LM_AST_COND_EQ, @$); $$->text = $1; $$->op = '=';
                            CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $3)); }
    | NAME NE value       { NODE(LM_AST_COND_EQ, @$); $$->text = $1; $$->op = '!';
                            CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $3)); }
    | NAME IN '(' names ')' { $$ = $4; $$->kind = LM_AST_COND_IN; $$->text = $1; $$->span = span_of(ps, &@$); }
    | cond AND nls cond   { NODE(LM_AST_COND_AND, @$); $$->a = $1; $$->b = $4; }
    | cond OR nls cond    { NODE(LM_AST_COND_OR, @$); $$->a = $1; $$->b = $4; }
    | NOT cond            { NODE(LM_AST_COND_NOT, @$); $$->a = $2; }
    | expr '<' expr       { NODE(LM_AST_COND_CMP, @$); $$->op = '<'; $$->a = $1; $$->b = $3; }
    | expr '>' expr       { NODE(LM_AST_COND_CMP, @$); $$->op = '>'; $$->a = $1; $$->b = $3; }
    | expr LE expr        { NODE(LM_AST_COND_CMP, @$); $$->op = 'l'; $$->a = $1; $$->b = $3; }
    | expr GE expr        { NODE(LM_AST_COND_CMP, @$); $$->op = 'g'; $$->a = $1; $$->b = $3; }
    | INTEGER '(' expr ')' { NODE(LM_AST_COND_INT, @$); $$->a = $3; }
    ;

names: value              { NODE(LM_AST_COND_IN, @$); CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $1)); }
     | names ',' value    { $$ = $1; CHECK(!lm_ast_push_arg(&ps->file->arena, $$, $3)); }
     ;

%%

static lm_span span_of(const lm_parse_state *ps, const YYLTYPE *l)
{
    lm_span s = {ps->src, l->first_line, l->first_column, l->last_line, l->last_column};
    return s;
}

static lm_ast *node(lm_parse_state *ps, lm_ast_kind k, const YYLTYPE *l)
{
    lm_span s = span_of(ps, l);
    return lm_ast_new(&ps->file->arena, k, &s);
}

/* An option value written as an expression (h100-sxm reads as h100 - sxm): a NAME node
 * with the text it was written as, which must be an option word (lm_option_word). */
static lm_ast *value_node(lm_parse_state *ps, const lm_ast *e, const YYLTYPE *l)
{
    lm_ast *v = node(ps, LM_AST_NAME, l);
    if (!v)
        return NULL;
    size_t n = 0;
    const char *t = e->kind == LM_AST_NAME ? e->text : lm_span_text(&v->span, &n);
    if (e->kind == LM_AST_NAME)
        n = strlen(t);
    if (!t || !lm_option_word(t, n)) {
        lm_diag_add(ps->diags, LM_SEV_ERROR, &v->span, "an option value is a name (letters, "
                    "digits, '_', parts joined by '-') or a whole number");
        t = "?";
        n = 1;
    }
    v->text = lm_arena_strndup(&ps->file->arena, t, n);
    return v->text ? v : NULL;
}

static lm_ast *binop(lm_parse_state *ps, int op, lm_ast *a, lm_ast *b, const YYLTYPE *l)
{
    lm_ast *n = node(ps, LM_AST_BINOP, l);
    if (n) {
        n->op = op;
        n->a = a;
        n->b = b;
    }
    return n;
}

/* (expr) UNIT and f(args) UNIT: the whole value times one of the unit. */
static lm_ast *with_unit(lm_parse_state *ps, lm_ast *e, const char *unit, const YYLTYPE *ul,
                         const YYLTYPE *l)
{
    lm_ast *one = node(ps, LM_AST_NUM, ul);
    if (!one)
        return NULL;
    one->text = "1";
    one->unit = unit;
    one->unit_span = one->span;
    return binop(ps, '*', e, one, l);
}

static void add_stmt(lm_parse_state *ps, lm_ast *s)
{
    if (ps->file->last)
        ps->file->last->next = s;
    else
        ps->file->first = s;
    ps->file->last = s;
}

static void lm_yyerror(YYLTYPE *loc, void *scanner, lm_parse_state *ps, const char *msg)
{
    lm_span s = span_of(ps, loc);
    if (lm_alloc_failures() != ps->alloc_failures) {
        /* the scanner was starved of memory: what it gave the parser is not the input,
         * and no syntax error is made up from it */
        ps->diags->oom = 1;
        return;
    }
    if (strcmp(msg, "memory exhausted") == 0) {
        /* bison says this both when its stack would pass YYMAXDEPTH and when it cannot
         * allocate one: only the second is out of memory. */
        if (lm_alloc_failures() != ps->alloc_failures) {
            ps->diags->oom = 1;
            return;
        }
        lm_diag_limit(ps->diags, &s, LM_LIMIT_DEPTH, ps->max_depth, "input nested too deeply");
        return;
    }
    /* A command-line expression (calc, -s, --le) has no file to end. */
    const char *eof = strstr(msg, "end of file");
    if (eof && lm_yyget_extra(scanner)->single_expr) {
        const char *eof2 = strstr(eof + 11, "end of file");
        if (eof2)
            lm_diag_add(ps->diags, LM_SEV_ERROR, &s, "%.*send of the expression%.*send of the "
                        "expression%s", (int)(eof - msg), msg, (int)(eof2 - eof - 11), eof + 11,
                        eof2 + 11);
        else
            lm_diag_add(ps->diags, LM_SEV_ERROR, &s, "%.*send of the expression%s",
                        (int)(eof - msg), msg, eof + 11);
        return;
    }
    lm_diag_add(ps->diags, LM_SEV_ERROR, &s, "%s", msg);
    /* Inside an unclosed '(' line ends are not statement ends, so the error may be lines
     * after the real mistake: say where the '(' is, and forget it, so that recovery can
     * resume at the next line end and report the errors after this one. */
    lm_lexer_extra *x = lm_yyget_extra(scanner);
    if (x->paren > 0 && !x->single_expr) {
        if (x->paren_open.first_line < loc->first_line) {
            lm_span o = span_of(ps, &x->paren_open);
            lm_diag_add(ps->diags, LM_SEV_NOTE, &o, "this '(' is not closed before the error");
        }
        x->paren = 0;
    }
}
