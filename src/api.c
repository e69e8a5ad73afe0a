/* api.c: the public API of include/lmcost.h: sessions, settings that outlive a selection,
 * listings, formulas and values (spelled as the CLI spells them), and errors as records. */
#include "api_impl.h"
#include "base/alloc.h"
#include "sem/hf.h"
#include "print/print.h"
#include <string.h>

const char *lmcost_version(void) { return LMCOST_VERSION; }

void lmcost_route_gmp_memory(void) { lm_alloc_install_gmp(); }

lmcost *lmcost_new(void)
{
    lmcost *s = lm_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->env = lm_env_new();
    if (!s->env) {
        lm_free(s);
        return NULL;
    }
    lm_diags_init(&s->diags);
    lm_buf_init(&s->errors);
    lm_buf_init(&s->texts);
    lm_buf_init(&s->scratch);
    return s;
}

static void forget_settings(lmcost *s)
{
    for (size_t i = 0; i < s->nsettings; i++)
        lm_free(s->settings[i].text);
    lm_free(s->settings);
    s->settings = NULL;
    s->nsettings = 0;
}

void lmcost_free(lmcost *s)
{
    if (!s)
        return;
    lm_instance_free(s->in);
    lm_env_free(s->env);
    forget_settings(s);
    lm_free(s->model), lm_free(s->conv), lm_free(s->collect), lm_free(s->defs), lm_free(s->recs);
    lm_diags_clear(&s->diags);
    lm_buf_clear(&s->errors), lm_buf_clear(&s->texts), lm_buf_clear(&s->scratch);
    lm_free(s);
}

/* ---- calls: diagnostics as text and as records ------------------------------------- */

/* Each call is a new operation: a failed allocation in an earlier one (in this thread: the
 * out-of-memory state is per thread, see alloc.h) no longer counts. */
void lm_api_begin(lmcost *s)
{
    lm_alloc_recover();
    lm_diags_clear(&s->diags);
    lm_buf_reset(&s->errors);
    lm_buf_reset(&s->texts);
    s->errors.failed = s->texts.failed = 0;
    s->nrecs = 0;
}

/* A record without a place (out of memory, errors not shown). */
static void record_plain(lmcost *s, int sev, const char *msg, const char *text)
{
    api_record *r = &s->recs[s->nrecs++];
    memset(r, 0, sizeof *r);
    r->sev = sev;
    r->msg = msg;
    r->text = s->texts.len;
    lm_buf_puts(&s->texts, text);
    lm_buf_putc(&s->texts, 0);
    lm_buf_puts(&s->errors, text);
}

/* Render the diagnostics, each as a record too, and turn a failure into -1. */
int lm_api_finish(lmcost *s, int rc)
{
    static const int sev[] = {LMCOST_ERROR, LMCOST_WARNING, LMCOST_NOTE};
    rc = lm_diags_settle(&s->diags, rc);
    lm_alloc_recover(); /* the call has unwound: its report may allocate again */
    int n = 2;
    for (const lm_diag *d = s->diags.head; d; d = d->next)
        n++;
    if (n > s->caprecs) {
        api_record *recs = lm_realloc(s->recs, (size_t)n * sizeof *recs);
        if (!recs)
            return s->errors.failed = 1, -1;
        s->recs = recs;
        s->caprecs = n;
    }
    for (const lm_diag *d = s->diags.head; d; d = d->next) {
        api_record *r = &s->recs[s->nrecs++];
        r->sev = sev[d->sev];
        r->msg = d->msg;
        r->file = d->span.src ? d->span.src->name : NULL;
        r->line = d->span.src ? d->span.line : 0;
        r->col = d->span.src ? d->span.col : 0;
        r->limit = d->limit != LM_LIMIT_NONE ? lm_limit_name(d->limit) : NULL;
        r->text = s->texts.len;
        size_t at = s->errors.len;
        lm_diag_render(&s->errors, d);
        lm_buf_putn(&s->texts, s->errors.s ? s->errors.s + at : "", s->errors.len - at);
        lm_buf_putc(&s->texts, 0);
    }
    lm_diags *d = &s->diags;
    /* Out of memory, errors past the last one kept were not kept for want of memory: the
     * count says nothing then, and "out of memory" says it all. */
    if (d->errors > d->max_errors && !d->oom) {
        lm_buf more;
        lm_buf_init(&more);
        lm_buf_printf(&more, "note: %d more errors not shown\n", d->errors - d->max_errors);
        record_plain(s, LMCOST_NOTE, "more errors not shown", lm_buf_str(&more));
        lm_buf_clear(&more);
    }
    if (d->oom)
        record_plain(s, LMCOST_ERROR, "out of memory", "error: out of memory\n");
    if (s->texts.failed)
        s->errors.failed = 1;
    return rc || d->errors || d->oom ? -1 : 0;
}

const char *lmcost_errors(const lmcost *s)
{
    return s->errors.failed ? "error: out of memory\n" : lm_buf_str(&s->errors);
}

/* The i-th record; when recording itself ran out of memory, one saying so. */
static const api_record *record(const lmcost *s, int i)
{
    static const api_record oom = {LMCOST_ERROR, 0, 0, "out of memory", NULL, NULL, 0};
    if (s->errors.failed)
        return i == 0 ? &oom : NULL;
    return i >= 0 && i < s->nrecs ? &s->recs[i] : NULL;
}

int lmcost_error_count(const lmcost *s) { return s->errors.failed ? 1 : s->nrecs; }
int lmcost_error_severity(const lmcost *s, int i)
{
    const api_record *r = record(s, i);
    return r ? r->sev : -1;
}
const char *lmcost_error_message(const lmcost *s, int i)
{
    const api_record *r = record(s, i);
    return r ? r->msg : NULL;
}
const char *lmcost_error_file(const lmcost *s, int i)
{
    const api_record *r = record(s, i);
    return r ? r->file : NULL;
}
int lmcost_error_line(const lmcost *s, int i)
{
    const api_record *r = record(s, i);
    return r ? r->line : 0;
}
int lmcost_error_column(const lmcost *s, int i)
{
    const api_record *r = record(s, i);
    return r ? r->col : 0;
}
const char *lmcost_error_limit(const lmcost *s, int i)
{
    const api_record *r = record(s, i);
    return r ? r->limit : NULL;
}
const char *lmcost_error_text(const lmcost *s, int i)
{
    const api_record *r = record(s, i);
    if (!r)
        return NULL;
    return s->errors.failed ? "error: out of memory\n" : lm_buf_str(&s->texts) + r->text;
}

void lmcost_string_free(char *str) { lm_free(str); }

/* ---- the selection and its settings -------------------------------------------------- */

static int apply_settings(lmcost *s, lm_instance *in)
{
    int rc = 0;
    for (size_t i = 0; i < s->nsettings; i++) {
        const api_setting *t = &s->settings[i];
        rc |= t->keep ? lm_instance_keep(in, t->text, &s->diags)
                      : lm_instance_set(in, t->text, &s->diags);
    }
    return rc ? -1 : 0;
}

static const char *convention(const lmcost *s)
{
    if (s->conv)
        return s->conv;
    return lm_env_block(s->env, "standard", 1) ? "standard" : NULL;
}

/* An instance for model with the session's convention and settings: the selection's mode,
 * or before any selection a free one (no model, no defaults). NULL after an error. */
static lm_instance *instance(lmcost *s, const char *model, int free)
{
    lm_mode mode = free ? LM_MODE_FREE : s->symbolic ? LM_MODE_SYMBOLIC : LM_MODE_MODEL;
    lm_instance *in = lm_instance_new(s->env, free ? NULL : model, convention(s), mode,
                                      &s->diags);
    if (in && apply_settings(s, in)) {
        lm_instance_free(in);
        return NULL;
    }
    return in;
}

lm_instance *lm_api_instance(lmcost *s, const char *model)
{
    return instance(s, model ? model : s->model, !s->selected);
}

/* The selection anew (after a load, which may add symbols the old instance has no room
 * for, or after the settings changed). */
static int reselect(lmcost *s)
{
    lm_free(s->defs);
    s->defs = NULL;
    lm_instance *in = lm_api_instance(s, NULL);
    if (!in)
        return -1;
    lm_instance_free(s->in);
    s->in = in;
    return 0;
}

int lm_api_need(lmcost *s) { return s->in ? 0 : reselect(s); }

/* Load into the environment. An instance has room for the symbols and definitions there
 * were when it was made: it goes first, and the selection is made anew after. */
static int load(lmcost *s, const char *path)
{
    lm_api_begin(s);
    int had = s->in != NULL;
    lm_instance_free(s->in);
    s->in = NULL;
    lm_free(s->defs);
    s->defs = NULL;
    int rc = path ? lm_env_load_file(s->env, path, &s->diags, NULL)
                  : lm_env_load_builtin(s->env, &s->diags);
    return lm_api_finish(s, rc || (had && reselect(s)) ? -1 : 0);
}

int lmcost_load_builtin(lmcost *s) { return load(s, NULL); }
int lmcost_load_file(lmcost *s, const char *path) { return load(s, path); }

static int replace(char **field, const char *value)
{
    char *copy = value ? lm_strdup(value) : NULL;
    if (value && !copy)
        return -1;
    lm_free(*field);
    *field = copy;
    return 0;
}

int lmcost_select(lmcost *s, const char *model, const char *conv, int symbolic)
{
    lm_api_begin(s);
    char *old_model = s->model, *old_conv = s->conv;
    int old_selected = s->selected, old_symbolic = s->symbolic;
    s->model = s->conv = NULL;
    s->selected = 1;
    s->symbolic = symbolic != 0;
    int rc = replace(&s->model, model) || replace(&s->conv, conv) ? (s->diags.oom = 1, -1) : 0;
    /* A path to a config.json is read into a model of that name (once per session); an
     * instance points into the environment's models, which the load may move. */
    if (!rc && model && lm_hf_is_path(model)) {
        lm_instance_free(s->in);
        lm_free(s->defs);
        s->in = NULL, s->defs = NULL;
        rc = lm_hf_load(s->env, model, &s->diags);
    }
    if (!rc)
        rc = reselect(s);
    if (rc) { /* the previous selection stays */
        lm_free(s->model), lm_free(s->conv);
        s->model = old_model, s->conv = old_conv;
        s->selected = old_selected, s->symbolic = old_symbolic;
    } else {
        lm_free(old_model), lm_free(old_conv);
    }
    return lm_api_finish(s, rc);
}

/* Apply a setting to the selection, then remember it. */
static int add_setting(lmcost *s, const char *text, int keep)
{
    lm_api_begin(s);
    int rc = lm_api_need(s);
    if (!rc)
        rc = keep ? lm_instance_keep(s->in, text, &s->diags)
                  : lm_instance_set(s->in, text, &s->diags);
    api_setting *all = rc ? NULL : lm_realloc(s->settings, (s->nsettings + 1) * sizeof *all);
    char *copy = all ? lm_strdup(text) : NULL;
    if (all)
        s->settings = all;
    if (!rc && !copy)
        s->diags.oom = 1, rc = -1;
    if (!rc)
        s->settings[s->nsettings++] = (api_setting){keep, copy};
    if (rc && s->in) /* a failed setting may have half-applied: the instance anew */
        reselect(s);
    return lm_api_finish(s, rc);
}

int lmcost_set(lmcost *s, const char *assignment) { return add_setting(s, assignment, 0); }
int lmcost_keep(lmcost *s, const char *symbols) { return add_setting(s, symbols, 1); }

int lmcost_clear_settings(lmcost *s)
{
    lm_api_begin(s);
    forget_settings(s);
    return lm_api_finish(s, s->in ? reselect(s) : 0);
}

const char *lmcost_model(lmcost *s) { return s->in ? lm_instance_model(s->in) : NULL; }
const char *lmcost_convention(lmcost *s) { return s->in ? lm_instance_conv(s->in) : NULL; }

int lmcost_set_short(lmcost *s, int on)
{
    lm_api_begin(s);
    s->short_names = on != 0;
    return lm_api_finish(s, 0);
}

int lmcost_set_collect(lmcost *s, const char *symbol)
{
    lm_api_begin(s);
    return lm_api_finish(s, replace(&s->collect, symbol) ? (s->diags.oom = 1, -1) : 0);
}

/* The limit named `name` set to value (capped as the CLI caps it); -1 for no such limit. */
static int set_limit(lm_limits *l, const char *name, uint64_t value)
{
    if (!strcmp(name, "max_terms"))
        l->max_terms = value;
    else if (!strcmp(name, "max_bits"))
        l->max_bits = value;
    else if (!strcmp(name, "max_size"))
        l->max_size = value;
    else if (!strcmp(name, "max_exponent"))
        l->max_exponent = value > INT64_MAX ? INT64_MAX : (int64_t)value;
    else if (!strcmp(name, "max_depth"))
        l->max_depth = value > 100000 ? 100000 : (uint32_t)value;
    else if (!strcmp(name, "max_token"))
        l->max_token = value;
    else if (!strcmp(name, "max_file"))
        l->max_file = value;
    else if (!strcmp(name, "max_solve_bits"))
        l->max_solve_bits = value > 100000 ? 100000 : value;
    else
        return -1;
    return 0;
}

int lmcost_set_limit(lmcost *s, const char *name, uint64_t value)
{
    lm_api_begin(s);
    int rc = -1;
    if (value == 0)
        lm_diag_add(&s->diags, LM_SEV_ERROR, NULL, "a limit must be at least 1");
    else if ((rc = set_limit(&s->env->ctx.limits, name, value)))
        lm_diag_add(&s->diags, LM_SEV_ERROR, NULL, "unknown limit '%s' (max_terms, max_bits, "
                    "max_size, max_exponent, max_depth, max_token, max_file, max_solve_bits)",
                    name);
    return lm_api_finish(s, rc);
}

/* ---- formulas and values --------------------------------------------------------------- */

/* The symbol formulas are collected in: lmcost_set_collect's, the first kept (as -k's first
 * symbol), else batch_size. */
static const lm_atom *collect_var(lmcost *s)
{
    const char *name = s->collect;
    char *first = NULL;
    for (size_t i = 0; !name && i < s->nsettings; i++)
        if (s->settings[i].keep) {
            const char *t = s->settings[i].text;
            first = lm_strndup(t, strcspn(t, ","));
            name = first ? first : "batch_size";
        }
    const lm_atom *x = lm_ctx_find_symbol(&s->env->ctx, name ? name : "batch_size");
    lm_free(first);
    return x;
}

/* p spelled in format fmt; NULL after an error. */
static char *spell(lmcost *s, const lm_poly *p, lmcost_format fmt)
{
    lm_buf b;
    lm_buf_init(&b);
    lm_print_opts po = {fmt == LMCOST_LATEX ? LM_FMT_LATEX
                        : fmt == LMCOST_UNICODE ? LM_FMT_UNICODE
                                                : LM_FMT_PLAIN,
                        s->short_names};
    lm_status st = lm_print_spelled(&s->env->ctx, &b, p, collect_var(s), &po);
    char *str = st ? NULL : lm_buf_take(&b);
    lm_buf_clear(&b);
    if (st)
        lm_env_fail(s->env, &s->diags, st, NULL, NULL);
    else if (!str)
        s->diags.oom = 1;
    return str;
}

static char *exact(lmcost *s, const mpq_t q)
{
    lm_buf b;
    lm_buf_init(&b);
    lm_print_q_exact(&b, q, NULL);
    char *str = lm_buf_take(&b);
    if (!str)
        s->diags.oom = 1;
    return str;
}

static char *text(lmcost *s, const char *t)
{
    char *str = lm_strdup(t);
    if (!str)
        s->diags.oom = 1;
    return str;
}

/* The answer of a call that returns a string: NULL when it failed. */
static char *answer(lmcost *s, char *str)
{
    if (lm_api_finish(s, str ? 0 : -1)) {
        lm_free(str);
        return NULL;
    }
    return str;
}

char *lmcost_formula(lmcost *s, const char *name, lmcost_format fmt)
{
    lm_api_begin(s);
    const lm_val *v;
    const lm_def *def;
    lm_poly p;
    lm_poly_init(&p);
    char *str = NULL;
    if (!lm_api_need(s) && !lm_instance_def(s->in, name, &v, &def, &s->diags) &&
        !lm_def_shown(s->env, def, v, &p, &s->diags))
        str = spell(s, &p, fmt);
    lm_poly_clear(&p);
    return answer(s, str);
}

char *lmcost_value(lmcost *s, const char *name)
{
    lm_api_begin(s);
    mpq_t q;
    mpq_init(q);
    char *str = NULL;
    if (!lm_api_need(s) && !lm_instance_number(s->in, name, q, NULL, &s->diags))
        str = exact(s, q);
    mpq_clear(q);
    return answer(s, str);
}

char *lmcost_unit(lmcost *s, const char *name)
{
    lm_api_begin(s);
    const lm_val *v;
    const lm_def *def;
    char *str = NULL;
    if (!lm_api_need(s) && !lm_instance_def(s->in, name, &v, &def, &s->diags)) {
        lm_buf b;
        lm_buf_init(&b);
        lm_def_unit(&b, def, v->dim);
        str = text(s, lm_buf_str(&b));
        lm_buf_clear(&b);
    }
    return answer(s, str);
}

/* A free expression in the instance calc uses: the selection when it has a model (as
 * `lmcost calc -m MODEL`), else a free one with the settings (as `lmcost calc`). */
static int calc_value(lmcost *s, const char *expr, lm_val *v)
{
    int own = !(s->selected && s->model);
    if (!own && lm_api_need(s))
        return -1;
    lm_instance *in = own ? instance(s, NULL, 1) : s->in;
    int rc = in ? lm_instance_expr(in, expr, "<expression>", v, &s->diags) : -1;
    if (own)
        lm_instance_free(in);
    return rc;
}

char *lmcost_calc(lmcost *s, const char *expr, lmcost_format fmt)
{
    lm_api_begin(s);
    lm_val v;
    lm_val_init(&v);
    mpq_t q;
    mpq_init(q);
    char *str = NULL;
    if (!calc_value(s, expr, &v))
        str = lm_poly_get_q(q, &v.p) ? exact(s, q) : spell(s, &v.p, fmt);
    mpq_clear(q);
    lm_val_clear(&v);
    return answer(s, str);
}

char *lmcost_calc_unit(lmcost *s, const char *expr)
{
    lm_api_begin(s);
    lm_val v;
    lm_val_init(&v);
    char *str = NULL;
    if (!calc_value(s, expr, &v)) {
        lm_buf b;
        lm_buf_init(&b);
        if (!lm_dim_is_none(v.dim))
            lm_dim_print(&b, v.dim);
        str = text(s, lm_buf_str(&b));
        lm_buf_clear(&b);
    }
    lm_val_clear(&v);
    return answer(s, str);
}

char *lmcost_round(lmcost *s, const char *num, int digits)
{
    lm_api_begin(s);
    mpq_t q;
    mpq_init(q);
    char *str = NULL;
    int ok = *num && mpq_set_str(q, num, 10) == 0 && mpz_sgn(mpq_denref(q)) != 0;
    if (!ok)
        lm_diag_add(&s->diags, LM_SEV_ERROR, NULL,
                    "'%s' is not an exact number (an integer or p/q)", num);
    else if (digits < 1 || digits > 1000)
        lm_diag_add(&s->diags, LM_SEV_ERROR, NULL, "digits must be from 1 to 1000, not %d",
                    digits);
    else {
        mpq_canonicalize(q);
        lm_buf b;
        lm_buf_init(&b);
        lm_print_q_decimal(&b, q, digits, -1, NULL);
        str = lm_buf_take(&b);
        if (!str)
            s->diags.oom = 1;
    }
    mpq_clear(q);
    return answer(s, str);
}

/* ---- listings ------------------------------------------------------------------------ */

/* The i-th model or convention (is_convention), or NULL. */
static const lm_block *block(const lmcost *s, int is_convention, long i, long *count)
{
    long n = 0;
    for (size_t k = 0; k < s->env->nblocks; k++)
        if (s->env->blocks[k].is_convention == is_convention && n++ == i)
            return &s->env->blocks[k];
    *count = n;
    return NULL;
}

static long count(lmcost *s, lmcost_kind kind)
{
    long n = -1;
    switch (kind) {
    case LMCOST_SYMBOLS: return (long)s->env->nsyms;
    case LMCOST_OPTIONS: return (long)s->env->nopts;
    case LMCOST_MODELS: return block(s, 0, -1, &n), n;
    case LMCOST_CONVENTIONS: return block(s, 1, -1, &n), n;
    case LMCOST_DEFINITIONS:
        if (!s->defs && lm_api_need(s))
            return -1;
        if (!s->defs && lm_instance_def_names(s->in, &s->defs, &s->ndefs))
            return s->diags.oom = 1, -1;
        return (long)s->ndefs;
    }
    lm_diag_add(&s->diags, LM_SEV_ERROR, NULL, "unknown kind %d", (int)kind);
    return -1;
}

long lmcost_count(lmcost *s, lmcost_kind kind)
{
    lm_api_begin(s);
    long n = count(s, kind);
    return lm_api_finish(s, n < 0 ? -1 : 0) ? -1 : n;
}

/* A symbol's value in the selection, in its unit: exact, or its formula. */
static const char *symbol_value(lmcost *s, const lm_symbol *sym)
{
    lm_val v;
    lm_val_init(&v);
    mpq_t q, inv;
    mpq_init(q), mpq_init(inv);
    mpq_inv(inv, sym->scale);
    const char *out = NULL;
    if (!lm_api_need(s) && !lm_instance_expr(s->in, sym->name, "<symbol>", &v, &s->diags) &&
        !lm_poly_mul_q(&s->env->ctx, &v.p, &v.p, inv)) {
        char *str = lm_poly_get_q(q, &v.p) ? exact(s, q) : spell(s, &v.p, LMCOST_PLAIN);
        if (str) {
            lm_buf_reset(&s->scratch);
            lm_buf_puts(&s->scratch, str);
            out = s->scratch.failed ? NULL : lm_buf_str(&s->scratch);
        }
        lm_free(str);
    }
    mpq_clear(q), mpq_clear(inv);
    lm_val_clear(&v);
    return out;
}

/* An option's values as "a|b|c", in the session's scratch text. */
static const char *option_values(lmcost *s, const lm_option *o)
{
    lm_buf_reset(&s->scratch);
    for (size_t j = 0; j < o->decl->nargs; j++)
        lm_buf_printf(&s->scratch, "%s%s", j ? "|" : "", o->decl->args[j]->text);
    return s->scratch.failed ? NULL : lm_buf_str(&s->scratch);
}

#define OR_EMPTY(x) ((x) ? (x) : "")

static const char *item(lmcost *s, lmcost_kind kind, long i, lmcost_field f)
{
    long n = count(s, kind);
    if (n < 0)
        return NULL;
    if (i < 0 || i >= n) {
        lm_diag_add(&s->diags, LM_SEV_ERROR, NULL, "no item %ld: there are %ld", i, n);
        return NULL;
    }
    const lm_symbol *sym = kind == LMCOST_SYMBOLS ? &s->env->syms[i] : NULL;
    const lm_option *opt = kind == LMCOST_OPTIONS ? &s->env->opts[i] : NULL;
    const lm_def *def = kind == LMCOST_DEFINITIONS ? lm_env_def(s->env, s->defs[i],
                                                                lm_instance_conv(s->in))
                                                   : NULL;
    const lm_block *bl = kind == LMCOST_MODELS        ? block(s, 0, i, &n)
                         : kind == LMCOST_CONVENTIONS ? block(s, 1, i, &n)
                                                      : NULL;
    if (f == LMCOST_FIELD_NAME)
        return sym ? sym->name : opt ? opt->name : def ? def->name : bl->name;
    if (f == LMCOST_FIELD_DESCRIPTION)
        return OR_EMPTY(sym ? sym->desc : opt ? opt->desc : def ? def->desc : bl->desc);
    if (f == LMCOST_FIELD_UNIT && (sym || def))
        return OR_EMPTY(sym ? sym->unit : def->unit);
    if (sym && (f == LMCOST_FIELD_PLAIN || f == LMCOST_FIELD_LATEX))
        return f == LMCOST_FIELD_PLAIN ? sym->plain : sym->latex;
    if (sym && f == LMCOST_FIELD_VALUE)
        return symbol_value(s, sym);
    if (opt && f == LMCOST_FIELD_VALUES)
        return option_values(s, opt);
    if (opt && f == LMCOST_FIELD_VALUE)
        return lm_api_need(s) ? NULL : lm_instance_option(s->in, opt->name);
    if (def && f == LMCOST_FIELD_CONVENTION)
        return OR_EMPTY(def->conv);
    if (bl && f == LMCOST_FIELD_PARENT)
        return OR_EMPTY(bl->parent);
    lm_diag_add(&s->diags, LM_SEV_ERROR, NULL, "this kind of item has no field %d", (int)f);
    return NULL;
}

const char *lmcost_item(lmcost *s, lmcost_kind kind, long i, lmcost_field field)
{
    lm_api_begin(s);
    const char *str = item(s, kind, i, field);
    return lm_api_finish(s, str ? 0 : -1) ? NULL : str;
}
