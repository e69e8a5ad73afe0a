/* test_api.c: the public API of include/lmcost.h, used as a C program would use it: every
 * call, the settings that outlive a selection, errors as records, and rows. */
#include "lmcost.h"
#include "testlib.h"

/* A string the caller owns, compared and freed. */
#define OWNED(name, call, want)                                                           \
    do {                                                                                  \
        char *tl_str = (call);                                                            \
        TL_STREQ(name, tl_str, want);                                                     \
        lmcost_string_free(tl_str);                                                       \
    } while (0)

/* The call fails with exactly this text in lmcost_errors. */
#define FAILS(name, call, errors)                                                         \
    do {                                                                                  \
        char *tl_str = (call);                                                            \
        TL_CHECK(name, tl_str == NULL);                                                   \
        lmcost_string_free(tl_str);                                                       \
        TL_STREQ(name, lmcost_errors(s), errors);                                         \
    } while (0)

static lmcost *session(const char *model, const char *conv)
{
    lmcost *s = lmcost_new();
    TL_CHECK("new", s != NULL);
    TL_CHECK("load", lmcost_load_builtin(s) == 0);
    if (model || conv)
        TL_CHECK("select", lmcost_select(s, model, conv, 0) == 0);
    return s;
}

static void test_version(void)
{
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", LMCOST_VERSION_MAJOR, LMCOST_VERSION_MINOR,
             LMCOST_VERSION_PATCH);
    TL_STREQ("version macro", LMCOST_VERSION, want);
    TL_STREQ("version function", lmcost_version(), LMCOST_VERSION);
}

static void test_values(void)
{
    lmcost *s = session("gpt2-xl", "seed");
    TL_STREQ("model", lmcost_model(s), "gpt2-xl");
    TL_STREQ("convention", lmcost_convention(s), "seed");
    OWNED("seed params", lmcost_value(s, "params"), "1637020800");
    OWNED("unit", lmcost_unit(s, "params"), "parameter");
    OWNED("unit of a node", lmcost_unit(s, "flops.forward.matmul"), "FLOP");
    OWNED("unit in days", lmcost_unit(s, "time.train"), "day");
    /* the CLI's message, naming the symbol */
    FAILS("not a number", lmcost_value(s, "flops.step"),
          "error: 'flops.step' is not a number: it still depends on 'batch_size' (set it with "
          "-s batch_size=VALUE, or use 'show' for the formula)\n");
    FAILS("unknown", lmcost_value(s, "paramz"),
          "error: unknown definition 'paramz' (did you mean 'params'?)\n");
    TL_CHECK("set", lmcost_set(s, "batch_size=1024") == 0);
    TL_CHECK("set more", lmcost_set(s, "steps=400000") == 0 &&
                             lmcost_set(s, "peak_flops=19.5 TFLOP/s") == 0 &&
                             lmcost_set(s, "mfu=0.5") == 0);
    OWNED("rational", lmcost_value(s, "time.train"), "3515053384006/685546875");
    OWNED("rounded", lmcost_round(s, "3515053384006/685546875", 7), "5127.371");
    OWNED("rounded integer", lmcost_round(s, "14347074722107228160", 7), "1.434707e19");
    OWNED("rounded small", lmcost_round(s, "-1/3", 3), "-0.333");
    OWNED("rounded exact", lmcost_round(s, "14", 7), "14");
    FAILS("round: not a number", lmcost_round(s, "1.5", 3),
          "error: '1.5' is not an exact number (an integer or p/q)\n");
    FAILS("round: zero denominator", lmcost_round(s, "1/0", 3),
          "error: '1/0' is not an exact number (an integer or p/q)\n");
    FAILS("round: digits", lmcost_round(s, "1/3", 0),
          "error: digits must be from 1 to 1000, not 0\n");
    lmcost_free(s);
}

/* Settings before the selection, and a failed selection keeping the previous one. */
static void test_settings(void)
{
    lmcost *s = session(NULL, NULL);
    TL_CHECK("set before select", lmcost_set(s, "dtype=bf16") == 0);
    TL_CHECK("keep before select", lmcost_keep(s, "batch_size") == 0);
    TL_CHECK("select after settings", lmcost_select(s, "gpt2-xl", "seed", 0) == 0);
    OWNED("settings survive select", lmcost_formula(s, "memory.total", LMCOST_PLAIN),
          "4667508736*batch_size + 13096166400");
    TL_CHECK("select a typo", lmcost_select(s, "gpt2-xxl", "seed", 0) == -1);
    TL_STREQ("its error", lmcost_errors(s),
             "error: unknown model 'gpt2-xxl' (did you mean 'gpt2-xl'?)\n");
    TL_STREQ("the previous selection stays", lmcost_model(s), "gpt2-xl");
    OWNED("with its settings", lmcost_formula(s, "memory.total", LMCOST_PLAIN),
          "4667508736*batch_size + 13096166400");
    TL_CHECK("another model", lmcost_select(s, "gpt2-small", "seed", 0) == 0);
    OWNED("settings follow", lmcost_formula(s, "memory.total", LMCOST_PLAIN),
          "651855872*batch_size + 1303326720");
    TL_CHECK("a bad setting fails", lmcost_set(s, "dtype=fp16") == -1);
    TL_STREQ("its error", lmcost_errors(s),
             "<command line>:1:7: error: unknown value 'fp16' for option 'dtype' (did you "
             "mean 'fp32'?)\n"
             "    1 | dtype=fp16\n"
             "      |       ^~~~\n");
    TL_CHECK("and is not kept", lmcost_select(s, "gpt2-xl", "seed", 0) == 0);
    TL_CHECK("a bad keep fails", lmcost_keep(s, "batch_size,d_modle") == -1);
    TL_STREQ("its error", lmcost_errors(s),
             "<command line>:1:12: error: unknown symbol 'd_modle' (did you mean 'd_model'?)\n"
             "    1 | batch_size,d_modle\n"
             "      |            ^~~~~~~\n");
    TL_CHECK("clear", lmcost_clear_settings(s) == 0);
    FAILS("cleared: batch_size is free again", lmcost_value(s, "memory.total"),
          "error: 'memory.total' is not a number: it still depends on 'batch_size' (set it "
          "with -s batch_size=VALUE, or use 'show' for the formula)\n");
    OWNED("dtype back to fp32", lmcost_value(s, "memory.params"), "6548083200");
    TL_CHECK("symbolic", lmcost_select(s, "gpt2-xl", "seed", 1) == 0);
    OWNED("symbolic formula", lmcost_formula(s, "params", LMCOST_PLAIN),
          "12*d_model^2*num_layers + context_length*d_model + 2*d_model*vocab_size");
    TL_CHECK("no model", lmcost_select(s, NULL, NULL, 0) == 0);
    TL_CHECK("no model's name", lmcost_model(s) == NULL);
    TL_STREQ("the default convention", lmcost_convention(s), "standard");
    lmcost_free(s);
}

static void test_formulas(void)
{
    lmcost *s = session("gpt2-xl", "seed");
    TL_CHECK("keep", lmcost_keep(s, "batch_size") == 0 && lmcost_set(s, "dtype=bf16") == 0);
    OWNED("latex", lmcost_formula(s, "memory.total", LMCOST_LATEX),
          "4667508736 B + 13096166400");
    OWNED("unicode", lmcost_formula(s, "memory.total", LMCOST_UNICODE),
          "4667508736·batch_size + 13096166400");
    TL_CHECK("short", lmcost_set_short(s, 1) == 0);
    OWNED("short unicode", lmcost_formula(s, "memory.total", LMCOST_UNICODE),
          "4667508736·B + 13096166400");
    TL_CHECK("symbolic", lmcost_select(s, "gpt2-xl", "seed", 1) == 0);
    /* pulled out and collected as `lmcost show time.train -S -c seed --short` (steps is
     * its default, the steps that train_tokens take) */
    char *f = lmcost_formula(s, "time.train", LMCOST_PLAIN);
    TL_CHECK("a common denominator pulled out",
             f && strncmp(f, "ceil(D/(B*T))/(86400*MFU*F)*((12*T^2*d*L", 40) == 0);
    lmcost_string_free(f);
    TL_CHECK("collect", lmcost_set_collect(s, "num_layers") == 0 && lmcost_set_short(s, 0) == 0);
    OWNED("collected in num_layers", lmcost_formula(s, "params", LMCOST_PLAIN),
          "12*d_model^2*num_layers + context_length*d_model + 2*d_model*vocab_size");
    OWNED("collected in d_model", (lmcost_set_collect(s, "d_model"),
                                   lmcost_formula(s, "params", LMCOST_PLAIN)),
          "12*num_layers*d_model^2 + (context_length + 2*vocab_size)*d_model");
    lmcost_free(s);
}

/* calc agrees with `lmcost calc`: the model's values when one is selected. */
static void test_calc(void)
{
    lmcost *s = session(NULL, NULL);
    OWNED("free", lmcost_calc(s, "(a+b)^2 - (a-b)^2", LMCOST_LATEX), "4 a b");
    OWNED("free unit", lmcost_calc_unit(s, "80 GB / (2 B)"), "");
    OWNED("collected", lmcost_calc(s, "d_model*batch_size + batch_size^2*d_model + 3",
                                   LMCOST_PLAIN),
          "d_model*batch_size^2 + d_model*batch_size + 3");
    TL_CHECK("select", lmcost_select(s, "gpt2-xl", NULL, 0) == 0);
    OWNED("with the model", lmcost_calc(s, "params * 2 B/parameter", LMCOST_PLAIN),
          "3115222400");
    OWNED("in bytes", lmcost_calc_unit(s, "params * 2 B/parameter"), "B");
    OWNED("a rate", lmcost_calc_unit(s, "19.5 TFLOP/s"), "FLOP/s");
    FAILS("names must be declared", lmcost_calc(s, "a + 1", LMCOST_PLAIN),
          "<expression>:1:1: error: unknown symbol 'a'\n"
          "    1 | a + 1\n"
          "      | ^\n");
    lmcost_free(s);
}

static void test_errors(void)
{
    lmcost *s = session("gpt2-xl", NULL);
    TL_CHECK("set zero", lmcost_set(s, "d_model=1/0") == 0);
    TL_CHECK("zero found on use", lmcost_value(s, "params") == NULL);
    TL_STREQ("zero located", lmcost_errors(s),
             "<command line>:1:9: error: division by zero\n"
             "    1 | d_model=1/0\n"
             "      |         ^~~\n");
    TL_CHECK("one record", lmcost_error_count(s) == 1);
    TL_CHECK("an error", lmcost_error_severity(s, 0) == LMCOST_ERROR);
    TL_STREQ("its message", lmcost_error_message(s, 0), "division by zero");
    TL_STREQ("its file", lmcost_error_file(s, 0), "<command line>");
    TL_CHECK("its line and column", lmcost_error_line(s, 0) == 1 &&
                                        lmcost_error_column(s, 0) == 9);
    TL_CHECK("no limit", lmcost_error_limit(s, 0) == NULL);
    TL_STREQ("its text", lmcost_error_text(s, 0), lmcost_errors(s));
    TL_CHECK("no second record", lmcost_error_message(s, 1) == NULL &&
                                     lmcost_error_severity(s, 1) == -1);
    TL_CHECK("clear", lmcost_clear_settings(s) == 0 && lmcost_error_count(s) == 0);
    TL_STREQ("nothing to say", lmcost_errors(s), "");

    /* a warning and its note, from a call that succeeds */
    TL_CHECK("set heads", lmcost_set(s, "d_model=1536") == 0);
    char *v = lmcost_value(s, "params");
    TL_CHECK("succeeds with a warning", v != NULL && lmcost_error_count(s) == 2);
    lmcost_string_free(v);
    TL_CHECK("a warning", lmcost_error_severity(s, 0) == LMCOST_WARNING);
    TL_STREQ("its message", lmcost_error_message(s, 0),
             "head_dim is not a whole number: by default it is d_model / num_heads "
             "(head_dim = 1536/25, d_model = 1536, num_heads = 25)");
    TL_CHECK("a note", lmcost_error_severity(s, 1) == LMCOST_NOTE);
    TL_STREQ("in the library", lmcost_error_file(s, 1), "<builtin>/symbols.lm");
    TL_CHECK("at its line", lmcost_error_line(s, 1) > 0 && lmcost_error_column(s, 1) == 1);

    /* no place; a limit */
    FAILS("no place", lmcost_value(s, "paramz"),
          "error: unknown definition 'paramz' (did you mean 'params'?)\n");
    TL_CHECK("no file", lmcost_error_file(s, 0) == NULL && lmcost_error_line(s, 0) == 0);
    lmcost_free(s);
    s = session(NULL, NULL);
    TL_CHECK("limit", lmcost_set_limit(s, "max_terms", 10) == 0);
    FAILS("a limit reached", lmcost_calc(s, "(a+b+c+d)^3", LMCOST_PLAIN),
          "<expression>:1:1: error: the expansion would have up to 20 terms: the limit on "
          "terms (max_terms) is 10\n"
          "    1 | (a+b+c+d)^3\n"
          "      | ^~~~~~~~~~~\n");
    TL_STREQ("names its limit", lmcost_error_limit(s, 0), "max_terms");
    TL_CHECK("unknown limit", lmcost_set_limit(s, "max_terminal", 10) == -1);
    TL_STREQ("its error", lmcost_errors(s),
             "error: unknown limit 'max_terminal' (max_terms, max_bits, max_size, max_exponent, "
             "max_depth, max_token, max_file, max_solve_bits)\n");
    TL_CHECK("zero limit", lmcost_set_limit(s, "max_bits", 0) == -1);
    lmcost_free(s);
}

/* Find the item of a kind with this name: its index, or -1. */
static long find(lmcost *s, lmcost_kind kind, const char *name)
{
    long n = lmcost_count(s, kind);
    for (long i = 0; i < n; i++)
        if (strcmp(lmcost_item(s, kind, i, LMCOST_FIELD_NAME), name) == 0)
            return i;
    return -1;
}

static void test_listing(void)
{
    lmcost *s = session("gpt2-xl", "standard");
    long d = find(s, LMCOST_SYMBOLS, "d_model");
    TL_CHECK("a symbol", d >= 0);
    TL_STREQ("its short name", lmcost_item(s, LMCOST_SYMBOLS, d, LMCOST_FIELD_PLAIN), "d");
    TL_STREQ("its LaTeX", lmcost_item(s, LMCOST_SYMBOLS, d, LMCOST_FIELD_LATEX),
             "d_{\\text{model}}");
    TL_STREQ("its description", lmcost_item(s, LMCOST_SYMBOLS, d, LMCOST_FIELD_DESCRIPTION),
             "width of the residual stream");
    TL_STREQ("no unit", lmcost_item(s, LMCOST_SYMBOLS, d, LMCOST_FIELD_UNIT), "");
    TL_STREQ("its value", lmcost_item(s, LMCOST_SYMBOLS, d, LMCOST_FIELD_VALUE), "1600");
    long f = find(s, LMCOST_SYMBOLS, "peak_flops");
    TL_STREQ("a unit", lmcost_item(s, LMCOST_SYMBOLS, f, LMCOST_FIELD_UNIT), "FLOP/s");
    TL_STREQ("a default formula", lmcost_item(s, LMCOST_SYMBOLS, find(s, LMCOST_SYMBOLS,
                                                                    "head_dim"),
                                              LMCOST_FIELD_VALUE),
             "64");
    TL_CHECK("no such field", lmcost_item(s, LMCOST_SYMBOLS, d, LMCOST_FIELD_PARENT) == NULL);
    TL_CHECK("out of range", lmcost_item(s, LMCOST_SYMBOLS, -1, LMCOST_FIELD_NAME) == NULL);

    long o = find(s, LMCOST_OPTIONS, "dtype");
    TL_STREQ("an option's values", lmcost_item(s, LMCOST_OPTIONS, o, LMCOST_FIELD_VALUES),
             "fp32|bf16|mixed");
    TL_STREQ("its value", lmcost_item(s, LMCOST_OPTIONS, o, LMCOST_FIELD_VALUE), "fp32");
    TL_CHECK("set it", lmcost_set(s, "dtype=bf16") == 0);
    TL_STREQ("its value set", lmcost_item(s, LMCOST_OPTIONS, o, LMCOST_FIELD_VALUE), "bf16");

    long n = lmcost_count(s, LMCOST_DEFINITIONS);
    TL_CHECK("definitions of standard", n == 213);
    long p = find(s, LMCOST_DEFINITIONS, "params");
    TL_STREQ("a definition's unit", lmcost_item(s, LMCOST_DEFINITIONS, p, LMCOST_FIELD_UNIT),
             "parameter");
    TL_STREQ("its convention", lmcost_item(s, LMCOST_DEFINITIONS, p,
                                           LMCOST_FIELD_CONVENTION),
             "standard");
    TL_STREQ("a shared one", lmcost_item(s, LMCOST_DEFINITIONS,
                                         find(s, LMCOST_DEFINITIONS, "flops.step"),
                                         LMCOST_FIELD_CONVENTION),
             "");
    TL_CHECK("seed", lmcost_select(s, "gpt2-xl", "seed", 0) == 0);
    TL_CHECK("definitions of seed", lmcost_count(s, LMCOST_DEFINITIONS) == 62);

    long m = find(s, LMCOST_MODELS, "gpt2-xl");
    TL_STREQ("a model's parent", lmcost_item(s, LMCOST_MODELS, m, LMCOST_FIELD_PARENT), "gpt2");
    TL_STREQ("its description", lmcost_item(s, LMCOST_MODELS, m, LMCOST_FIELD_DESCRIPTION),
             "GPT-2 XL, 1.5B");
    TL_CHECK("conventions", find(s, LMCOST_CONVENTIONS, "seed") >= 0 &&
                                find(s, LMCOST_CONVENTIONS, "gpt2-xl") < 0);
    TL_CHECK("a bad kind", lmcost_count(s, (lmcost_kind)9) == -1);
    lmcost_free(s);
}

static void test_table(void)
{
    lmcost *s = session("gpt2-xl", "seed");
    TL_CHECK("set", lmcost_set(s, "batch_size=1") == 0);
    lmcost_rows *r = lmcost_table(s, "flops.forward.matmul", NULL, NULL);
    TL_CHECK("table", r != NULL && lmcost_rows_columns(r) == 5);
    TL_STREQ("its columns", lmcost_rows_name(r, 3), "gpt2-xl");
    TL_STREQ("the share", lmcost_rows_name(r, 4), "gpt2-xl share");
    TL_CHECK("numbers and text", lmcost_rows_numeric(r, 0) == 0 &&
                                     lmcost_rows_numeric(r, 3) == 1);
    TL_CHECK("its count before a fetch", lmcost_rows_max(r) == 8);
    TL_CHECK("all rows at once", lmcost_rows_fetch(r, 100) == 8);
    TL_STREQ("the prefix first", lmcost_rows_get(r, 0, 0), "flops.forward.matmul");
    TL_STREQ("its value", lmcost_rows_get(r, 0, 3), "3506703564800");
    TL_STREQ("its share", lmcost_rows_get(r, 0, 4), "1");
    TL_STREQ("a child", lmcost_rows_get(r, 1, 0), "flops.forward.matmul.qkv");
    TL_STREQ("its depth", lmcost_rows_get(r, 1, 1), "1");
    TL_STREQ("its unit", lmcost_rows_get(r, 1, 2), "FLOP");
    TL_STREQ("an exact share", lmcost_rows_get(r, 1, 4), "230400/1070161");
    const int64_t *v = lmcost_rows_int64(r, 3);
    TL_CHECK("as int64", v && v[0] == 3506703564800 && v[7] == 164682137600);
    TL_CHECK("all exact", lmcost_rows_inexact(r, 3) == 0);
    TL_CHECK("shares are not integers", lmcost_rows_inexact(r, 4) == 7);
    TL_CHECK("text is not int64", lmcost_rows_int64(r, 0) == NULL);
    TL_STREQ("why", lmcost_errors(s), "error: column 0 ('name') holds text\n");
    TL_CHECK("no such row", lmcost_rows_get(r, 8, 0) == NULL);
    TL_STREQ("why", lmcost_errors(s), "error: no row 8 in this batch of 8\n");
    TL_CHECK("no more", lmcost_rows_fetch(r, 100) == 0);
    lmcost_rows_free(r);

    r = lmcost_table(s, "params", NULL, "gpt2-small,gpt2-xl");
    TL_CHECK("two models", r != NULL && lmcost_rows_columns(r) == 7);
    TL_STREQ("the second", lmcost_rows_name(r, 5), "gpt2-xl");
    TL_CHECK("in batches", lmcost_rows_fetch(r, 2) == 2 && lmcost_rows_fetch(r, 100) > 0);
    lmcost_rows_free(r);
    lmcost_rows *bad = lmcost_table(s, "flops.nothing", NULL, NULL);
    TL_CHECK("an empty table", bad == NULL);
    TL_STREQ("why", lmcost_errors(s), "error: no definitions under 'flops.nothing'\n");
    lmcost_free(s);
}

static void test_solve(void)
{
    lmcost *s = session("gpt2-xl", "seed");
    TL_CHECK("set", lmcost_set(s, "dtype=bf16") == 0);
    lmcost_rows *r = lmcost_solve(s, "memory.total", "<=", "80 GB", "batch_size");
    TL_CHECK("solve", r != NULL && lmcost_rows_fetch(r, 1) == 1);
    TL_STREQ("the answer", lmcost_rows_get(r, 0, 1), "14");
    TL_STREQ("at it", lmcost_rows_get(r, 0, 4), "78441288704");
    TL_STREQ("one more", lmcost_rows_name(r, 5), "at_value_plus_1");
    TL_STREQ("one more's value", lmcost_rows_get(r, 0, 5), "83108797440");
    TL_STREQ("the margin", lmcost_rows_get(r, 0, 6), "1558711296");
    TL_STREQ("in bytes", lmcost_rows_unit(r, 6), "B");
    TL_STREQ("closed form", lmcost_rows_get(r, 0, 7), "closed form");
    lmcost_rows_free(r);
    r = lmcost_solve(s, "memory.activations", "<=", "80 GB", "context_length");
    TL_CHECK("batch_size first", r == NULL);
    TL_STREQ("why", lmcost_errors(s),
             "error: 'memory.activations' still depends on 'batch_size' besides "
             "'context_length': set it with -s batch_size=VALUE\n");
    TL_CHECK("set", lmcost_set(s, "batch_size=1") == 0);
    r = lmcost_solve(s, "memory.activations", "<=", "80 GB", "context_length");
    TL_CHECK("a search", r != NULL && lmcost_rows_fetch(r, 1) == 1);
    TL_STREQ("searched", lmcost_rows_get(r, 0, 7), "search");
    lmcost_rows_free(r);
    r = lmcost_solve(s, "memory.total", ">=", "80 GB", "batch_sise");
    TL_CHECK("a typo", r == NULL);
    TL_STREQ("why", lmcost_errors(s),
             "error: unknown symbol 'batch_sise' (did you mean 'batch_size'?)\n");
    TL_CHECK("a bad relation", lmcost_solve(s, "memory.total", "<", "80 GB", "batch_size") ==
                                   NULL);
    /* the session's selection is untouched: batch_size is still 1 there */
    OWNED("untouched", lmcost_value(s, "memory.total"), "17763675136");
    lmcost_free(s);

    /* a falling formula whose answer is 1: nothing one step further (below 1) */
    s = session(NULL, NULL);
    TL_CHECK("load", lmcost_load_file(s, "tests/golden/solve-decreasing/inverse.lm") == 0);
    r = lmcost_solve(s, "m", "<=", "2000 B", "n");
    TL_CHECK("solve", r != NULL && lmcost_rows_fetch(r, 1) == 1);
    TL_STREQ("the smallest", lmcost_rows_get(r, 0, 1), "1");
    TL_STREQ("one step back", lmcost_rows_name(r, 5), "at_value_minus_1");
    TL_STREQ("is missing", lmcost_rows_get(r, 0, 5), "");
    lmcost_rows_free(r);
    lmcost_free(s);

    /* the requires move the answer, as on the command line (tests/json/json.sh) */
    s = session("llama2-7b", NULL);
    TL_CHECK("set", lmcost_set(s, "hardware=h100-sxm") == 0 && lmcost_set(s, "dtype=mixed") == 0 &&
                        lmcost_set(s, "batch_size=1024") == 0 &&
                        lmcost_set(s, "flash_attention=yes") == 0 && lmcost_set(s, "zero=3") == 0);
    r = lmcost_solve(s, "memory.device.total", "<=", "device_memory", "data_parallel");
    TL_CHECK("moved", r != NULL && lmcost_rows_columns(r) == 11 && lmcost_rows_fetch(r, 1) == 1);
    TL_STREQ("a divisor", lmcost_rows_get(r, 0, 1), "256");
    TL_STREQ("where the bound fails", lmcost_rows_name(r, 5), "at_excluded_from_minus_1");
    TL_STREQ("its value", lmcost_rows_get(r, 0, 5), "18452672741376/215");
    TL_STREQ("from", lmcost_rows_get(r, 0, 8), "216");
    TL_STREQ("to", lmcost_rows_get(r, 0, 9), "255");
    TL_STREQ("why", lmcost_rows_get(r, 0, 10), "data_parallel must divide batch_size");
    lmcost_rows_free(r);
    TL_CHECK("set", lmcost_set(s, "batch_size=1000") == 0 &&
                        lmcost_set(s, "hardware=a100-sxm-80gb") == 0 &&
                        lmcost_set(s, "flash_attention=no") == 0);
    r = lmcost_solve(s, "memory.device.total", "<=", "device_memory", "data_parallel");
    TL_CHECK("none", r == NULL);
    TL_STREQ("why", lmcost_errors(s),
             "error: no solution: every data_parallel from 1015 to 5110 fails a require (solve "
             "tries 4,096 values at most): data_parallel must divide batch_size\n"
             "note: memory.device.total <= device_memory holds for data_parallel >= 1015\n");
    lmcost_free(s);
}

static void test_sweep(void)
{
    lmcost *s = session("gpt2-xl", "standard");
    TL_CHECK("set", lmcost_set(s, "batch_size=8") == 0);
    lmcost_rows *r = lmcost_sweep(s, "params, memory.total",
                                  "d_model=1024..4096 x2; num_layers=12,24", NULL);
    TL_CHECK("sweep", r != NULL && lmcost_rows_columns(r) == 4);
    TL_STREQ("axes first", lmcost_rows_name(r, 0), "d_model");
    TL_STREQ("then the definitions", lmcost_rows_name(r, 3), "memory.total");
    TL_STREQ("with units", lmcost_rows_unit(r, 3), "B");
    TL_CHECK("the grid's points", lmcost_rows_max(r) == 6);
    TL_CHECK("a batch", lmcost_rows_fetch(r, 4) == 4);
    const int64_t *p = lmcost_rows_int64(r, 2), *m = lmcost_rows_int64(r, 3);
    TL_CHECK("int64", p && p[0] == 203668480 && p[1] == 354823168 && p[3] == 1313626112);
    TL_CHECK("two columns at once", m && m[0] == 33161003008 && p[0] == 203668480 &&
                                        lmcost_rows_int64(r, 2) == p);
    TL_STREQ("text", lmcost_rows_text(r, 3),
             "33161003008\n62154588160\n47727542272\n90413891584\n");
    TL_CHECK("the rest", lmcost_rows_fetch(r, 4) == 2);
    TL_STREQ("a cell", lmcost_rows_get(r, 1, 3), "175923527680");
    TL_CHECK("the end", lmcost_rows_fetch(r, 4) == 0 && lmcost_rows_fetch(r, 4) == 0);
    lmcost_rows_free(r);

    r = lmcost_sweep(s, "params", "d_model=1024..4096 x2; num_layers=12,24",
                     "memory.total <= 80 GB");
    TL_CHECK("where: at most the grid", r != NULL && lmcost_rows_max(r) == 6);
    TL_CHECK("where", lmcost_rows_fetch(r, 100) == 3);
    lmcost_rows_free(r);
    r = lmcost_sweep(s, "flops.step", "d_model=2^20; num_layers=10^6,10", NULL);
    TL_CHECK("past int64", r != NULL && lmcost_rows_fetch(r, 10) == 2);
    TL_CHECK("counted", lmcost_rows_inexact(r, 2) == 1 && lmcost_rows_int64(r, 2)[0] == 0);
    TL_STREQ("exact", lmcost_rows_get(r, 0, 2), "648809860918572431589376");
    TL_STREQ("the other fits", lmcost_rows_get(r, 1, 2), "6490689775737389056");
    TL_CHECK("as int64", lmcost_rows_int64(r, 2)[1] == 6490689775737389056);
    lmcost_rows_free(r);
    TL_CHECK("a bad grid", lmcost_sweep(s, "params", "d_model=1..x", NULL) == NULL);
    TL_STREQ("why", lmcost_errors(s),
             "error: grid 'd_model=1..x': values must be integers: a..b, a..b step s, a..b x2, "
             "or a,b,c\n");
    TL_CHECK("nothing to sweep", lmcost_sweep(s, " ", "d_model=1,2", NULL) == NULL);
    lmcost_free(s);

    /* an error at a point: the rows before it, then the error */
    s = lmcost_new();
    TL_CHECK("load a file", lmcost_load_file(s, "tests/sweep/sweep.lm") == 0 &&
                                lmcost_select(s, "m", NULL, 0) == 0);
    r = lmcost_sweep(s, "ratio", "a=1,2; b=1,0,2", NULL);
    TL_CHECK("a sweep", r != NULL);
    TL_CHECK("the row before the error", lmcost_rows_fetch(r, 10) == 1);
    TL_STREQ("its value", lmcost_rows_get(r, 0, 2), "1");
    TL_CHECK("then the error", lmcost_rows_fetch(r, 10) == -1);
    TL_STREQ("at its point", lmcost_errors(s),
             "error: 'ratio' at a = 1, b = 0: division by zero\n");
    TL_CHECK("and no more", lmcost_rows_fetch(r, 10) == -1);
    lmcost_rows_free(r);
    lmcost_free(s);
}

/* A file loaded after the settings: the selection is made anew for it. */
static void test_load_after(void)
{
    lmcost *s = session("gpt2-xl", NULL);
    TL_CHECK("set", lmcost_set(s, "batch_size=2") == 0);
    TL_CHECK("load more", lmcost_load_file(s, "tests/sweep/sweep.lm") == 0);
    OWNED("its definitions", lmcost_calc(s, "a * b", LMCOST_PLAIN), "a*b");
    OWNED("the settings hold", lmcost_value(s, "shape.tokens"), "2048");
    lmcost_free(s);
}

int main(void)
{
    test_version();
    test_values();
    test_settings();
    test_formulas();
    test_calc();
    test_errors();
    test_listing();
    test_table();
    test_solve();
    test_sweep();
    test_load_after();
    return tl_finish("api");
}
