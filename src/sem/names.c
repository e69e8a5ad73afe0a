/* names.c: the name index of an environment, a hash table from each name to its symbol,
 * option, blocks and definitions, and to the definitions below it (params.embedding). */
#include "sem/names.h"
#include "base/alloc.h"
#include <string.h>

/* Every lookup of a formula goes through here (elaboration looks names up as it meets
 * them), so the index replaces scans of every declaration. It is a cache: built when first
 * asked for, and again after a load adds declarations (the counts it was built from
 * differ). Declarations are only ever added, so the counts say whether it is current. */

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
    for (size_t i = 0; ix->slots && i < ix->cap; i++) /* no slots: their calloc failed */
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
 * is sized up front (names_build) so that it never fills. */
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

static lm_names *names_build(const lm_env *env)
{
    lm_names *ix = lm_calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    size_t want = env->nsyms + env->nopts + env->nblocks + 1;
    for (size_t i = 0; i < env->ndefs; i++) /* a name and each of its dotted prefixes */
        for (const char *p = env->defs[i].name; p; p = strchr(p + 1, '.'))
            want++;
    for (ix->cap = 16; ix->cap < 2 * want; ix->cap *= 2)
        ;
    ix->slots = lm_calloc(ix->cap, sizeof *ix->slots);
    int rc = ix->slots ? 0 : -1;
    for (size_t i = 0; !rc && i < env->nsyms; i++)
        entry(ix, env->syms[i].name, strlen(env->syms[i].name))->sym = (int32_t)i;
    for (size_t i = 0; !rc && i < env->nopts; i++)
        entry(ix, env->opts[i].name, strlen(env->opts[i].name))->opt = (int32_t)i;
    for (size_t i = 0; !rc && i < env->nblocks; i++) {
        const lm_block *b = &env->blocks[i];
        lm_name_entry *e = entry(ix, b->name, strlen(b->name));
        int32_t *at = b->is_convention ? &e->conv : &e->model;
        if (*at < 0) /* the first, as a scan finds it */
            *at = (int32_t)i;
    }
    for (size_t i = 0; !rc && i < env->ndefs; i++) {
        const char *nm = env->defs[i].name;
        rc = append(&entry(ix, nm, strlen(nm))->defs, i);
        for (const char *dot = strchr(nm, '.'); !rc && dot; dot = strchr(dot + 1, '.'))
            rc = append(&entry(ix, nm, (size_t)(dot - nm))->below, i);
    }
    if (rc) {
        names_free(ix);
        return NULL;
    }
    ix->nsyms = env->nsyms, ix->nopts = env->nopts;
    ix->ndefs = env->ndefs, ix->nblocks = env->nblocks;
    return ix;
}

/* A name the index knows nothing about (distinct from NULL, which means "no index"). */
static const lm_name_entry none = {NULL, 0, -1, -1, -1, -1, {NULL, 0, 0}, {NULL, 0, 0}};
const lm_name_entry *const lm_names_none = &none;

const lm_name_entry *lm_names_find(const lm_env *env, const char *name)
{
    lm_names *ix = env->names;
    if (!ix || ix->nsyms != env->nsyms || ix->nopts != env->nopts ||
        ix->ndefs != env->ndefs || ix->nblocks != env->nblocks) {
        lm_env *cache = (lm_env *)env; /* the index is a cache of what env declares */
        lm_names_drop(cache);
        cache->names = ix = names_build(env);
        if (!ix)
            return NULL; /* out of memory: the caller scans */
    }
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
