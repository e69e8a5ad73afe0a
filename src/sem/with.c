/* with.c: `EXPR with (NAME = VALUE, ...)`, EXPR as if each NAME (a symbol or an option) had
 * that value. The values are elaborated where the `with` is; EXPR in a scope of its own. */
#include "sem/sem_impl.h"
#include "base/alloc.h"
#include <string.h>

typedef struct lm_scope_rec lm_scope_rec;

/* A scope keeps the memo slots of the scope around it while EXPR fills fresh ones: every
 * symbol default and definition that depends on a bound name is elaborated again, with
 * it, and none of those values leaks out. Settings (-s) and kept symbols (-k) carry in;
 * a binding overrides them, as it overrides the model. */
struct lm_scope {
    sym_slot *syms;
    def_slot *defs;
    const char **optval;
    const lm_scope *outer;
    const uint64_t *bound; /* the names this scope's `with` binds (a dependency set) */
};

/* A definition (or symbol) that is being elaborated in an enclosing scope and is needed
 * again inside this one would need itself: a cycle, never a recursion that ends. */
int lm_scope_busy(const lm_instance *in, size_t sym, size_t def)
{
    for (const lm_scope *s = in->scope; s; s = s->outer)
        if ((sym != (size_t)-1 && s->syms[sym].state == BUSY) ||
            (def != (size_t)-1 && s->defs[def].state == BUSY))
            return 1;
    return 0;
}

static int unknown_name(lm_instance *in, const lm_ast *b, lm_diags *d)
{
    const lm_env *env = in->env;
    if (lm_env_def(env, b->text, in->conv) || lm_env_has_children(env, in->conv, b->text)) {
        lm_diag_add(d, LM_SEV_ERROR, &b->span,
                    "'%s' is a definition: 'with' binds symbols and options", b->text);
        return -1;
    }
    lm_suggester sg;
    lm_suggest_init(&sg, b->text);
    for (size_t i = 0; i < env->nsyms; i++)
        lm_suggest_offer(&sg, env->syms[i].name);
    for (size_t i = 0; i < env->nopts; i++)
        lm_suggest_offer(&sg, env->opts[i].name);
    const char *near = sg.best;
    if (near)
        lm_diag_add(d, LM_SEV_ERROR, &b->span,
                    "unknown symbol or option '%s' (did you mean '%s'?)", b->text, near);
    else
        lm_diag_add(d, LM_SEV_ERROR, &b->span, "unknown symbol or option '%s'", b->text);
    return -1;
}

/* Symbol sym's slot, or definition def's (the other is (size_t)-1), in these arrays. */
static void slot_at(sym_slot *syms, def_slot *defs, size_t sym, size_t def, int **state,
                    int **view, lm_val **val, uint64_t **deps)
{
    *state = sym != (size_t)-1 ? &syms[sym].state : &defs[def].state;
    *view = sym != (size_t)-1 ? &syms[sym].view : &defs[def].view;
    *val = sym != (size_t)-1 ? &syms[sym].val : &defs[def].val;
    *deps = sym != (size_t)-1 ? syms[sym].deps : defs[def].deps;
}

/* Copy a done value, its view and what it depends on from one slot to another, when its
 * dependencies miss the scope's bindings and the other slot is fresh (or of another
 * view: sem_impl.h). */
static int copy_slot(lm_instance *in, int *to_state, int *to_view, lm_val *to,
                     uint64_t *to_deps, int from_view, const lm_val *from,
                     const uint64_t *from_deps, const lm_span *ref, lm_diags *d)
{
    int fresh = *to_state == FRESH || (*to_state == DONE && lm_view_stale(in, *to_view));
    if (!fresh || lm_view_stale(in, from_view) ||
        lm_deps_meet(from_deps, in->scope->bound, in->depw))
        return 0;
    lm_status st = lm_poly_set(&to->p, &from->p);
    if (st)
        return lm_env_fail(in->env, d, st, ref, NULL);
    to->dim = from->dim;
    memcpy(to_deps, from_deps, in->depw * sizeof *to_deps);
    *to_state = DONE;
    *to_view = from_view;
    return 0;
}

/* What the scope around holds and this scope's bindings do not touch is the same here:
 * taken, not elaborated again (sem_impl.h, dependencies). */
int lm_scope_reuse(lm_instance *in, size_t sym, size_t def, const lm_span *ref, lm_diags *d)
{
    int *state, *from_state, *view, *from_view;
    lm_val *val, *from;
    uint64_t *deps, *from_deps;
    slot_at(in->syms, in->defs, sym, def, &state, &view, &val, &deps);
    slot_at(in->scope->syms, in->scope->defs, sym, def, &from_state, &from_view, &from,
            &from_deps);
    return *from_state == DONE ? copy_slot(in, state, view, val, deps, *from_view, from,
                                           from_deps, ref, d)
                               : 0;
}

/* A value computed in this scope that its bindings do not touch is the value around it
 * too: kept there (when not being computed there), for the next scope and the queries. */
int lm_scope_promote(lm_instance *in, size_t sym, size_t def, const lm_span *ref, lm_diags *d)
{
    int *state, *to_state, *view, *to_view;
    lm_val *val, *to;
    uint64_t *deps, *to_deps;
    slot_at(in->syms, in->defs, sym, def, &state, &view, &val, &deps);
    slot_at(in->scope->syms, in->scope->defs, sym, def, &to_state, &to_view, &to, &to_deps);
    return copy_slot(in, to_state, to_view, to, to_deps, *view, val, deps, ref, d);
}

/* One binding, checked and elaborated in the scope around the `with`: a symbol's value
 * into *val (in the symbol's unit), an option's value into *optval. */
static int binding(lm_instance *in, const lm_ast *w, size_t k, lm_val *val,
                   const char **optval, lm_diags *d)
{
    const lm_ast *b = w->args[k];
    for (size_t j = 0; j < k; j++)
        if (strcmp(w->args[j]->text, b->text) == 0) {
            lm_diag_add(d, LM_SEV_ERROR, &b->span, "'%s' is bound twice in this 'with'",
                        b->text);
            return -1;
        }
    const lm_resolved *r = lm_resolve(in, b->text);
    if (!r)
        return lm_env_fail(in->env, d, LM_ENOMEM, &b->span, NULL);
    const lm_option *o = r->opt;
    if (o)
        return lm_option_value(o, b->a, optval, d);
    const lm_symbol *s = r->sym;
    if (!s)
        return unknown_name(in, b, d);
    if (lm_elab(in, b->a, val, d))
        return -1;
    return lm_elab_unit(in, val, s->dim, s->scale, s->unit, s->name, &b->a->span, d);
}

/* The bindings of one `with`, elaborated around it: each name's dependency bit, a symbol's
 * value with what it read (its own bit too: a scope inside may bind it again), an option's
 * value. They are also the key of a kept scope. */
typedef struct {
    size_t n;
    size_t *bit;
    lm_val *val;
    const char **opt;
    uint64_t *deps; /* n sets */
} bindings;

static void bindings_clear(bindings *b)
{
    for (size_t k = 0; b->val && k < b->n; k++)
        lm_val_clear(&b->val[k]);
    lm_free(b->bit), lm_free(b->val), lm_free(b->opt), lm_free(b->deps);
    memset(b, 0, sizeof *b);
}

static int bindings_eval(lm_instance *in, const lm_ast *w, bindings *b, lm_diags *d)
{
    const lm_env *env = in->env;
    b->n = w->nargs;
    b->bit = lm_calloc(b->n + 1, sizeof *b->bit);
    b->val = lm_calloc(b->n + 1, sizeof *b->val);
    b->opt = lm_calloc(b->n + 1, sizeof *b->opt);
    b->deps = lm_calloc(b->n * in->depw + 1, sizeof *b->deps);
    if (!b->bit || !b->val || !b->opt || !b->deps) {
        lm_free(b->val);
        b->val = NULL;
        return lm_env_fail(env, d, LM_ENOMEM, &w->span, NULL);
    }
    for (size_t k = 0; k < b->n; k++)
        lm_val_init(&b->val[k]);
    for (size_t k = 0; k < b->n; k++) {
        const lm_resolved *r = lm_resolve(in, w->args[k]->text);
        if (!r)
            return lm_env_fail(env, d, LM_ENOMEM, &w->span, NULL);
        const lm_option *o = r->opt;
        const lm_symbol *s = o ? NULL : r->sym;
        uint64_t *deps = b->deps + k * in->depw, *track = in->track;
        in->track = deps;
        int rc = binding(in, w, k, &b->val[k], &b->opt[k], d);
        in->track = track;
        if (rc)
            return -1;
        /* The value of the `with` depends on its bindings' values: a kept scope found by
         * them may have been made by another `with` whose bindings read other names. */
        lm_deps_or(track, deps, in->depw);
        b->bit[k] = s ? (size_t)(s - env->syms) : env->nsyms + (size_t)(o - env->opts);
        if (s)
            lm_deps_set(deps, b->bit[k]);
    }
    return 0;
}

static int bindings_equal(const bindings *a, const bindings *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t k = 0; k < a->n; k++)
        if (a->bit[k] != b->bit[k] || a->opt[k] != b->opt[k] ||
            (!a->opt[k] && (!lm_dim_equal(a->val[k].dim, b->val[k].dim) ||
                            !lm_poly_equal(&a->val[k].p, &b->val[k].p))))
            return 0;
    return 1;
}

/* A scope: its slots, options and the names it binds. */
struct lm_scope_rec {
    const lm_scope_rec *parent; /* the kept scope it is inside, NULL at the top */
    bindings key;
    sym_slot *syms;
    def_slot *defs;
    const char **optval;
    uint64_t *mem, *bound;
};

static void rec_free(const lm_env *env, lm_scope_rec *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->syms && i < env->nsyms; i++)
        lm_val_clear(&r->syms[i].val);
    for (size_t i = 0; r->defs && i < env->ndefs; i++)
        lm_val_clear(&r->defs[i].val);
    lm_free(r->syms), lm_free(r->defs), lm_free(r->optval), lm_free(r->mem);
    lm_free(r->bound);
    bindings_clear(&r->key);
    lm_free(r);
}

/* The slots of a new scope: fresh, but for the bound symbols (done, with their values),
 * the settings and kept symbols of the scope around it, and its options with the bound
 * ones replaced. It takes the bindings. */
static lm_scope_rec *scope_new(lm_instance *in, const lm_ast *w, bindings *b, lm_diags *d)
{
    const lm_env *env = in->env;
    lm_scope_rec *r = lm_calloc(1, sizeof *r);
    if (r) {
        r->key = *b;
        memset(b, 0, sizeof *b);
        r->syms = lm_calloc(env->nsyms + 1, sizeof *r->syms);
        r->defs = lm_calloc(env->ndefs + 1, sizeof *r->defs);
        r->optval = lm_calloc(env->nopts + 1, sizeof *r->optval);
        r->bound = lm_calloc(in->depw, sizeof *r->bound);
    }
    if (!r || !r->syms || !r->defs || !r->optval || !r->bound ||
        lm_slots_deps(in, r->syms, r->defs, &r->mem)) {
        if (r)
            lm_free(r->syms), lm_free(r->defs), r->syms = NULL, r->defs = NULL;
        rec_free(env, r);
        lm_env_fail(env, d, LM_ENOMEM, &w->span, NULL);
        return NULL;
    }
    int rc = 0;
    for (size_t i = 0; i < env->nsyms; i++) {
        sym_slot *slot = &r->syms[i];
        lm_val_init(&slot->val);
        slot->keep = in->syms[i].keep;
        slot->set = in->syms[i].set;
        if (in->syms[i].bound && !rc) { /* an enclosing `with` bound it */
            lm_status st = lm_poly_set(&slot->val.p, &in->syms[i].val.p);
            slot->val.dim = in->syms[i].val.dim;
            slot->state = DONE;
            slot->bound = 1;
            memcpy(slot->deps, in->syms[i].deps, in->depw * sizeof *slot->deps);
            if (st)
                rc = lm_env_fail(env, d, st, &w->span, NULL);
        }
    }
    for (size_t i = 0; i < env->ndefs; i++)
        lm_val_init(&r->defs[i].val);
    memcpy(r->optval, in->optval, env->nopts * sizeof *r->optval);
    for (size_t k = 0; k < r->key.n && !rc; k++) {
        size_t bit = r->key.bit[k];
        lm_deps_set(r->bound, bit);
        if (bit >= env->nsyms) {
            r->optval[bit - env->nsyms] = r->key.opt[k];
            continue;
        }
        sym_slot *slot = &r->syms[bit];
        lm_status st = lm_poly_set(&slot->val.p, &r->key.val[k].p);
        slot->val.dim = r->key.val[k].dim;
        memcpy(slot->deps, r->key.deps + k * in->depw, in->depw * sizeof *slot->deps);
        slot->state = DONE, slot->bound = 1;
        if (st)
            rc = lm_env_fail(env, d, st, &w->span, NULL);
    }
    if (rc) {
        rec_free(env, r);
        return NULL;
    }
    return r;
}

/* Kept scopes. An instance keeps the scopes its `with`s made (at most LM_KEPT_SCOPES), each
 * found again by the scope it is in and its bindings' values: what was computed in it
 * stays, and is forgotten as the instance's own values are (lm_scopes_forget), so the
 * `with (pipeline_stage = first)` of one layout starts from what the last one computed
 * that the change of layout did not touch. */
#define LM_KEPT_SCOPES 64

static lm_scope_rec *kept(lm_instance *in, const bindings *b)
{
    for (size_t i = 0; i < in->nrecs; i++)
        if (in->recs[i]->parent == in->rec && bindings_equal(&in->recs[i]->key, b))
            return in->recs[i];
    return NULL;
}

static int keep_rec(lm_instance *in, lm_scope_rec *r)
{
    if (in->nrecs == LM_KEPT_SCOPES)
        return 0;
    lm_scope_rec **v = lm_realloc(in->recs, (in->nrecs + 1) * sizeof *v);
    if (!v)
        return 0; /* used once, like a scope that is not kept */
    in->recs = v;
    r->parent = in->rec;
    v[in->nrecs++] = r;
    return 1;
}

/* Forget in the kept scopes what depends on names (all of them when names is NULL). A
 * scope whose bindings read one of them is dropped, and the scopes inside it. The others
 * take the settings and options around them again (a setting may have changed them). */
void lm_scopes_forget(lm_instance *in, const uint64_t *names)
{
    const lm_env *env = in->env;
    size_t n = 0;
    for (size_t i = 0; i < in->nrecs; i++) {
        lm_scope_rec *r = in->recs[i];
        int drop = !names;
        if (!drop && r->parent) { /* a kept scope comes after the one it is inside */
            drop = 1;
            for (size_t j = 0; j < n && drop; j++)
                drop = in->recs[j] != r->parent;
        }
        for (size_t k = 0; !drop && k < r->key.n; k++)
            drop = lm_deps_meet(r->key.deps + k * in->depw, names, in->depw);
        if (drop) {
            rec_free(env, r);
            continue;
        }
        const sym_slot *around = r->parent ? r->parent->syms : in->syms;
        memcpy(r->optval, r->parent ? r->parent->optval : in->optval,
               env->nopts * sizeof *r->optval);
        for (size_t k = 0; k < r->key.n; k++)
            if (r->key.bit[k] >= env->nsyms)
                r->optval[r->key.bit[k] - env->nsyms] = r->key.opt[k];
        for (size_t j = 0; j < env->nsyms; j++) {
            sym_slot *slot = &r->syms[j];
            if (slot->bound)
                continue;
            slot->set = around[j].set;
            if (lm_slot_forgets(slot->state, slot->deps, names, in->depw))
                slot->state = FRESH;
        }
        for (size_t j = 0; j < env->ndefs; j++)
            if (lm_slot_forgets(r->defs[j].state, r->defs[j].deps, names, in->depw))
                r->defs[j].state = FRESH;
        in->recs[n++] = r;
    }
    in->nrecs = n;
    if (!n) {
        lm_free(in->recs);
        in->recs = NULL;
    }
}

/* expr with (NAME = VALUE, ...) */
int lm_elab_with(lm_instance *in, const lm_ast *w, lm_val *out, lm_diags *d)
{
    bindings b = {0};
    int rc = bindings_eval(in, w, &b, d);
    lm_scope_rec *r = rc || in->no_recs ? NULL : kept(in, &b);
    int mine = 0; /* a scope not kept: freed here */
    if (!rc && !r) {
        r = scope_new(in, w, &b, d);
        rc = r ? 0 : -1;
        mine = r && (in->no_recs || !keep_rec(in, r));
    }
    bindings_clear(&b);
    if (!rc) {
        lm_scope outer = {in->syms, in->defs, in->optval, in->scope, r->bound};
        const lm_scope_rec *rec = in->rec;
        in->syms = r->syms;
        in->defs = r->defs;
        in->optval = r->optval;
        in->scope = &outer;
        in->rec = r;
        in->no_recs += mine; /* the scopes inside one that is not kept are not kept */
        int errors = d->errors;
        rc = lm_elab(in, w->a, out, d);
        if (rc && d->errors > errors) {
            /* the error may be in a formula far away: say which bindings were in force */
            lm_span sp = w->args[0]->span;
            sp.end_line = w->args[w->nargs - 1]->a->span.end_line;
            sp.end_col = w->args[w->nargs - 1]->a->span.end_col;
            lm_diag_add(d, LM_SEV_NOTE, &sp, "with these bindings");
        }
        in->no_recs -= mine;
        in->rec = rec;
        in->syms = outer.syms;
        in->defs = outer.defs;
        in->optval = outer.optval;
        in->scope = outer.outer;
    }
    if (mine)
        rec_free(in->env, r);
    return rc;
}
