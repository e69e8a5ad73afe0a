/* resolve.c: what a name met in a formula stands for in an instance (a symbol, an option, a
 * definition seen from the instance's convention, the definitions one level below it),
 * found once and kept, by the address of the name's text. */
#include "sem/sem_impl.h"
#include "base/alloc.h"
#include <string.h>

/* Every read of every formula names something, so finding a name by its text (hashing
 * it, comparing it, walking the convention's ancestors) was a large part of elaboration.
 * The texts of names in formulas stay where they are as long as what parsed them (the
 * environment, or the instance for command-line texts), and so do the names of children
 * lists made here: their addresses are keys. A caller whose text may move passes a copy
 * that stays (query.c). The environment only grows; when it has declared more since the
 * table was made (a load after the instance), the table starts again. Number nodes are
 * keys too, by their own address: a literal's digits and unit are read once. */

static size_t hash_ptr(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t)x;
}

void lm_resolved_clear(lm_instance *in)
{
    for (size_t i = 0; i < in->res_cap; i++) {
        lm_free(in->res[i].children);
        if (in->res[i].num)
            lm_val_clear(in->res[i].num);
        lm_free(in->res[i].num);
    }
    lm_free(in->res);
    in->res = NULL;
    in->res_cap = in->res_used = 0;
}

static lm_resolved *probe(lm_resolved *t, size_t cap, const void *key)
{
    for (size_t i = hash_ptr(key) & (cap - 1);; i = (i + 1) & (cap - 1))
        if (!t[i].key || t[i].key == key)
            return &t[i];
}

/* Room for one more entry (the table stays at most half full); -1 when out of memory. */
static int room(lm_instance *in)
{
    if (2 * (in->res_used + 1) <= in->res_cap)
        return 0;
    size_t cap = in->res_cap ? 2 * in->res_cap : 256;
    lm_resolved *t = lm_calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < in->res_cap; i++)
        if (in->res[i].key)
            *probe(t, cap, in->res[i].key) = in->res[i];
    lm_free(in->res);
    in->res = t;
    in->res_cap = cap;
    return 0;
}

/* The entry of key; *fresh when it was added now (empty). NULL when out of memory. */
static lm_resolved *entry(lm_instance *in, const void *key, int *fresh)
{
    const lm_env *env = in->env;
    *fresh = 0;
    if (in->res && (in->res_nsyms != env->nsyms || in->res_ndefs != env->ndefs ||
                    in->res_nopts != env->nopts || in->res_nblocks != env->nblocks))
        lm_resolved_clear(in);
    if (in->res) {
        lm_resolved *r = probe(in->res, in->res_cap, key);
        if (r->key)
            return r;
    }
    if (room(in))
        return NULL;
    in->res_nsyms = env->nsyms, in->res_ndefs = env->ndefs, in->res_nopts = env->nopts;
    in->res_nblocks = env->nblocks;
    lm_resolved *r = probe(in->res, in->res_cap, key);
    r->key = key;
    r->has_children = -1;
    in->res_used++;
    *fresh = 1;
    return r;
}

const lm_resolved *lm_resolve(lm_instance *in, const char *name)
{
    int fresh;
    lm_resolved *r = entry(in, name, &fresh);
    if (!r || !fresh)
        return r;
    const lm_env *env = in->env;
    r->sym = lm_env_symbol(env, name);
    r->opt = lm_env_option(env, name);
    r->def = lm_env_def(env, name, in->conv);
    return r;
}

const lm_val *lm_resolved_number(lm_instance *in, const lm_ast *e)
{
    if (!in->res)
        return NULL;
    const lm_resolved *r = probe(in->res, in->res_cap, e);
    return r->key && r->num && r->num_bits == in->env->ctx.limits.max_bits ? r->num : NULL;
}

int lm_resolve_keep_number(lm_instance *in, const lm_ast *e, const lm_val *v)
{
    int fresh;
    lm_resolved *r = entry(in, e, &fresh);
    if (!r)
        return -1;
    if (!r->num) {
        if (!(r->num = lm_malloc(sizeof *r->num)))
            return -1;
        lm_val_init(r->num);
    }
    r->num->dim = v->dim;
    r->num_bits = in->env->ctx.limits.max_bits;
    if (lm_poly_set(&r->num->p, &v->p)) { /* none kept rather than part of one */
        lm_val_clear(r->num);
        lm_free(r->num);
        r->num = NULL;
        return -1;
    }
    return 0;
}

const lm_resolved *lm_resolve_children(lm_instance *in, const char *name)
{
    const lm_resolved *found = lm_resolve(in, name);
    if (!found || found->has_children >= 0)
        return found;
    lm_resolved *r = (lm_resolved *)found; /* the table's own entry */
    const char **names;
    size_t n;
    if (lm_env_children(in->env, in->conv, name, &in->names, &names, &n))
        return NULL;
    const char **fit = n ? lm_realloc(names, n * sizeof *names) : NULL;
    if (fit)
        names = fit;
    if (!n) {
        lm_free(names);
        names = NULL;
    }
    r->children = names, r->nchildren = n, r->has_children = n > 0;
    return r;
}
