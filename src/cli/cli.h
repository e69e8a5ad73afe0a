/* cli.h: the command-line front end's shared state: options, output and error printing.
 * Only the CLI prints; it writes stdout once, at the end, and only when a command succeeded. */
#ifndef LM_CLI_H
#define LM_CLI_H
#include "sem/env.h"
#include "print/print.h"

typedef enum {
    OUT_TEXT, OUT_PLAIN, OUT_UNICODE, OUT_LATEX, OUT_MARKDOWN, OUT_CSV, OUT_JSON
} out_format;

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
    int symbolic, standalone, short_names, exact, all;
    int digits;
    const char *le, *ge, *for_sym, *total, *collect;
    const char **grids; /* sweep: -g/--grid NAME=RANGE (repeatable) */
    int ngrids;
    const char *where;  /* sweep: --where 'NAME <= QUANTITY' */
    lm_limits limits;   /* --max-*: the library's defaults unless raised or lowered */
} cli_opts;

typedef struct {
    cli_opts *o;
    lm_env *env;
    lm_instance *in;
    lm_diags diags;
    lm_buf out;
} cli;

/* Load the library (or -f FILE) and make the instance for this command. */
int cli_setup(cli *c, lm_mode mode);
int cli_load(cli *c);
/* A further instance for `model` (NULL: the default) with the command's settings. */
lm_instance *cli_instance(cli *c, const char *model, lm_mode mode);
/* Print diagnostics to stderr; returns the exit status for them (0 if no errors). */
int cli_report_diags(cli *c);

/* Formatting helpers (fmt.c). */
lm_print_opts cli_print_opts(const cli *c);
/* The value of a definition shown in its declared unit: v / def->scale. */
int cli_shown_value(cli *c, const lm_def *def, const lm_val *v, lm_poly *shown);
/* A number for this output format: plain/csv/json exact digits, text grouped. */
void cli_number(cli *c, lm_buf *b, const mpq_t q);
/* Human units for text: "(6.55 GB, 6.10 GiB)" for bytes, "(1.06 TFLOP)" for FLOPs. */
void cli_human(cli *c, lm_buf *b, const mpq_t base_value, lm_dim dim);
/* A unit name for a definition ("FLOP", "B", "day"), or the dimension. */
void cli_unit_name(lm_buf *b, const lm_def *def, lm_dim dim);
/* A formula in the output format, collected in kept variables when asked. */
int cli_formula(cli *c, lm_buf *b, const lm_poly *p);
void cli_json_string(lm_buf *b, const char *s);
void cli_latex_text(lm_buf *b, const char *s);
/* A unit after a formula in LaTeX: "\;\text{FLOP}"; B is spelled "bytes" there, since
 * the batch size prints as B too. Nothing for no unit. */
void cli_latex_unit(lm_buf *b, const char *unit);
/* A long LaTeX formula for an align* line: broken before a top-level + or - once a line
 * passes `width` characters of source, continuing with "\\ &\quad". */
void cli_latex_broken(lm_buf *b, const char *latex, size_t width);
int cli_const_value(cli *c, const char *name, const lm_def *def, const lm_val *v, mpq_t out);
/* A symbol a formula still depends on (inside floor, min, ... too), or NULL. */
const char *cli_free_symbol(const lm_poly *p, int depth);

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

#endif
