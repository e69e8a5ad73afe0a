/* search.c: the search command: every layout of a model on N devices (the parallel degrees,
 * the options and the micro-batch), those that fit device_memory ranked by time.step.estimate. */
#include "cli.h"
#include "base/alloc.h"
#include "poly/evalprog.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a layout is made of, and what ranks it: names of the library, not formulas. */
static const char *const degrees[] = {"data_parallel", "tensor_parallel", "pipeline_parallel"};
static const char *const options[] = {"zero", "recompute", "sequence_parallel"};
#define NDEG 3
#define NOPT 3
#define MICRO "micro_batch_size"
#define MEMORY "memory.device.total"
#define TIME "time.step.estimate"
#define CAPACITY "device_memory"
#define DEVICES_MAX 1000000000000ll

/* One kept layout, with its exact figures in base units (B and s). */
typedef struct {
    int64_t deg[NDEG], micro;
    const char *opt[NOPT];
    mpq_t mem, time;
} layout;

/* A combination skipped before batch_size was known: its data_parallel and why. */
typedef struct {
    int64_t d;
    const char *why;
} pending;

/* Why layouts were skipped: a require's message, and how many it excluded. */
typedef struct {
    const char *why;
    uint64_t n;
} reason;

typedef struct {
    int64_t devices, batch;
    size_t top;
    int64_t fixed_deg[NDEG];     /* a degree set with -s, else 0 */
    int fixed_micro;             /* micro_batch_size set with -s */
    const char **vals[NOPT];     /* the values each option takes */
    size_t nvals[NOPT];
    layout *best;                /* the top layouts, best first */
    size_t nbest;
    reason *reasons;
    size_t nreasons;
    pending *pending;
    size_t npending;
    uint64_t total, fit, nofit;
    lm_instance *in;             /* every combination, one after another (set_layout) */
    int64_t cur_deg[NDEG];       /* what in holds (0 and NULL: not set yet) */
    const char *cur_opt[NOPT];
    lm_instance *whole;          /* the layouts confirmed, micro-batch set (confirm) */
    int64_t whole_deg[NDEG], whole_micro;
    const char *whole_opt[NOPT];
    mpq_t q;                     /* scratch */
} search;

/* ---- the settings ------------------------------------------------------------------ */

/* Was NAME set on the command line (-s NAME=...)? */
static int set_on_command_line(const cli *c, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < c->o->nsets; i++) {
        const char *s = c->o->sets[i];
        while (*s == ' ')
            s++;
        if (strncmp(s, name, n) == 0 && (s[n] == '=' || s[n] == ' '))
            return 1;
    }
    return 0;
}

/* The whole-number value of expression `text` in instance in (in its symbol's unit). */
static int whole_value(cli *c, lm_instance *in, const char *text, int64_t *out)
{
    lm_val v;
    lm_val_init(&v);
    mpq_t q;
    mpq_init(q);
    int rc = lm_instance_expr(in, text, "search", &v, &c->diags) ? -1 : 0;
    if (!rc && (!lm_poly_get_q(q, &v.p) || mpz_cmp_ui(mpq_denref(q), 1) != 0 ||
                !mpz_fits_slong_p(mpq_numref(q)) || mpq_sgn(q) <= 0)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "search: '%s' must be a positive whole number here", text);
        rc = -1;
    }
    if (!rc)
        *out = mpz_get_si(mpq_numref(q));
    mpq_clear(q);
    lm_val_clear(&v);
    return rc;
}

/* A degree set with -s NAME=N (the last one), as a whole number; 0 when not set. */
static int command_line_whole(cli *c, const char *name, int64_t *out)
{
    size_t n = strlen(name);
    *out = 0;
    for (int i = 0; i < c->o->nsets; i++) {
        const char *v = c->o->sets[i];
        while (*v == ' ')
            v++;
        if (strncmp(v, name, n) != 0)
            continue;
        v += n;
        while (*v == ' ')
            v++;
        if (*v++ != '=')
            continue;
        char *end;
        long long x = strtoll(v, &end, 10);
        while (*end == ' ')
            end++;
        if (*end || end == v || x < 1) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "search: -s %s takes a whole number here, not '%s'", name, v);
            return -1;
        }
        *out = x;
    }
    return 0;
}

/* Every value of each option, or the one set with -s. */
static int option_values(cli *c, search *s, lm_instance *base)
{
    for (int k = 0; k < NOPT; k++) {
        const lm_option *o = lm_env_option(c->env, options[k]);
        if (!o) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "search: the library declares no option '%s'", options[k]);
            return -1;
        }
        int fixed = set_on_command_line(c, options[k]);
        s->vals[k] = lm_malloc((o->decl->nargs + 1) * sizeof *s->vals[k]);
        if (!s->vals[k])
            return c->diags.oom = 1, -1;
        if (fixed) {
            s->vals[k][0] = lm_instance_option(base, options[k]);
            s->nvals[k] = 1;
        } else {
            for (size_t j = 0; j < o->decl->nargs; j++)
                s->vals[k][j] = o->decl->args[j]->text;
            s->nvals[k] = o->decl->nargs;
        }
    }
    return 0;
}

static int parse_count(cli *c, const char *what, const char *text, int64_t max, int64_t *out)
{
    char *end;
    long long v = text ? strtoll(text, &end, 10) : 0;
    if (!text || *end || end == text || v < 1 || v > max) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "search: %s takes a whole number from 1 to "
                    "%lld, not '%s'", what, (long long)max, text ? text : "");
        return -1;
    }
    *out = v;
    return 0;
}

/* The command's settings: devices, top, batch_size, the degrees and options set. */
static int settings(cli *c, search *s)
{
    int64_t top = 10;
    if (!c->o->devices) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "usage: lmcost search -m MODEL -s hardware=H --devices N [--top K]");
        return -1;
    }
    if (parse_count(c, "--devices", c->o->devices, DEVICES_MAX, &s->devices) ||
        (c->o->top && parse_count(c, "--top", c->o->top, 1000000, &top)))
        return -1;
    s->top = (size_t)top;
    /* The base instance gives the options' values only: its checks would see the
     * layout's defaults (expert_parallel=2 needs a data_parallel that divides). */
    lm_instance *base = cli_instance(c, c->o->model, LM_MODE_MODEL);
    int rc = base ? 0 : -1;
    for (int k = 0; k < NDEG && !rc; k++)
        rc = command_line_whole(c, degrees[k], &s->fixed_deg[k]);
    s->fixed_micro = set_on_command_line(c, MICRO);
    if (!rc)
        rc = option_values(c, s, base);
    if (!rc && !lm_env_symbol(c->env, MICRO)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "search: the library declares no symbol '%s'",
                    MICRO);
        rc = -1;
    }
    lm_instance_free(base);
    /* The instance of the combinations: the checks run with micro_batch_size = 1, which
     * every batch allows, while the formulas keep it symbolic (prepare). */
    s->in = rc ? NULL : cli_instance(c, c->o->model, LM_MODE_MODEL);
    if (!rc && !s->in)
        rc = -1;
    if (!rc && !s->fixed_micro) {
        lm_diags d;
        lm_diags_init(&d);
        rc = lm_instance_set(s->in, MICRO "=1", &d) || lm_instance_vary(s->in, MICRO, &d);
        lm_diags_append(&c->diags, &d);
        lm_diags_clear(&d);
    }
    s->best = rc ? NULL : lm_calloc(s->top + 1, sizeof *s->best);
    if (!rc && !s->best)
        c->diags.oom = 1, rc = -1;
    for (size_t i = 0; !rc && i <= s->top; i++)
        mpq_init(s->best[i].mem), mpq_init(s->best[i].time);
    return rc;
}

/* ---- skipped layouts --------------------------------------------------------------- */

static int skip(cli *c, search *s, const char *why, uint64_t n)
{
    for (size_t i = 0; i < s->nreasons; i++)
        if (s->reasons[i].why == why)
            return s->reasons[i].n += n, 0;
    reason *r = lm_realloc(s->reasons, (s->nreasons + 1) * sizeof *r);
    if (!r)
        return c->diags.oom = 1, -1;
    s->reasons = r;
    r[s->nreasons++] = (reason){why, n};
    return 0;
}

/* ---- ranking ----------------------------------------------------------------------- */

/* a before b: less time, then less memory (ties keep the order of enumeration). */
static int better(const layout *a, const layout *b)
{
    int t = mpq_cmp(a->time, b->time);
    return t ? t < 0 : mpq_cmp(a->mem, b->mem) < 0;
}

/* Offer the layout in best[top] (the scratch slot) to the ranking. */
static void offer(search *s)
{
    size_t i = s->nbest < s->top ? s->nbest++ : s->top;
    if (i == s->top && !better(&s->best[s->top], &s->best[s->top - 1]))
        return;
    layout tmp = s->best[s->top]; /* swap, so that every slot keeps its own mpq_t */
    s->best[s->top] = s->best[i == s->top ? s->top - 1 : i];
    s->best[i == s->top ? s->top - 1 : i] = tmp;
    for (i = i == s->top ? s->top - 1 : i; i > 0 && better(&s->best[i], &s->best[i - 1]); i--) {
        tmp = s->best[i];
        s->best[i] = s->best[i - 1];
        s->best[i - 1] = tmp;
    }
}

/* ---- one combination of degrees and options --------------------------------------- */

/* The programs of one combination; time's is compiled once a micro-batch fits (most
 * combinations of a large search fit none, and time.step.estimate costs as much again). */
typedef struct {
    lm_evalprog mem, time;
    int has_time;
    lm_instance *in;
    mpq_t capacity;
} programs;

/* A program for definition `name` in base units, whose only input may be the micro-batch. */
static int program(cli *c, lm_instance *in, const char *name, lm_evalprog *e)
{
    const lm_val *v;
    const lm_def *def;
    if (lm_instance_def(in, name, &v, &def, &c->diags))
        return -1;
    lm_status st = lm_evalprog_compile(&c->env->ctx, e, &v->p);
    if (st) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "'%s': %s", name, lm_status_str(st));
        return -1;
    }
    const lm_symbol *micro = lm_env_symbol(c->env, MICRO);
    for (size_t k = 0; k < e->nsyms; k++)
        if (e->syms[k] != micro->atom) {
            const char *x = e->syms[k]->name;
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "search: '%s' still depends on '%s': "
                        "set it with -s %s=VALUE", name, x, x);
            return -1;
        }
    return 0;
}

/* The layout's degrees and option values into in, but for those the command line fixes
 * and those in already holds (cur_deg and cur_opt, when not NULL, say which): a setting
 * makes the instance forget only what depends on it, so the next combination elaborates
 * only what it changes. */
static int set_layout(cli *c, const search *s, lm_instance *in, const int64_t *deg,
                      const char *const *opt, int64_t *cur_deg, const char **cur_opt,
                      lm_diags *d)
{
    char buf[96];
    int rc = 0;
    for (int k = 0; k < NDEG && !rc; k++) {
        if (s->fixed_deg[k] || (cur_deg && cur_deg[k] == deg[k]))
            continue;
        snprintf(buf, sizeof buf, "%s=%lld", degrees[k], (long long)deg[k]);
        rc = lm_instance_set(in, buf, d);
        if (cur_deg)
            cur_deg[k] = rc ? 0 : deg[k];
    }
    for (int k = 0; k < NOPT && !rc; k++) {
        if ((s->nvals[k] == 1 && set_on_command_line(c, options[k])) ||
            (cur_opt && cur_opt[k] == opt[k]))
            continue;
        snprintf(buf, sizeof buf, "%s=%s", options[k], opt[k]);
        rc = lm_instance_set(in, buf, d);
        if (cur_opt)
            cur_opt[k] = rc ? NULL : opt[k];
    }
    return rc;
}

/* Elaborate the combination; 1 when a require excludes it (*why says which), -1 on an
 * error. The checks run with micro_batch_size = 1, which every batch allows, while the
 * formulas keep it symbolic (varied); a layout's own micro-batch is checked by confirm. */
static int prepare(cli *c, search *s, const int64_t *deg, const char *const *opt,
                   const char **why, programs *pr)
{
    lm_instance *in = s->in;
    lm_diags d;
    lm_diags_init(&d);
    int rc = set_layout(c, s, in, deg, opt, s->cur_deg, s->cur_opt, &d);
    const lm_val *v;
    const lm_def *def;
    if (!rc)
        rc = lm_instance_def(in, MEMORY, &v, &def, &d); /* the requires run first */
    *why = rc ? lm_instance_failed_require(in) : NULL;
    if (rc && !*why) /* not a layout's fault: the user's error */
        lm_diags_append(&c->diags, &d);
    lm_diags_clear(&d);
    if (*why)
        return 1;
    if (rc)
        return -1;
    lm_val cap;
    lm_val_init(&cap);
    rc = lm_instance_expr(in, CAPACITY, "search", &cap, &c->diags) ? -1 : 0;
    if (!rc && !lm_poly_get_q(pr->capacity, &cap.p)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "search: '%s' has no value: set it, or the hardware (-s hardware=NAME)",
                    CAPACITY);
        rc = -1;
    }
    lm_val_clear(&cap);
    return rc || program(c, in, MEMORY, &pr->mem) ? -1 : 0;
}

/* Divisors of n, increasing (n <= 2^62: trial division up to its square root). */
static int divisors(cli *c, int64_t n, int64_t **out, size_t *nout)
{
    size_t cap = 64, k = 0, lo = 0;
    int64_t *v = lm_malloc(cap * sizeof *v);
    for (int64_t i = 1; v && i <= n / i; i++) {
        if (n % i)
            continue;
        int pair = i != n / i;
        if (k + 2 > cap) {
            int64_t *w = lm_realloc(v, (cap *= 2) * sizeof *v);
            if (!w)
                lm_free(v), v = NULL;
            else
                v = w;
        }
        if (!v)
            break;
        memmove(v + lo + 1 + pair, v + lo, (k - lo) * sizeof *v); /* keep the large ones */
        v[lo] = i;
        if (pair)
            v[lo + 1] = n / i;
        lo++;
        k += 1 + pair;
    }
    if (!v)
        return c->diags.oom = 1, -1;
    *out = v, *nout = k;
    return 0;
}

/* Would the layout in the scratch slot enter the ranking? */
static int would_enter(const search *s)
{
    return s->nbest < s->top || better(&s->best[s->top], &s->best[s->top - 1]);
}

/* The layout l in an instance of its own with its micro-batch set (kept from one layout to
 * the next): the requires on micro_batch_size, which waited while it was symbolic, run
 * now; when mem is not NULL, its memory and time are elaborated there into *mem and *time.
 * 0 when the requires hold, 1 when one fails (*why says which), -1 on another error. */
static int elaborate_whole(cli *c, search *s, const layout *l, const lm_val **mem,
                           const lm_val **time, const char **why)
{
    *why = NULL;
    if (!s->whole && !(s->whole = cli_instance(c, c->o->model, LM_MODE_MODEL)))
        return -1;
    lm_instance *in = s->whole;
    lm_diags d;
    lm_diags_init(&d);
    int rc = set_layout(c, s, in, l->deg, l->opt, s->whole_deg, s->whole_opt, &d);
    char buf[96];
    snprintf(buf, sizeof buf, "%s=%lld", MICRO, (long long)l->micro);
    if (!rc && !s->fixed_micro && s->whole_micro != l->micro) {
        rc = lm_instance_set(in, buf, &d);
        s->whole_micro = rc ? 0 : l->micro;
    }
    const lm_def *def;
    lm_val one;
    lm_val_init(&one);
    if (!rc && mem) /* the requires run first */
        rc = lm_instance_def(in, MEMORY, mem, &def, &d) || lm_instance_def(in, TIME, time, &def, &d);
    else if (!rc)
        rc = lm_instance_expr(in, "1", "search", &one, &d);
    lm_val_clear(&one);
    *why = rc ? lm_instance_failed_require(in) : NULL;
    if (rc && !*why)
        lm_diags_append(&c->diags, &d);
    c->diags.oom |= d.oom;
    lm_diags_clear(&d);
    return *why ? 1 : rc ? -1 : 0;
}

/* A layout about to enter the ranking: 0 when the requires hold with its micro-batch, 1
 * when one fails (skipped), -1 on an error. */
static int confirm(cli *c, search *s, const layout *l)
{
    const char *why;
    int rc = elaborate_whole(c, s, l, NULL, NULL, &why);
    if (rc == 1)
        return skip(c, s, why, 1) ? -1 : 1;
    return rc;
}

/* The layouts ranked: each one's figures must be those of its own elaboration with every
 * setting made (the programs evaluated them), or it is an internal error. */
static int verify(cli *c, search *s)
{
    for (size_t i = 0; i < s->nbest; i++) {
        const lm_val *mem, *time;
        const char *why;
        int rc = elaborate_whole(c, s, &s->best[i], &mem, &time, &why);
        if (rc == 0 && (!lm_poly_get_q(s->q, &mem->p) || !mpq_equal(s->q, s->best[i].mem) ||
                        !lm_poly_get_q(s->q, &time->p) || !mpq_equal(s->q, s->best[i].time)))
            rc = 1;
        if (rc == 1)
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "search: internal error: a layout's "
                        "figures differ from its elaboration");
        if (rc)
            return -1;
    }
    return 0;
}

/* The micro-batches of one combination: each evaluated exactly, the fitting ones offered. */
static int run_micro(cli *c, search *s, const int64_t *deg, const char *const *opt,
                     programs *pr, const int64_t *micro, size_t nmicro)
{
    layout *l = &s->best[s->top];
    for (size_t i = 0; i < nmicro; i++) {
        lm_i128 x = micro[i];
        lm_status st = lm_evalprog_eval_i128(&c->env->ctx, l->mem, &pr->mem, &x);
        if (!st && mpq_cmp(l->mem, pr->capacity) > 0) {
            s->nofit++;
            continue;
        }
        if (!st && !pr->has_time) {
            if (program(c, pr->in, TIME, &pr->time))
                return -1;
            pr->has_time = 1;
        }
        if (!st)
            st = lm_evalprog_eval_i128(&c->env->ctx, l->time, &pr->time, &x);
        if (st) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "search: %s or %s: %s", MEMORY, TIME,
                        lm_status_str(st));
            return -1;
        }
        memcpy(l->deg, deg, sizeof l->deg);
        memcpy(l->opt, opt, sizeof l->opt);
        l->micro = micro[i];
        int ok = would_enter(s) ? confirm(c, s, l) : 0;
        if (ok < 0)
            return -1;
        if (ok > 0)
            continue;
        s->fit++;
        offer(s);
        l = &s->best[s->top];
    }
    return 0;
}

/* The micro-batches of data_parallel d: the divisors of batch_size / d (none when d does
 * not divide it, or while batch_size is not known yet). */
static int micro_batches(cli *c, const search *s, int64_t d, int64_t **micro, size_t *n)
{
    *micro = NULL, *n = 0;
    return s->batch && s->batch % d == 0 ? divisors(c, s->batch / d, micro, n) : 0;
}

/* Layouts skipped before batch_size was known: counted once it is. */
static int pend(cli *c, search *s, int64_t d, const char *why)
{
    pending *p = lm_realloc(s->pending, (s->npending + 1) * sizeof *p);
    if (!p)
        return c->diags.oom = 1, -1;
    s->pending = p;
    p[s->npending++] = (pending){d, why};
    return 0;
}

static int count_pending(cli *c, search *s)
{
    for (size_t i = 0; i < s->npending; i++) {
        int64_t *micro;
        size_t n;
        if (micro_batches(c, s, s->pending[i].d, &micro, &n))
            return -1;
        lm_free(micro);
        s->total += n ? n : 1;
        if (skip(c, s, s->pending[i].why, n ? n : 1))
            return -1;
    }
    return 0;
}

/* One combination of degrees and options over its micro-batches. batch_size is taken from
 * the first combination that passes the checks (it is the same in every one). */
static int combination(cli *c, search *s, const int64_t *deg, const char *const *opt)
{
    int64_t *micro = NULL, one = 0;
    size_t nmicro = 0;
    programs pr;
    lm_evalprog_init(&pr.mem), lm_evalprog_init(&pr.time);
    pr.has_time = 0;
    mpq_init(pr.capacity);
    lm_instance *in = s->in;
    const char *why = NULL;
    int known = s->batch != 0;
    int rc = prepare(c, s, deg, opt, &why, &pr);
    if (rc == 0 && !s->batch)
        rc = whole_value(c, in, "batch_size", &s->batch);
    if (rc >= 0 && (known || rc == 0) && !s->fixed_micro)
        rc = micro_batches(c, s, deg[0], &micro, &nmicro) ? -1 : rc;
    if (rc >= 0 && s->fixed_micro)
        micro = &one, nmicro = 1;
    if (rc == 1 && !known && !s->batch)
        rc = pend(c, s, deg[0], why) ? -1 : 1;
    else if (rc == 1)
        rc = skip(c, s, why, nmicro ? nmicro : 1) ? -1 : 1;
    if (rc >= 0 && (known || s->batch))
        s->total += nmicro ? nmicro : 1;
    if (rc == 0 && s->fixed_micro && whole_value(c, in, MICRO, &one))
        rc = -1;
    pr.in = in;
    if (rc == 0)
        rc = run_micro(c, s, deg, opt, &pr, micro, nmicro);
    lm_evalprog_clear(&pr.mem), lm_evalprog_clear(&pr.time);
    mpq_clear(pr.capacity);
    if (micro != &one)
        lm_free(micro);
    return rc < 0 ? -1 : 0;
}

/* Every (data, tensor, pipeline) with product devices, and every option value. */
static int enumerate(cli *c, search *s)
{
    int64_t *dv;
    size_t ndv;
    if (divisors(c, s->devices, &dv, &ndv))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < ndv && !rc; i++)
        for (size_t j = 0; j < ndv && !rc; j++) {
            int64_t d = dv[i], t = dv[j];
            if ((s->devices / d) % t != 0)
                continue;
            int64_t deg[NDEG] = {d, t, s->devices / d / t};
            int want = 1;
            for (int k = 0; k < NDEG; k++)
                want &= !s->fixed_deg[k] || s->fixed_deg[k] == deg[k];
            if (!want)
                continue;
            size_t idx[NOPT] = {0};
            for (int more = 1; more && !rc;) {
                const char *opt[NOPT];
                for (int k = 0; k < NOPT; k++)
                    opt[k] = s->vals[k][idx[k]];
                rc = combination(c, s, deg, opt);
                int k = NOPT - 1;
                while (k >= 0 && ++idx[k] == s->nvals[k])
                    idx[k--] = 0;
                more = k >= 0;
            }
        }
    lm_free(dv);
    return rc;
}

/* ---- the table --------------------------------------------------------------------- */

/* A figure: for programs its exact string (a whole number, or n/d), for people rounded. */
static void figure(wr *w, const mpq_t q, int data)
{
    if (data && mpz_cmp_ui(mpq_denref(q), 1) == 0) {
        wr_int(w, mpq_numref(q));
    } else if (data) {
        lm_buf b;
        lm_buf_init(&b);
        lm_print_q_exact(&b, q, NULL);
        wr_str(w, lm_buf_str(&b));
        lm_buf_clear(&b);
    } else {
        lm_dim none = {{0}};
        wr_num(w, q, q, none);
    }
}

static void write_table(cli *c, search *s)
{
    wr *w = c->w;
    const wr_col cols[] = {
        {degrees[0], NULL, WR_RIGHT, 0, 13, NULL, 0},
        {degrees[1], NULL, WR_RIGHT, 0, 15, NULL, 0},
        {degrees[2], NULL, WR_RIGHT, 0, 17, NULL, 0},
        {options[0], NULL, WR_RIGHT, 0, 4, NULL, 0},
        {options[1], NULL, 0, 0, 9, NULL, 0},
        {options[2], NULL, 0, 0, 17, NULL, 0},
        {MICRO, NULL, WR_RIGHT, 0, 16, NULL, 0},
        {MEMORY, MEMORY " [B]", WR_RIGHT, 0, 23, NULL, 0},
        {TIME, TIME " [s]", WR_RIGHT, 0, 22, NULL, 0},
    };
    wr_table t = {"layouts", cols, 9, WR_T_HEAD, 0, NULL};
    wr_doc doc = {0, 0, WR_TEX_ARTICLE, 1};
    wr_document(w, &doc);
    wr_meta(w, "model", c->o->model);
    wr_table_begin(w, &t, NULL, 0);
    lm_buf b;
    lm_buf_init(&b);
    lm_buf_printf(&b, "the %zu fastest of %llu layouts on %lld devices that fit in %s, by %s "
                  "(exact; text rounds the time to %d digits, marking it with …)",
                  s->nbest, (unsigned long long)s->total, (long long)s->devices, CAPACITY, TIME,
                  c->o->digits);
    wr_table_title(w, lm_buf_str(&b));
    int data = wr_format(w) == OUT_CSV || wr_format(w) == OUT_JSON;
    mpz_t z;
    mpz_init(z);
    for (size_t i = 0; i < s->nbest; i++) {
        layout *l = &s->best[i];
        wr_row(w, NULL, NULL);
        for (int k = 0; k < NDEG; k++)
            mpz_set_si(z, l->deg[k]), wr_int(w, z);
        for (int k = 0; k < NOPT; k++)
            wr_name(w, l->opt[k]);
        mpz_set_si(z, l->micro), wr_int(w, z);
        figure(w, l->mem, data);
        figure(w, l->time, data);
    }
    mpz_clear(z);
    lm_buf_reset(&b);
    lm_buf_printf(&b, "%llu fit, %llu do not fit in %s", (unsigned long long)s->fit,
                  (unsigned long long)s->nofit, CAPACITY);
    for (size_t i = 0; i < s->nreasons; i++)
        lm_buf_printf(&b, "; %llu skipped: %s", (unsigned long long)s->reasons[i].n,
                      s->reasons[i].why);
    wr_table_footnote(w, lm_buf_str(&b));
    if (wr_format(w) == OUT_CSV || wr_format(w) == OUT_JSON) /* the counts, for people */
        lm_diag_add(&c->diags, LM_SEV_NOTE, NULL, "%s", lm_buf_str(&b));
    lm_buf_clear(&b);
}

static void search_clear(search *s)
{
    for (size_t i = 0; s->best && i <= s->top; i++)
        mpq_clear(s->best[i].mem), mpq_clear(s->best[i].time);
    lm_free(s->best);
    for (int k = 0; k < NOPT; k++)
        lm_free(s->vals[k]);
    lm_free(s->reasons);
    lm_free(s->pending);
    lm_instance_free(s->in);
    lm_instance_free(s->whole);
    mpq_clear(s->q);
}

int cmd_search(cli *c)
{
    if (c->o->nargs) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "search takes no names: it ranks layouts "
                    "by " TIME " (usage: lmcost search -m MODEL -s hardware=H --devices N)");
        return 1;
    }
    if (cli_load(c))
        return 1;
    search s;
    memset(&s, 0, sizeof s);
    mpq_init(s.q);
    int rc = settings(c, &s) || enumerate(c, &s) || count_pending(c, &s) || verify(c, &s);
    if (!rc && s.nbest == 0) {
        lm_buf b;
        lm_buf_init(&b);
        for (size_t i = 0; i < s.nreasons; i++)
            lm_buf_printf(&b, "; %llu skipped: %s", (unsigned long long)s.reasons[i].n,
                          s.reasons[i].why);
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "no layout of %lld devices fits in %s "
                    "(%llu layouts: %llu do not fit%s)", (long long)s.devices, CAPACITY,
                    (unsigned long long)s.total, (unsigned long long)s.nofit, lm_buf_str(&b));
        lm_buf_clear(&b);
        rc = 1;
    }
    if (!rc)
        write_table(c, &s);
    search_clear(&s);
    return rc || c->diags.errors || c->diags.oom ? 1 : 0;
}
