/* host.c: a program with a yacc/lex parser of its own (yyparse, yylex, yyerror and their
 * globals) that embeds liblmcost: both must work, neither may call the other's symbols. */
#include "lmcost.h"
#include <stdio.h>
#include <string.h>

/* ---- the host's own parser: sums the numbers of `yyinput`, with bison's names ---------- */

typedef union {
    long num;
} YYSTYPE;
YYSTYPE yylval;
int yychar, yynerrs, yydebug, yylineno = 1, yyleng;
char *yytext;
FILE *yyin, *yyout;
static const char *yyinput = "1 + 2 + 39";
static int host_calls; /* calls into the host's parser */
static long host_sum;

int yywrap(void) { return 1; }

int yylex(void)
{
    host_calls++;
    while (*yyinput == ' ' || *yyinput == '+')
        yyinput++;
    if (!*yyinput)
        return 0;
    yylval.num = 0;
    for (; *yyinput >= '0' && *yyinput <= '9'; yyinput++)
        yylval.num = yylval.num * 10 + (*yyinput - '0');
    return 258;
}

void yyerror(const char *msg);
void yyerror(const char *msg)
{
    host_calls++;
    yynerrs++;
    fprintf(stderr, "host: %s\n", msg);
}

int yyparse(void);
int yyparse(void)
{
    host_calls++;
    while ((yychar = yylex()) != 0)
        host_sum += yylval.num;
    return 0;
}

/* ---- checks, printed as a check script's lines -------------------------------------- */

static int failed;

static void check(const char *name, int ok, const char *got)
{
    if (ok) {
        printf("ok host: %s\n", name);
    } else {
        printf("FAIL host: %s\n", name);
        if (got)
            printf("  got: %s\n", got);
        failed = 1;
    }
}

static void check_str(const char *name, const char *got, const char *want)
{
    check(name, got && strcmp(got, want) == 0, got ? got : "(null)");
}

int main(void)
{
    lmcost *s = lmcost_new();
    check("lmcost_new", s != NULL, NULL);
    if (!s)
        return 1;
    check("load the built-in library", lmcost_load_builtin(s) == 0, lmcost_errors(s));
    check("select gpt2-xl", lmcost_select(s, "gpt2-xl", NULL, 0) == 0, lmcost_errors(s));
    char *v = lmcost_value(s, "params");
    check_str("gpt2-xl params", v, "1557611200");
    lmcost_string_free(v);
    check("an unknown name fails", lmcost_value(s, "paramz") == NULL, NULL);
    check_str("its message", lmcost_errors(s),
              "error: unknown definition 'paramz' (did you mean 'params'?)\n");
    check("a syntax error fails", lmcost_calc(s, "2 +* 3", LMCOST_PLAIN) == NULL, NULL);
    check_str("its message", lmcost_errors(s),
              "<expression>:1:4: error: syntax error, unexpected '*'\n"
              "    1 | 2 +* 3\n"
              "      |    ^\n");
    lmcost_free(s);
    check("the library never called the host's parser", host_calls == 0, NULL);
    check("the host's parser still works", yyparse() == 0 && host_sum == 42 && yynerrs == 0,
          NULL);
    return failed;
}
