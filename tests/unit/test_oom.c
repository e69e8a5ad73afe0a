/* test_oom.c: an allocation failure injected at the n-th allocation, for every n along a
 * typical run (load a model file, elaborate, print, evaluate): the library must return an
 * error, never crash, and leak nothing. GMP's own blocks are counted but never failed. */
#include "env.h"
#include "print.h"
#include "alloc.h"
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
    "model m { d = 1600; L = 48 }\n";

/* One run; returns 0 when it completed, -1 when something failed (as it must under OOM). */
static int run(void)
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
    if (e)
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

int main(void)
{
    size_t live0 = lm_alloc_live();
    size_t before = lm_alloc_count();
    TL_CHECK("clean run", run() == 0);
    size_t total = lm_alloc_count() - before;
    TL_CHECK("clean run leaks nothing", lm_alloc_live() == live0);
    int silent = 0, leaks = 0, completed_early = 0;
    const char *only = getenv("LMCOST_OOM_N"); /* debugging: fail only this allocation */
    for (size_t n = only ? strtoul(only, NULL, 10) : 1; n <= total; n++) {
        lm_alloc_fail_at(n);
        int rc = run();
        lm_alloc_fail_at(0);
        if (rc == -2)
            silent++;
        if (rc == 0 && completed_early++ < 5)
            printf("FAIL allocation %zu failed but the run succeeded\n", n);
        if (only)
            total = n;
        if (lm_alloc_live() != live0) {
            leaks++;
            if (leaks < 5)
                printf("FAIL leak after failing allocation %zu: %zu blocks\n", n,
                       lm_alloc_live() - live0);
        }
    }
    printf("note: %zu allocations in a run, each failed once\n", total);
    TL_CHECK("every injected failure is reported", silent == 0);
    TL_CHECK("no leak after any injected failure", leaks == 0);
    TL_CHECK("a failed allocation never goes unnoticed", completed_early == 0);
    return tl_finish("oom");
}
