/* with.c: `EXPR with (NAME = VALUE, ...)`, EXPR as if each NAME (a symbol or an option) had
 * that value. The values are elaborated where the `with` is; EXPR in a scope of its own. */
#include "sem/sem_impl.h"
#include "base/alloc.h"
#include <string.h>

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

/* What the scope around holds and this scope's bindings do not touch is the same here:
 * taken, not elaborated again (sem_impl.h, dependencies). */
int lm_scope_reuse(lm_instance *in, size_t sym, size_t def, const lm_span *ref, lm_diags *d)
{
    const lm_scope *sc = in->scope;
    int *state = sym != (size_t)-1 ? &in->syms[sym].state : &in->defs[def].state;
    lm_val *val = sym != (size_t)-1 ? &in->syms[sym].val : &in->defs[def].val;
    uint64_t *deps = sym != (size_t)-1 ? in->syms[sym].deps : in->defs[def].deps;
    int from_state = sym != (size_t)-1 ? sc->syms[sym].state : sc->defs[def].state;
    const lm_val *from = sym != (size_t)-1 ? &sc->syms[sym].val : &sc->defs[def].val;
    const uint64_t *from_deps = sym != (size_t)-1 ? sc->syms[sym].deps : sc->defs[def].deps;
    if (from_state != DONE || lm_deps_meet(from_deps, sc->bound, in->depw))
        return 0;
    lm_status st = lm_poly_set(&val->p, &from->p);
    if (st)
        return lm_env_fail(in->env, d, st, ref, NULL);
    val->dim = from->dim;
    memcpy(deps, from_deps, in->depw * sizeof *deps);
    *state = DONE;
    return 0;
}

/* A value computed in this scope that its bindings do not touch is the value around it
 * too: kept there (when not being computed there), for the next scope and the queries. */
int lm_scope_promote(lm_instance *in, size_t sym, size_t def, const lm_span *ref, lm_diags *d)
{
    const lm_scope *sc = in->scope;
    const lm_val *val = sym != (size_t)-1 ? &in->syms[sym].val : &in->defs[def].val;
    const uint64_t *deps = sym != (size_t)-1 ? in->syms[sym].deps : in->defs[def].deps;
    int *to_state = sym != (size_t)-1 ? &sc->syms[sym].state : &sc->defs[def].state;
    lm_val *to = sym != (size_t)-1 ? &sc->syms[sym].val : &sc->defs[def].val;
    uint64_t *to_deps = sym != (size_t)-1 ? sc->syms[sym].deps : sc->defs[def].deps;
    if (*to_state != FRESH || lm_deps_meet(deps, sc->bound, in->depw))
        return 0;
    lm_status st = lm_poly_set(&to->p, &val->p);
    if (st)
        return lm_env_fail(in->env, d, st, ref, NULL);
    to->dim = val->dim;
    memcpy(to_deps, deps, in->depw * sizeof *deps);
    *to_state = DONE;
    return 0;
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
    const lm_option *o = lm_env_option(in->env, b->text);
    if (o)
        return lm_option_value(o, b->a, optval, d);
    const lm_symbol *s = lm_env_symbol(in->env, b->text);
    if (!s)
        return unknown_name(in, b, d);
    if (lm_elab(in, b->a, val, d))
        return -1;
    return lm_elab_unit(in, val, s->dim, s->scale, s->unit, s->name, &b->a->span, d);
}

static void scope_free(const lm_env *env, sym_slot *syms, def_slot *defs, uint64_t *mem)
{
    for (size_t i = 0; syms && i < env->nsyms; i++)
        lm_val_clear(&syms[i].val);
    for (size_t i = 0; defs && i < env->ndefs; i++)
        lm_val_clear(&defs[i].val);
    lm_free(syms);
    lm_free(defs);
    lm_free(mem);
}

/* The slots of a new scope: fresh, but for the bound symbols (done, with their values),
 * the settings and kept symbols of the scope around it, and its options with the bound
 * ones replaced. */
static int scope_new(lm_instance *in, const lm_ast *w, sym_slot **syms, def_slot **defs,
                     const char ***optval, uint64_t **mem, uint64_t *bound, lm_diags *d)
{
    const lm_env *env = in->env;
    *syms = lm_calloc(env->nsyms + 1, sizeof **syms);
    *defs = lm_calloc(env->ndefs + 1, sizeof **defs);
    *optval = lm_calloc(env->nopts + 1, sizeof **optval);
    *mem = NULL;
    if (!*syms || !*defs || !*optval || lm_slots_deps(in, *syms, *defs, mem)) {
        lm_free(*syms);
        lm_free(*defs);
        *syms = NULL;
        *defs = NULL;
        return lm_env_fail(in->env, d, LM_ENOMEM, &w->span, NULL);
    }
    int rc = 0;
    for (size_t i = 0; i < env->nsyms; i++) {
        sym_slot *slot = &(*syms)[i];
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
                rc = lm_env_fail(in->env, d, st, &w->span, NULL);
        }
    }
    for (size_t i = 0; i < env->ndefs; i++)
        lm_val_init(&(*defs)[i].val);
    memcpy(*optval, in->optval, env->nopts * sizeof **optval);
    for (size_t k = 0; k < w->nargs && !rc; k++) {
        const lm_symbol *s = lm_env_symbol(env, w->args[k]->text);
        const lm_option *o = lm_env_option(env, w->args[k]->text);
        sym_slot *slot = s && !o ? &(*syms)[s - env->syms] : NULL;
        /* A bound symbol depends on itself (a scope inside may bind it again) and on what
         * its value reads around the `with`. */
        uint64_t *track = in->track;
        if (slot) {
            lm_deps_set(slot->deps, (size_t)(s - env->syms));
            in->track = slot->deps;
        }
        rc = binding(in, w, k, slot ? &slot->val : NULL, o ? &(*optval)[o - env->opts] : NULL,
                     d);
        in->track = track;
        if (slot && !rc)
            slot->state = DONE, slot->bound = 1;
        if (s || o)
            lm_deps_set(bound, s && !o ? (size_t)(s - env->syms)
                                       : env->nsyms + (size_t)(o - env->opts));
    }
    return rc;
}

/* expr with (NAME = VALUE, ...) */
int lm_elab_with(lm_instance *in, const lm_ast *w, lm_val *out, lm_diags *d)
{
    sym_slot *syms = NULL;
    def_slot *defs = NULL;
    const char **optval = NULL;
    uint64_t *mem = NULL, *bound = lm_calloc(in->depw, sizeof *bound);
    int rc = bound ? scope_new(in, w, &syms, &defs, &optval, &mem, bound, d)
                   : lm_env_fail(in->env, d, LM_ENOMEM, &w->span, NULL);
    if (!rc) {
        lm_scope outer = {in->syms, in->defs, in->optval, in->scope, bound};
        in->syms = syms;
        in->defs = defs;
        in->optval = optval;
        in->scope = &outer;
        int errors = d->errors;
        rc = lm_elab(in, w->a, out, d);
        if (rc && d->errors > errors) {
            /* the error may be in a formula far away: say which bindings were in force */
            lm_span b = w->args[0]->span;
            b.end_line = w->args[w->nargs - 1]->a->span.end_line;
            b.end_col = w->args[w->nargs - 1]->a->span.end_col;
            lm_diag_add(d, LM_SEV_NOTE, &b, "with these bindings");
        }
        in->syms = outer.syms;
        in->defs = outer.defs;
        in->optval = outer.optval;
        in->scope = outer.outer;
    }
    scope_free(in->env, syms, defs, mem);
    lm_free(optval);
    lm_free(bound);
    return rc;
}
