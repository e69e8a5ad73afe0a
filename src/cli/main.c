/* main.c: lmcost's entry point: parses the command line and runs one command.
 * Exit status: 0 on success, 1 on bad input or usage; stdout is written only on success. */
#include "cli.h"
#include "lmcost.h"
#include "base/alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LMCOST_VERSION "0.1.0"

static const char usage[] =
    "usage: lmcost [COMMAND] [ARGS] [OPTIONS]\n"
    "\n"
    "Exact symbolic costs of transformer language models.\n"
    "\n"
    "commands:\n"
    "  report                  answer every question of the accounting exercise (default)\n"
    "  calc EXPR               simplify an expression and print its canonical form\n"
    "  show NAME...            print definitions' formulas\n"
    "  eval NAME...            print definitions' exact values\n"
    "  table PREFIX            hierarchical breakdown with each row's share of a total\n"
    "  solve NAME --le Q --for SYM   largest integer SYM with NAME <= Q\n"
    "  sweep NAME... -g SYM=RANGE...  evaluate over a grid, streaming csv or json\n"
    "  compare NAME            the quantity in every convention that defines it\n"
    "  check FILE              parse and validate a .lm file\n"
    "  list                    symbols, options, definitions, models and conventions\n"
    "\n"
    "options:\n"
    "  -m, --model NAME[,NAME] model preset (default gpt2-xl) or a config.json path\n"
    "  -c, --convention NAME   accounting convention (default standard)\n"
    "  -s, --set NAME=EXPR     set a symbol or an option (repeatable)\n"
    "  -k, --keep SYM[,SYM]    keep symbols symbolic although the model sets them\n"
    "  -S, --symbolic          keep every hyperparameter symbolic\n"
    "  -f, --file FILE         use FILE instead of the built-in library\n"
    "  -F, --format FMT        text, plain, unicode, latex, markdown, csv or json\n"
    "      --standalone        with -F latex: a whole document for pdflatex\n"
    "      --short             short symbol names (d instead of d_model)\n"
    "      --exact             print non-integers as exact fractions\n"
    "      --digits N          significant digits of rounded figures (default 7)\n"
    "      --total NAME        table: the total that shares are taken of\n"
    "      --collect SYM       show: collect the formula in SYM\n"
    "      --all               show: every definition\n"
    "  -g, --grid SYM=RANGE    sweep: a..b [step s], a..b x2, or a,b,c (repeatable)\n"
    "      --where 'NAME <= Q' sweep: keep only the rows that satisfy it\n"
    "      --max-terms N, --max-bits N, --max-exponent N, --max-depth N,\n"
    "      --max-token N, --max-file-bytes N, --max-solve-bits N\n"
    "                          raise or lower a limit (see the README)\n"
    "  -h, --help              this help\n"
    "  -V, --version           the version\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "lmcost: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'lmcost --help'.\n");
    return 1;
}

static int parse_format(const char *s, out_format *f)
{
    static const char *names[] = {"text", "plain", "unicode", "latex", "markdown", "csv", "json"};
    for (int i = 0; i < 7; i++)
        if (strcmp(s, names[i]) == 0) {
            *f = (out_format)i;
            return 0;
        }
    return -1;
}

/* Options may come before or after the command and its arguments. */
static int parse_args(int argc, char **argv, cli_opts *o, const char **pos)
{
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
#define TAKE()                                                                         \
    do {                                                                               \
        if (i + 1 >= argc)                                                             \
            return usage_error("option '%s' needs a value", a);                       \
        val = argv[++i];                                                               \
    } while (0)
        if (strcmp(a, "--") == 0) {
            while (++i < argc)
                pos[npos++] = argv[i];
            break;
        } else if (a[0] != '-' || a[1] == 0 || (a[1] >= '0' && a[1] <= '9') || a[1] == '(' ||
                   a[1] == '.') {
            pos[npos++] = a;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            exit(0);
        } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
            printf("lmcost %s\n", LMCOST_VERSION);
            exit(0);
        } else if (!strcmp(a, "-m") || !strcmp(a, "--model")) {
            TAKE();
            o->model = val;
        } else if (!strcmp(a, "-c") || !strcmp(a, "--convention")) {
            TAKE();
            o->conv = val;
        } else if (!strcmp(a, "-s") || !strcmp(a, "--set")) {
            TAKE();
            o->sets[o->nsets++] = val;
        } else if (!strcmp(a, "-k") || !strcmp(a, "--keep")) {
            TAKE();
            o->keeps[o->nkeeps++] = val;
        } else if (!strcmp(a, "-S") || !strcmp(a, "--symbolic")) {
            o->symbolic = 1;
        } else if (!strcmp(a, "-f") || !strcmp(a, "--file")) {
            TAKE();
            o->file = val;
        } else if (!strcmp(a, "-F") || !strcmp(a, "--format")) {
            TAKE();
            if (parse_format(val, &o->fmt))
                return usage_error("unknown format '%s' (text, plain, unicode, latex, markdown, csv, json)", val);
            o->fmt_given = 1;
        } else if (!strcmp(a, "--standalone")) {
            o->standalone = 1;
        } else if (!strcmp(a, "--short")) {
            o->short_names = 1;
        } else if (!strcmp(a, "--exact")) {
            o->exact = 1;
        } else if (!strcmp(a, "--all")) {
            o->all = 1;
        } else if (!strcmp(a, "--digits")) {
            TAKE();
            char *end;
            long d = strtol(val, &end, 10);
            if (*end || d < 1 || d > 1000)
                return usage_error("--digits takes a whole number from 1 to 1000, not '%s'", val);
            o->digits = (int)d;
        } else if (!strcmp(a, "--le")) {
            TAKE();
            o->le = val;
        } else if (!strcmp(a, "--ge")) {
            TAKE();
            o->ge = val;
        } else if (!strcmp(a, "--for")) {
            TAKE();
            o->for_sym = val;
        } else if (!strcmp(a, "-g") || !strcmp(a, "--grid")) {
            TAKE();
            o->grids[o->ngrids++] = val;
        } else if (!strcmp(a, "--where")) {
            TAKE();
            o->where = val;
        } else if (!strncmp(a, "--max-", 6)) {
            static const char *names[] = {"--max-terms", "--max-bits", "--max-exponent",
                                          "--max-depth", "--max-token", "--max-file-bytes",
                                          "--max-solve-bits"};
            int k = 0;
            while (k < 7 && strcmp(a, names[k]) != 0)
                k++;
            if (k == 7)
                return usage_error("unknown option '%s'", a);
            TAKE();
            char *end;
            unsigned long long v = strtoull(val, &end, 10);
            if (*end || !*val || val[0] == '-' || v == 0 || v > (1ull << 40))
                return usage_error("the limit takes a whole number from 1 to 2^40, not '%s'", val);
            lm_limits *l = &o->limits;
            if (k == 0) l->max_terms = v;
            else if (k == 1) l->max_bits = v;
            else if (k == 2) l->max_exponent = (int64_t)v;
            else if (k == 3) l->max_depth = v > 100000 ? 100000 : (uint32_t)v;
            else if (k == 4) l->max_token = v;
            else if (k == 5) l->max_file = v;
            else l->max_solve_bits = v > 100000 ? 100000 : v;
        } else if (!strcmp(a, "--total")) {
            TAKE();
            o->total = val;
        } else if (!strcmp(a, "--collect")) {
            TAKE();
            o->collect = val;
        } else {
            return usage_error("unknown option '%s'", a);
        }
#undef TAKE
    }
    o->args = pos;
    o->nargs = npos;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(cli *);
    } cmds[] = {{"calc", cmd_calc},   {"show", cmd_show},   {"eval", cmd_eval},
                {"check", cmd_check}, {"list", cmd_list},   {"table", cmd_table},
                {"solve", cmd_solve}, {"report", cmd_report}, {"sweep", cmd_sweep},
                {"compare", cmd_compare}};
    lmcost_route_gmp_memory(); /* out of memory inside GMP is an error, not an abort */
    cli_opts o;
    memset(&o, 0, sizeof o);
    o.digits = 7;
    lm_limits_default(&o.limits);
    const char **pos = calloc((size_t)argc + 1, sizeof *pos);
    o.sets = calloc((size_t)argc + 1, sizeof *o.sets);
    o.keeps = calloc((size_t)argc + 1, sizeof *o.keeps);
    o.grids = calloc((size_t)argc + 1, sizeof *o.grids);
    if (!pos || !o.sets || !o.keeps || !o.grids) {
        fprintf(stderr, "lmcost: error: out of memory\n");
        return 1;
    }
    int rc = parse_args(argc, argv, &o, pos);
    int (*run)(cli *) = cmd_report;
    if (!rc && o.nargs > 0) {
        size_t k = 0;
        while (k < sizeof cmds / sizeof cmds[0] && strcmp(cmds[k].name, o.args[0]) != 0)
            k++;
        if (k == sizeof cmds / sizeof cmds[0]) {
            rc = usage_error("unknown command '%s'", o.args[0]);
        } else {
            o.cmd = cmds[k].name;
            run = cmds[k].run;
            o.args++;
            o.nargs--;
        }
    } else {
        o.cmd = "report";
    }
    if (!rc) {
        cli c;
        memset(&c, 0, sizeof c);
        c.o = &o;
        lm_diags_init(&c.diags);
        lm_buf_init(&c.out);
        rc = run(&c);
        int drc = cli_report_diags(&c);
        if (!rc && drc)
            rc = drc;
        if (!rc && c.out.failed) {
            fprintf(stderr, "lmcost: error: out of memory\n");
            rc = 1;
        }
        if (!rc)
            fwrite(lm_buf_str(&c.out), 1, c.out.len, stdout);
        lm_buf_clear(&c.out);
        lm_instance_free(c.in);
        lm_env_free(c.env);
        lm_diags_clear(&c.diags);
    }
    free(pos);
    free(o.sets);
    free(o.keeps);
    free(o.grids);
    if (!rc && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "lmcost: error: cannot write the output\n");
        rc = 1;
    }
    return rc;
}
