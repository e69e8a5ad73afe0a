/* query.c: what callers ask an instance for: definitions by name (with the implicit
 * sums of tree nodes), free expressions, the require/expect checks, and listings (of
 * env.c's names visible from the instance's convention). */
#include "sem/sem_impl.h"
#include "base/alloc.h"
#include "print/print.h"
#include <string.h>

/* The symbols a check mentions, with their values ("num_layers = 0"), and the place the
 * first of them got its value (a -s setting or the model), to point the message there. */
static void describe(lm_instance *in, const lm_ast *e, lm_buf *vals, const lm_span **where,
                     const lm_span **where_model, lm_diags *d, unsigned depth)
{
    if (!e || depth > 64)
        return;
    if (e->kind == LM_AST_NAME) {
        const lm_symbol *s = lm_env_symbol(in->env, e->text);
        if (!s)
            return;
        lm_buf key;
        lm_buf_init(&key);
        lm_buf_printf(&key, "%s = ", s->name);
        int seen = vals->len && strstr(lm_buf_str(vals), lm_buf_str(&key)) != NULL;
        lm_val v;
        lm_val_init(&v);
        mpq_t q;
        mpq_init(q);
        if (!seen && lm_elab_symbol(in, s, &e->span, &v, d) == 0 && lm_poly_get_q(q, &v.p)) {
            mpq_div(q, q, s->scale);
            lm_buf_printf(vals, "%s%s", vals->len ? ", " : "", lm_buf_str(&key));
            lm_print_q_exact(vals, q, NULL);
            const sym_slot *slot = &in->syms[s - in->env->syms];
            const lm_ast *m = lm_model_setting(in, s->name);
            if (!m) {
                lm_diags quiet;
                lm_diags_init(&quiet);
                lm_when_setting(in, s->name, &m, &quiet);
                lm_diags_clear(&quiet);
            }
            /* the command line first: that is what the user just typed */
            if (!*where && slot->set)
                *where = &slot->set->span;
            if (!*where_model && m)
                *where_model = &m->a->span;
        }
        mpq_clear(q);
        lm_val_clear(&v);
        lm_buf_clear(&key);
        return;
    }
    describe(in, e->a, vals, where, where_model, d, depth + 1);
    describe(in, e->b, vals, where, where_model, d, depth + 1);
    describe(in, e->cond, vals, where, where_model, d, depth + 1);
}

/* require and expect: with the model's numbers in, each condition that can be decided
 * must hold; a require that fails is an error, an expect a warning. */
static int run_checks(lm_instance *in, lm_diags *d)
{
    if (in->mode != LM_MODE_MODEL)
        return 0;
    for (size_t i = 0; i < in->env->nchecks; i++) {
        const lm_ast *c = in->env->checks[i];
        int ok = 1;
        in->soft = 1;
        int rc = lm_elab_cond(in, c->cond, &ok, d);
        in->soft = 0;
        if (rc < 0)
            return -1;
        if (rc > 0 || ok)
            continue;
        lm_buf vals;
        lm_buf_init(&vals);
        const lm_span *where = NULL, *where_model = NULL;
        describe(in, c->cond, &vals, &where, &where_model, d, 0);
        if (!where)
            where = where_model;
        int req = c->op == 'r';
        lm_diag_add(d, req ? LM_SEV_ERROR : LM_SEV_WARNING, where ? where : &c->span,
                    "%s%s%s%s", c->strs[2], vals.len ? " (" : "", lm_buf_str(&vals),
                    vals.len ? ")" : "");
        if (where)
            lm_diag_add(d, LM_SEV_NOTE, &c->span, "%s here", req ? "required" : "expected");
        lm_buf_clear(&vals);
        if (req)
            return -1;
    }
    return 0;
}

static int checks_pass(lm_instance *in, lm_diags *d)
{
    if (!in->checked) {
        in->checked = 1;
        in->check_failed = run_checks(in, d) != 0;
    }
    return in->check_failed ? -1 : 0;
}

static int find_def(lm_instance *in, const char *name, const lm_val **out, const lm_def **def,
                    lm_diags *d)
{
    if (checks_pass(in, d))
        return -1;
    const lm_def *found = lm_env_def(in->env, name, in->conv);
    if (found) {
        if (lm_elab_def(in, found, &found->span, NULL, d))
            return -1;
        *out = &in->defs[found - in->env->defs].val;
        *def = found;
        return 0;
    }
    for (size_t i = 0; i < in->nimplicit; i++)
        if (strcmp(in->implicit[i]->def.name, name) == 0) {
            *out = &in->implicit[i]->val;
            *def = &in->implicit[i]->def;
            return 0;
        }
    if (lm_env_has_children(in->env, in->conv, name)) {
        struct implicit_node **arr =
            lm_realloc(in->implicit, (in->nimplicit + 1) * sizeof *in->implicit);
        if (arr)
            in->implicit = arr;
        struct implicit_node *node = arr ? lm_calloc(1, sizeof *node) : NULL;
        const char *copy = node ? lm_arena_strndup(&in->names, name, strlen(name)) : NULL;
        if (!copy) {
            lm_free(node);
            return lm_env_fail(in->env, d, LM_ENOMEM, NULL, NULL);
        }
        mpq_init(node->def.scale);
        mpq_set_ui(node->def.scale, 1, 1);
        node->def.name = copy;
        node->def.desc = "the sum of the definitions below it";
        lm_val_init(&node->val);
        arr[in->nimplicit++] = node;
        if (lm_elab_sum_children(in, name, NULL, &node->val, d))
            return -1;
        node->def.dim = node->val.dim;
        *out = &node->val;
        *def = &node->def;
        return 0;
    }
    /* A symbol or option asked for by name is not a typo: do not suggest the name itself. */
    if (lm_env_symbol(in->env, name) || lm_env_option(in->env, name)) {
        lm_diag_add(d, LM_SEV_ERROR, NULL, "'%s' is %s, not a definition (see 'lmcost list')",
                    name, lm_env_symbol(in->env, name) ? "a symbol" : "an option");
        return -1;
    }
    const char *near = lm_elab_suggest(in, name);
    if (near)
        lm_diag_add(d, LM_SEV_ERROR, NULL, "unknown definition '%s' (did you mean '%s'?)", name,
                    near);
    else
        lm_diag_add(d, LM_SEV_ERROR, NULL, "unknown definition '%s'%s%s", name,
                    in->conv ? " in convention " : "", in->conv ? in->conv : "");
    return -1;
}

int lm_instance_def(lm_instance *in, const char *name, const lm_val **out, const lm_def **def,
                    lm_diags *d)
{
    return lm_diags_settle(d, find_def(in, name, out, def, d));
}

int lm_instance_expr(lm_instance *in, const char *text, const char *srcname, lm_val *out,
                     lm_diags *d)
{
    if (checks_pass(in, d))
        return -1;
    const lm_ast *e = lm_instance_parse(in, srcname, text, 0, d);
    if (!e)
        return -1;
    return lm_diags_settle(d, lm_elab(in, e, out, d));
}

/* ---- listing ------------------------------------------------------------------------ */

int lm_instance_def_names(const lm_instance *in, const char ***names, size_t *n)
{
    return lm_env_def_names(in->env, in->conv, names, n);
}

int lm_instance_children(const lm_instance *in, const char *prefix, const char ***names,
                         size_t *n)
{
    lm_instance *mut = (lm_instance *)in; /* the name arena is a cache */
    return lm_env_children(in->env, in->conv, prefix, &mut->names, names, n);
}
