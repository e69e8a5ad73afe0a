/* test_threads.c: sessions in several threads at once, with different models and settings,
 * give exactly what one thread alone gives, while another thread fails its own allocations
 * one after another. tests/embed/threads.sh runs this under ThreadSanitizer. */
#include "lmcost.h"
#include "base/alloc.h"
#include "testlib.h"
#include <pthread.h>
#include <stdatomic.h>

/* One job: a session, a model and convention, settings, and what to ask. Each question is
 * "v:NAME" (a value), "f:NAME" (a plain formula), "l:NAME" (LaTeX) or "c:EXPR" (calc). */
typedef struct {
    const char *model, *conv;
    int symbolic;
    const char *sets[3], *keep, *ask[4];
} job;

static const job jobs[] = {
    {"gpt2-xl", NULL, 0, {"batch_size=8"}, NULL,
     {"v:params", "v:memory.total", "v:flops.step"}},
    {"gpt2-xl", "seed", 0, {"dtype=bf16"}, "batch_size", {"v:params", "f:memory.total"}},
    {"gpt2-small", "seed", 0, {"d_ff=6400", "batch_size=1"}, NULL, {"v:flops.step"}},
    {"llama2-7b", NULL, 0, {"batch_size=4", "context_length=2048"}, NULL,
     {"v:params", "v:flops.step", "v:memory.total"}},
    {"mixtral-8x7b", NULL, 0, {0}, NULL, {"v:params", "v:params.active"}},
    {NULL, "kaplan", 1, {0}, NULL, {"l:flops.step", "f:params"}},
    {NULL, NULL, 0, {0}, NULL,
     {"c:(a+b)^3 - (a-b)^3", "c:floor((80 GiB - 13096166400 B) / (4667508736 B))"}},
    /* errors are results too */
    {"gpt2-xl", NULL, 0, {"d_model=1/0"}, NULL, {"v:params"}},
    {"gpt2-xl", NULL, 0, {"dtype=fp12"}, NULL, {"v:paramz"}},
    {"gpt2-xxl", NULL, 0, {0}, NULL, {"v:params"}},
};
/* Two injectors fail allocations at once, so the GMP reserve is shared while in use. */
enum { NJOBS = sizeof jobs / sizeof jobs[0], NWORKERS = 3, NINJECTORS = 2 };

/* The job's outputs and errors as one text (malloc'd). careful: stop at the first call that
 * fails, as a caller that checks every call does; then *oom_only says whether that failure
 * said exactly "error: out of memory" and nothing else, and *before is the length of the
 * text written before it. */
static char *run(const job *j, int careful, int *oom_only, size_t *before)
{
    size_t cap = 1 << 14, len = 0;
    char *out = malloc(cap);
    if (!out)
        abort();
    out[0] = 0;
    lmcost *s = lmcost_new();
    int ok = s && lmcost_load_builtin(s) == 0;
#define NOTE(...)                                                                             \
    (len += (size_t)snprintf(len < cap ? out + len : NULL, len < cap ? cap - len : 0,         \
                             __VA_ARGS__))
#define STEP(what, good)                                                                      \
    do {                                                                                      \
        ok = (good);                                                                          \
        if (!ok && before)                                                                    \
            *before = len;                                                                    \
        NOTE("%s: %s%s", what, ok ? "ok\n" : "failed\n", ok ? "" : lmcost_errors(s));        \
        if (!ok && careful)                                                                   \
            goto done;                                                                        \
    } while (0)
    if (!s || !ok) {
        if (before)
            *before = 0;
        NOTE("load: failed\n%s", s ? lmcost_errors(s) : "");
        goto done;
    }
    if (j->model || j->conv || j->symbolic)
        STEP("select", lmcost_select(s, j->model, j->conv, j->symbolic) == 0);
    for (int i = 0; i < 3 && j->sets[i]; i++)
        STEP(j->sets[i], lmcost_set(s, j->sets[i]) == 0);
    if (j->keep)
        STEP(j->keep, lmcost_keep(s, j->keep) == 0);
    for (int i = 0; i < 4 && j->ask[i]; i++) {
        const char *q = j->ask[i] + 2;
        char k = j->ask[i][0];
        char *r = k == 'v'   ? lmcost_value(s, q)
                  : k == 'c' ? lmcost_calc(s, q, LMCOST_PLAIN)
                             : lmcost_formula(s, q, k == 'l' ? LMCOST_LATEX : LMCOST_PLAIN);
        if (r)
            NOTE("%s = %s\n", j->ask[i], r);
        lmcost_string_free(r);
        STEP(j->ask[i], r != NULL);
    }
done:
    if (!ok && oom_only)
        *oom_only = s ? strcmp(lmcost_errors(s), "error: out of memory\n") == 0 : 1;
    lmcost_free(s);
    if (len >= cap)
        abort(); /* a bigger buffer, please */
    return out;
#undef NOTE
#undef STEP
}

static char *reference[NJOBS];

/* ---- workers: every job, round after round, compared with the reference -------------- */

static atomic_int injectors_done;

typedef struct {
    int first;                     /* the job each round starts with */
    int rounds, runs, wrong;
    char wrong_job[160];
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    do {
        for (int k = 0; k < NJOBS; k++) {
            int j = (w->first + k) % NJOBS;
            char *got = run(&jobs[j], 0, NULL, NULL);
            w->runs++;
            if (strcmp(got, reference[j]) != 0 && w->wrong++ == 0)
                snprintf(w->wrong_job, sizeof w->wrong_job, "job %d: %s", j, got);
            free(got);
        }
        w->rounds++;
    } while (atomic_load(&injectors_done) < NINJECTORS || w->rounds < 2);
    return NULL;
}

/* ---- injectors: each fails allocation n of a clean job, for n across the whole job ---- */

typedef struct {
    int job;
    size_t allocs, runs, completed, failed_oom, silent, wrong, leaks;
} injector;

static void *inject(void *arg)
{
    injector *r = arg;
    const job *j = &jobs[r->job];
    size_t live0 = lm_alloc_live(), count0 = lm_alloc_count();
    free(run(j, 1, NULL, NULL));
    r->allocs = lm_alloc_count() - count0;
    if (lm_alloc_live() != live0)
        r->leaks++;
    size_t step = r->allocs / 150 + 1;
    for (size_t n = 1; n <= r->allocs; n += step) {
        int oom_only = 0;
        size_t before = 0;
        lm_alloc_fail_at(n);
        char *got = run(j, 1, &oom_only, &before);
        lm_alloc_fail_at(0);
        r->runs++;
        if (strcmp(got, reference[r->job]) == 0)
            r->completed++;
        else if (strncmp(got, reference[r->job], before) != 0)
            r->wrong++; /* what came before the failure differs from the reference */
        else if (oom_only)
            r->failed_oom++;
        else
            r->silent++;
        free(got);
        if (lm_alloc_live() != live0)
            r->leaks++, live0 = lm_alloc_live();
    }
    atomic_fetch_add(&injectors_done, 1);
    return NULL;
}

/* ---- a session made in one thread and used in another --------------------------------- */

typedef struct {
    lmcost *s;
    char *params;
} handoff;

static void *finish_elsewhere(void *arg)
{
    handoff *h = arg;
    if (lmcost_select(h->s, "gpt2-medium", NULL, 0) == 0)
        h->params = lmcost_value(h->s, "params");
    lmcost_free(h->s);
    return NULL;
}

int main(void)
{
    lmcost_route_gmp_memory(); /* before any thread: GMP's blocks are counted and can fail */
    for (int j = 0; j < NJOBS; j++)
        reference[j] = run(&jobs[j], 0, NULL, NULL);
    TL_STREQ("reference: gpt2-xl", strstr(reference[0], "v:params = "),
             "v:params = 1557611200\nv:params: ok\nv:memory.total = 149063805952\n"
             "v:memory.total: ok\nv:flops.step = 84462208280192\nv:flops.step: ok\n");
    TL_CHECK("reference: seed", strstr(reference[1], "v:params = 1637020800\n") != NULL);
    TL_CHECK("reference: an error", strstr(reference[7], "error: division by zero") != NULL);
    TL_CHECK("reference: mixtral",
             strstr(reference[4], "v:params.active = 12879925248\n") != NULL);

    enum { NTHREADS = NINJECTORS + NWORKERS + 1 };
    pthread_t t[NTHREADS];
    worker w[NWORKERS];
    injector inj[NINJECTORS];
    memset(w, 0, sizeof w);
    memset(inj, 0, sizeof inj);
    handoff h = {lmcost_new(), NULL};
    TL_CHECK("handoff: load", h.s && lmcost_load_builtin(h.s) == 0);
    int started = 1;
    for (int i = 0; i < NINJECTORS; i++) {
        inj[i].job = 3 * i; /* gpt2-xl, llama2-7b */
        started &= pthread_create(&t[i], NULL, inject, &inj[i]) == 0;
    }
    for (int i = 0; i < NWORKERS; i++) {
        w[i].first = 3 * i;
        started &= pthread_create(&t[NINJECTORS + i], NULL, work, &w[i]) == 0;
    }
    started &= pthread_create(&t[NTHREADS - 1], NULL, finish_elsewhere, &h) == 0;
    TL_CHECK("threads started", started);
    if (!started)
        return tl_finish("threads");
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);

    int runs = 0;
    for (int i = 0; i < NWORKERS; i++) {
        runs += w[i].runs;
        TL_CHECK("every concurrent result is the single-threaded one", w[i].wrong == 0);
        if (w[i].wrong)
            printf("  worker %d: %d of %d runs differ; the first:\n%s\n", i, w[i].wrong,
                   w[i].runs, w[i].wrong_job);
    }
    TL_STREQ("a session moved to another thread", h.params, "354823168");
    lmcost_string_free(h.params);
    printf("note: %d concurrent runs of %d jobs\n", runs, NJOBS);
    for (int i = 0; i < NINJECTORS; i++) {
        const injector *r = &inj[i];
        printf("note: job %d: %zu runs with an injected failure among %zu allocations "
               "(%zu completed, %zu out of memory)\n",
               r->job, r->runs, r->allocs, r->completed, r->failed_oom);
        TL_CHECK("the injector ran", r->runs > 100);
        TL_CHECK("an injected failure is reported as out of memory", r->silent == 0);
        TL_CHECK("what came before an injected failure is right", r->wrong == 0);
        TL_CHECK("an injected failure leaks nothing", r->leaks == 0);
        TL_CHECK("injected failures did fail", r->failed_oom > r->runs / 2);
    }
    for (int j = 0; j < NJOBS; j++)
        free(reference[j]);
    return tl_finish("threads");
}
