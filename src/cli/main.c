/* main.c: lmcost's entry point: parses the command line and runs one command.
 * Exit status: 0 on success, 1 on bad input or usage; stdout is written only on success. */
#include "cli.h"
#include "lmcost.h"
#include "base/alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    "  solve NAME --le Q --for SYM   largest integer SYM with NAME <= Q (smallest if NAME falls)\n"
    "  sweep NAME... -g SYM=RANGE...  evaluate over a grid, streaming csv or json\n"
    "  search --devices N      the fastest layouts on N devices that fit in memory\n"
    "  compare NAME            the quantity in every convention that defines it\n"
    "  plot NAME... [-g SYM=RANGE]   a plot (pgfplots, -F csv for its data)\n"
    "  check FILE              parse and validate a .lm file\n"
    "  list                    symbols, options, definitions, models and conventions\n"
    "\n"
    "options:\n"
    "  -m, --model NAME[,NAME] model preset (default gpt2-xl) or a config.json path\n"
    "  -c, --convention NAME   accounting convention (default standard)\n"
    "  -s, --set NAME=EXPR     set a symbol or an option (repeatable)\n"
    "  -k, --keep SYM[,SYM]    keep symbols symbolic although they have values\n"
    "  -S, --symbolic          the model's numbers become symbols\n"
    "  -f, --file FILE         use FILE instead of the built-in library\n"
    "  -F, --format FMT        text, plain, unicode, latex, markdown, csv or json\n"
    "      --standalone        with -F latex: a whole document for pdflatex\n"
    "      --short             short symbol names (d instead of d_model)\n"
    "      --exact             print non-integers as exact fractions\n"
    "      --decimal N         plain, csv: non-integers as decimals rounded to N digits\n"
    "      --digits N          significant digits of rounded figures (default 7)\n"
    "      --total NAME        table: the total that shares are taken of\n"
    "      --collect SYM       show: collect the formula in SYM\n"
    "      --all               show: every definition\n"
    "      --inference         report: add the inference section\n"
    "  -g, --grid SYM=RANGE    sweep: a..b [step s], a..b x2, or a,b,c (repeatable)\n"
    "      --where 'NAME <= Q' sweep: keep only the rows that satisfy it\n"
    "      --devices N         search: the number of devices\n"
    "      --top K             search: how many layouts to print (default 10)\n"
    "      --share             plot: each series as a share of its parent, stacked\n"
    "      --le Q              solve: the bound; plot: a line at Q (repeatable)\n"
    "      --max-terms N, --max-bits N, --max-exponent N, --max-depth N,\n"
    "      --max-token N, --max-file-bytes N, --max-solve-bits N, --max-size N\n"
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

enum {
    OPT_HELP, OPT_VERSION, OPT_MODEL, OPT_CONV, OPT_SET, OPT_KEEP, OPT_SYMBOLIC, OPT_FILE,
    OPT_FORMAT, OPT_STANDALONE, OPT_SHORT, OPT_EXACT, OPT_ALL, OPT_DIGITS, OPT_LE, OPT_GE,
    OPT_FOR, OPT_GRID, OPT_WHERE, OPT_TOTAL, OPT_COLLECT, OPT_DECIMAL, OPT_SHARE, OPT_DEVICES,
    OPT_TOP, OPT_INFERENCE, OPT_LIMIT
};

static const struct {
    const char *s, *l; /* short and long spelling (either may be NULL) */
    int id, value;     /* value: takes the next argument */
} options[] = {
    {"-h", "--help", OPT_HELP, 0},          {"-V", "--version", OPT_VERSION, 0},
    {"-m", "--model", OPT_MODEL, 1},        {"-c", "--convention", OPT_CONV, 1},
    {"-s", "--set", OPT_SET, 1},            {"-k", "--keep", OPT_KEEP, 1},
    {"-S", "--symbolic", OPT_SYMBOLIC, 0},  {"-f", "--file", OPT_FILE, 1},
    {"-F", "--format", OPT_FORMAT, 1},      {NULL, "--standalone", OPT_STANDALONE, 0},
    {NULL, "--short", OPT_SHORT, 0},        {NULL, "--exact", OPT_EXACT, 0},
    {NULL, "--all", OPT_ALL, 0},            {NULL, "--digits", OPT_DIGITS, 1},
    {NULL, "--le", OPT_LE, 1},              {NULL, "--ge", OPT_GE, 1},
    {NULL, "--for", OPT_FOR, 1},            {"-g", "--grid", OPT_GRID, 1},
    {NULL, "--where", OPT_WHERE, 1},        {NULL, "--total", OPT_TOTAL, 1},
    {NULL, "--collect", OPT_COLLECT, 1},    {NULL, "--decimal", OPT_DECIMAL, 1},
    {NULL, "--share", OPT_SHARE, 0},        {NULL, "--devices", OPT_DEVICES, 1},
    {NULL, "--top", OPT_TOP, 1},            {NULL, "--inference", OPT_INFERENCE, 0},
};

/* The --max-* options, in the order of set_limit. */
static const char *limit_names[] = {"--max-terms", "--max-bits", "--max-exponent",
                                    "--max-depth", "--max-token", "--max-file-bytes",
                                    "--max-solve-bits", "--max-size"};

/* The option a names: an index of options[], or OPT_LIMIT + k for limit_names[k]; -1 when
 * there is none. */
static int find_option(const char *a)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if ((options[i].s && !strcmp(a, options[i].s)) || !strcmp(a, options[i].l))
            return (int)i;
    for (int k = 0; k < (int)(sizeof limit_names / sizeof limit_names[0]); k++)
        if (!strcmp(a, limit_names[k]))
            return OPT_LIMIT + k;
    return -1;
}

static int set_limit(cli_opts *o, int k, const char *val)
{
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
    else if (k == 6) l->max_solve_bits = v > 100000 ? 100000 : v;
    else l->max_size = v;
    return 0;
}

static int set_option(cli_opts *o, int id, const char *val)
{
    char *end;
    long d;
    switch (id) {
    case OPT_HELP: fputs(usage, stdout); exit(0);
    case OPT_VERSION: printf("lmcost %s\n", lmcost_version()); exit(0);
    case OPT_MODEL: o->model = val; break;
    case OPT_CONV: o->conv = val; break;
    case OPT_SET: o->sets[o->nsets++] = val; break;
    case OPT_KEEP: o->keeps[o->nkeeps++] = val; break;
    case OPT_SYMBOLIC: o->symbolic = 1; break;
    case OPT_FILE: o->file = val; break;
    case OPT_FORMAT:
        if (parse_format(val, &o->fmt))
            return usage_error("unknown format '%s' (text, plain, unicode, latex, markdown, "
                               "csv, json)", val);
        o->fmt_given = 1;
        break;
    case OPT_STANDALONE: o->standalone = 1; break;
    case OPT_SHORT: o->short_names = 1; break;
    case OPT_EXACT: o->exact = 1; break;
    case OPT_ALL: o->all = 1; break;
    case OPT_DIGITS:
        d = strtol(val, &end, 10);
        if (*end || d < 1 || d > 1000)
            return usage_error("--digits takes a whole number from 1 to 1000, not '%s'", val);
        o->digits = (int)d;
        break;
    case OPT_DECIMAL:
        d = strtol(val, &end, 10);
        if (*end || d < 1 || d > 1000)
            return usage_error("--decimal takes a whole number from 1 to 1000, not '%s'", val);
        o->decimal = (int)d;
        break;
    case OPT_LE: o->le = val, o->bounds[o->nbounds++] = val; break;
    case OPT_GE: o->ge = val; break;
    case OPT_FOR: o->for_sym = val; break;
    case OPT_GRID: o->grids[o->ngrids++] = val; break;
    case OPT_WHERE: o->where = val; break;
    case OPT_TOTAL: o->total = val; break;
    case OPT_COLLECT: o->collect = val; break;
    case OPT_DEVICES: o->devices = val; break;
    case OPT_TOP: o->top = val; break;
    case OPT_SHARE: o->share = 1; break;
    case OPT_INFERENCE: o->inference = 1; break;
    default: return set_limit(o, id - OPT_LIMIT, val);
    }
    return 0;
}

/* A command-line word that is not an option: "-" alone, and negative numbers and
 * expressions such as "-1" or "-(a+b)". */
static int positional(const char *a)
{
    return a[0] != '-' || a[1] == 0 || (a[1] >= '0' && a[1] <= '9') || a[1] == '(' ||
           a[1] == '.';
}

/* Options may come before or after the command and its arguments. */
static int parse_args(int argc, char **argv, cli_opts *o, const char **pos)
{
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (++i < argc)
                pos[npos++] = argv[i];
            break;
        }
        if (positional(a)) {
            pos[npos++] = a;
            continue;
        }
        int k = find_option(a);
        if (k < 0)
            return usage_error("unknown option '%s'", a);
        int id = k >= OPT_LIMIT ? k : options[k].id;
        const char *val = NULL;
        if (k >= OPT_LIMIT || options[k].value) {
            if (i + 1 >= argc)
                return usage_error("option '%s' needs a value", a);
            val = argv[++i];
        }
        if (set_option(o, id, val))
            return 1;
    }
    o->args = pos;
    o->nargs = npos;
    return 0;
}

/* The command named by the first argument (report when there is none); NULL if unknown. */
static int (*find_command(cli_opts *o))(cli *)
{
    static const struct {
        const char *name;
        int (*run)(cli *);
    } cmds[] = {{"calc", cmd_calc},   {"show", cmd_show},     {"eval", cmd_eval},
                {"check", cmd_check}, {"list", cmd_list},     {"table", cmd_table},
                {"solve", cmd_solve}, {"report", cmd_report}, {"sweep", cmd_sweep},
                {"compare", cmd_compare}, {"plot", cmd_plot}, {"search", cmd_search}};
    o->cmd = "report";
    if (o->nargs == 0)
        return cmd_report;
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++)
        if (strcmp(cmds[k].name, o->args[0]) == 0) {
            o->cmd = cmds[k].name;
            o->args++;
            o->nargs--;
            return cmds[k].run;
        }
    usage_error("unknown command '%s'", o->args[0]);
    return NULL;
}

/* Run one command; its document goes to stdout only if it succeeded. */
static int run_command(cli_opts *o, int (*run)(cli *))
{
    cli c;
    memset(&c, 0, sizeof c);
    c.o = o;
    lm_diags_init(&c.diags);
    lm_buf_init(&c.out);
    wr_opts wo = {o->fmt,    o->fmt_given, o->standalone, o->exact,
                  o->digits, o->decimal,   cli_spell,     &c};
    c.w = wr_new(&wo);
    int rc = c.w ? run(&c) : (c.diags.oom = 1);
    int drc = cli_report_diags(&c);
    if (!rc && drc)
        rc = drc;
    if (!rc && (wr_render(c.w, &c.out) || c.out.failed)) {
        fprintf(stderr, "lmcost: error: out of memory\n");
        rc = 1;
    }
    if (!rc)
        fwrite(lm_buf_str(&c.out), 1, c.out.len, stdout);
    lm_buf_clear(&c.out);
    lm_free(c.seen);
    wr_free(c.w);
    lm_instance_free(c.in);
    lm_env_free(c.env);
    lm_diags_clear(&c.diags);
    return rc;
}

int main(int argc, char **argv)
{
    lmcost_route_gmp_memory(); /* out of memory inside GMP is an error, not an abort */
    cli_opts o;
    memset(&o, 0, sizeof o);
    o.digits = 7;
    lm_limits_default(&o.limits);
    const char **pos = calloc((size_t)argc + 1, sizeof *pos);
    o.sets = calloc((size_t)argc + 1, sizeof *o.sets);
    o.keeps = calloc((size_t)argc + 1, sizeof *o.keeps);
    o.grids = calloc((size_t)argc + 1, sizeof *o.grids);
    o.bounds = calloc((size_t)argc + 1, sizeof *o.bounds);
    if (!pos || !o.sets || !o.keeps || !o.grids || !o.bounds) {
        fprintf(stderr, "lmcost: error: out of memory\n");
        return 1;
    }
    int rc = parse_args(argc, argv, &o, pos);
    int (*run)(cli *) = rc ? NULL : find_command(&o);
    if (!rc)
        rc = run ? run_command(&o, run) : 1;
    free(pos);
    free(o.sets);
    free(o.keeps);
    free(o.grids);
    free(o.bounds);
    if (!rc && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "lmcost: error: cannot write the output\n");
        rc = 1;
    }
    return rc;
}
