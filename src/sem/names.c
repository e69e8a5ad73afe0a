/* names.c: the name index of an environment, a hash table from each name to its symbol,
 * option, blocks and definitions, and to the definitions below it (params.embedding). */
#include "sem/names.h"
#include "base/alloc.h"
#include <string.h>

/* Every lookup of a formula goes through here (elaboration looks names up as it meets
 * them), so the index replaces scans of every declaration. It is a cache: made when first
 * asked for, and brought up to date when a load has added declarations since (the counts
 * it has seen differ). Declarations are only ever added, never removed. */

typedef struct {
    uint32_t *v;
    uint32_t n, cap;
} list;

struct lm_name_entry {
    const char *name; /* a declared name, or a dotted prefix of a definition's */
    size_t len;
    int32_t sym, opt, model, conv; /* indexes, -1 for none */
    list defs;                     /* definitions of this name, in declaration order */
    list below;                    /* definitions whose names start with "name." */
};

typedef struct lm_names {
    lm_name_entry *slots; /* open addressing; name == NULL is empty */
    size_t cap, used;
    size_t nsyms, nopts, ndefs, nblocks; /* what the index was built from */
} lm_names;

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static lm_name_entry *slot_of(const lm_names *ix, const char *s, size_t n)
{
    size_t i = (size_t)hash(s, n) & (ix->cap - 1);
    for (;; i = (i + 1) & (ix->cap - 1)) {
        lm_name_entry *e = &ix->slots[i];
        if (!e->name || (e->len == n && memcmp(e->name, s, n) == 0))
            return e;
    }
}

static void names_free(lm_names *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; ix->slots && i < ix->cap; i++)
        lm_free(ix->slots[i].defs.v), lm_free(ix->slots[i].below.v);
    lm_free(ix->slots);
    lm_free(ix);
}

void lm_names_drop(lm_env *env)
{
    names_free(env->names);
    env->names = NULL;
}

/* The entry of a name (s, n bytes), added when new; NULL when out of memory. The table
 * is sized up front (update) so that it never fills. */
static lm_name_entry *entry(lm_names *ix, const char *s, size_t n)
{
    lm_name_entry *e = slot_of(ix, s, n);
    if (!e->name) {
        e->name = s, e->len = n;
        e->sym = e->opt = e->model = e->conv = -1;
        ix->used++;
    }
    return e;
}

static int append(list *l, size_t x)
{
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 2;
        uint32_t *v = lm_realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v, l->cap = cap;
    }
    l->v[l->n++] = (uint32_t)x;
    return 0;
}

/* Move every entry into a table of cap slots (a power of two, over twice the entries). */
static int rehash(lm_names *ix, size_t cap)
{
    lm_name_entry *old = ix->slots;
    size_t oldcap = ix->cap;
    ix->slots = lm_calloc(cap, sizeof *ix->slots);
    if (!ix->slots) {
        ix->slots = old;
        return -1;
    }
    ix->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].name)
            *slot_of(ix, old[i].name, old[i].len) = old[i];
    lm_free(old);
    return 0;
}

/* Add what env declared since the index last saw it: loading adds declarations one by one
 * and looks names up between them, so each is added once, not the whole index rebuilt. */
static int update(lm_names *ix, const lm_env *env)
{
    size_t want = ix->used + (env->nsyms - ix->nsyms) + (env->nopts - ix->nopts) +
                  (env->nblocks - ix->nblocks);
    for (size_t i = ix->ndefs; i < env->ndefs; i++) /* a name and its dotted prefixes */
        for (const char *p = env->defs[i].name; p; p = strchr(p + 1, '.'))
            want++;
    size_t cap = ix->cap ? ix->cap : 64;
    while (cap < 2 * want)
        cap *= 2;
    if (cap != ix->cap && rehash(ix, cap))
        return -1;
    for (size_t i = ix->nsyms; i < env->nsyms; i++)
        entry(ix, env->syms[i].name, strlen(env->syms[i].name))->sym = (int32_t)i;
    for (size_t i = ix->nopts; i < env->nopts; i++)
        entry(ix, env->opts[i].name, strlen(env->opts[i].name))->opt = (int32_t)i;
    for (size_t i = ix->nblocks; i < env->nblocks; i++) {
        const lm_block *b = &env->blocks[i];
        lm_name_entry *e = entry(ix, b->name, strlen(b->name));
        int32_t *at = b->is_convention ? &e->conv : &e->model;
        if (*at < 0) /* the first, as a scan finds it */
            *at = (int32_t)i;
    }
    for (size_t i = ix->ndefs; i < env->ndefs; i++) {
        const char *nm = env->defs[i].name;
        if (append(&entry(ix, nm, strlen(nm))->defs, i))
            return -1;
        for (const char *dot = strchr(nm, '.'); dot; dot = strchr(dot + 1, '.'))
            if (append(&entry(ix, nm, (size_t)(dot - nm))->below, i))
                return -1;
    }
    ix->nsyms = env->nsyms, ix->nopts = env->nopts;
    ix->ndefs = env->ndefs, ix->nblocks = env->nblocks;
    return 0;
}

/* A name the index knows nothing about (distinct from NULL, which means "no index"). */
static const lm_name_entry none = {NULL, 0, -1, -1, -1, -1, {NULL, 0, 0}, {NULL, 0, 0}};

const lm_name_entry *lm_names_find(const lm_env *env, const char *name)
{
    lm_env *cache = (lm_env *)env; /* the index is a cache of what env declares */
    lm_names *ix = env->names;
    if (!ix)
        ix = cache->names = lm_calloc(1, sizeof *ix);
    if (ix && (!ix->slots || ix->nsyms != env->nsyms || ix->nopts != env->nopts ||
               ix->ndefs != env->ndefs || ix->nblocks != env->nblocks) && update(ix, env)) {
        lm_names_drop(cache); /* out of memory: the next lookup starts again */
        ix = NULL;
    }
    if (!ix)
        return NULL; /* the caller scans */
    lm_name_entry *e = slot_of(ix, name, strlen(name));
    return e->name ? e : &none;
}

int lm_name_sym(const lm_name_entry *e) { return e->sym; }
int lm_name_opt(const lm_name_entry *e) { return e->opt; }
int lm_name_block(const lm_name_entry *e, int is_convention)
{
    return is_convention ? e->conv : e->model;
}

size_t lm_name_defs(const lm_name_entry *e, const uint32_t **v)
{
    *v = e->defs.v;
    return e->defs.n;
}

size_t lm_name_below(const lm_name_entry *e, const uint32_t **v)
{
    *v = e->below.v;
    return e->below.n;
}
