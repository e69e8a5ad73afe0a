/* fuzz_setting.c: libFuzzer harness for the command-line texts that reach the engine:
 * `-s NAME=EXPR` settings (lm_instance_set), `-k SYM,...` (lm_instance_keep), and the
 * `--le QUANTITY` of solve (lm_instance_expr, then the dimension check against the
 * definition). The built-in library is loaded once; each input is an instance of
 * gpt2-xl (standard or seed) that then elaborates a few definitions and prints the
 * numbers they come to, exactly and rounded.
 * Input: lines; a line "-k LIST" keeps symbols, the last line is the quantity, every
 * other line is a setting. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lm_env *env;

static void load(void)
{
    lm_diags d;
    lm_diags_init(&d);
    env = fuzz_env_new();
    if (lm_env_load_builtin(env, &d))
        abort();
    lm_diags_clear(&d);
}

static const char *const defs[] = {"params", "memory.total", "flops.step", "time.train",
                                   "memory.kv_cache", "flops.forward.layer", "tokens.train"};

static void print_number(const lm_poly *p, const mpq_t scale)
{
    mpq_t q;
    mpq_init(q);
    if (lm_poly_get_q(q, p)) {
        lm_buf b;
        lm_buf_init(&b);
        if (mpq_sgn(scale))
            mpq_div(q, q, scale);
        lm_print_q_exact(&b, q, ",");
        lm_print_q_decimal(&b, q, 7, -1, ",");
        lm_print_q_decimal(&b, q, 3, 1, NULL);
        lm_print_q_decimal(&b, q, 1, 0, "\\,");
        if (lm_q_is_terminating(q))
            lm_print_q_terminating(&b, q, ",");
        lm_buf_clear(&b);
    }
    mpq_clear(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lm_alloc_recover(); /* an allocation that failed for an earlier input is forgotten */
    if (size > 4096)
        return 0;
    /* Atoms (floor(...) of a setting, say) and the command-line texts that diagnostics
     * point into live as long as the environment: start a new one now and then so memory
     * stays bounded. */
    static unsigned runs;
    if (!env || env->ctx.natoms > 20000 || ++runs % 5000 == 0) {
        lm_env_free(env);
        load();
    }
    char *text = fuzz_cstr(data, size);
    lm_diags d;
    lm_diags_init(&d);
    lm_instance *in = lm_instance_new(env, "gpt2-xl", size & 1 ? "seed" : "standard",
                                      LM_MODE_MODEL, &d);
    if (!in)
        abort();
    char *line = text, *quantity = text;
    int nsets = 0;
    for (char *nl; (nl = strchr(line, '\n')) && nsets < 8; line = nl + 1, nsets++) {
        *nl = 0;
        if (strncmp(line, "-k ", 3) == 0)
            lm_instance_keep(in, line + 3, &d);
        else
            lm_instance_set(in, line, &d);
        quantity = nl + 1;
    }
    const lm_val *v = NULL;
    const lm_def *def = NULL;
    for (size_t i = 0; i < sizeof defs / sizeof *defs; i++) {
        const lm_val *w;
        const lm_def *dw;
        if (lm_instance_def(in, defs[i], &w, &dw, &d) == 0) {
            print_number(&w->p, dw->scale);
            if (i == 1)
                v = w, def = dw;
        }
    }
    lm_val budget;
    lm_val_init(&budget);
    if (lm_instance_expr(in, quantity, "<command line>", &budget, &d) == 0) {
        mpq_t q;
        mpq_init(q);
        if (lm_poly_get_q(q, &budget.p) && v && !lm_dim_equal(budget.dim, v->dim)) {
            lm_buf a;
            lm_buf_init(&a);
            lm_dim_print(&a, budget.dim);
            lm_dim_print(&a, v->dim);
            lm_buf_clear(&a);
        }
        if (def)
            print_number(&budget.p, def->scale);
        mpq_clear(q);
    }
    fuzz_render(&d);
    lm_val_clear(&budget);
    lm_diags_clear(&d);
    lm_instance_free(in);
    free(text);
    return 0;
}
