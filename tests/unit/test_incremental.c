/* test_incremental.c: an instance set again and again (as search and the API do) must give
 * what a fresh instance with the same settings gives, for every definition asked for. */
#include "sem/env.h"
#include "base/alloc.h"
#include "print/print.h"
#include "testlib.h"

/* Names that change what the layout, the dtype and the hardware formulas compute, `with`
 * bindings (batch_size, micro_batch_size, pipeline_stage through the device figures) and
 * the checks (divisibility) included; some values break a require on purpose. */
static const struct {
    const char *name;
    const char *values[5];
} knobs[] = {
    {"data_parallel", {"1", "2", "4", "8", "3"}},
    {"tensor_parallel", {"1", "2", "4", "8", NULL}},
    {"pipeline_parallel", {"1", "2", "4", NULL, NULL}},
    {"pipeline_chunks", {"1", "2", NULL, NULL, NULL}},
    {"zero", {"0", "1", "2", "3", NULL}},
    {"recompute", {"none", "selective", "full", NULL, NULL}},
    {"sequence_parallel", {"no", "yes", NULL, NULL, NULL}},
    {"micro_batch_size", {"1", "2", "4", NULL, NULL}},
    {"batch_size", {"64", "128", "96", NULL, NULL}},
    {"dtype", {"fp32", "mixed", "bf16", NULL, NULL}},
    {"hardware", {"none", "h100-sxm", "a100-sxm-80gb", NULL, NULL}},
    {"offload", {"none", "optimizer", NULL, NULL, NULL}},
    {"context_length", {"2048", "4096", NULL, NULL, NULL}},
    {"expert_parallel", {"1", "2", NULL, NULL, NULL}}, /* last: for a mixture of experts */
};
#define NKNOBS (sizeof knobs / sizeof knobs[0])

/* Some are asked for outside a `with` before a `with` binds what they read (the scope must
 * not take them), some only inside one (the scope must not give them back). */
static const char *const defs[] = {
    "memory.kv_cache",     "memory.stage.total",   "memory.device.total",
    "memory.device.params", "memory.device.activations", "time.step.estimate",
    "comm.step.dp",        "flops.step",           "params",
    "memory.total",        "kv_cache.per_token",   "kv_cache.per_sequence",
};
#define NDEFS (sizeof defs / sizeof defs[0])

/* The value of `name` in `in` as text ("ERROR" when it fails). */
static char *value_of(lm_instance *in, const char *name)
{
    lm_diags d;
    lm_diags_init(&d);
    const lm_val *v;
    const lm_def *def;
    lm_buf b;
    lm_buf_init(&b);
    lm_print_opts plain = {LM_FMT_PLAIN, 0};
    if (lm_instance_def(in, name, &v, &def, &d) == 0) {
        lm_print_poly(&b, &v->p, &plain);
        lm_buf_puts(&b, " ");
        lm_dim_print(&b, v->dim);
    }
    else /* an instance reports an error once: a later query of it fails silently */
        lm_buf_puts(&b, "ERROR");
    lm_diags_clear(&d);
    return lm_buf_take(&b);
}

/* How a run hides a symbol from queries (the checks still see its value): not at all,
 * -k num_layers, or micro_batch_size varied as search and solve vary it. */
enum { HIDE_NONE, HIDE_KEEP, HIDE_VARY };

static void hide(lm_instance *in, int how, lm_diags *d)
{
    if (in && how == HIDE_KEEP)
        lm_instance_keep(in, "num_layers", d);
    if (in && how == HIDE_VARY)
        lm_instance_vary(in, "micro_batch_size", d);
}

/* An instance with the settings of set[] (NULL: not set). */
static lm_instance *fresh_instance(lm_env *env, const char *model, int keep, const char **set)
{
    lm_diags d;
    lm_diags_init(&d);
    char buf[96];
    lm_instance *in = lm_instance_new(env, model, "standard", LM_MODE_MODEL, &d);
    hide(in, keep, &d);
    for (size_t k = 0; in && k < NKNOBS; k++)
        if (set[k]) {
            snprintf(buf, sizeof buf, "%s=%s", knobs[k].name, set[k]);
            lm_instance_set(in, buf, &d);
        }
    lm_diags_clear(&d);
    return in;
}

/* One model: a long run of settings on one instance, each compared with a fresh one. */
static void run(lm_env *env, const char *model, int experts, int keep, int steps)
{
    lm_diags d;
    lm_diags_init(&d);
    lm_instance *in = lm_instance_new(env, model, "standard", LM_MODE_MODEL, &d);
    const char *set[NKNOBS] = {0};
    hide(in, keep, &d);
    TL_CHECK("instance", in != NULL && d.errors == 0);
    char buf[96], what[256];
    for (int step = 0; in && step < steps; step++) {
        for (long n = tl_range(1, 2); n > 0; n--) {
            size_t k = (size_t)tl_range(0, (long)NKNOBS - (experts ? 1 : 2));
            size_t nv = 0;
            while (nv < 5 && knobs[k].values[nv])
                nv++;
            set[k] = knobs[k].values[tl_range(0, (long)nv - 1)];
            snprintf(buf, sizeof buf, "%s=%s", knobs[k].name, set[k]);
            lm_instance_set(in, buf, &d);
        }
        lm_diags_clear(&d);
        /* The reference: a fresh instance for each definition, so that nothing computed
         * for one (outside a `with`, say) can reach another. Under -k one for them all, in
         * the same order: a number a condition needs stays a number from then on (pinned),
         * so what an instance shows depends on what it was asked before. */
        lm_instance *fresh = NULL;
        for (size_t j = 0; j < NDEFS; j++) {
            if (keep != HIDE_KEEP || !fresh)
                fresh = fresh_instance(env, model, keep, set);
            char *a = value_of(in, defs[j]), *b = fresh ? value_of(fresh, defs[j]) : NULL;
            snprintf(what, sizeof what, "%s%s, step %d: %s", model,
                     keep == HIDE_KEEP ? " -k" : keep == HIDE_VARY ? " varied" : "", step,
                     defs[j]);
            TL_STREQ(what, a, b ? b : "");
            lm_free(a);
            lm_free(b);
            if (keep != HIDE_KEEP || j + 1 == NDEFS)
                lm_instance_free(fresh);
        }
    }
    lm_instance_free(in);
    lm_diags_clear(&d);
}

int main(void)
{
    tl_seed();
    lm_diags d;
    lm_diags_init(&d);
    lm_env *env = lm_env_new();
    TL_CHECK("load", env && lm_env_load_builtin(env, &d) == 0);
    run(env, "llama2-7b", 0, HIDE_NONE, 150);
    run(env, "mixtral-8x7b", 1, HIDE_NONE, 100);
    run(env, "llama2-7b", 0, HIDE_KEEP, 60);
    run(env, "llama2-7b", 0, HIDE_VARY, 60);
    lm_env_free(env);
    lm_diags_clear(&d);
    return tl_finish("incremental");
}
