/* cli.h: the command line's shared state: options, library, instance, diagnostics, writer.
 * Only the CLI prints; it writes stdout once, at the end, and only when a command succeeded. */
#ifndef LM_CLI_H
#define LM_CLI_H
#include "sem/env.h"
#include "print/print.h"
#include "writer.h"

typedef struct {
    const char *cmd;
    const char **args;
    int nargs;
    out_format fmt;
    int fmt_given;
    const char *model, *conv, *file;
    const char **sets;
    int nsets;
    const char **keeps;
    int nkeeps;
    int symbolic, standalone, short_names, exact, all, inference;
    int digits, decimal;
    const char *le, *ge, *for_sym, *total, *collect;
    const char **grids; /* sweep: -g/--grid NAME=RANGE (repeatable) */
    int ngrids;
    const char *where;  /* sweep: --where 'NAME <= QUANTITY' */
    const char *devices, *top; /* search: --devices N, --top K */
    const char **bounds; /* plot: every --le QUANTITY (solve takes the last, le) */
    int nbounds;
    int share;          /* plot: --share */
    lm_limits limits;   /* --max-*: the library's defaults unless raised or lowered */
} cli_opts;

typedef struct {
    cli_opts *o;
    lm_env *env;
    lm_instance *in;
    lm_diags diags;
    wr *w;      /* the output document; main renders it into out */
    lm_buf out;
    unsigned char *seen; /* the symbols the spelled formulas use (notation.c) */
} cli;

/* Load the library (or -f FILE) and make the instance for this command. */
int cli_setup(cli *c, lm_mode mode);
int cli_load(cli *c);
/* A further instance for `model` (NULL: the default) with the command's settings. */
lm_instance *cli_instance(cli *c, const char *model, lm_mode mode);
/* Print diagnostics to stderr; returns the exit status for them (0 if no errors). */
int cli_report_diags(cli *c);

/* How formulas are spelled (the writer's wr_opts.spell; c is the cli): a denominator
 * common to every term pulled out, the rest collected in --collect, the first -k symbol, or
 * batch_size. */
int cli_spell(void *c, lm_buf *b, const lm_poly *p, lm_fmt f);
/* The table of symbols (notation.c): cli_spell notes the symbols of every formula it
 * spells; cli_symbols writes them as the document's table of symbols, with their values
 * in `values` when it is not NULL. */
void cli_note_symbols(cli *c, const lm_poly *p);
int cli_symbols(cli *c, lm_instance *values);
/* show and eval in a whole LaTeX document: its title, and its table of symbols with the
 * values of the -m model (none without -m). */
void cli_sheet_title(cli *c, int formulas);
int cli_sheet_symbols(cli *c);
/* show and eval: the instance, the definitions to show (the arguments, or with --all every
 * one; lm_free them), and a document of records of numbers or formulas. */
int cli_definitions(cli *c, const char ***names, size_t *n, int formulas);
/* Elaborate each definition once before any is shown: a number one of them keeps (it
 * decides a condition under -S or -k) then holds in all of them. */
int cli_settle(cli *c, lm_instance *in, const char *const *names, size_t n);

/* Commands. */
int cmd_calc(cli *c);
int cmd_show(cli *c);
int cmd_eval(cli *c);
int cmd_check(cli *c);
int cmd_list(cli *c);
int cmd_table(cli *c);
int cmd_solve(cli *c);
int cmd_report(cli *c);
int cmd_sweep(cli *c);
int cmd_compare(cli *c);
int cmd_search(cli *c);
int cmd_plot(cli *c);

#endif
