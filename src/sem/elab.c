/* elab.c: elaboration of formulas into exact canonical values with units.
 * Substitution happens here: a symbol with a value elaborates to that value, so a zero
 * divisor is caught at the '/' that divides by it, with its location. */
#include "sem/sem_impl.h"
#include "base/alloc.h"
#include "poly/numfmt.h"
#include <stdio.h>
#include <string.h>

static int elab(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d);

int lm_elab(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d)
{
    return elab(in, e, out, d);
}

static void dim_name(lm_buf *b, lm_dim dim)
{
    if (lm_dim_is_none(dim))
        lm_buf_puts(b, "a plain number");
    else
        lm_dim_print(b, dim);
}

static int dim_mismatch(lm_diags *d, const lm_span *span, const char *verb, lm_dim a, lm_dim b)
{
    lm_buf x, y;
    lm_buf_init(&x);
    lm_buf_init(&y);
    dim_name(&x, a);
    dim_name(&y, b);
    lm_diag_add(d, LM_SEV_ERROR, span, "dimension mismatch: cannot %s %s and %s", verb,
                lm_buf_str(&x), lm_buf_str(&y));
    lm_buf_clear(&x);
    lm_buf_clear(&y);
    return -1;
}

/* A decimal literal (digits, '_' separators, '.', exponent) as an exact rational. */
static int number(lm_instance *in, const lm_ast *e, mpq_t q, lm_diags *d)
{
    mpz_t m;
    mpz_init(m);
    long frac = 0, exp10 = 0;
    int in_frac = 0;
    const char *p = e->text;
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p == '_')
            continue;
        if (*p == '.') {
            in_frac = 1;
            continue;
        }
        mpz_mul_ui(m, m, 10);
        mpz_add_ui(m, m, (unsigned long)(*p - '0'));
        frac += in_frac;
    }
    if (*p) {
        int neg = p[1] == '-';
        p += p[1] == '-' || p[1] == '+' ? 2 : 1;
        for (; *p; p++) {
            exp10 = exp10 * 10 + (*p - '0');
            if (exp10 > 100000000)
                break;
        }
        if (neg)
            exp10 = -exp10;
    }
    exp10 -= frac;
    uint64_t max_bits = in->env->ctx.limits.max_bits;
    long limit = (long)(max_bits / 4);
    if (exp10 > limit || exp10 < -limit) {
        mpz_clear(m);
        char what[96]; /* 1e-999999999 is not large */
        snprintf(what, sizeof what, "number too %s (its exponent is beyond %ld digits, a "
                 "quarter of max_bits)", exp10 > 0 ? "large" : "small", limit);
        lm_diag_limit(d, &e->span, LM_LIMIT_BITS, max_bits, what);
        return -1;
    }
    mpz_t p10;
    mpz_init(p10);
    mpz_ui_pow_ui(p10, 10, (unsigned long)(exp10 < 0 ? -exp10 : exp10));
    mpz_set(mpq_numref(q), m);
    mpz_set_ui(mpq_denref(q), 1);
    if (exp10 >= 0)
        mpz_mul(mpq_numref(q), mpq_numref(q), p10);
    else
        mpz_set(mpq_denref(q), p10);
    mpq_canonicalize(q);
    mpz_clear(p10);
    mpz_clear(m);
    return 0;
}

static int copy_val(lm_instance *in, lm_val *out, const lm_val *v, const lm_span *span,
                    lm_diags *d);

static int elab_number(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d)
{
    const lm_val *kept = lm_resolved_number(in, e);
    if (kept)
        return copy_val(in, out, kept, &e->span, d);
    mpq_t q, scale;
    mpq_init(q);
    mpq_init(scale);
    int rc = number(in, e, q, d);
    if (!rc && e->unit) {
        size_t off, len;
        if (lm_unit_parse(e->unit, scale, &out->dim, &off, &len)) {
            lm_diag_add(d, LM_SEV_ERROR, &e->unit_span, "bad unit '%s'", e->unit);
            rc = -1;
        } else {
            mpq_mul(q, q, scale);
        }
    }
    if (!rc) {
        lm_status st = lm_poly_set_q(&out->p, q);
        if (st)
            rc = lm_env_fail(in->env, d, st, &e->span, NULL);
    }
    if (!rc && lm_resolve_keep_number(in, e, out) && lm_alloc_exhausted())
        rc = lm_env_fail(in->env, d, LM_ENOMEM, &e->span, NULL);
    mpq_clear(q);
    mpq_clear(scale);
    return rc;
}

/* Give a dimensionless value the unit declared for it; reject any other dimension. */
static int apply_unit(lm_instance *in, lm_val *v, lm_dim dim, const mpq_t scale,
                      const char *unit, const char *name, const lm_span *span, lm_diags *d)
{
    if (lm_dim_equal(v->dim, dim))
        return 0;
    if (lm_dim_is_none(v->dim)) {
        lm_status st = lm_poly_mul_q(&in->env->ctx, &v->p, &v->p, scale);
        if (st)
            return lm_env_fail(in->env, d, st, span, NULL);
        v->dim = dim;
        return 0;
    }
    lm_buf got;
    lm_buf_init(&got);
    lm_dim_print(&got, v->dim);
    lm_diag_add(d, LM_SEV_ERROR, span, "'%s' is in %s but its value is in %s", name,
                unit ? unit : "plain numbers", lm_buf_str(&got));
    lm_buf_clear(&got);
    return -1;
}

int lm_elab_unit(lm_instance *in, lm_val *v, lm_dim dim, const mpq_t scale, const char *unit,
                 const char *name, const lm_span *span, lm_diags *d)
{
    return apply_unit(in, v, dim, scale, unit, name, span, d);
}

static int copy_val(lm_instance *in, lm_val *out, const lm_val *v, const lm_span *span,
                    lm_diags *d)
{
    (void)in;
    lm_status st = lm_poly_set(&out->p, &v->p);
    out->dim = v->dim;
    return st ? lm_env_fail(in->env, d, st, span, NULL) : 0;
}

int lm_when_setting(lm_instance *in, const char *name, const lm_ast **out, lm_diags *d)
{
    *out = NULL;
    const lm_ast *when = NULL;
    for (size_t i = 0; i < in->env->nwhens; i++) {
        const lm_ast *w = in->env->whens[i];
        const lm_ast *a = NULL;
        for (size_t j = 0; j < w->nargs && !a; j++)
            if (strcmp(w->args[j]->text, name) == 0)
                a = w->args[j];
        if (!a)
            continue;
        int soft = in->soft, holds = 0; /* an undecidable condition is an error here */
        in->soft = 0;
        int rc = lm_elab_cond(in, w->cond, &holds, d);
        in->soft = soft;
        if (rc)
            return -1;
        if (!holds)
            continue;
        if (*out) {
            lm_diag_add(d, LM_SEV_ERROR, &a->span,
                        "'%s' is set by two 'when' blocks whose conditions both hold", name);
            lm_diag_add(d, LM_SEV_NOTE, &when->span, "the other block");
            return -1;
        }
        *out = a;
        when = w;
    }
    return 0;
}

int lm_when_quietly(lm_instance *in, const char *name, const lm_ast **out, lm_diags *d)
{
    lm_diags quiet;
    lm_diags_init(&quiet);
    int rc = lm_when_setting(in, name, out, &quiet);
    if (quiet.oom) /* running out of memory is never kept quiet */
        d->oom = 1;
    lm_diags_clear(&quiet);
    return rc;
}

/* The setting of a 'when' block that holds for s, when nothing before it (-s, the model)
 * sets s; quietly: an error in a block's condition is not reported. */
static int when_of(lm_instance *in, const lm_symbol *s, const lm_ast **w, int quietly,
                   lm_diags *d)
{
    *w = NULL;
    if (in->syms[s - in->env->syms].set || in->mode == LM_MODE_FREE ||
        lm_model_setting(in, s->name))
        return 0;
    return quietly ? lm_when_quietly(in, s->name, w, d) : lm_when_setting(in, s->name, w, d);
}

int lm_elab_symbol(lm_instance *in, const lm_symbol *s, const lm_span *ref, lm_val *out,
                        lm_diags *d)
{
    size_t i = (size_t)(s - in->env->syms);
    sym_slot *slot = &in->syms[i];
    if (slot->state == DONE && lm_view_stale(in, slot->view))
        slot->state = FRESH;
    if (slot->state == FRESH && in->scope && lm_scope_reuse(in, i, (size_t)-1, ref, d))
        return -1;
    if (slot->state == DONE) {
        lm_deps_or(in->track, slot->deps, in->depw);
        return out ? copy_val(in, out, &slot->val, ref, d) : 0;
    }
    if (slot->state == FAILED)
        return -1;
    if (slot->state == BUSY || (in->scope && lm_scope_busy(in, (size_t)(s - in->env->syms),
                                                             (size_t)-1))) {
        lm_diag_add(d, LM_SEV_ERROR, ref, "cyclic definition: the value of '%s' depends on itself",
                    s->name);
        return -1;
    }
    slot->state = BUSY; /* before a when block's condition is tested: it may need s */
    uint64_t *track = in->track;
    memset(slot->deps, 0, in->depw * sizeof *slot->deps);
    lm_deps_set(slot->deps, i);
    in->track = slot->deps;
    const lm_ast *w, *e = NULL;
    int hidden, rc = when_of(in, s, &w, 0, d);
    if (!rc)
        e = lm_symbol_source(in, s, w, &hidden);
    if (rc) {
        /* reported */
    } else if (!e) {
        lm_status st = lm_poly_set_atom(&slot->val.p, s->atom);
        slot->val.dim = s->dim;
        if (st)
            rc = lm_env_fail(in->env, d, st, ref, NULL);
    } else {
        rc = elab(in, e, &slot->val, d);
        if (!rc)
            rc = apply_unit(in, &slot->val, s->dim, s->scale, s->unit, s->name, &e->span, d);
    }
    in->track = track;
    lm_deps_or(track, slot->deps, in->depw);
    slot->state = rc ? FAILED : DONE;
    slot->view = lm_view_of(in, slot->deps);
    in->failed_since |= rc != 0;
    if (!rc && in->scope)
        rc = lm_scope_promote(in, i, (size_t)-1, ref, d);
    return rc ? rc : out ? copy_val(in, out, &slot->val, ref, d) : 0;
}

/* "'num_experts' = 8 stays a number although -S ...", at the condition that needs it; the
 * value when it is a number as written. */
static void pin_note(lm_instance *in, const lm_symbol *s, const lm_span *span, const char *role,
                     lm_diags *d)
{
    int hidden;
    const lm_ast *w;
    when_of(in, s, &w, 1, d);
    const lm_ast *e = lm_symbol_source(in, s, w, &hidden);
    lm_buf val;
    lm_buf_init(&val);
    lm_val v;
    lm_val_init(&v);
    mpq_t q;
    mpq_init(q);
    if (e && lm_names_nothing(e) && elab(in, e, &v, d) == 0 && lm_poly_get_q(q, &v.p)) {
        mpq_div(q, q, s->scale);
        lm_buf_puts(&val, " = ");
        lm_print_q_exact(&val, q, NULL);
    }
    if (val.failed)
        d->oom = 1;
    lm_diag_add(d, LM_SEV_NOTE, span, "'%s'%s stays a number although %s: this %s needs its "
                "value, and decides the formula's shape", s->name, lm_buf_str(&val),
                in->syms[s - in->env->syms].keep ? "-k keeps it symbolic"
                                                 : "-S makes the model's numbers symbols", role);
    mpq_clear(q);
    lm_val_clear(&v);
    lm_buf_clear(&val);
}

/* The symbols of p, inside floor, min, ... too, that -S or -k hide: each is pinned (it
 * stays a number from now on), with a note at span saying why. Returns how many were. */
static int pin_hidden(lm_instance *in, const lm_poly *p, const lm_span *span, const char *role,
                      lm_diags *d, unsigned depth)
{
    int n = 0;
    for (uint32_t t = 0; t < p->n && depth < 32; t++)
        for (uint32_t j = 0; j < p->terms[t].nf; j++) {
            const lm_atom *a = p->terms[t].f[j].atom;
            for (int k = 0; k < a->nargs; k++)
                n += pin_hidden(in, &a->args[k], span, role, d, depth + 1);
            const lm_symbol *s = a->kind == LM_ATOM_SYM ? lm_env_symbol(in->env, a->name) : NULL;
            int hidden = 0;
            if (!s || s->atom != a || in->pinned[s - in->env->syms])
                continue;
            const lm_ast *w;
            when_of(in, s, &w, 1, d);
            lm_symbol_source(in, s, w, &hidden);
            if (!hidden)
                continue;
            in->pinned[s - in->env->syms] = 1;
            in->hidden_stale = 1;
            n++;
            pin_note(in, s, span, role, d);
        }
    return n;
}

/* A number was needed where p is not one: pin what -S or -k hide and have the query start
 * again (-1, in->repin), or say why it cannot be decided. */
static int need_number(lm_instance *in, const lm_poly *p, const lm_span *span, const char *role,
                       const char *what, lm_diags *d)
{
    if (pin_hidden(in, p, span, role, d, 0)) {
        in->repin = 1;
        return -1;
    }
    lm_diag_add(d, LM_SEV_ERROR, span, "%s", what);
    return -1;
}

/* After "division by zero" at a divisor that is a symbol (d_model / num_heads), point at
 * where its zero came from (a -s setting, the model, or the default): the division itself
 * may be in a library file the user never wrote. */
static void zero_note(lm_instance *in, const lm_ast *divisor, lm_diags *d)
{
    const lm_symbol *s =
        divisor->kind == LM_AST_NAME ? lm_env_symbol(in->env, divisor->text) : NULL;
    if (!s)
        return;
    const sym_slot *slot = &in->syms[s - in->env->syms];
    const lm_ast *a = in->mode == LM_MODE_MODEL ? lm_model_setting(in, s->name) : NULL;
    if (!a && !slot->set && in->mode != LM_MODE_FREE) {
        lm_when_quietly(in, s->name, &a, d);
    }
    const lm_ast *from = slot->set ? slot->set : a ? a->a : s->deflt;
    if (from)
        lm_diag_add(d, LM_SEV_NOTE, &from->span, "'%s' is 0 here", s->name);
}

int lm_elab_def(lm_instance *in, const lm_def *def, const lm_span *ref, lm_val *out,
                     lm_diags *d)
{
    size_t i = (size_t)(def - in->env->defs);
    def_slot *slot = &in->defs[i];
    if (slot->state == DONE && lm_view_stale(in, slot->view))
        slot->state = FRESH;
    if (slot->state == FRESH && in->scope && lm_scope_reuse(in, (size_t)-1, i, ref, d))
        return -1;
    if (slot->state == DONE) {
        lm_deps_or(in->track, slot->deps, in->depw);
        return out ? copy_val(in, out, &slot->val, ref, d) : 0;
    }
    if (slot->state == FAILED)
        return -1;
    if (slot->state == BUSY || (in->scope && lm_scope_busy(in, (size_t)-1,
                                                             (size_t)(def - in->env->defs)))) {
        lm_diag_add(d, LM_SEV_ERROR, ref, "cyclic definition: '%s' depends on itself", def->name);
        return -1;
    }
    slot->state = BUSY;
    uint64_t *track = in->track;
    memset(slot->deps, 0, in->depw * sizeof *slot->deps);
    in->track = slot->deps;
    int rc = elab(in, def->expr, &slot->val, d);
    if (!rc)
        rc = apply_unit(in, &slot->val, def->dim, def->scale, def->unit, def->name,
                        &def->span, d);
    in->track = track;
    lm_deps_or(track, slot->deps, in->depw);
    slot->state = rc ? FAILED : DONE;
    slot->view = lm_view_of(in, slot->deps);
    in->failed_since |= rc != 0;
    if (!rc && in->scope)
        rc = lm_scope_promote(in, (size_t)-1, i, ref, d);
    if (rc)
        return rc;
    return out ? copy_val(in, out, &slot->val, ref, d) : 0;
}

/* Every name a formula could have meant, for "did you mean". */
const char *lm_elab_suggest(lm_instance *in, const char *name)
{
    lm_suggester near;
    lm_suggest_init(&near, name);
    for (size_t i = 0; i < in->env->nsyms; i++)
        lm_suggest_offer(&near, in->env->syms[i].name);
    for (size_t i = 0; i < in->env->ndefs; i++)
        if (lm_env_def_visible(in->env, &in->env->defs[i], in->conv))
            lm_suggest_offer(&near, in->env->defs[i].name);
    return near.best;
}

static int elab_name(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d)
{
    const lm_resolved *r = lm_resolve(in, e->text);
    if (!r)
        return lm_env_fail(in->env, d, LM_ENOMEM, &e->span, NULL);
    if (r->sym)
        return lm_elab_symbol(in, r->sym, &e->span, out, d);
    if (r->def)
        return lm_elab_def(in, r->def, &e->span, out, d);
    if (!(r = lm_resolve_children(in, e->text)))
        return lm_env_fail(in->env, d, LM_ENOMEM, &e->span, NULL);
    if (r->nchildren)
        return lm_elab_sum_children(in, e->text, &e->span, out, d);
    if (r->opt) {
        lm_diag_add(d, LM_SEV_ERROR, &e->span,
                    "'%s' is an option, not a number: test it with 'if %s == VALUE then ...'%s",
                    e->text, e->text, lm_option_numeric(r->opt)
                    ? " or compare it ('if zero >= 2 then ...')" : "");
        return -1;
    }
    if (in->mode == LM_MODE_FREE) {
        lm_atom *a = lm_ctx_symbol(&in->env->ctx, e->text);
        if (!a)
            return lm_env_fail(in->env, d, LM_ENOMEM, &e->span, NULL);
        memset(&out->dim, 0, sizeof out->dim);
        lm_status st = lm_poly_set_atom(&out->p, a);
        return st ? lm_env_fail(in->env, d, st, &e->span, NULL) : 0;
    }
    const char *near = lm_elab_suggest(in, e->text);
    if (near)
        lm_diag_add(d, LM_SEV_ERROR, &e->span, "unknown symbol '%s' (did you mean '%s'?)",
                    e->text, near);
    else
        lm_diag_add(d, LM_SEV_ERROR, &e->span, "unknown symbol '%s'", e->text);
    return -1;
}

/* One side of a comparison: an expression, or an option whose values are whole numbers
 * (zero >= 2), which stands for its value there. */
static int operand(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d)
{
    const lm_resolved *r = e->kind == LM_AST_NAME ? lm_resolve(in, e->text) : NULL;
    if (e->kind == LM_AST_NAME && !r)
        return lm_env_fail(in->env, d, LM_ENOMEM, &e->span, NULL);
    const lm_option *o = r ? r->opt : NULL;
    if (!o)
        return elab(in, e, out, d);
    if (!lm_option_numeric(o)) {
        lm_diag_add(d, LM_SEV_ERROR, &e->span, "option '%s' has values that are not whole "
                    "numbers: test it with '%s == VALUE' or '%s in (...)'", o->name, o->name,
                    o->name);
        return -1;
    }
    mpq_t q;
    mpq_init(q);
    lm_deps_set(in->track, in->env->nsyms + (size_t)(o - in->env->opts));
    int rc = mpq_set_str(q, in->optval[o - in->env->opts], 10) == 0 ? 0 : -1;
    lm_status st = rc ? LM_OK : lm_poly_set_q(&out->p, q);
    mpq_clear(q);
    memset(&out->dim, 0, sizeof out->dim);
    if (rc)
        lm_diag_add(d, LM_SEV_ERROR, &e->span, "bad number in option '%s'", o->name);
    return rc ? rc : st ? lm_env_fail(in->env, d, st, &e->span, NULL) : 0;
}

/* A numeric comparison must be decidable: the difference of its sides is a number. */
static int compare(lm_instance *in, const lm_ast *c, int *out, lm_diags *d)
{
    lm_val a, b;
    lm_val_init(&a);
    lm_val_init(&b);
    int rc = operand(in, c->a, &a, d);
    if (!rc)
        rc = operand(in, c->b, &b, d);
    if (!rc && !lm_dim_equal(a.dim, b.dim))
        rc = dim_mismatch(d, &c->span, "compare", a.dim, b.dim);
    if (!rc) {
        lm_status st = lm_poly_sub(&in->env->ctx, &a.p, &a.p, &b.p);
        mpq_t q;
        mpq_init(q);
        if (st)
            rc = lm_env_fail(in->env, d, st, &c->span, NULL);
        else if (!lm_poly_get_q(q, &a.p)) {
            if (in->soft)
                rc = 1; /* unknown until its symbols have values */
            else
                rc = need_number(in, &a.p, &c->span, "condition",
                                 "cannot decide this comparison while its symbols have no "
                                 "values", d);
        } else {
            int s = mpq_sgn(q);
            *out = c->op == '<' ? s < 0 : c->op == '>' ? s > 0 : c->op == 'l' ? s <= 0 : s >= 0;
        }
        mpq_clear(q);
    }
    lm_val_clear(&a);
    lm_val_clear(&b);
    return rc;
}

/* integer(e): e is a whole number (unknown, in soft mode, while it is not a number). */
static int is_integer(lm_instance *in, const lm_ast *c, int *out, lm_diags *d)
{
    lm_val v;
    lm_val_init(&v);
    int rc = elab(in, c->a, &v, d);
    mpq_t q;
    mpq_init(q);
    if (!rc && !lm_poly_get_q(q, &v.p)) {
        if (in->soft)
            rc = 1;
        else
            rc = need_number(in, &v.p, &c->span, "condition",
                             "cannot decide integer() while its symbols have no values", d);
    }
    if (!rc)
        *out = mpz_cmp_ui(mpq_denref(q), 1) == 0;
    mpq_clear(q);
    lm_val_clear(&v);
    return rc;
}

/* 0 with *out set, -1 on an error, 1 when unknown (only in soft mode). */
int lm_elab_cond(lm_instance *in, const lm_ast *c, int *out, lm_diags *d)
{
    int x, y, rx, ry;
    switch (c->kind) {
    case LM_AST_COND_AND:
    case LM_AST_COND_OR:
        rx = lm_elab_cond(in, c->a, &x, d);
        if (rx < 0)
            return -1;
        ry = lm_elab_cond(in, c->b, &y, d);
        if (ry < 0)
            return -1;
        if (rx || ry)
            return 1;
        *out = c->kind == LM_AST_COND_AND ? x && y : x || y;
        return 0;
    case LM_AST_COND_NOT:
        rx = lm_elab_cond(in, c->a, &x, d);
        if (rx)
            return rx;
        *out = !x;
        return 0;
    case LM_AST_COND_CMP:
        return compare(in, c, out, d);
    case LM_AST_COND_INT:
        return is_integer(in, c, out, d);
    default:
        break;
    }
    const lm_resolved *r = lm_resolve(in, c->text);
    if (!r)
        return lm_env_fail(in->env, d, LM_ENOMEM, &c->span, NULL);
    const lm_option *o = r->opt;
    if (!o) {
        lm_suggester near;
        lm_suggest_init(&near, c->text);
        for (size_t i = 0; i < in->env->nopts; i++)
            lm_suggest_offer(&near, in->env->opts[i].name);
        if (near.best)
            lm_diag_add(d, LM_SEV_ERROR, &c->span, "unknown option '%s' (did you mean '%s'?)",
                        c->text, near.best);
        else
            lm_diag_add(d, LM_SEV_ERROR, &c->span,
                        "unknown option '%s': conditions test options", c->text);
        return -1;
    }
    lm_deps_set(in->track, in->env->nsyms + (size_t)(o - in->env->opts));
    const char *v = in->optval[o - in->env->opts];
    *out = 0;
    for (size_t i = 0; i < c->nargs; i++) {
        if (lm_option_check(o, c->args[i]->text, &c->args[i]->span, d))
            return -1;
        if (strcmp(v, c->args[i]->text) == 0)
            *out = 1;
    }
    if (c->kind == LM_AST_COND_EQ && c->op == '!')
        *out = !*out;
    return 0;
}

/* The sum of the direct children of `prefix`; a child with no definition of its own
 * (params.embedding when only params.embedding.token is defined) is the sum of its own. */
int lm_elab_sum_children(lm_instance *in, const char *prefix, const lm_span *span, lm_val *out,
                        lm_diags *d)
{
    if (in->depth >= in->env->ctx.limits.max_depth)
        return lm_env_fail(in->env, d, LM_ELIMIT_DEPTH, span, NULL);
    const lm_resolved *r = lm_resolve_children(in, prefix);
    if (!r)
        return lm_env_fail(in->env, d, LM_ENOMEM, span, NULL);
    const char **names = r->children; /* the list stays; r may not (resolve.c) */
    size_t n = r->nchildren;
    if (n == 0) {
        lm_diag_add(d, LM_SEV_ERROR, span, "no definitions under '%s.'", prefix);
        return -1;
    }
    int rc = 0;
    lm_val v;
    lm_val_init(&v);
    lm_poly_zero(&out->p);
    in->depth++;
    for (size_t i = 0; i < n && !rc; i++) {
        const lm_resolved *c = lm_resolve(in, names[i]);
        if (!c) {
            rc = lm_env_fail(in->env, d, LM_ENOMEM, span, NULL);
            break;
        }
        const lm_def *def = c->def;
        rc = def ? lm_elab_def(in, def, span, &v, d) : lm_elab_sum_children(in, names[i], span, &v, d);
        if (rc)
            break;
        if (i == 0)
            out->dim = v.dim;
        else if (!lm_dim_equal(out->dim, v.dim)) {
            rc = dim_mismatch(d, span, "add", out->dim, v.dim);
            break;
        }
        lm_status st = lm_poly_add(&in->env->ctx, &out->p, &out->p, &v.p);
        if (st)
            rc = lm_env_fail(in->env, d, st, span, NULL);
    }
    in->depth--;
    lm_val_clear(&v);
    return rc;
}

static int elab_sum(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d)
{
    const lm_ast *g = e->args[0];
    return lm_elab_sum_children(in, g->text, &g->span, out, d);
}

static int elab_call(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d)
{
    static const char *const fns[] = {"floor", "ceil", "min", "max", "sum"};
    const char *f = e->text;
    size_t k = 0;
    while (k < 5 && strcmp(fns[k], f) != 0)
        k++;
    if (k == 5) {
        const char *near = lm_suggest(f, fns, 5);
        if (near)
            lm_diag_add(d, LM_SEV_ERROR, &e->span, "unknown function '%s' (did you mean '%s'?)",
                        f, near);
        else
            lm_diag_add(d, LM_SEV_ERROR, &e->span,
                        "unknown function '%s' (known: floor, ceil, min, max, sum)", f);
        return -1;
    }
    if (k == 4) {
        if (e->nargs != 1 || e->args[0]->kind != LM_AST_GLOB) {
            lm_diag_add(d, LM_SEV_ERROR, &e->span, "sum takes one argument of the form name.*");
            return -1;
        }
        return elab_sum(in, e, out, d);
    }
    if ((k < 2 && e->nargs != 1) || (k >= 2 && e->nargs < 2)) {
        lm_diag_add(d, LM_SEV_ERROR, &e->span, "%s takes %s", f,
                    k < 2 ? "one argument" : "two or more arguments");
        return -1;
    }
    lm_ctx *ctx = &in->env->ctx;
    if (elab(in, e->args[0], out, d))
        return -1;
    if (k < 2) {
        if (!lm_dim_is_none(out->dim)) {
            lm_diag_add(d, LM_SEV_ERROR, &e->args[0]->span,
                        "%s needs a plain number: divide by a unit first", f);
            return -1;
        }
        lm_status st = k == 0 ? lm_poly_floor(ctx, &out->p, &out->p)
                              : lm_poly_ceil(ctx, &out->p, &out->p);
        return st ? lm_env_fail(in->env, d, st, &e->span, NULL) : 0;
    }
    lm_val v;
    lm_val_init(&v);
    int rc = 0;
    for (size_t i = 1; i < e->nargs && !rc; i++) {
        rc = elab(in, e->args[i], &v, d);
        if (rc)
            break;
        if (!lm_dim_equal(out->dim, v.dim)) {
            rc = dim_mismatch(d, &e->args[i]->span, "compare", out->dim, v.dim);
            break;
        }
        lm_status st = k == 2 ? lm_poly_min(ctx, &out->p, &out->p, &v.p)
                              : lm_poly_max(ctx, &out->p, &out->p, &v.p);
        if (st)
            rc = lm_env_fail(in->env, d, st, &e->span, NULL);
    }
    lm_val_clear(&v);
    return rc;
}

/* 1/e with the factors of e kept as written: 1/(P*Q) is inv(P)*inv(Q) and 1/P^k is
 * inv(P)^k, never the inverse of the expanded product. This is what makes the printed form
 * of a quotient (a/(x + 1)^2) read back as the same canonical form. Dimensions are the
 * caller's business (it has them from elaborating e whole). */
static int reciprocal(lm_instance *in, const lm_ast *e, lm_poly *out, lm_diags *d)
{
    lm_ctx *ctx = &in->env->ctx;
    lm_val v, w;
    lm_val_init(&v);
    lm_val_init(&w);
    int rc = 0;
    lm_status st = LM_OK;
    if (in->depth >= ctx->limits.max_depth)
        return lm_env_fail(in->env, d, LM_ELIMIT_DEPTH, &e->span, NULL);
    in->depth++;
    if (e->kind == LM_AST_BINOP && e->op == '*') {
        rc = reciprocal(in, e->a, out, d);
        if (!rc)
            rc = reciprocal(in, e->b, &v.p, d);
        if (!rc)
            st = lm_poly_mul(ctx, out, out, &v.p);
    } else if (e->kind == LM_AST_BINOP && e->op == '/') {
        rc = reciprocal(in, e->a, out, d);
        if (!rc)
            rc = elab(in, e->b, &v, d);
        if (!rc)
            st = lm_poly_mul(ctx, out, out, &v.p);
    } else if (e->kind == LM_AST_NEG) {
        rc = reciprocal(in, e->a, out, d);
        if (!rc)
            st = lm_poly_neg(ctx, out, out);
    } else if (e->kind == LM_AST_BINOP && e->op == '^' && !(rc = elab(in, e->b, &w, d)) &&
               lm_poly_is_const(&w.p)) {
        mpq_t q;
        mpq_init(q);
        lm_poly_get_q(q, &w.p);
        if (mpz_cmp_ui(mpq_denref(q), 1) == 0 && mpz_fits_slong_p(mpq_numref(q)) &&
            mpz_cmpabs_ui(mpq_numref(q), (unsigned long)ctx->limits.max_exponent) <= 0) {
            rc = elab(in, e->a, &v, d);
            if (!rc && lm_poly_is_zero(&v.p) && mpz_sgn(mpq_numref(q)) > 0) {
                lm_diag_add(d, LM_SEV_ERROR, &e->span, "division by zero");
                rc = -1;
            } else if (!rc) {
                st = lm_poly_pow(ctx, out, &v.p, -mpz_get_si(mpq_numref(q)));
            }
        } else {
            rc = elab(in, e, &v, d);
            if (!rc)
                st = lm_poly_inv(ctx, out, &v.p);
        }
        mpq_clear(q);
    } else if (!rc) {
        rc = elab(in, e, &v, d);
        if (!rc && lm_poly_is_zero(&v.p)) {
            lm_diag_add(d, LM_SEV_ERROR, &e->span, "division by zero");
            rc = -1;
        } else if (!rc) {
            st = lm_poly_inv(ctx, out, &v.p);
        }
    }
    in->depth--;
    if (!rc && st)
        rc = lm_env_fail(in->env, d, st, &e->span, NULL);
    lm_val_clear(&v);
    lm_val_clear(&w);
    return rc;
}

/* out = out / b, where b is the elaborated value of the divisor e->b. An exact polynomial
 * quotient wins ((x^2 - 1)/(x - 1) = x + 1); otherwise the divisor's factors are
 * inverted as written. */
static int divide(lm_instance *in, const lm_ast *e, lm_val *out, const lm_val *b, lm_diags *d)
{
    lm_ctx *ctx = &in->env->ctx;
    lm_status st;
    if (b->p.n <= 1 || lm_poly_is_zero(&out->p))
        st = lm_poly_div(ctx, &out->p, &out->p, &b->p);
    else {
        int exact = 0;
        lm_poly q;
        lm_poly_init(&q);
        st = lm_poly_div_exact(ctx, &q, &out->p, &b->p, &exact);
        if (!st && exact) {
            lm_poly_swap(&q, &out->p);
        } else if (!st) {
            int rc = reciprocal(in, e->b, &q, d);
            if (rc) {
                lm_poly_clear(&q);
                return rc;
            }
            st = lm_poly_mul(ctx, &out->p, &out->p, &q);
        }
        lm_poly_clear(&q);
    }
    return st ? lm_env_fail(in->env, d, st, &e->span, NULL) : 0;
}

/* The value of e in *ref: for a symbol or a definition, the value in its slot, not copied
 * (a formula's elaboration forgets nothing, so it stays while the caller uses it); for
 * anything else, e elaborated into tmp. */
static int elab_ref(lm_instance *in, const lm_ast *e, lm_val *tmp, const lm_val **ref,
                    lm_diags *d)
{
    const lm_resolved *r = e->kind == LM_AST_NAME ? lm_resolve(in, e->text) : NULL;
    if (!r || (!r->sym && !r->def) || in->depth >= in->env->ctx.limits.max_depth) {
        *ref = tmp;
        return elab(in, e, tmp, d);
    }
    const lm_symbol *s = r->sym; /* r may move as names are resolved (resolve.c) */
    const lm_def *def = r->def;
    in->depth++;
    int rc = s ? lm_elab_symbol(in, s, &e->span, NULL, d) : lm_elab_def(in, def, &e->span, NULL, d);
    in->depth--;
    *ref = s ? &in->syms[s - in->env->syms].val : &in->defs[def - in->env->defs].val;
    return rc;
}

static int elab_binop(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d)
{
    lm_ctx *ctx = &in->env->ctx;
    lm_val ta, tb;
    lm_val_init(&ta);
    lm_val_init(&tb);
    const lm_val *a, *bv;
    int rc = elab_ref(in, e->a, &ta, &a, d);
    if (!rc)
        rc = elab_ref(in, e->b, &tb, &bv, d);
    lm_status st = LM_OK;
    if (rc)
        goto done;
    out->dim = a->dim;
    switch (e->op) {
    case '+':
    case '-':
        if (!lm_dim_equal(out->dim, bv->dim)) {
            rc = dim_mismatch(d, &e->span, e->op == '+' ? "add" : "subtract", out->dim, bv->dim);
            break;
        }
        st = e->op == '+' ? lm_poly_add(ctx, &out->p, &a->p, &bv->p)
                          : lm_poly_sub(ctx, &out->p, &a->p, &bv->p);
        break;
    case '*':
        if (lm_dim_mul(&out->dim, out->dim, bv->dim)) {
            lm_diag_add(d, LM_SEV_ERROR, &e->span, "unit exponent too large");
            rc = -1;
            break;
        }
        st = lm_poly_mul(ctx, &out->p, &a->p, &bv->p);
        break;
    case '/':
        if (a == &ta)
            lm_poly_swap(&out->p, &ta.p);
        else if ((st = lm_poly_set(&out->p, &a->p)))
            break;
        if (lm_dim_div(&out->dim, out->dim, bv->dim)) {
            lm_diag_add(d, LM_SEV_ERROR, &e->span, "unit exponent too large");
            rc = -1;
            break;
        }
        if (lm_poly_is_zero(&bv->p)) {
            lm_diag_add(d, LM_SEV_ERROR, &e->span, "division by zero");
            zero_note(in, e->b, d);
            rc = -1;
            break;
        }
        rc = divide(in, e, out, bv, d);
        break;
    case '^': {
        if (a == &ta)
            lm_poly_swap(&out->p, &ta.p);
        else if ((st = lm_poly_set(&out->p, &a->p)))
            break;
        mpq_t q;
        mpq_init(q);
        if (lm_dim_is_none(bv->dim) && !lm_poly_is_const(&bv->p)) {
            rc = need_number(in, &bv->p, &e->b->span, "exponent",
                             "an exponent must be a whole number (after substitution)", d);
        } else if (!lm_dim_is_none(bv->dim) || !lm_poly_get_q(q, &bv->p) ||
                   mpz_cmp_ui(mpq_denref(q), 1) != 0) {
            lm_diag_add(d, LM_SEV_ERROR, &e->b->span,
                        "an exponent must be a whole number (after substitution)");
            rc = -1;
        } else if (!mpz_fits_slong_p(mpq_numref(q)) ||
                   mpz_cmpabs_ui(mpq_numref(q), (unsigned long)ctx->limits.max_exponent) > 0) {
            lm_diag_limit(d, &e->b->span, LM_LIMIT_EXPONENT,
                          (uint64_t)ctx->limits.max_exponent, "exponent too large");
            rc = -1;
        } else {
            long k = mpz_get_si(mpq_numref(q));
            if (lm_dim_pow(&out->dim, out->dim, k)) {
                lm_diag_add(d, LM_SEV_ERROR, &e->span, "unit exponent too large");
                rc = -1;
            } else {
                uint64_t bound = lm_poly_pow_term_bound(&out->p, k);
                st = lm_poly_pow(ctx, &out->p, &out->p, k);
                if (st == LM_ELIMIT_TERMS && bound != UINT64_MAX) {
                    char what[64];
                    snprintf(what, sizeof what, "the expansion would have up to %llu terms",
                             (unsigned long long)bound);
                    lm_diag_limit(d, &e->span, LM_LIMIT_TERMS, ctx->limits.max_terms, what);
                    rc = -1;
                }
            }
        }
        mpq_clear(q);
        break;
    }
    default:
        break;
    }
    if (!rc && st)
        rc = lm_env_fail(in->env, d, st, &e->span, NULL);
done:
    lm_val_clear(&ta);
    lm_val_clear(&tb);
    return rc;
}

static int elab(lm_instance *in, const lm_ast *e, lm_val *out, lm_diags *d)
{
    if (in->depth >= in->env->ctx.limits.max_depth) {
        lm_diag_limit(d, &e->span, LM_LIMIT_DEPTH, in->env->ctx.limits.max_depth,
                      "formula nested too deeply");
        return -1;
    }
    in->depth++;
    int rc = 0, c;
    memset(&out->dim, 0, sizeof out->dim);
    switch (e->kind) {
    case LM_AST_NUM: rc = elab_number(in, e, out, d); break;
    case LM_AST_NAME: rc = elab_name(in, e, out, d); break;
    case LM_AST_BINOP: rc = elab_binop(in, e, out, d); break;
    case LM_AST_CALL: rc = elab_call(in, e, out, d); break;
    case LM_AST_NEG:
        rc = elab(in, e->a, out, d);
        if (!rc) {
            lm_status st = lm_poly_neg(&in->env->ctx, &out->p, &out->p);
            if (st)
                rc = lm_env_fail(in->env, d, st, &e->span, NULL);
        }
        break;
    case LM_AST_IF:
        {
            int soft = in->soft; /* inside a formula an undecidable test is an error */
            in->soft = 0;
            rc = lm_elab_cond(in, e->cond, &c, d);
            in->soft = soft;
        }
        if (!rc)
            rc = elab(in, c ? e->a : e->b, out, d);
        break;
    case LM_AST_WITH: rc = lm_elab_with(in, e, out, d); break;
    case LM_AST_GLOB:
        lm_diag_add(d, LM_SEV_ERROR, &e->span, "'%s.*' only makes sense inside sum()", e->text);
        rc = -1;
        break;
    default:
        lm_diag_add(d, LM_SEV_ERROR, &e->span, "not an expression");
        rc = -1;
        break;
    }
    in->depth--;
    return rc;
}
