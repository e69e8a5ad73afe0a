/* sem_impl.h: the private state of an instance, shared by instance.c, elab.c and query.c.
 * Each symbol and definition has a slot that memoises its value and detects cycles. */
#ifndef LM_SEM_IMPL_H
#define LM_SEM_IMPL_H
#include "sem/env.h"

enum { FRESH, BUSY, DONE, FAILED };
/* sym_slot.keep: -k shows a symbol (a condition may still need its number: elab.c pins
 * it); a symbol that sweep or solve varies never has one. */
enum { KEEP_NONE, KEEP_SHOWN, KEEP_VARIED };

typedef struct {
    int state;
    int view;          /* of a DONE value: the view it holds in (below) */
    int keep;
    lm_val val;
    const lm_ast *set; /* -s NAME=EXPR */
    int bound;         /* val is from a `with` binding (with.c) */
    uint64_t *deps;    /* what val was computed from (below) */
} sym_slot;

typedef struct {
    int state;
    int view;
    lm_val val;
    uint64_t *deps;
} def_slot;

/* Dependencies. Each value in a slot records the names it was computed from: a set of bits,
 * bit i for symbol i and bit nsyms + j for option j, over every symbol, option and
 * definition it read, however deeply (a symbol's own bit is in its set, and so is what its
 * source read: its setting, a when block's condition, its default). The sets may hold more
 * than the value needs (a name read on the way to a branch not taken), never less: so a
 * value whose set misses a name stays true when that name changes. That lets a setting
 * forget only what depends on it (lm_instance_set), the checks keep what -k cannot change,
 * and a `with` take from the scope around it what its bindings do not touch. */
static inline void lm_deps_or(uint64_t *into, const uint64_t *from, size_t w)
{
    for (size_t k = 0; into && k < w; k++)
        into[k] |= from[k];
}
static inline void lm_deps_set(uint64_t *into, size_t bit)
{
    if (into)
        into[bit / 64] |= (uint64_t)1 << (bit % 64);
}
static inline int lm_deps_meet(const uint64_t *a, const uint64_t *b, size_t w)
{
    for (size_t k = 0; k < w; k++)
        if (a[k] & b[k])
            return 1;
    return 0;
}

/* Views. The checks see the numbers that -S, -k, sweep and solve hide from queries (the
 * hidden symbols: kept, varied or pinned, or under -S any): a value that read one holds
 * only in the view it was computed in, the checks' or the queries'; any other value holds
 * in both. So the checks and the queries share every value that does not depend on what
 * they see differently, and neither forgets the other's (a value of the other view is
 * computed again when read). */
enum { VIEW_BOTH, VIEW_CHECKS, VIEW_QUERIES };

/* Whether names being set forgets a slot: a done value that read one, or a failure. */
static inline int lm_slot_forgets(int state, const uint64_t *deps, const uint64_t *names,
                                  size_t w)
{
    return state == FAILED || (state == DONE && lm_deps_meet(deps, names, w));
}

typedef struct lm_scope lm_scope; /* with.c */
typedef struct lm_scope_rec lm_scope_rec;

struct lm_instance {
    lm_env *env;
    const lm_block *model;
    const char *conv;
    lm_mode mode;
    sym_slot *syms;
    def_slot *defs;
    const char **optval;
    lm_ast_file **files; /* parsed command-line texts (their text is in env->sources, so
                          * diagnostics outlive the instance) */
    size_t nfiles;
    unsigned depth;
    lm_arena names; /* names of implicit tree nodes (children lists) */
    int checked;      /* the require/expect statements have run for these settings */
    int check_failed; /* and a require failed */
    const lm_ast *failed_require; /* that require, when one failed (not another error) */
    int soft;         /* conditions that cannot be decided yet are "unknown", not errors */
    int checking;     /* the checks are running: every known value counts, -S and -k
                       * hide none */
    /* Numbers that -S or -k hide but that decide a condition (or are an exponent): they
     * stay numbers (pinned). A pin found while elaborating sets repin; the query then
     * starts again with every value forgotten. */
    unsigned char *pinned;
    int repin;
    /* Implicit nodes asked for by name (params.embedding when only its children are
     * defined): a synthetic definition and its value each. */
    struct implicit_node {
        lm_def def;
        lm_val val;
        int stale; /* computed before a pin: compute again */
    } **implicit; /* each allocated alone: callers keep pointers to def and val */
    size_t nimplicit;
    /* While a `with` is elaborated, syms, defs and optval are its scope's; this holds the
     * scopes around it, innermost first (NULL outside any `with`). */
    const lm_scope *scope;
    /* Dependencies: words per set, the sets of the slots (one block), and the set of the
     * value being computed, which every read adds to (NULL when nothing is). */
    size_t depw;
    uint64_t *depmem;
    uint64_t *track;
    /* The checks: what each read when it last held (or could not be decided yet), and the
     * names set since they last ran; one whose set misses those holds still (query.c). */
    size_t nchecks;   /* env->nchecks when the instance was made */
    uint64_t *check_deps;
    unsigned char *check_held;
    uint64_t *changed;
    /* The hidden symbols (views, above), made again from keep and pinned when they change
     * (hidden_stale); and whether a value failed since the checks last ran. */
    uint64_t *hidden;
    int hidden_stale;
    int failed_since;
    /* The require that failed when they last ran (nchecks: none) and what it said: it
     * fails again, saying the same, until a name it read is set. */
    size_t check_fail;
    lm_diags fail_diags;
    /* Settings parsed so far (instance.c, set_one), each by its text. */
    struct set_memo {
        const char *text;
        const lm_option *opt;
        const lm_symbol *sym;
        const lm_ast *e;
        lm_span name_span;
    } *memo;
    size_t nmemo;
    /* Free expressions parsed so far (query.c, lm_instance_expr), each by its source's name
     * and text: a caller that asks for the same expression again and again (search's
     * device_memory, a notebook's loop) parses it once. At most 256 are kept. */
    const lm_ast **exprs;
    size_t nexprs;
    /* What each name in a formula stands for (resolve.c), by the address of its text. */
    struct lm_resolved *res;
    size_t res_cap, res_used;
    size_t res_nsyms, res_ndefs, res_nopts, res_nblocks; /* the environment's counts then */
    /* The scopes of `with`s kept with their values (with.c), the one being elaborated in
     * (NULL at the top), and how many scopes around are not kept (none inside them is). */
    lm_scope_rec **recs;
    size_t nrecs;
    const lm_scope_rec *rec;
    int no_recs;
};

/* The view a value computed now holds in, from what it read (instance.c). */
int lm_view_of(lm_instance *in, const uint64_t *deps);
/* A done value of another view: to be computed again. */
static inline int lm_view_stale(const lm_instance *in, int view)
{
    return view != VIEW_BOTH && view != (in->checking ? VIEW_CHECKS : VIEW_QUERIES);
}

/* The files depend one way: env.c <- instance.c, elab.c <- query.c (tests/layers). */

/* instance.c, for elab.c and query.c: the model's setting of a name (its own or an
 * ancestor's), an option value checked against the declared ones, and command-line text
 * parsed into an expression that the environment keeps. */
const lm_ast *lm_model_setting(const lm_instance *in, const char *name);
/* Where symbol s takes its value from under the instance's mode, settings, keeps and pins
 * (NULL: it stays a symbol; *hidden: -S or -k hides a value a condition may pin), and
 * whether a model's setting is a number (it names no symbol). */
const lm_ast *lm_symbol_source(const lm_instance *in, const lm_symbol *s, const lm_ast *when,
                               int *hidden);
int lm_names_nothing(const lm_ast *e);
int lm_option_check(const lm_option *o, const char *value, const lm_span *span, lm_diags *d);
/* The declared value of option o that expression e was written as (a name, a number, or
 * names joined by '-'); an error otherwise. *out points at the declaration's text. */
int lm_option_value(const lm_option *o, const lm_ast *e, const char **out, lm_diags *d);
const lm_ast *lm_instance_parse(lm_instance *in, const char *srcname, const char *text,
                                size_t offset, lm_diags *d);

/* instance.c: give each slot of syms (nsyms) and defs (ndefs) its dependency set, all in one
 * zeroed block *mem (the caller frees it); -1 when out of memory. */
int lm_slots_deps(const lm_instance *in, sym_slot *syms, def_slot *defs, uint64_t **mem);
/* Forget the values whose dependencies meet `names` (a set of in->depw words), those that
 * failed, and the sums of children (they are recomputed). */
void lm_instance_forget_some(lm_instance *in, const uint64_t *names);

/* instance.c: forget every value computed (not the settings, the pins, or that the
 * checks ran), so that the next query elaborates again. */
void lm_instance_forget(lm_instance *in);

/* elab.c, for query.c. */
int lm_elab(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d);
int lm_elab_symbol(lm_instance *in, const lm_symbol *s, const lm_span *ref, lm_val *out,
                   lm_diags *d);
int lm_elab_def(lm_instance *in, const lm_def *def, const lm_span *ref, lm_val *out,
                lm_diags *d);
const char *lm_elab_suggest(lm_instance *in, const char *name);
/* The setting of symbol `name` by the when block whose condition holds (NULL if none);
 * two such blocks setting it are an error. */
int lm_when_setting(lm_instance *in, const char *name, const lm_ast **out, lm_diags *d);
/* The same with its errors kept quiet (they are reported where the value is used), but for
 * running out of memory, which goes to d. */
int lm_when_quietly(lm_instance *in, const char *name, const lm_ast **out, lm_diags *d);
/* 0 with *out set, -1 on an error, 1 when unknown (only while in->soft). */
int lm_elab_cond(lm_instance *in, const lm_ast *c, int *out, lm_diags *d);
int lm_elab_unit(lm_instance *in, lm_val *v, lm_dim dim, const mpq_t scale, const char *unit,
                 const char *name, const lm_span *span, lm_diags *d);

/* with.c: EXPR with (NAME = VALUE, ...), and whether symbol `sym` or definition `def`
 * (an index, or (size_t)-1 for none) is being elaborated in a scope around this one. */
int lm_elab_with(lm_instance *in, const lm_ast *w, lm_val *out, lm_diags *d);
int lm_scope_busy(const lm_instance *in, size_t sym, size_t def);
/* Forget in the kept scopes what depends on names (NULL: everything, and the scopes). */
void lm_scopes_forget(lm_instance *in, const uint64_t *names);
/* A fresh slot of the scope (symbol sym or definition def, the other (size_t)-1) whose
 * value in the scope around it does not depend on this scope's bindings: that value,
 * copied (DONE). -1 only when out of memory. */
int lm_scope_reuse(lm_instance *in, size_t sym, size_t def, const lm_span *ref, lm_diags *d);
/* The reverse: a value just computed in the scope that its bindings do not touch, copied
 * into the scope around it when that slot is fresh. -1 only when out of memory. */
int lm_scope_promote(lm_instance *in, size_t sym, size_t def, const lm_span *ref, lm_diags *d);
/* The sum of the definitions one level below `prefix` (a text that stays: resolve.c). */
int lm_elab_sum_children(lm_instance *in, const char *prefix, const lm_span *span, lm_val *out,
                         lm_diags *d);

/* resolve.c: what name (a text whose address stays while the instance lives) stands for,
 * each field NULL when not that; children (the names one level below, definitions or
 * nodes) only from lm_resolve_children. NULL only when out of memory. The pointer is good
 * until the next call. */
typedef struct lm_resolved {
    const void *key;
    const lm_symbol *sym;
    const lm_option *opt;
    const lm_def *def;
    const char **children;
    size_t nchildren;
    int has_children; /* -1: not looked for yet */
    lm_val *num;      /* a number node's value (the key is the node), under num_bits */
    uint64_t num_bits;
} lm_resolved;
const lm_resolved *lm_resolve(lm_instance *in, const char *name);
const lm_resolved *lm_resolve_children(lm_instance *in, const char *name);
/* The value kept for number node e (its text and unit read), NULL when there is none
 * (or it was read under another max_bits); and keeping it (-1 when out of memory). */
const lm_val *lm_resolved_number(lm_instance *in, const lm_ast *e);
int lm_resolve_keep_number(lm_instance *in, const lm_ast *e, const lm_val *v);
void lm_resolved_clear(lm_instance *in);
#endif
