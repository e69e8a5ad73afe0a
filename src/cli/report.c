/* report.c: the report command: one page answering every question of the accounting
 * exercise for one model and convention: sections of figures, formulas and a table. */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

/* The notebook's training question, used unless the command line sets these symbols; with
 * the hardware catalog loaded, a hardware chosen with -s gives its own peak. */
static const char *training_defaults[] = {"batch_size=1024", "steps=400000",
    "peak_flops=19.5 TFLOP/s", "mfu=0.5"};
static const char *training_defaults_hw[] = {"batch_size=1024", "steps=400000",
    "peak_flops=if hardware == none then 19.5 TFLOP/s else peak_flops_hardware", "mfu=0.5"};

/* Does the command line set NAME (-s NAME=...)? */
static int set_by_user(const cli *c, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < c->o->nsets; i++)
        if (strncmp(c->o->sets[i], name, n) == 0 && c->o->sets[i][n] == '=')
            return 1;
    return 0;
}

/* Is the NAME of "NAME=VALUE" a symbol or an option of the loaded library? */
static int declared(cli *c, const char *setting)
{
    char *name = lm_strndup(setting, strcspn(setting, "="));
    if (!name)
        return c->diags.oom = 1, 0;
    int yes = lm_env_symbol(c->env, name) || lm_env_option(c->env, name);
    lm_free(name);
    return yes;
}

/* An instance with settings `pre` (which the command line may override) and `post`
 * (which override the command line). */
static lm_instance *instance_with(cli *c, const char **pre, int npre, const char **post,
                                  int npost, lm_mode mode)
{
    cli_opts *o = c->o;
    const char *model = o->model ? o->model : lm_env_block(c->env, "gpt2-xl", 0) ? "gpt2-xl" : NULL;
    const char *conv = o->conv ? o->conv : lm_env_block(c->env, "standard", 1) ? "standard" : NULL;
    lm_instance *in = lm_instance_new(c->env, model, conv, mode, &c->diags);
    if (!in)
        return NULL;
    int rc = 0;
    /* The report's own settings apply only where the library declares their names: a file
     * of the user's with no dtype should not be blamed for the report's "dtype=fp32". */
    for (int i = 0; i < npre; i++)
        if (declared(c, pre[i]))
            rc |= lm_instance_set(in, pre[i], &c->diags);
    for (int i = 0; i < o->nsets; i++)
        rc |= lm_instance_set(in, o->sets[i], &c->diags);
    for (int i = 0; i < npost; i++)
        if (declared(c, post[i]))
            rc |= lm_instance_set(in, post[i], &c->diags);
    if (rc) {
        lm_instance_free(in);
        return NULL;
    }
    return in;
}

/* A key for programs: stable, snake_case: prefix, text with every character but letters
 * and digits made '_', suffix ("memory.params", "_fp32": "memory_params_fp32"). */
static void key_of(lm_buf *b, const char *prefix, const char *text, const char *suffix)
{
    lm_buf_reset(b);
    lm_buf_puts(b, prefix);
    for (const char *p = text; *p; p++) {
        char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        int word = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        lm_buf_putc(b, word ? ch : '_');
    }
    lm_buf_puts(b, suffix);
}

static int value(cli *c, lm_instance *in, const char *name, mpq_t shown, mpq_t base,
                 const lm_def **def_out)
{
    const lm_val *v;
    const lm_def *def;
    if (lm_instance_def(in, name, &v, &def, &c->diags) ||
        lm_def_number(c->env, name, def, v, shown, &c->diags))
        return -1;
    if (base)
        mpq_mul(base, shown, def->scale);
    if (def_out)
        *def_out = def;
    return 0;
}

/* The instances the report reads: the model as set, at fp32, at bf16, at batch_size 1,
 * every hyperparameter symbolic, and with the notebook's training question. */
typedef struct {
    lm_instance *base, *in32, *in16, *b1, *sym, *train;
} instances;

static int instances_make(cli *c, instances *r)
{
    /* one sequence on one device: the layout of the run does not split it */
    static const char *fp32[] = {"dtype=fp32"}, *bf16[] = {"dtype=bf16"},
                      *one[] = {"batch_size=1", "data_parallel=1", "tensor_parallel=1",
                                "pipeline_parallel=1", "pipeline_chunks=1", "expert_parallel=1",
                                "micro_batch_size=1"};
    memset(r, 0, sizeof *r);
    r->base = instance_with(c, NULL, 0, NULL, 0, LM_MODE_MODEL);
    r->in32 = r->base ? instance_with(c, NULL, 0, fp32, 1, LM_MODE_MODEL) : NULL;
    r->in16 = r->in32 ? instance_with(c, NULL, 0, bf16, 1, LM_MODE_MODEL) : NULL;
    r->b1 = r->in16 ? instance_with(c, NULL, 0, one, 7, LM_MODE_MODEL) : NULL;
    r->sym = r->b1 ? instance_with(c, NULL, 0, NULL, 0, LM_MODE_SYMBOLIC) : NULL;
    /* a run given by its tokens takes its steps from them */
    int hw = lm_env_option(c->env, "hardware") && lm_env_symbol(c->env, "peak_flops_hardware");
    const char **td = hw ? training_defaults_hw : training_defaults;
    const char *train[] = {td[0], td[2], td[3], td[1]};
    r->train = r->sym ? instance_with(c, train, set_by_user(c, "train_tokens") ? 3 : 4, NULL, 0,
                                      LM_MODE_MODEL)
                      : NULL;
    c->in = r->base; /* main frees it */
    return r->train ? 0 : -1;
}

static void instances_free(instances *r)
{
    lm_instance_free(r->in32);
    lm_instance_free(r->in16);
    lm_instance_free(r->b1);
    lm_instance_free(r->sym);
    lm_instance_free(r->train);
}

/* A figure: the exact value in its unit (human units for text), under key and label. */
static int figure(cli *c, lm_instance *in, const char *name, const char *label,
                  const char *key, const char *unit)
{
    mpq_t s, b;
    mpq_init(s), mpq_init(b);
    const lm_def *def;
    int rc = value(c, in, name, s, b, &def);
    if (!rc) {
        lm_buf u, k;
        lm_buf_init(&u), lm_buf_init(&k);
        lm_def_unit(&u, def, def->dim);
        key_of(&k, "", key ? key : name, "");
        wr_record(c->w, lm_buf_str(&k), label ? label : name,
                  unit ? unit : u.len ? lm_buf_str(&u) : NULL);
        wr_num(c->w, s, b, def->dim);
        lm_buf_clear(&u), lm_buf_clear(&k);
    }
    mpq_clear(s), mpq_clear(b);
    return rc;
}

static int fig(cli *c, lm_instance *in, const char *name, const char *label)
{
    return figure(c, in, name, label, NULL, NULL);
}

/* A formula: the definition in the instance, collected in batch_size. */
static int formula(cli *c, lm_instance *in, const char *name, const char *suffix)
{
    const lm_val *v;
    const lm_def *def;
    if (lm_instance_def(in, name, &v, &def, &c->diags))
        return -1;
    lm_poly shown;
    lm_poly_init(&shown);
    lm_buf u, key;
    lm_buf_init(&u), lm_buf_init(&key);
    lm_def_unit(&u, def, def->dim);
    key_of(&key, "", name, suffix);
    int rc = lm_def_shown(c->env, def, v, &shown, &c->diags);
    if (!rc) {
        wr_record(c->w, lm_buf_str(&key), name, lm_buf_str(&u));
        rc = wr_formula(c->w, &shown, 0);
    }
    lm_buf_clear(&u), lm_buf_clear(&key);
    lm_poly_clear(&shown);
    return rc;
}

/* The matmuls: the children of flops.forward.matmul with their share of all of them. */
static const wr_col matmul_cols[] = {
    {"name", "matmul", 0, 0, 10, NULL, 0},
    {"value", "FLOPs", WR_RIGHT | WR_UNIT_AFTER, 0, 26, NULL, 0},
    {"share", NULL, WR_RIGHT, 0, 0, "  ", 0},
};

static int matmuls(cli *c, lm_instance *in)
{
    static const wr_table spec = {NULL, matmul_cols, 3, 0, 2, NULL};
    const char *parent = "flops.forward.matmul";
    const char **kids;
    size_t n;
    if (lm_instance_children(in, parent, &kids, &n))
        return c->diags.oom = 1, -1;
    mpq_t total, s;
    mpq_init(total), mpq_init(s);
    lm_buf key;
    lm_buf_init(&key);
    const lm_def *def;
    lm_buf unit;
    lm_buf_init(&unit);
    int rc = value(c, in, parent, total, NULL, &def);
    if (!rc) {
        wr_table_begin(c->w, &spec, NULL, 0);
        lm_def_unit(&unit, def, def->dim);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        if ((rc = value(c, in, kids[i], s, NULL, NULL)) || mpq_sgn(s) == 0)
            continue; /* 0: a router in a dense model */
        const char *nm = kids[i] + strlen(parent) + 1;
        key_of(&key, "matmul_", nm, "");
        wr_row(c->w, lm_buf_str(&key), lm_buf_str(&unit));
        wr_name(c->w, nm);
        wr_num(c->w, s, s, def->dim);
        mpq_div(s, s, total);
        wr_ratio(c->w, s, 4, 0);
    }
    lm_buf_clear(&key), lm_buf_clear(&unit);
    mpq_clear(total), mpq_clear(s);
    lm_free(kids);
    return rc;
}

/* memory.total as a*batch_size + b, with numbers a > 0 and b (in base units), and its
 * definition. */
static int linear(cli *c, lm_instance *in, mpq_t a, mpq_t b0, const lm_def **def)
{
    const lm_val *v;
    if (lm_instance_def(in, "memory.total", &v, def, &c->diags))
        return -1;
    const lm_atom *x = lm_ctx_find_symbol(&c->env->ctx, "batch_size");
    if (!x || lm_poly_degree(&v->p, x) != 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "memory.total is not linear in batch_size");
        return -1;
    }
    lm_poly coef;
    lm_poly_init(&coef);
    lm_poly_coeff(&c->env->ctx, &coef, &v->p, x, 1);
    int ok = lm_poly_get_q(a, &coef);
    lm_poly_coeff(&c->env->ctx, &coef, &v->p, x, 0);
    ok = ok && lm_poly_get_q(b0, &coef);
    lm_poly_clear(&coef);
    if (!ok || mpq_sgn(a) <= 0) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "memory.total must be a*batch_size + b "
                    "with numbers a > 0 and b");
        return -1;
    }
    return 0;
}

/* For programs: a and b as figures in memory.total's unit. */
static void coefficients(cli *c, const mpq_t a, const mpq_t b0, const lm_def *def)
{
    lm_buf u;
    lm_buf_init(&u);
    lm_def_unit(&u, def, def->dim);
    mpq_t shown;
    mpq_init(shown);
    wr_records(c->w, 0);
    wr_only(c->w, WR_DATA);
    mpq_div(shown, a, def->scale);
    wr_record(c->w, "memory_total_a", "a", lm_buf_str(&u));
    wr_num(c->w, shown, a, def->dim);
    mpq_div(shown, b0, def->scale);
    wr_record(c->w, "memory_total_b", "b", lm_buf_str(&u));
    wr_num(c->w, shown, b0, def->dim);
    mpq_clear(shown);
    lm_buf_clear(&u);
}

/* solve in place: the largest batch_size with a*batch_size + b <= budget, that is
 * floor((budget - b) / a); 0, with a remark, when b alone exceeds it. */
static int max_batch(cli *c, lm_instance *in, const mpq_t a, const mpq_t b0,
                     const char *budget_text, const char *key)
{
    lm_val budget;
    lm_val_init(&budget);
    mpq_t room;
    mpq_init(room);
    const lm_val *v;
    const lm_def *def;
    int rc = lm_instance_def(in, "memory.total", &v, &def, &c->diags) ||
                     lm_instance_expr(in, budget_text, "<report>", &budget, &c->diags)
                 ? -1
                 : 0;
    if (!rc && !lm_dim_equal(v->dim, budget.dim)) { /* not in bytes: no budget of bytes */
        lm_buf t;
        lm_buf_init(&t);
        lm_buf_printf(&t, "memory.total is not in bytes: no batch is sized against %s",
                      budget_text);
        wr_aside(c->w, lm_buf_str(&t));
        lm_buf_clear(&t);
        mpq_clear(room);
        lm_val_clear(&budget);
        return 0;
    }
    if (!rc && !lm_poly_get_q(room, &budget.p)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "the budget %s is not a number", budget_text);
        rc = -1;
    }
    if (!rc) {
        mpz_t n;
        mpz_init(n);
        mpq_sub(room, room, b0);
        mpq_div(room, room, a);
        mpz_fdiv_q(n, mpq_numref(room), mpq_denref(room));
        mpq_set_z(room, n);
        if (mpz_sgn(n) <= 0) {
            mpq_set_ui(room, 0, 1);
            wr_aside(c->w, "the constant part alone exceeds this budget: no batch fits");
        }
        lm_dim none = {{0}};
        lm_buf label;
        lm_buf_init(&label);
        lm_buf_printf(&label, "largest batch_size within %s", budget_text);
        wr_record(c->w, key, lm_buf_str(&label), NULL);
        wr_num(c->w, room, room, none);
        lm_buf_clear(&label);
        mpz_clear(n);
    }
    mpq_clear(room);
    lm_val_clear(&budget);
    return rc;
}

/* "lmcost report: MODEL, convention CONV" (or "no model", "no convention"). */
static void title(cli *c, const char *model, const char *conv)
{
    lm_buf t;
    lm_buf_init(&t);
    lm_buf_printf(&t, "lmcost report: %s, %s%s", model ? model : "no model",
                  conv ? "convention " : "no convention", conv ? conv : "");
    wr_title(c->w, lm_buf_str(&t));
    lm_buf_clear(&t);
}

static int parameters(cli *c, const instances *r)
{
    wr_section(c->w, "1. Parameters and the memory to load them");
    wr_records(c->w, 0);
    return fig(c, r->base, "params", NULL) ||
           figure(c, r->in32, "memory.params", "load memory at fp32 (memory.params, dtype=fp32)",
                  "memory_params_fp32", NULL) ||
           figure(c, r->in16, "memory.params", "load memory at bf16 (memory.params, dtype=bf16)",
                  "memory_params_bf16", NULL);
}

static int forward(cli *c, const instances *r)
{
    wr_section(c->w, "2. Forward matmul FLOPs of one sequence (batch_size = 1)");
    wr_note(c->w, "Each matmul over all layers, with its share of all forward matmuls "
                  "(rounded to 4 digits):");
    if (matmuls(c, r->b1))
        return -1;
    wr_records(c->w, 0);
    return fig(c, r->b1, "flops.forward.matmul", "all forward matmuls") ||
           fig(c, r->b1, "flops.forward", "the whole forward pass (with element-wise ops)");
}

/* The memory formulas, memory.total as a*batch_size + b for the model, and the largest
 * batch within 80 GB and within 80 GiB. */
static int memory(cli *c, const instances *r)
{
    static const char *mem[] = {"memory.params", "memory.gradients", "memory.optimizer",
                                "memory.activations", "memory.total"};
    wr_section(c->w, "3. Peak memory of AdamW training");
    wr_note(c->w, "As formulas in the hyperparameters (bytes; those the model does not set take "
                  "their defaults, such as d_ff = 4 d_model):");
    wr_records(c->w, 1);
    if (cli_settle(c, r->sym, mem, 5))
        return -1;
    for (int i = 0; i < 5; i++)
        if (formula(c, r->sym, mem[i], "_formula"))
            return -1;
    if (wr_format(c->w) == OUT_LATEX) { /* LaTeX writes symbols, not names: say which */
        const char *model = lm_instance_model(r->base);
        lm_buf t;
        lm_buf_init(&t);
        lm_buf_printf(&t, "The symbols of these formulas, with their values for %s:",
                      model ? model : "the model");
        wr_note(c->w, lm_buf_str(&t));
        lm_buf_clear(&t);
        if (cli_symbols(c, r->base))
            return -1;
    }
    lm_instance *kb = instance_with(c, NULL, 0, NULL, 0, LM_MODE_MODEL);
    int rc = !kb || lm_instance_keep(kb, "batch_size", &c->diags);
    if (!rc) {
        const char *model = lm_instance_model(r->base), *dtype = lm_instance_option(kb, "dtype");
        lm_buf t;
        lm_buf_init(&t);
        lm_buf_printf(&t, "For %s%s%s%s, as a*batch_size + b:", model ? model : "the model",
                      dtype ? " (dtype " : "", dtype ? dtype : "", dtype ? ")" : "");
        wr_note(c->w, lm_buf_str(&t));
        lm_buf_clear(&t);
        wr_records(c->w, 1);
        rc = formula(c, kb, "memory.total", "_in_batch_size");
    }
    mpq_t a, b0;
    mpq_init(a), mpq_init(b0);
    const lm_def *def;
    rc = rc || linear(c, kb, a, b0, &def);
    if (!rc) {
        coefficients(c, a, b0, def);
        wr_records(c->w, 0);
        rc = max_batch(c, kb, a, b0, "80 GB", "max_batch_size_80_gb") ||
             max_batch(c, kb, a, b0, "80 GiB", "max_batch_size_80_gib");
    }
    mpq_clear(a), mpq_clear(b0);
    lm_instance_free(kb);
    return rc ? -1 : 0;
}

static int training(cli *c, const instances *r)
{
    wr_section(c->w, "4. One AdamW step");
    wr_records(c->w, 0);
    if (fig(c, r->base, "flops.optimizer", NULL))
        return -1;
    wr_section(c->w, "5. Training time");
    if (set_by_user(c, "train_tokens"))
        wr_note(c->w, "Unless set with -s: batch_size = 1024, peak_flops = 19.5 TFLOP/s (A100, "
                      "fp32), mfu = 0.5; steps from train_tokens.");
    else
        wr_note(c->w, "Unless set with -s: batch_size = 1024, steps = 400000, peak_flops = 19.5 "
                      "TFLOP/s (A100, fp32), mfu = 0.5.");
    wr_records(c->w, 0);
    return fig(c, r->train, "flops.step", "FLOPs of one step") ||
           fig(c, r->train, "time.train", "training time");
}

/* ---- the layout: training on many devices -------------------------------------------- */

/* A figure of the layout, or, when it still depends on a symbol (a bandwidth without a
 * hardware), a missing one that names it. -1 on any other error (reported). */
static int layout_fig(cli *c, lm_instance *in, const char *name, const char *label)
{
    const lm_def *decl = lm_env_def(c->env, name, lm_instance_conv(in)), *def;
    if (!decl)
        return 0; /* a library without it */
    const lm_val *v;
    lm_diags quiet; /* the requires passed in section 5: what fails here lacks a value */
    lm_diags_init(&quiet);
    int failed = lm_instance_def(in, name, &v, &def, &quiet);
    c->diags.oom |= quiet.oom;
    lm_diags_clear(&quiet);
    if (!failed && lm_poly_is_const(&v->p))
        return fig(c, in, name, label);
    lm_buf why;
    lm_buf_init(&why);
    const char *sym = failed ? NULL : lm_poly_free_symbol(&v->p);
    lm_buf_printf(&why, "%s: needs %s (-s %s=..., or -s hardware=NAME)", name,
                  sym ? sym : "the hardware's figures", sym ? sym : "devices_per_node");
    wr_aside(c->w, lm_buf_str(&why));
    lm_buf_clear(&why);
    return 0;
}

/* Does the layout section apply: a parallel degree above 1, or a hardware set? */
static int has_layout(cli *c, lm_instance *in)
{
    static const char *deg[] = {"data_parallel", "tensor_parallel", "pipeline_parallel",
                                "expert_parallel"};
    const char *hw = lm_env_option(c->env, "hardware") ? lm_instance_option(in, "hardware")
                                                       : NULL;
    int yes = hw && strcmp(hw, "none") != 0;
    lm_diags quiet;
    lm_diags_init(&quiet);
    for (int i = 0; i < 4 && !yes; i++) {
        lm_val v;
        lm_val_init(&v);
        mpq_t q;
        mpq_init(q);
        if (lm_env_symbol(c->env, deg[i]) &&
            !lm_instance_expr(in, deg[i], "<report>", &v, &quiet) && lm_poly_get_q(q, &v.p))
            yes = mpq_cmp_ui(q, 1, 1) > 0;
        mpq_clear(q);
        lm_val_clear(&v);
    }
    lm_diags_clear(&quiet);
    return yes;
}

/* Whether the most-loaded device fits in device_memory, and by how much. */
static int fits(cli *c, lm_instance *in)
{
    lm_val mem;
    lm_val_init(&mem);
    mpq_t q;
    mpq_init(q);
    lm_diags quiet;
    lm_diags_init(&quiet);
    int known = !lm_instance_expr(in, "device_memory - memory.device.total", "<report>", &mem,
                                  &quiet) && lm_poly_get_q(q, &mem.p);
    lm_diags_clear(&quiet);
    if (known) {
        lm_dim bytes = {{1, 0, 0, 0}};
        mpq_t cap;
        mpq_init(cap);
        lm_val_clear(&mem);
        lm_val_init(&mem);
        if (!lm_instance_expr(in, "device_memory", "<report>", &mem, &c->diags) &&
            lm_poly_get_q(cap, &mem.p)) {
            wr_record(c->w, "device_memory", "device_memory", "B");
            wr_num(c->w, cap, cap, bytes);
        }
        mpq_clear(cap);
        wr_aside(c->w, mpq_sgn(q) >= 0 ? "the most-loaded device fits in device_memory"
                                       : "the most-loaded device does NOT fit in device_memory");
        wr_record(c->w, "device_memory_left",
                  "device_memory - memory.device.total (room left)", "B");
        wr_num(c->w, q, q, bytes);
    }
    mpq_clear(q);
    lm_val_clear(&mem);
    return 0;
}

/* Section 6, when the run is on many devices or a hardware is set: per-device memory, the
 * most-loaded stage, communication, both step times, the training time, what fits. */
static int layout(cli *c, const instances *r)
{
    static const char *figs[][2] = {
        {"num_devices", NULL}, {"num_micro_batches", NULL},
        {"memory.device.params", NULL}, {"memory.device.gradients", NULL},
        {"memory.device.optimizer", NULL}, {"memory.device.gather", NULL},
        {"memory.device.activations", NULL}, {"memory.device.reserved", NULL},
        {"memory.device.total", NULL}, {"memory.host", NULL},
        {"parallel.heaviest_stage", "the most-loaded pipeline stage (1 to pipeline_parallel)"},
        {"comm.step.dp", NULL}, {"comm.step.tp", NULL}, {"comm.step.pp", NULL},
        {"comm.step.ep", NULL},
        {"time.step", "time of one step at mfu (time.step)"},
        {"time.step.estimate", "time of one step, bottom-up (time.step.estimate)"},
        {"time.train", "training time at mfu (time.train)"},
        {"time.train.estimate", "training time, bottom-up (time.train.estimate)"},
        {"device_memory", NULL},
    };
    lm_instance *in = r->train;
    if (!lm_env_def(c->env, "memory.device.total", lm_instance_conv(in)) || !has_layout(c, in))
        return 0;
    wr_section(c->w, "6. Training at scale");
    lm_buf t;
    lm_buf_init(&t);
    const char *opts[] = {"hardware", "zero", "recompute", "sequence_parallel", "offload"};
    lm_buf_puts(&t, "The layout and the run of section 5");
    for (int i = 0; i < 5; i++)
        if (lm_env_option(c->env, opts[i]))
            lm_buf_printf(&t, "%s %s = %s", i ? "," : ":", opts[i],
                          lm_instance_option(in, opts[i]));
    lm_buf_puts(&t, ". Memory and communication are the most-loaded device's.");
    wr_note(c->w, lm_buf_str(&t));
    lm_buf_clear(&t);
    wr_records(c->w, 0);
    static const char *deg[] = {"data_parallel", "tensor_parallel", "pipeline_parallel",
                                "expert_parallel", "micro_batch_size"};
    for (int i = 0; i < 5; i++) {
        mpq_t q;
        mpq_init(q);
        lm_val v;
        lm_val_init(&v);
        int rc = lm_env_symbol(c->env, deg[i]) &&
                 !lm_instance_expr(in, deg[i], "<report>", &v, &c->diags) &&
                 lm_poly_get_q(q, &v.p);
        if (rc) {
            lm_dim none = {{0}};
            wr_record(c->w, deg[i], deg[i], NULL);
            wr_num(c->w, q, q, none);
        }
        mpq_clear(q);
        lm_val_clear(&v);
    }
    for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++)
        if (layout_fig(c, in, figs[i][0], figs[i][1]))
            return -1;
    return fits(c, in);
}

/* The inference question, used unless the command line sets these symbols. */
static const char *inference_defaults[] = {"hardware=a100-sxm-80gb", "batch_size=1",
    "prompt_length=context_length"};

/* Is there an inference section: --inference, or prompt_length or a hardware set? */
static int wants_inference(const cli_opts *o)
{
    for (int i = 0; i < o->nsets; i++)
        if (!strncmp(o->sets[i], "prompt_length=", 14) ||
            (!strncmp(o->sets[i], "hardware=", 9) && strcmp(o->sets[i] + 9, "none")))
            return 1;
    return o->inference;
}

static int inference(cli *c, const instances *r)
{
    /* the section after the layout's, when there is one */
    int shown = lm_env_def(c->env, "memory.device.total", lm_instance_conv(r->train)) &&
                has_layout(c, r->train);
    /* serving splits a model by tensor parallelism only: the training run's other degrees
     * do not apply to it */
    static const char *tp_only[] = {"data_parallel=1", "pipeline_parallel=1",
                                    "pipeline_chunks=1", "expert_parallel=1",
                                    "micro_batch_size=1"};
    lm_instance *in = instance_with(c, inference_defaults, 3, tp_only, 5, LM_MODE_MODEL);
    if (!in)
        return -1;
    const char *hw = lm_instance_option(in, "hardware");
    lm_buf t;
    lm_buf_init(&t);
    lm_buf_printf(&t, "On %s, dtype %s; unless set with -s: hardware = a100-sxm-80gb, "
                  "batch_size = 1, prompt_length = context_length; cache_length defaults to "
                  "context_length; the only parallelism is tensor_parallel. Each step is a roofline "
                  "per device: the longer of its FLOPs at efficiency * peak_flops and its bytes "
                  "at memory_bandwidth, then the tensor-parallel all-reduces.", hw ? hw : "the hardware given",
                  lm_instance_option(in, "dtype"));
    wr_section(c->w, shown ? "7. Inference" : "6. Inference");
    wr_note(c->w, lm_buf_str(&t));
    lm_buf_clear(&t);
    wr_records(c->w, 0);
    int rc = fig(c, in, "time.prefill", "prefill of batch_size prompts (time.prefill)") ||
             fig(c, in, "time.decode", "one decode step at cache_length (time.decode)") ||
             figure(c, in, "throughput.decode", "tokens per second of the batch "
                    "(throughput.decode)", NULL, "token/s") ||
             fig(c, in, "kv_cache.per_token", "KV cache per token (kv_cache.per_token)") ||
             fig(c, in, "kv_cache.per_sequence", "KV cache per sequence of cache_length "
                 "tokens (kv_cache.per_sequence)") ||
             fig(c, in, "memory.inference.weights", "weights on one device "
                 "(memory.inference.weights)") ||
             fig(c, in, "inference.max_batch", "largest batch_size at cache_length within "
                 "device_memory (inference.max_batch)") ||
             fig(c, in, "inference.critical_batch", "batch at which decode turns "
                 "compute-bound, KV reads ignored (inference.critical_batch)");
    lm_instance_free(in);
    return rc ? -1 : 0;
}

/* The page's header: JSON's model, convention and dtype, and the title. */
static void head(cli *c, const instances *r)
{
    const char *model = lm_instance_model(r->base), *conv = lm_instance_conv(r->base);
    const char *dtype = lm_instance_option(r->base, "dtype");
    wr_doc doc = {1, 0, WR_TEX_ARTICLE, 0};
    wr_document(c->w, &doc);
    wr_meta(c->w, "model", model); /* none: null, as show and eval say */
    wr_meta(c->w, "convention", conv);
    wr_meta(c->w, "dtype", dtype);
    title(c, model, conv);
}

int cmd_report(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "report takes no arguments; use -m and -c");
        return 1;
    }
    if (cli_load(c))
        return 1;
    if (!lm_env_def(c->env, "params", NULL) && !lm_env_def(c->env, "memory.total", "standard") &&
        !lm_env_def(c->env, "memory.total", o->conv ? o->conv : "standard")) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "the report needs the library's definitions (params, flops.*, memory.*, "
                    "time.train): a file given with -f can start with include \"lmcost.lm\"");
        return 1;
    }
    instances r;
    int rc = instances_make(c, &r);
    if (!rc) {
        head(c, &r);
        rc = parameters(c, &r) || forward(c, &r) || memory(c, &r) || training(c, &r) ||
             layout(c, &r) || (wants_inference(o) && inference(c, &r));
    }
    lm_buf foot;
    lm_buf_init(&foot);
    /* in LaTeX, where B is the batch size, bytes are bytes */
    static const char *bytes[] = {"B", "bytes"};
    for (int i = 0; i < 2; i++) {
        lm_buf_reset(&foot);
        lm_buf_printf(&foot, "Figures are exact, except those ending in \xE2\x80\xA6 (rounded to "
                             "%d significant digits) and those in parentheses (rounded to 3).\n"
                             "GB = 10^9 %s, GiB = 2^30 %s.",
                      o->digits, bytes[i], bytes[i]);
        wr_footnote(c->w, lm_buf_str(&foot));
        wr_only(c->w, i ? WR_IN(OUT_LATEX) : WR_EXCEPT(OUT_LATEX));
    }
    lm_buf_clear(&foot);
    instances_free(&r);
    return rc ? 1 : 0;
}
