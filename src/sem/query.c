/* query.c: what callers ask an instance for: definitions by name (with the implicit
 * sums of tree nodes), free expressions, the require/expect checks, and listings (of
 * env.c's names visible from the instance's convention). */
#include "sem/sem_impl.h"
#include "base/alloc.h"
#include "print/print.h"
#include <string.h>

/* The symbols a check mentions, with their values ("num_layers = 0"), and the place the
 * first of them got its value (a -s setting or the model), to point the message there; a
 * symbol that has its default's value brings the symbols of the default. */
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
            if (!m)
                lm_when_quietly(in, s->name, &m, d);
            /* the command line first: that is what the user just typed */
            if (!*where && slot->set)
                *where = &slot->set->span;
            if (!*where_model && m)
                *where_model = &m->a->span;
            /* a default's value comes from the symbols it names: show them too */
            if (!slot->set && !m && s->deflt)
                describe(in, s->deflt, vals, where, where_model, d, depth + 1);
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

/* require and expect: each condition that can be decided with the values known (the
 * model's numbers, the settings, the defaults: -S and -k hide none of them here) must hold;
 * a require that fails is an error, an expect a warning. */
static int each_check(lm_instance *in, lm_diags *d)
{
    for (size_t i = 0; i < in->env->nchecks; i++) {
        const lm_ast *c = in->env->checks[i];
        uint64_t *deps = i < in->nchecks ? in->check_deps + i * in->depw : NULL;
        int same = deps && !lm_deps_meet(deps, in->changed, in->depw);
        if (same && in->check_held[i])
            continue; /* it held, and nothing it read has been set since */
        if (same && i == in->check_fail) { /* it failed, and would again */
            lm_diags_append(d, &in->fail_diags);
            return in->failed_require = c, -1;
        }
        if (i == in->check_fail)
            in->check_fail = in->nchecks;
        int ok = 1;
        if (deps)
            memset(deps, 0, in->depw * sizeof *deps), in->check_held[i] = 0;
        in->soft = 1;
        in->track = deps;
        int rc = lm_elab_cond(in, c->cond, &ok, d);
        in->track = NULL;
        in->soft = 0;
        if (rc < 0)
            return -1;
        if (deps)
            in->check_held[i] = rc > 0 || ok;
        if (rc > 0 || ok)
            continue;
        /* what a require says is kept, to be said again while it fails (above) */
        int req = c->op == 'r';
        lm_diags said;
        lm_diags_init(&said);
        lm_buf vals;
        lm_buf_init(&vals);
        const lm_span *where = NULL, *where_model = NULL;
        describe(in, c->cond, &vals, &where, &where_model, &said, 0);
        if (!where)
            where = where_model;
        lm_diag_add(&said, req ? LM_SEV_ERROR : LM_SEV_WARNING, where ? where : &c->span,
                    "%s%s%s%s", c->strs[2], vals.len ? " (" : "", lm_buf_str(&vals),
                    vals.len ? ")" : "");
        if (where)
            lm_diag_add(&said, LM_SEV_NOTE, &c->span, "%s here", req ? "required" : "expected");
        lm_buf_clear(&vals);
        lm_diags_append(d, &said);
        if (req && deps) {
            lm_diags_clear(&in->fail_diags);
            in->fail_diags = said;
            in->check_fail = i;
        } else {
            lm_diags_clear(&said);
        }
        if (req)
            return in->failed_require = c, -1;
    }
    return 0;
}

/* What the checks see differs from what queries see only in the symbols that -S, -k,
 * sweep and solve hide: each value holds in its view (sem_impl.h), so switching between
 * the two forgets nothing, but for a value that failed: a failure is not kept across the
 * switch, so what depends on hidden symbols is forgotten then. Under -S every number of
 * the model may be hidden: then nothing stays. */
static void forget_hidden(lm_instance *in)
{
    if (!in->failed_since)
        return;
    in->failed_since = 0;
    uint64_t *hidden = in->mode == LM_MODE_SYMBOLIC ? NULL
                                                    : lm_calloc(in->depw, sizeof *hidden);
    if (!hidden) {
        lm_instance_forget(in);
        return;
    }
    for (size_t i = 0; i < in->env->nsyms; i++)
        if (in->syms[i].keep != KEEP_NONE || in->pinned[i])
            lm_deps_set(hidden, i);
    lm_instance_forget_some(in, hidden);
    lm_free(hidden);
}

static int run_checks(lm_instance *in, lm_diags *d)
{
    in->failed_require = NULL; /* until one fails this time */
    in->checking = 1;
    forget_hidden(in);
    int rc = each_check(in, d);
    in->checking = 0;
    forget_hidden(in);
    /* The checks after one that failed did not run: they are not known to hold (after an
     * error that is not a require's, none is). */
    for (size_t i = in->check_fail < in->nchecks ? in->check_fail : 0; rc && i < in->nchecks;
         i++)
        in->check_held[i] = 0;
    memset(in->changed, 0, in->depw * sizeof *in->changed);
    return rc;
}

static int checks_pass(lm_instance *in, lm_diags *d)
{
    if (!in->checked) {
        in->checked = 1;
        in->check_failed = run_checks(in, d) != 0;
    }
    return in->check_failed ? -1 : 0;
}

const char *lm_instance_failed_require(const lm_instance *in)
{
    return in->check_failed && in->failed_require ? in->failed_require->strs[2] : NULL;
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
            struct implicit_node *node = in->implicit[i];
            if (node->stale && lm_elab_sum_children(in, node->def.name, NULL, &node->val, d))
                return -1;
            node->stale = 0;
            node->def.dim = node->val.dim;
            *out = &node->val;
            *def = &node->def;
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
        node->stale = 1; /* until its value is whole: a pin or an error stops it midway */
        if (lm_elab_sum_children(in, copy, NULL, &node->val, d))
            return -1;
        node->stale = 0;
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

/* A query failed because it pinned a number (elab.c): once more, with every value
 * forgotten. Each round pins at least one more symbol, so the rounds end. */
static int again(lm_instance *in, int rc, size_t *rounds)
{
    if (!rc || !in->repin || ++*rounds > in->env->nsyms)
        return 0;
    in->repin = 0;
    lm_instance_forget(in);
    return 1;
}

int lm_instance_def(lm_instance *in, const char *name, const lm_val **out, const lm_def **def,
                    lm_diags *d)
{
    int rc;
    size_t rounds = 0;
    do {
        in->repin = 0;
        rc = find_def(in, name, out, def, d);
    } while (again(in, rc, &rounds));
    return lm_diags_settle(d, rc);
}

/* Expression `text` parsed once per instance (the instance keeps what it parses: parsing the
 * same text on every call would grow it without end). */
static const lm_ast *parsed_expr(lm_instance *in, const char *srcname, const char *text,
                                 lm_diags *d)
{
    for (size_t i = 0; i < in->nexprs; i++) {
        const lm_source *src = in->exprs[i]->span.src;
        if (strcmp(src->text, text) == 0 && strcmp(src->name, srcname) == 0)
            return in->exprs[i];
    }
    const lm_ast *e = lm_instance_parse(in, srcname, text, 0, d);
    const lm_ast **v = e && in->nexprs < 256
                           ? lm_realloc(in->exprs, (in->nexprs + 1) * sizeof *v)
                           : NULL;
    if (v)
        in->exprs = v, v[in->nexprs++] = e;
    return e;
}

int lm_instance_expr(lm_instance *in, const char *text, const char *srcname, lm_val *out,
                     lm_diags *d)
{
    if (checks_pass(in, d))
        return -1;
    const lm_ast *e = parsed_expr(in, srcname, text, d);
    if (!e)
        return -1;
    int rc;
    size_t rounds = 0;
    do {
        in->repin = 0;
        rc = lm_elab(in, e, out, d);
    } while (again(in, rc, &rounds));
    return lm_diags_settle(d, rc);
}

/* ---- values as callers show them ------------------------------------------------------ */

int lm_def_shown(lm_env *env, const lm_def *def, const lm_val *v, lm_poly *out, lm_diags *d)
{
    mpq_t inv;
    mpq_init(inv);
    mpq_inv(inv, def->scale);
    lm_status st = lm_poly_mul_q(&env->ctx, out, &v->p, inv);
    mpq_clear(inv);
    return st ? lm_env_fail(env, d, st, &def->span, NULL) : 0;
}

void lm_def_unit(lm_buf *b, const lm_def *def, lm_dim dim)
{
    if (def && def->unit)
        lm_buf_puts(b, def->unit);
    else if (!lm_dim_is_none(dim))
        lm_dim_print(b, dim);
}

int lm_def_number(lm_env *env, const char *name, const lm_def *def, const lm_val *v, mpq_t out,
                  lm_diags *d)
{
    lm_poly shown;
    lm_poly_init(&shown);
    int rc = lm_def_shown(env, def, v, &shown, d);
    if (!rc && !lm_poly_get_q(out, &shown)) {
        const char *s = lm_poly_free_symbol(&shown);
        lm_diag_add(d, LM_SEV_ERROR, NULL,
                    "'%s' is not a number: it still depends on '%s' (set it with -s %s=VALUE, or "
                    "use 'show' for the formula)",
                    name, s ? s : "?", s ? s : "NAME");
        rc = -1;
    }
    lm_poly_clear(&shown);
    return rc;
}

int lm_instance_number(lm_instance *in, const char *name, mpq_t out, const lm_def **def,
                       lm_diags *d)
{
    const lm_val *v;
    const lm_def *found;
    if (lm_instance_def(in, name, &v, &found, d) ||
        lm_def_number(in->env, name, found, v, out, d))
        return -1;
    if (def)
        *def = found;
    return 0;
}

void lm_env_unknown_symbol(const lm_env *env, lm_diags *d, const char *prefix,
                           const char *name)
{
    lm_suggester near;
    lm_suggest_init(&near, name);
    for (size_t i = 0; i < env->nsyms; i++)
        lm_suggest_offer(&near, env->syms[i].name);
    lm_diag_add(d, LM_SEV_ERROR, NULL, "%sunknown symbol '%s'%s%s%s", prefix, name,
                near.best ? " (did you mean '" : "", near.best ? near.best : "",
                near.best ? "'?)" : "");
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
