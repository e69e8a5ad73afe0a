/* api.c: the public API of include/lmcost.h, a thin session over env, instance and printers.
 * Every call clears the previous diagnostics, so lmcost_errors speaks of the last call. */
#include "lmcost.h"
#include "base/alloc.h"
#include "sem/env.h"
#include "sem/hf.h"
#include "print/print.h"
#include <string.h>

struct lmcost {
    lm_env *env;
    lm_instance *in;
    lm_diags diags;
    lm_buf errors;
};

void lmcost_route_gmp_memory(void) { lm_alloc_install_gmp(); }

lmcost *lmcost_new(void)
{
    lmcost *s = lm_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->env = lm_env_new();
    if (!s->env) {
        lm_free(s);
        return NULL;
    }
    lm_diags_init(&s->diags);
    lm_buf_init(&s->errors);
    return s;
}

void lmcost_free(lmcost *s)
{
    if (!s)
        return;
    lm_instance_free(s->in);
    lm_env_free(s->env);
    lm_diags_clear(&s->diags);
    lm_buf_clear(&s->errors);
    lm_free(s);
}

/* Each call is a new operation: a failed allocation in an earlier one (in this thread: the
 * out-of-memory state is per thread, see alloc.h) no longer counts. */
static void begin(lmcost *s)
{
    lm_alloc_recover();
    lm_diags_clear(&s->diags);
    lm_buf_clear(&s->errors);
}

/* Render the diagnostics and turn a failure into -1. */
static int finish(lmcost *s, int rc)
{
    rc = lm_diags_settle(&s->diags, rc);
    lm_alloc_recover(); /* the call has unwound: its report may allocate again */
    for (const lm_diag *d = s->diags.head; d; d = d->next)
        lm_diag_render(&s->errors, d);
    if (s->diags.oom)
        lm_buf_puts(&s->errors, "error: out of memory\n");
    return rc || s->diags.errors || s->diags.oom ? -1 : 0;
}

int lmcost_load_builtin(lmcost *s)
{
    begin(s);
    return finish(s, lm_env_load_builtin(s->env, &s->diags));
}

int lmcost_load_file(lmcost *s, const char *path)
{
    begin(s);
    return finish(s, lm_env_load_file(s->env, path, &s->diags, NULL));
}

int lmcost_select(lmcost *s, const char *model, const char *convention, int symbolic)
{
    begin(s);
    lm_instance_free(s->in);
    if (!convention && lm_env_block(s->env, "standard", 1))
        convention = "standard";
    lm_mode mode = symbolic ? LM_MODE_SYMBOLIC : LM_MODE_MODEL;
    /* A path to a config.json is read into a model of that name (once per session). */
    s->in = NULL;
    if (model && lm_hf_is_path(model) && lm_hf_load(s->env, model, &s->diags))
        return finish(s, -1);
    s->in = lm_instance_new(s->env, symbolic ? NULL : model, convention, mode, &s->diags);
    return finish(s, s->in ? 0 : -1);
}

static int need_instance(lmcost *s)
{
    if (s->in)
        return 0;
    s->in = lm_instance_new(s->env, NULL, lm_env_block(s->env, "standard", 1) ? "standard" : NULL,
                            LM_MODE_FREE, &s->diags);
    return s->in ? 0 : -1;
}

int lmcost_set(lmcost *s, const char *assignment)
{
    begin(s);
    int rc = need_instance(s);
    return finish(s, rc ? rc : lm_instance_set(s->in, assignment, &s->diags));
}

int lmcost_keep(lmcost *s, const char *symbols)
{
    begin(s);
    int rc = need_instance(s);
    return finish(s, rc ? rc : lm_instance_keep(s->in, symbols, &s->diags));
}

static char *print_value(lmcost *s, const lm_poly *p, lmcost_format fmt)
{
    lm_buf b;
    lm_buf_init(&b);
    lm_print_opts po = {fmt == LMCOST_LATEX ? LM_FMT_LATEX
                        : fmt == LMCOST_UNICODE ? LM_FMT_UNICODE
                                                : LM_FMT_PLAIN,
                        0};
    lm_print_poly(&b, p, &po);
    char *str = lm_buf_take(&b);
    if (!str)
        s->diags.oom = 1;
    return str;
}

/* The definition's value divided by its unit's scale. */
static int shown(lmcost *s, const char *name, lm_poly *out)
{
    const lm_val *v;
    const lm_def *def;
    if (need_instance(s) || lm_instance_def(s->in, name, &v, &def, &s->diags))
        return -1;
    mpq_t inv;
    mpq_init(inv);
    mpq_inv(inv, def->scale);
    lm_status st = lm_poly_mul_q(&s->env->ctx, out, &v->p, inv);
    mpq_clear(inv);
    return st ? lm_env_fail(s->env, &s->diags, st, &def->span, NULL) : 0;
}

char *lmcost_formula(lmcost *s, const char *name, lmcost_format fmt)
{
    begin(s);
    lm_poly p;
    lm_poly_init(&p);
    char *str = shown(s, name, &p) ? NULL : print_value(s, &p, fmt);
    lm_poly_clear(&p);
    if (finish(s, str ? 0 : -1)) {
        lm_free(str);
        return NULL;
    }
    return str;
}

char *lmcost_value(lmcost *s, const char *name)
{
    begin(s);
    lm_poly p;
    lm_poly_init(&p);
    char *str = NULL;
    if (!shown(s, name, &p)) {
        mpq_t q;
        mpq_init(q);
        if (lm_poly_get_q(q, &p)) {
            lm_buf b;
            lm_buf_init(&b);
            lm_print_q_exact(&b, q, NULL);
            str = lm_buf_take(&b);
        } else {
            lm_diag_add(&s->diags, LM_SEV_ERROR, NULL,
                        "'%s' is not a number: some of its symbols have no value", name);
        }
        mpq_clear(q);
    }
    lm_poly_clear(&p);
    if (finish(s, str ? 0 : -1)) {
        lm_free(str);
        return NULL;
    }
    return str;
}

char *lmcost_calc(lmcost *s, const char *expr, lmcost_format fmt)
{
    begin(s);
    lm_val v;
    lm_val_init(&v);
    char *str = NULL;
    /* A free instance: names that are not declared stay symbols. */
    lm_instance *in = lm_instance_new(s->env, NULL, NULL, LM_MODE_FREE, &s->diags);
    if (in && !lm_instance_expr(in, expr, "<expression>", &v, &s->diags))
        str = print_value(s, &v.p, fmt);
    lm_val_clear(&v);
    lm_instance_free(in);
    if (finish(s, str ? 0 : -1)) {
        lm_free(str);
        return NULL;
    }
    return str;
}

const char *lmcost_errors(const lmcost *s)
{
    if (s->errors.failed)
        return "error: out of memory\n";
    return lm_buf_str(&s->errors);
}
void lmcost_string_free(char *str) { lm_free(str); }
