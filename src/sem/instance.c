/* instance.c: instances: a model and a convention with settings (-s), kept symbols (-k) and
 * a mode, which decide where each symbol takes its value from; checks that models name real
 * symbols and options before anything is computed. */
#include "sem/sem_impl.h"
#include "base/alloc.h"
#include <ctype.h>
#include <string.h>


/* ---- construction ---------------------------------------------------------------- */

const lm_ast *lm_model_setting(const lm_instance *in, const char *name)
{
    const lm_block *b = in->model;
    for (int hops = 0; b && hops < 64; hops++) {
        for (size_t i = 0; i < b->decl->nargs; i++)
            if (strcmp(b->decl->args[i]->text, name) == 0)
                return b->decl->args[i];
        b = b->parent ? lm_env_block(in->env, b->parent, 0) : NULL;
    }
    return NULL;
}

/* Is a model's setting a number (it names nothing)? Under -S a number becomes its symbol,
 * while a relation to other symbols (num_positions = context_length) stays the model's. */
static int names_nothing(const lm_ast *e, unsigned depth)
{
    if (!e)
        return 1;
    if (depth > 64 || e->kind == LM_AST_NAME || e->kind == LM_AST_GLOB || e->kind == LM_AST_WITH)
        return 0;
    for (size_t i = 0; i < e->nargs; i++)
        if (!names_nothing(e->args[i], depth + 1))
            return 0;
    return names_nothing(e->a, depth + 1) && names_nothing(e->b, depth + 1);
}

/* The expression symbol s takes its value from: a -s setting, the model's, the setting of
 * a 'when' block that holds (`when`, found by the caller), the default; NULL when it stays
 * a symbol. -k hides all of them and -S hides a model's or a when block's number, unless
 * the checks are running or the number was pinned (it decides a condition). *hidden: a
 * value was hidden, which a condition may pin (never one that sweep or solve varies). */
const lm_ast *lm_symbol_source(const lm_instance *in, const lm_symbol *s, const lm_ast *when,
                               int *hidden)
{
    size_t i = (size_t)(s - in->env->syms);
    const sym_slot *slot = &in->syms[i];
    const lm_ast *e = NULL, *a = NULL;
    if (slot->set)
        e = slot->set;
    else if (in->mode != LM_MODE_FREE) {
        a = lm_model_setting(in, s->name);
        a = a ? a : when;
        e = a ? a->a : s->deflt;
    }
    if (slot->keep == KEEP_VARIED && !in->checking)
        return *hidden = 0, NULL;
    int hide = e && !in->checking && !in->pinned[i] &&
               (slot->keep || (in->mode == LM_MODE_SYMBOLIC && a && names_nothing(e, 0)));
    *hidden = hide;
    return hide ? NULL : e;
}

int lm_names_nothing(const lm_ast *e)
{
    return names_nothing(e, 0);
}

int lm_option_check(const lm_option *o, const char *value, const lm_span *span, lm_diags *d)
{
    if (lm_option_find(o, value, strlen(value)))
        return 0;
    lm_suggester near;
    lm_suggest_init(&near, value);
    for (size_t i = 0; i < o->decl->nargs; i++)
        lm_suggest_offer(&near, o->decl->args[i]->text);
    /* h100 is more likely short for h100-sxm than a misspelt h200 */
    size_t n = strlen(value);
    for (size_t i = 0; i < o->decl->nargs; i++) {
        const char *v = o->decl->args[i]->text;
        if (strncmp(v, value, n) == 0 && v[n] == '-') {
            near.best = v;
            break;
        }
    }
    lm_buf all;
    lm_buf_init(&all);
    for (size_t i = 0; i < o->decl->nargs; i++)
        lm_buf_printf(&all, "%s%s", i ? ", " : "", o->decl->args[i]->text);
    if (all.failed)
        d->oom = 1;
    if (near.best && !lm_option_numeric(o)) /* 4 is not a misspelt 3 */
        lm_diag_add(d, LM_SEV_ERROR, span,
                    "unknown value '%s' for option '%s' (did you mean '%s'?)", value, o->name,
                    near.best);
    else
        lm_diag_add(d, LM_SEV_ERROR, span, "unknown value '%s' for option '%s' (one of: %s)",
                    value, o->name, lm_buf_str(&all));
    lm_buf_clear(&all);
    return -1;
}

int lm_option_value(const lm_option *o, const lm_ast *e, const char **out, lm_diags *d)
{
    size_t n = 0;
    const char *t = e->kind == LM_AST_NAME ? e->text : lm_span_text(&e->span, &n);
    if (e->kind == LM_AST_NAME)
        n = strlen(t);
    if (!t || !lm_option_word(t, n)) {
        lm_buf all;
        lm_buf_init(&all);
        for (size_t i = 0; i < o->decl->nargs; i++)
            lm_buf_printf(&all, "%s%s", i ? ", " : "", o->decl->args[i]->text);
        if (all.failed)
            d->oom = 1;
        lm_diag_add(d, LM_SEV_ERROR, &e->span,
                    "option '%s' takes one of its values (%s), not an expression", o->name,
                    lm_buf_str(&all));
        lm_buf_clear(&all);
        return -1;
    }
    *out = lm_option_find(o, t, n);
    if (*out)
        return 0;
    char *copy = lm_strndup(t, n);
    if (!copy)
        return d->oom = 1, -1;
    lm_option_check(o, copy, &e->span, d);
    lm_free(copy);
    return -1;
}

/* An option's value as written in a model or a setting. */
static int option_from_ast(const lm_option *o, const lm_ast *a, const char **out, lm_diags *d)
{
    if (!a->a) {
        lm_diag_add(d, LM_SEV_ERROR, &a->span, "option '%s' needs a value", o->name);
        return -1;
    }
    return lm_option_value(o, a->a, out, d);
}

/* The `extends` chain of a model or convention must end: a cycle (a extends b, b extends
 * a) made lm_instance_new loop forever. More hops than there are blocks means a cycle;
 * the block reached then is on it. A parent that does not exist is reported too. */
static int check_chain(const lm_env *env, const lm_block *start, lm_diags *d)
{
    const char *what = start->is_convention ? "convention" : "model";
    const lm_block *b = start;
    for (size_t hops = 0; b->parent; hops++) {
        const lm_block *p = lm_env_block(env, b->parent, start->is_convention);
        if (!p) {
            lm_diag_add(d, LM_SEV_ERROR, &b->parent_span, "unknown %s '%s'", what, b->parent);
            return -1;
        }
        if (hops > env->nblocks) {
            lm_diag_add(d, LM_SEV_ERROR, &b->parent_span,
                        "cyclic 'extends': %s '%s' ends up extending itself", what, b->name);
            return -1;
        }
        b = p;
    }
    return 0;
}

/* A model or convention that is not declared, with the closest that is. */
static int unknown_block(const lm_env *env, const char *name, int is_convention, lm_diags *d)
{
    const char *what = is_convention ? "convention" : "model";
    lm_suggester near;
    lm_suggest_init(&near, name);
    for (size_t i = 0; i < env->nblocks; i++)
        if (env->blocks[i].is_convention == is_convention)
            lm_suggest_offer(&near, env->blocks[i].name);
    if (near.best)
        lm_diag_add(d, LM_SEV_ERROR, NULL, "unknown %s '%s' (did you mean '%s'?)", what, name,
                    near.best);
    else
        lm_diag_add(d, LM_SEV_ERROR, NULL, "unknown %s '%s' (see 'lmcost list')", what, name);
    return -1;
}

lm_instance *lm_instance_new(lm_env *env, const char *model, const char *conv, lm_mode mode,
                             lm_diags *d)
{
    lm_instance *in = lm_calloc(1, sizeof *in);
    if (!in)
        return d->oom = 1, NULL;
    in->env = env;
    in->mode = mode;
    lm_arena_init(&in->names);
    in->syms = lm_calloc(env->nsyms + 1, sizeof *in->syms);
    in->defs = lm_calloc(env->ndefs + 1, sizeof *in->defs);
    in->optval = lm_calloc(env->nopts + 1, sizeof *in->optval);
    in->pinned = lm_calloc(env->nsyms + 1, 1);
    if (!in->syms || !in->defs || !in->optval || !in->pinned) {
        d->oom = 1;
        lm_instance_free(in);
        return NULL;
    }
    for (size_t i = 0; i < env->nsyms; i++)
        lm_val_init(&in->syms[i].val);
    for (size_t i = 0; i < env->ndefs; i++)
        lm_val_init(&in->defs[i].val);
    in->depw = (env->nsyms + env->nopts) / 64 + 1;
    in->nchecks = env->nchecks;
    in->check_deps = lm_calloc(in->nchecks * in->depw + 1, sizeof *in->check_deps);
    in->check_held = lm_calloc(in->nchecks + 1, 1);
    in->changed = lm_calloc(in->depw, sizeof *in->changed);
    in->hidden = lm_calloc(in->depw, sizeof *in->hidden);
    in->hidden_stale = 1;
    in->check_fail = in->nchecks;
    lm_diags_init(&in->fail_diags);
    if (!in->check_deps || !in->check_held || !in->changed || !in->hidden ||
        lm_slots_deps(in, in->syms, in->defs, &in->depmem)) {
        d->oom = 1;
        lm_instance_free(in);
        return NULL;
    }
    int rc = 0;
    if (model) {
        in->model = lm_env_block(env, model, 0);
        if (!in->model)
            rc = unknown_block(env, model, 0, d);
    }
    if (conv) {
        const lm_block *c = lm_env_block(env, conv, 1);
        if (!c)
            rc = unknown_block(env, conv, 1, d);
        else if (check_chain(env, c, d))
            rc = -1;
        else
            in->conv = c->name;
    }
    if (in->model && check_chain(env, in->model, d))
        rc = -1;
    /* Models must name declared symbols and options, with known option values. */
    for (const lm_block *b = in->model; b && !rc;
         b = b->parent ? lm_env_block(env, b->parent, 0) : NULL) {
        for (size_t i = 0; i < b->decl->nargs; i++) {
            const lm_ast *a = b->decl->args[i];
            const lm_option *o = lm_env_option(env, a->text);
            const char *v;
            if (o) {
                rc |= option_from_ast(o, a, &v, d);
            } else if (!lm_env_symbol(env, a->text)) {
                lm_diag_add(d, LM_SEV_ERROR, &a->span,
                            "model '%s' sets '%s', which is neither a symbol nor an option",
                            b->name, a->text);
                rc = -1;
            }
        }
        if (b->parent && !lm_env_block(env, b->parent, 0)) {
            lm_diag_add(d, LM_SEV_ERROR, &b->parent_span, "unknown model '%s'", b->parent);
            rc = -1;
        }
    }
    /* when blocks set symbols (an option they set could decide whether they hold). */
    for (size_t i = 0; i < env->nwhens && !rc; i++)
        for (size_t j = 0; j < env->whens[i]->nargs; j++) {
            const lm_ast *a = env->whens[i]->args[j];
            if (lm_env_symbol(env, a->text))
                continue;
            lm_diag_add(d, LM_SEV_ERROR, &a->span, "a when block sets symbols; '%s' is %s",
                        a->text, lm_env_option(env, a->text) ? "an option" : "not a symbol");
            rc = -1;
        }
    for (size_t i = 0; i < env->nopts && !rc; i++) {
        const lm_option *o = &env->opts[i];
        /* A model's options are its architecture: they hold under -S too, which only
         * forgets the model's numbers. */
        const lm_ast *a = mode != LM_MODE_FREE ? lm_model_setting(in, o->name) : NULL;
        in->optval[i] = o->decl->args[0]->text;
        if (a)
            option_from_ast(o, a, &in->optval[i], d);
    }
    rc = lm_diags_settle(d, rc);
    if (rc) {
        lm_instance_free(in);
        return NULL;
    }
    return in;
}

void lm_instance_free(lm_instance *in)
{
    if (!in)
        return;
    lm_scopes_forget(in, NULL);
    if (in->syms)
        for (size_t i = 0; i < in->env->nsyms; i++)
            lm_val_clear(&in->syms[i].val);
    if (in->defs)
        for (size_t i = 0; i < in->env->ndefs; i++)
            lm_val_clear(&in->defs[i].val);
    for (size_t i = 0; i < in->nfiles; i++) {
        lm_ast_file_clear(in->files[i]);
        lm_free(in->files[i]);
    }
    lm_free(in->files);
    for (size_t i = 0; i < in->nimplicit; i++) {
        lm_val_clear(&in->implicit[i]->val);
        mpq_clear(in->implicit[i]->def.scale);
        lm_free(in->implicit[i]);
    }
    lm_free(in->implicit);
    lm_arena_clear(&in->names);
    lm_free(in->syms);
    lm_free(in->defs);
    lm_free(in->optval);
    lm_free(in->pinned);
    lm_free(in->memo);
    lm_free(in->exprs);
    lm_resolved_clear(in);
    lm_free(in->depmem);
    lm_free(in->check_deps);
    lm_free(in->check_held);
    lm_free(in->changed);
    lm_free(in->hidden);
    lm_diags_clear(&in->fail_diags);
    lm_free(in);
}

int lm_slots_deps(const lm_instance *in, sym_slot *syms, def_slot *defs, uint64_t **mem)
{
    size_t ns = in->env->nsyms, nd = in->env->ndefs, w = in->depw;
    *mem = lm_calloc((ns + nd) * w + 1, sizeof **mem);
    if (!*mem)
        return -1;
    for (size_t i = 0; i < ns; i++)
        syms[i].deps = *mem + i * w;
    for (size_t i = 0; i < nd; i++)
        defs[i].deps = *mem + (ns + i) * w;
    return 0;
}

const char *lm_instance_option(const lm_instance *in, const char *name)
{
    const lm_option *o = lm_env_option(in->env, name);
    return o ? in->optval[o - in->env->opts] : NULL;
}
const char *lm_instance_model(const lm_instance *in) { return in->model ? in->model->name : NULL; }
const char *lm_instance_conv(const lm_instance *in) { return in->conv; }
lm_env *lm_instance_env(const lm_instance *in) { return in->env; }

/* Parse command-line text into an expression owned by the instance. */
const lm_ast *lm_instance_parse(lm_instance *in, const char *srcname, const char *text,
                                size_t offset, lm_diags *d)
{
    /* Command-line texts are kept by the environment, not the instance: diagnostics point
     * into them, and a caller may free an instance that failed (a bad -s) before it
     * renders the errors (that was a use after free). */
    const lm_source *src = lm_sources_add(&in->env->sources, srcname, text, strlen(text));
    lm_ast_file *f = src ? lm_malloc(sizeof *f) : NULL;
    lm_ast_file **files = f ? lm_realloc(in->files, (in->nfiles + 1) * sizeof *files) : NULL;
    if (!files) {
        lm_free(f);
        d->oom = 1;
        return NULL;
    }
    in->files = files;
    lm_ast_file_init(f);
    in->files[in->nfiles++] = f;
    lm_ast *e;
    if (lm_parse_expr(f, &e, src, offset, d, &in->env->ctx.limits))
        return NULL;
    return e;
}

void lm_instance_forget(lm_instance *in)
{
    for (size_t i = 0; i < in->env->nsyms; i++)
        in->syms[i].state = FRESH;
    for (size_t i = 0; i < in->env->ndefs; i++)
        in->defs[i].state = FRESH;
    /* Callers may hold pointers to implicit nodes: they stay, to be computed again. */
    for (size_t i = 0; i < in->nimplicit; i++)
        in->implicit[i]->stale = 1;
    lm_scopes_forget(in, NULL);
}

void lm_instance_forget_some(lm_instance *in, const uint64_t *names)
{
    for (size_t i = 0; i < in->env->nsyms; i++) {
        sym_slot *slot = &in->syms[i];
        if (lm_slot_forgets(slot->state, slot->deps, names, in->depw))
            slot->state = FRESH;
    }
    for (size_t i = 0; i < in->env->ndefs; i++) {
        def_slot *slot = &in->defs[i];
        if (lm_slot_forgets(slot->state, slot->deps, names, in->depw))
            slot->state = FRESH;
    }
    for (size_t i = 0; i < in->nimplicit; i++)
        in->implicit[i]->stale = 1;
    lm_scopes_forget(in, names);
}

int lm_view_of(lm_instance *in, const uint64_t *deps)
{
    if (in->hidden_stale) {
        memset(in->hidden, 0, in->depw * sizeof *in->hidden);
        for (size_t i = 0; i < in->env->nsyms; i++)
            if (in->syms[i].keep != KEEP_NONE || in->pinned[i])
                lm_deps_set(in->hidden, i);
        in->hidden_stale = 0;
    }
    if (in->mode != LM_MODE_SYMBOLIC && !lm_deps_meet(deps, in->hidden, in->depw))
        return VIEW_BOTH;
    return in->checking ? VIEW_CHECKS : VIEW_QUERIES;
}

/* A new setting changes which numbers a condition needs: forget it all. */
static void invalidate(lm_instance *in)
{
    in->checked = in->check_failed = 0;
    in->failed_require = NULL;
    memset(in->pinned, 0, in->env->nsyms);
    in->hidden_stale = 1;
    memset(in->check_held, 0, in->nchecks);
    in->check_fail = in->nchecks;
    lm_instance_forget(in);
}

/* A new setting of the symbol or option at `bit`: the checks run again; what was computed
 * without it stays, unless a number was pinned (a pin may no longer be needed). */
static void invalidate_name(lm_instance *in, size_t bit)
{
    int pins = 0;
    for (size_t i = 0; i < in->env->nsyms && !pins; i++)
        pins = in->pinned[i];
    uint64_t *names = lm_calloc(in->depw, sizeof *names);
    if (pins || !names) {
        lm_free(names);
        invalidate(in);
        return;
    }
    in->checked = in->check_failed = 0;
    lm_deps_set(names, bit);
    lm_deps_set(in->changed, bit);
    lm_instance_forget_some(in, names);
    lm_free(names);
}

/* -s NAME=... where NAME is neither a symbol nor an option: say what it is, or what was
 * meant. */
static void unknown_setting(const lm_instance *in, const char *name, const lm_span *span,
                            lm_diags *d)
{
    lm_suggester near;
    lm_suggest_init(&near, name);
    for (size_t i = 0; i < in->env->nsyms; i++)
        lm_suggest_offer(&near, in->env->syms[i].name);
    for (size_t i = 0; i < in->env->nopts; i++)
        lm_suggest_offer(&near, in->env->opts[i].name);
    if (lm_env_def(in->env, name, in->conv))
        lm_diag_add(d, LM_SEV_ERROR, span,
                    "'%s' is a definition; only symbols and options can be set", name);
    else if (near.best)
        lm_diag_add(d, LM_SEV_ERROR, span, "unknown symbol or option '%s' (did you mean '%s'?)",
                    name, near.best);
    else
        lm_diag_add(d, LM_SEV_ERROR, span, "unknown symbol or option '%s'", name);
}

/* The value of a setting, parsed, into the instance: what depended on the name is
 * forgotten first (the same order as ever: a pin is dropped with everything else). */
static int apply_set(lm_instance *in, const struct set_memo *m, lm_diags *d)
{
    int rc = 0;
    if (m->opt) {
        lm_ast holder = {0};
        holder.a = (lm_ast *)m->e;
        holder.span = m->name_span;
        rc = option_from_ast(m->opt, &holder, &in->optval[m->opt - in->env->opts], d);
    } else {
        in->syms[m->sym - in->env->syms].set = m->e;
    }
    /* after the value is in place: the kept scopes of `with`s take it from here */
    invalidate_name(in, m->opt ? in->env->nsyms + (size_t)(m->opt - in->env->opts)
                               : (size_t)(m->sym - in->env->syms));
    return rc;
}

/* A setting made before in this instance is not parsed (and kept) again, so that an
 * instance set to a few values in turn (search) stays small. At most 256 are kept. */
static void remember_set(lm_instance *in, const struct set_memo *m)
{
    struct set_memo *v = in->nmemo < 256 ? lm_realloc(in->memo, (in->nmemo + 1) * sizeof *v)
                                         : NULL;
    if (v)
        in->memo = v, v[in->nmemo++] = *m;
}

static int set_one(lm_instance *in, const char *assignment, lm_diags *d)
{
    for (size_t i = 0; i < in->nmemo; i++)
        if (strcmp(in->memo[i].text, assignment) == 0)
            return apply_set(in, &in->memo[i], d);
    const char *eq = strchr(assignment, '=');
    size_t a = 0, b = eq ? (size_t)(eq - assignment) : strlen(assignment);
    while (a < b && isspace((unsigned char)assignment[a]))
        a++;
    while (b > a && isspace((unsigned char)assignment[b - 1]))
        b--;
    const lm_source *src = lm_sources_add(&in->env->sources, "<command line>", assignment,
                                          strlen(assignment));
    if (!src)
        return d->oom = 1, -1;
    lm_span name_span = {src, 1, (int)a + 1, 1, (int)b};
    if (!eq || a == b) {
        lm_diag_add(d, LM_SEV_ERROR, &name_span, "expected NAME=VALUE in a setting");
        return -1;
    }
    char *name = lm_strndup(assignment + a, b - a);
    if (!name)
        return d->oom = 1, -1;
    const lm_option *o = lm_env_option(in->env, name);
    const lm_symbol *s = lm_env_symbol(in->env, name);
    if (!o && !s)
        unknown_setting(in, name, &name_span, d);
    lm_free(name);
    if (!o && !s) {
        invalidate(in);
        return -1;
    }
    struct set_memo m = {src->text, o, o ? NULL : s, NULL, name_span};
    m.e = lm_instance_parse(in, "<command line>", assignment, (size_t)(eq - assignment) + 1, d);
    if (!m.e) {
        invalidate_name(in, o ? in->env->nsyms + (size_t)(o - in->env->opts)
                              : (size_t)(s - in->env->syms));
        return -1;
    }
    int rc = apply_set(in, &m, d);
    if (!rc)
        remember_set(in, &m);
    return rc;
}

int lm_instance_set(lm_instance *in, const char *assignment, lm_diags *d)
{
    return lm_diags_settle(d, set_one(in, assignment, d));
}

static int keep_list(lm_instance *in, const char *list, int how, lm_diags *d)
{
    invalidate(in);
    const lm_source *src = lm_sources_add(&in->env->sources, "<command line>", list,
                                          strlen(list));
    if (!src)
        return d->oom = 1, -1;
    int rc = 0;
    for (size_t i = 0; list[i];) {
        size_t j = i;
        while (list[j] && list[j] != ',')
            j++;
        char *name = lm_strndup(list + i, j - i);
        if (!name)
            return d->oom = 1, -1;
        const lm_symbol *s = lm_env_symbol(in->env, name);
        if (s) {
            in->syms[s - in->env->syms].keep = how;
            in->hidden_stale = 1;
        } else {
            lm_span sp = {src, 1, (int)i + 1, 1, (int)j};
            lm_suggester near;
            lm_suggest_init(&near, name);
            for (size_t k = 0; k < in->env->nsyms; k++)
                lm_suggest_offer(&near, in->env->syms[k].name);
            if (near.best)
                lm_diag_add(d, LM_SEV_ERROR, &sp, "unknown symbol '%s' (did you mean '%s'?)",
                            name, near.best);
            else
                lm_diag_add(d, LM_SEV_ERROR, &sp, "unknown symbol '%s'", name);
            rc = -1;
        }
        lm_free(name);
        i = list[j] ? j + 1 : j;
    }
    return rc;
}

int lm_instance_keep(lm_instance *in, const char *list, lm_diags *d)
{
    return keep_list(in, list, KEEP_SHOWN, d);
}

int lm_instance_vary(lm_instance *in, const char *list, lm_diags *d)
{
    return keep_list(in, list, KEEP_VARIED, d);
}

int lm_instance_unkeep(lm_instance *in, const char *list, lm_diags *d)
{
    return keep_list(in, list, KEEP_NONE, d);
}
