/* test_oom.c: an allocation failure injected at the n-th allocation, for every n along two
 * typical runs (a small model file through the internals; the built-in library through the
 * public API): the library must return an error, never crash, and leak nothing. GMP's own
 * allocations are failed like the rest (alloc.c says how GMP survives it). */
#include "lmcost.h"
#include "sem/env.h"
#include "print/print.h"
#include "base/alloc.h"
#include "testlib.h"

static const char model[] =
    "symbol d \"d\" \"d\" \"width\"\n"
    "symbol L \"L\" \"L\" \"layers\"\n"
    "symbol B \"B\" \"B\" \"batch\"\n"
    "option act = gelu | swiglu\n"
    "params.attn [parameter] = L * 4 * d^2\n"
    "params.ffn [parameter] = L * (if act == gelu then 8 else 12) * d^2\n"
    "params [parameter] = sum(params.*)\n"
    "memory [B] = 16 B/parameter * params + B * L * 34 * d * 1024 B\n"
    "wide [parameter] = params with (d = 2 * d, act = swiglu)\n"
    "model m { d = 1600; L = 48 }\n";

/* One run; returns 0 when it completed, -1 when something failed (as it must under OOM),
 * -2 when something failed without saying so. */
static int run_internals(void)
{
    int rc = -1;
    lm_diags d;
    lm_diags_init(&d);
    lm_env *env = lm_env_new();
    lm_instance *in = NULL;
    lm_buf b;
    lm_buf_init(&b);
    if (!env || lm_env_load_text(env, "<oom>", model, sizeof model - 1, &d))
        goto out;
    in = lm_instance_new(env, "m", NULL, LM_MODE_MODEL, &d);
    if (!in || lm_instance_keep(in, "B", &d))
        goto out;
    const lm_val *v;
    const lm_def *def;
    if (lm_instance_def(in, "memory", &v, &def, &d))
        goto out;
    lm_print_opts po = {LM_FMT_LATEX, 0};
    lm_print_poly(&b, &v->p, &po);
    lm_collected col;
    lm_collected_init(&col);
    lm_atom *x = lm_ctx_find_symbol(&env->ctx, "B");
    lm_status st = x ? lm_poly_collect(&env->ctx, &col, &v->p, x) : LM_ENOMEM;
    if (st == LM_OK)
        lm_print_collected(&b, &col, x, &po);
    lm_collected_clear(&col);
    if (st) {
        d.oom = 1;
        goto out;
    }
    if (b.failed)
        goto out;
    lm_val q;
    lm_val_init(&q);
    int e = lm_instance_expr(in, "floor((80 GB - 1 GB) / (3 B))", "<oom>", &q, &d);
    lm_val_clear(&q);
    if (e || lm_instance_def(in, "wide", &v, &def, &d)) /* a `with` scope */
        goto out;
    rc = 0;
out:
    /* every failure must have been reported, never silent */
    if (rc && !d.oom && !d.errors && !b.failed && env)
        rc = -2;
    lm_buf_clear(&b);
    lm_instance_free(in);
    lm_env_free(env);
    lm_diags_clear(&d);
    return rc;
}

/* What `lmcost show memory.total -m gpt2-xl -k batch_size -F latex` and an eval do, through
 * the public API. A careful caller stops at the first failed call; its error must be
 * "out of memory" and nothing else (no syntax error made up by a starved parser). */
static int run_api(void)
{
    lmcost *s = lmcost_new();
    if (!s)
        return -1;
    int rc = -2;
    char *f = NULL, *v = NULL, *c = NULL;
    if (lmcost_load_builtin(s) || lmcost_select(s, "gpt2-xl", NULL, 0) ||
        lmcost_set(s, "dtype=bf16") || lmcost_keep(s, "batch_size") ||
        !(f = lmcost_formula(s, "memory.total", LMCOST_LATEX)) || lmcost_keep(s, "") ||
        !(v = lmcost_value(s, "params")) ||
        !(c = lmcost_calc(s, "(d_model + 1)^3 / 7 + 10^40", LMCOST_PLAIN)))
        rc = strcmp(lmcost_errors(s), "error: out of memory\n") == 0 ? -1 : -2;
    else
        rc = 0;
    lmcost_string_free(f);
    lmcost_string_free(v);
    lmcost_string_free(c);
    lmcost_free(s);
    return rc;
}

/* A table, a solve and a sweep of examples/tiny.lm through the public API, each read. */
static int read_rows(lmcost *s, lmcost_rows *r)
{
    long n = 1;
    int ok = r != NULL;
    while (ok && (n = lmcost_rows_fetch(r, 3)) > 0) {
        int numeric = lmcost_rows_numeric(r, 1);
        ok = numeric >= 0 && lmcost_rows_get(r, 0, 0) && lmcost_rows_text(r, 1) &&
             (!numeric || (lmcost_rows_int64(r, 1) && lmcost_rows_inexact(r, 1) >= 0));
    }
    lmcost_rows_free(r);
    (void)s;
    return ok && n == 0 ? 0 : -1;
}

static int run_rows(void)
{
    lmcost *s = lmcost_new();
    if (!s)
        return -1;
    int rc = 0;
    if (lmcost_load_file(s, "examples/tiny.lm") || lmcost_select(s, "small", NULL, 0) ||
        lmcost_count(s, LMCOST_DEFINITIONS) < 0 ||
        !lmcost_item(s, LMCOST_OPTIONS, 0, LMCOST_FIELD_VALUES) ||
        read_rows(s, lmcost_table(s, "params", NULL, "small,small-fp32")) ||
        read_rows(s, lmcost_solve(s, "memory.weights", "<=", "100 GB", "depth")) ||
        read_rows(s, lmcost_sweep(s, "params, time.train", "depth=1..8 x2; tokens=1e9,2e12",
                                  "memory.weights <= 20 GB")))
        rc = strcmp(lmcost_errors(s), "error: out of memory\n") == 0 ? -1 : -2;
    lmcost_free(s);
    return rc;
}

/* Fail each allocation of run() in turn; every failure must be reported and leak nothing. */
static void fail_each(const char *what, int (*run)(void))
{
    size_t live0 = lm_alloc_live();
    size_t before = lm_alloc_count(), gmp_before = lm_alloc_gmp_count();
    TL_CHECK(what, run() == 0);
    size_t total = lm_alloc_count() - before, gmp = lm_alloc_gmp_count() - gmp_before;
    TL_CHECK("a clean run leaks nothing", lm_alloc_live() == live0);
    TL_CHECK("the run uses GMP", gmp > 0);
    int silent = 0, leaks = 0, completed_early = 0;
    const char *only = getenv("LMCOST_OOM_N"); /* debugging: fail only this allocation */
    for (size_t n = only ? strtoul(only, NULL, 10) : 1; n <= total; n++) {
        lm_alloc_fail_at(n);
        int rc = run();
        lm_alloc_fail_at(0);
        if (rc == -2 && silent++ < 5)
            printf("FAIL %s: allocation %zu failed and nothing said so\n", what, n);
        if (rc == 0 && completed_early++ < 5)
            printf("FAIL %s: allocation %zu failed but the run succeeded\n", what, n);
        if (only)
            total = n;
        if (lm_alloc_live() != live0) {
            if (leaks++ < 5)
                printf("FAIL %s: leak after failing allocation %zu: %zu blocks\n", what, n,
                       lm_alloc_live() - live0);
        }
    }
    printf("note: %s: %zu allocations (%zu of them GMP's), each failed once\n", what, total,
           gmp);
    TL_CHECK("every injected failure is reported", silent == 0);
    TL_CHECK("no leak after any injected failure", leaks == 0);
    TL_CHECK("a failed allocation never goes unnoticed", completed_early == 0);
}

int main(void)
{
    lmcost_route_gmp_memory(); /* GMP's allocations fail like the rest */
    fail_each("a model file through the internals", run_internals);
    fail_each("the built-in library through the API", run_api);
    fail_each("rows through the API", run_rows);
    return tl_finish("oom");
}
