/* table.c: the rows of a table (rows.h): the tree of definitions under a dotted prefix, the
 * value of each for one model or several, and each row's share of a total. */
#include "rows/rows.h"
#include "base/alloc.h"
#include <string.h>

void lm_table_init(lm_table *t) { memset(t, 0, sizeof *t); }

void lm_table_clear(lm_table *t)
{
    for (size_t i = 0; t->vals && i < t->nrows * t->nmodels; i++)
        mpq_clear(t->vals[i]), mpq_clear(t->base[i]);
    for (size_t m = 0; t->totals && m < t->nmodels; m++)
        mpq_clear(t->totals[m]);
    lm_free(t->names), lm_free(t->depth), lm_free(t->defs);
    lm_free(t->vals), lm_free(t->base), lm_free(t->totals);
    lm_table_init(t);
}

/* The rows, before the values: names and depths, grown as the tree is walked. */
typedef struct {
    const char **names;
    int *depth;
    size_t n, cap;
} walk;

static int add_row(walk *w, const char *name, int depth)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 32;
        const char **names = lm_realloc(w->names, cap * sizeof *names);
        if (names)
            w->names = names;
        int *dep = names ? lm_realloc(w->depth, cap * sizeof *dep) : NULL;
        if (!dep)
            return -1;
        w->depth = dep;
        w->cap = cap;
    }
    w->names[w->n] = name;
    w->depth[w->n++] = depth;
    return 0;
}

/* Depth-first, children in definition order, a node before its children. */
static int collect(lm_instance *in, const char *prefix, int depth, walk *w)
{
    const char **kids;
    size_t n;
    if (depth > 32 || lm_instance_children(in, prefix, &kids, &n))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = add_row(w, kids[i], depth);
        if (!rc)
            rc = collect(in, kids[i], depth + 1, w);
    }
    lm_free(kids);
    return rc;
}

static int alloc_values(lm_table *t, size_t nrows, size_t nm)
{
    size_t cells = nrows * nm;
    t->vals = lm_malloc(cells * sizeof *t->vals);
    t->base = lm_malloc(cells * sizeof *t->base);
    t->totals = lm_malloc(nm * sizeof *t->totals);
    t->defs = lm_malloc(cells * sizeof *t->defs);
    if (!t->vals || !t->base || !t->totals || !t->defs) {
        lm_free(t->vals), lm_free(t->base), lm_free(t->totals);
        t->vals = t->base = t->totals = NULL;
        return -1;
    }
    for (size_t i = 0; i < cells; i++)
        mpq_init(t->vals[i]), mpq_init(t->base[i]);
    for (size_t m = 0; m < nm; m++)
        mpq_init(t->totals[m]);
    t->nrows = nrows;
    t->nmodels = nm;
    return 0;
}

/* One model's values of every row. */
static int values(lm_table *t, size_t m, lm_instance *in, lm_diags *d)
{
    size_t at = m * t->nrows;
    for (size_t i = 0; i < t->nrows; i++) {
        const lm_val *v;
        if (lm_instance_def(in, t->names[i], &v, &t->defs[at + i], d) ||
            lm_def_number(lm_instance_env(in), t->names[i], t->defs[at + i], v, t->vals[at + i],
                          d))
            return -1;
        mpq_mul(t->base[at + i], t->vals[at + i], t->defs[at + i]->scale);
    }
    return 0;
}

/* One model's total: `total`, else the prefix itself (the first row), else the largest
 * row. */
static int total_of(lm_table *t, size_t m, lm_instance *in, const char *total, int has_self,
                    lm_diags *d)
{
    if (total) {
        const lm_def *td;
        if (lm_instance_number(in, total, t->totals[m], &td, d))
            return -1;
        mpq_mul(t->totals[m], t->totals[m], td->scale);
        return 0;
    }
    mpq_t *base = t->base + m * t->nrows;
    size_t best = 0;
    for (size_t i = 1; i < t->nrows && !has_self; i++)
        if (mpq_cmp(base[i], base[best]) > 0)
            best = i;
    mpq_set(t->totals[m], base[best]);
    if (m == 0)
        t->total = t->names[best];
    return 0;
}

int lm_table_run(lm_table *t, lm_instance *const *ins, size_t nmodels, const char *prefix,
                 const char *total, lm_diags *d)
{
    lm_env *env = lm_instance_env(ins[0]);
    walk w = {0};
    int has_self = lm_env_def(env, prefix, lm_instance_conv(ins[0])) != NULL;
    int rc = (has_self && add_row(&w, prefix, 0)) || collect(ins[0], prefix, has_self, &w);
    t->names = w.names;
    t->depth = w.depth;
    if (rc)
        return d->oom = 1, -1;
    if (w.n == 0) {
        lm_diag_add(d, LM_SEV_ERROR, NULL, "no definitions under '%s'", prefix);
        return -1;
    }
    if (alloc_values(t, w.n, nmodels))
        return d->oom = 1, -1;
    t->total = total;
    for (size_t m = 0; m < nmodels; m++)
        if (values(t, m, ins[m], d))
            return -1;
    for (size_t m = 0; m < nmodels; m++)
        if (total_of(t, m, ins[m], total, has_self, d))
            return -1;
    return 0;
}

int lm_table_share(const lm_table *t, size_t m, size_t i, mpq_t out)
{
    if (!mpq_sgn(t->totals[m]))
        return 0;
    mpq_div(out, t->base[m * t->nrows + i], t->totals[m]);
    return 1;
}
