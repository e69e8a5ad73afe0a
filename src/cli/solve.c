/* solve.c: the solve command: the largest integer value of a symbol for which a definition
 * stays within a budget (--le), or the smallest that reaches a target (--ge); for a
 * definition that decreases in it, the smallest within the budget or the largest that
 * still reaches the target. */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

typedef struct {
    const lm_atom *x;
    const mpq_t *at;
} point;

/* What is solved for, and the answer: lo for --le, hi for --ge. */
typedef struct {
    const char *name;   /* the definition */
    const lm_val *v;
    const lm_def *def;
    const lm_atom *x;   /* the symbol solved for */
    int ge;             /* --ge: NAME >= bound; else NAME <= bound */
    int dec;            /* NAME does not increase in x (else it does not decrease) */
    int smallest;       /* the answer is the smallest x that satisfies the bound (the
                         * x that do form an up-set: --ge and increasing, --le and
                         * decreasing); else the largest */
    mpq_t q;            /* the bound, in base units */
    mpz_t lo, hi;       /* the answer: hi when smallest, lo when largest */
    int closed;         /* the answer is in closed form (linear in x or in 1/x) */
} problem;

static int value_at(void *ud, const lm_atom *sym, mpq_t out)
{
    point *p = ud;
    if (sym != p->x)
        return 0;
    mpq_set(out, *p->at);
    return 1;
}

/* f(x) for an integer x, exactly. */
static int eval_at(cli *c, const lm_poly *f, const lm_atom *x, const mpz_t xv, mpq_t out)
{
    mpq_t at;
    mpq_init(at);
    mpq_set_z(at, xv);
    point p = {x, (const mpq_t *)&at};
    const lm_atom *unbound = NULL;
    lm_status st = lm_poly_eval(&c->env->ctx, out, f, value_at, &p, &unbound);
    mpq_clear(at);
    if (st == LM_EUNBOUND) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "the formula still depends on '%s': set it with -s", unbound->name);
        return -1;
    }
    if (st) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "%s", lm_status_str(st));
        return -1;
    }
    return 0;
}

/* A symbol other than x that f still depends on, or NULL. */
static const char *other_symbol(cli *c, const lm_poly *f, const lm_atom *x)
{
    lm_collected col;
    lm_collected_init(&col);
    const char *s = NULL;
    if (lm_poly_collect(&c->env->ctx, &col, f, x) == LM_OK)
        for (size_t i = 0; i < col.n && !s; i++)
            s = cli_free_symbol(&col.coeffs[i], 0);
    lm_collected_clear(&col);
    return s && strcmp(s, x->name) != 0 ? s : NULL;
}

/* The direction of f in x for x >= 1: 1 non-decreasing, -1 non-increasing, 0 when that
 * cannot be shown. Sufficient, with f = sum c_k x^k (k may be negative: x in a
 * denominator) and each c_k a number: non-decreasing when c_k >= 0 for every k > 0 and
 * c_k <= 0 for every k < 0; non-increasing when c_k <= 0 for k > 0 and c_k >= 0 for
 * k < 0 (each term then moves one way). x inside floor, min, ... or in a denominator
 * with other terms (an inverse atom): nothing can be shown. */
static int direction(cli *c, const lm_poly *f, const lm_atom *x)
{
    lm_collected col;
    lm_collected_init(&col);
    if (lm_poly_collect(&c->env->ctx, &col, f, x)) {
        lm_collected_clear(&col);
        return c->diags.oom = 1, 0;
    }
    int up = 1, down = 1;
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < col.n; i++) {
        if (col.exps[i] == 0)
            continue;
        if (!lm_poly_get_q(q, &col.coeffs[i])) {
            up = down = 0;
            continue;
        }
        int s = mpq_sgn(q) * (col.exps[i] > 0 ? 1 : -1); /* the sign of the term's slope */
        up &= s >= 0;
        down &= s <= 0;
    }
    for (size_t i = 0; i < col.n; i++)
        if (lm_poly_depends_on(&col.coeffs[i], x))
            up = down = 0;
    mpq_clear(q);
    lm_collected_clear(&col);
    return up ? 1 : down ? -1 : 0;
}

/* The instance (with x kept symbolic), the definition and the bound, in its unit. */
static int pose(cli *c, problem *p)
{
    cli_opts *o = c->o;
    const lm_symbol *sym = lm_env_symbol(c->env, o->for_sym);
    if (!sym) {
        cli_unknown_symbol(c, "", o->for_sym);
        return -1;
    }
    p->x = sym->atom;
    c->in = cli_instance(c, o->model, LM_MODE_MODEL);
    if (!c->in || lm_instance_keep(c->in, o->for_sym, &c->diags) ||
        lm_instance_def(c->in, p->name, &p->v, &p->def, &c->diags))
        return -1;
    lm_val budget;
    lm_val_init(&budget);
    int rc = lm_instance_expr(c->in, o->le ? o->le : o->ge, "<command line>", &budget,
                              &c->diags);
    if (!rc && !lm_poly_get_q(p->q, &budget.p)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "the bound must be a number, e.g. '80 GB'");
        rc = 1;
    }
    if (!rc && !lm_dim_equal(budget.dim, p->v->dim)) {
        if (lm_dim_is_none(budget.dim)) {
            mpq_mul(p->q, p->q, p->def->scale); /* a bare number is in the definition's unit */
        } else {
            lm_buf a, b;
            lm_buf_init(&a), lm_buf_init(&b);
            lm_dim_print(&a, p->v->dim), lm_dim_print(&b, budget.dim);
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "dimension mismatch: '%s' is in %s but the bound is in %s", p->name,
                        lm_buf_str(&a), lm_buf_str(&b));
            lm_buf_clear(&a), lm_buf_clear(&b);
            rc = 1;
        }
    }
    lm_val_clear(&budget);
    return rc ? -1 : 0;
}

/* The search is exact only for a formula in x alone that moves one way in it (which way
 * goes to p->dec, and with the bound's side, which answer is wanted). */
static int searchable(cli *c, problem *p)
{
    const char *name = p->name, *sym = c->o->for_sym, *other;
    if (!lm_poly_depends_on(&p->v->p, p->x)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "'%s' does not depend on '%s'", name, sym);
        return -1;
    }
    if ((other = other_symbol(c, &p->v->p, p->x))) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "'%s' still depends on '%s' besides '%s': set it with -s %s=VALUE", name,
                    other, sym, other);
        return -1;
    }
    int dir = direction(c, &p->v->p, p->x);
    if (!dir) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "'%s' is neither non-decreasing nor non-increasing in '%s' (or that "
                    "cannot be shown), so the search would not be exact",
                    name, sym);
        return -1;
    }
    p->dec = dir < 0;
    p->smallest = p->ge != p->dec;
    return 0;
}

static int exceeds_at_one(cli *c, const problem *p)
{
    lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "no solution: '%s' %s the bound already at %s = 1",
                p->name, p->ge ? "is below" : "exceeds", c->o->for_sym);
    return -1;
}

/* What the bound makes of a decreasing formula for which every x, or none, would do. */
static int every_or_none(cli *c, const problem *p, int every, const mpq_t limit)
{
    lm_buf b;
    lm_buf_init(&b);
    mpq_t shown;
    mpq_init(shown);
    mpq_div(shown, limit, p->def->scale);
    wr_number(c->w, &b, shown);
    const char *x = c->o->for_sym, *unit = p->def->unit ? p->def->unit : "";
    if (every)
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "unbounded: '%s' decreases towards %s %s "
                    "as %s grows, and every %s reaches the bound", p->name, lm_buf_str(&b),
                    unit, x, x);
    else
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "no solution: '%s' decreases towards %s %s "
                    "as %s grows, never within the bound", p->name, lm_buf_str(&b), unit, x);
    mpq_clear(shown);
    lm_buf_clear(&b);
    return -1;
}

/* A decreasing a + b*x (b < 0) or a + b/x (b > 0), a and b numbers: the answer in closed
 * form. Returns 1 when solved, 0 when the formula is not of that form, -1 on no solution
 * (reported). With t = (bound - a)/b: a + b*x <= bound for x >= t; a + b/x <= bound for
 * x >= 1/t when t > 0, for no x else; --ge the other way. */
static int closed_form_dec(cli *c, problem *p)
{
    lm_collected col;
    lm_collected_init(&col);
    if (lm_poly_collect(&c->env->ctx, &col, &p->v->p, p->x)) {
        lm_collected_clear(&col);
        return c->diags.oom = 1, -1;
    }
    mpq_t a, b, t;
    mpq_init(a), mpq_init(b), mpq_init(t);
    int64_t e = 0;
    int ok = col.n >= 1 && col.n <= 2;
    for (size_t i = 0; ok && i < col.n; i++) {
        if (col.exps[i] == 0)
            ok = lm_poly_get_q(a, &col.coeffs[i]);
        else if (col.exps[i] == 1 || col.exps[i] == -1)
            ok = !e && lm_poly_get_q(b, &col.coeffs[i]), e = col.exps[i];
        else
            ok = 0;
    }
    lm_collected_clear(&col);
    int rc = 0;
    if (ok && e) {
        p->closed = rc = 1;
        mpq_sub(t, p->q, a);
        mpq_div(t, t, b);
        if (e < 0 && mpq_sgn(t) <= 0) /* a + b/x > a >= bound for every x */
            rc = every_or_none(c, p, p->ge, a);
        else if (e < 0)
            mpq_inv(t, t);
        if (rc > 0 && p->smallest) {
            mpz_cdiv_q(p->hi, mpq_numref(t), mpq_denref(t));
            if (mpz_cmp_ui(p->hi, 1) < 0)
                mpz_set_ui(p->hi, 1);
            mpz_sub_ui(p->lo, p->hi, 1);
        } else if (rc > 0) {
            mpz_fdiv_q(p->lo, mpq_numref(t), mpq_denref(t));
            if (mpz_cmp_ui(p->lo, 1) < 0)
                rc = exceeds_at_one(c, p);
        }
    }
    mpq_clear(a), mpq_clear(b), mpq_clear(t);
    return rc;
}

/* a*x + b with numbers a > 0 and b (free of x): the answer in closed form. Returns 1 when
 * solved, 0 when the formula is not of that form, -1 on no solution (reported). */
static int closed_form(cli *c, problem *p)
{
    lm_poly a, b0;
    lm_poly_init(&a), lm_poly_init(&b0);
    mpq_t aq, bq, t;
    mpq_init(aq), mpq_init(bq), mpq_init(t);
    int rc = 0;
    if (lm_poly_degree(&p->v->p, p->x) == 1 &&
        lm_poly_coeff(&c->env->ctx, &a, &p->v->p, p->x, 1) == LM_OK &&
        lm_poly_coeff(&c->env->ctx, &b0, &p->v->p, p->x, 0) == LM_OK && lm_poly_get_q(aq, &a) &&
        lm_poly_get_q(bq, &b0) && mpq_sgn(aq) > 0 && !lm_poly_depends_on(&b0, p->x)) {
        p->closed = rc = 1;
        mpq_sub(t, p->q, bq);
        if (!p->ge && mpq_sgn(t) < 0) {
            lm_buf bb;
            lm_buf_init(&bb);
            mpq_div(bq, bq, p->def->scale);
            wr_number(c->w, &bb, bq);
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "no solution: the part of '%s' that does not depend on %s is "
                        "already %s %s, more than the bound",
                        p->name, c->o->for_sym, lm_buf_str(&bb),
                        p->def->unit ? p->def->unit : "");
            lm_buf_clear(&bb);
            rc = -1;
        }
        mpq_div(t, t, aq);
        if (p->ge) {
            mpz_cdiv_q(p->hi, mpq_numref(t), mpq_denref(t));
            if (mpz_cmp_ui(p->hi, 1) < 0)
                mpz_set_ui(p->hi, 1);
            mpz_sub_ui(p->lo, p->hi, 1);
        } else {
            mpz_fdiv_q(p->lo, mpq_numref(t), mpq_denref(t));
        }
        if (rc > 0 && !p->ge && mpz_cmp_ui(p->lo, 1) < 0)
            rc = exceeds_at_one(c, p);
    }
    mpq_clear(aq), mpq_clear(bq), mpq_clear(t);
    lm_poly_clear(&a), lm_poly_clear(&b0);
    return rc;
}

/* A decreasing formula in x and its inverse powers alone tends to its constant term c as x
 * grows, from above: when c is at the bound or beyond, no x (--le) or every x (--ge)
 * satisfies it, and the search would not end. -1 then (reported), else 0. */
static int dec_limit(cli *c, const problem *p)
{
    lm_collected col;
    lm_collected_init(&col);
    if (lm_poly_collect(&c->env->ctx, &col, &p->v->p, p->x)) {
        lm_collected_clear(&col);
        return c->diags.oom = 1, -1;
    }
    mpq_t a;
    mpq_init(a);
    int inverse_only = 1, rc = 0;
    for (size_t i = 0; i < col.n; i++) {
        inverse_only &= col.exps[i] <= 0;
        if (col.exps[i] == 0 && !lm_poly_get_q(a, &col.coeffs[i]))
            inverse_only = 0;
    }
    if (inverse_only && mpq_cmp(a, p->q) >= 0)
        rc = every_or_none(c, p, p->ge, a);
    mpq_clear(a);
    lm_collected_clear(&col);
    return rc;
}

/* Is f(x) = fx on the far side of the bound, where the x grow past the answer? For the
 * smallest answer that is where the bound holds, for the largest where it fails. */
static int crosses(const problem *p, const mpq_t fx)
{
    int cmp = mpq_cmp(fx, p->q), holds = p->ge ? cmp >= 0 : cmp <= 0;
    return p->smallest ? holds : !holds;
}

/* Exact integer search over x >= 1: f moves one way, so double until the bound is
 * crossed (no further than --max-solve-bits doublings), then bisect. Invariant: lo is on
 * this side of the bound (the largest answer: it holds; the smallest: it fails), hi on
 * the other. */
static int search(cli *c, problem *p)
{
    mpq_t fx;
    mpq_init(fx);
    mpz_set_ui(p->lo, 1);
    int rc = eval_at(c, &p->v->p, p->x, p->lo, fx);
    if (!rc && !p->smallest && crosses(p, fx))
        rc = exceeds_at_one(c, p);
    if (!rc && p->smallest && crosses(p, fx)) { /* x = 1 already satisfies it */
        mpz_set_ui(p->hi, 1), mpz_set_ui(p->lo, 0);
        mpq_clear(fx);
        return 0;
    }
    uint64_t bits = 0, max_bits = c->env->ctx.limits.max_solve_bits;
    mpz_set(p->hi, p->lo);
    while (!rc) {
        mpz_mul_2exp(p->hi, p->hi, 1);
        if (++bits > max_bits) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "unbounded: '%s' stays %s the bound up to %s = 2^%llu "
                        "(--max-solve-bits)", p->name,
                        p->smallest ? (p->ge ? "below" : "above")
                                    : (p->ge ? "at or above" : "within"),
                        c->o->for_sym, (unsigned long long)max_bits);
            rc = -1;
        } else if (!(rc = eval_at(c, &p->v->p, p->x, p->hi, fx)) && crosses(p, fx)) {
            break;
        }
        if (!rc)
            mpz_set(p->lo, p->hi);
    }
    mpz_t mid;
    mpz_init(mid);
    while (!rc && mpz_cmp(p->hi, p->lo) > 0) {
        mpz_sub(mid, p->hi, p->lo);
        if (mpz_cmp_ui(mid, 1) == 0)
            break;
        mpz_add(mid, p->lo, p->hi);
        mpz_fdiv_q_2exp(mid, mid, 1);
        if (!(rc = eval_at(c, &p->v->p, p->x, mid, fx)))
            mpz_set(crosses(p, fx) ? p->hi : p->lo, mid);
    }
    mpz_clear(mid);
    mpq_clear(fx);
    return rc;
}

/* "  memory.total at batch_size = 14: 78,441,288,704 B (78.4 GB = 73.1 GiB)" */
static void at_line(cli *c, const problem *p, const char *unit, const mpz_t at, const mpq_t fx)
{
    wr *w = c->w;
    lm_buf s;
    lm_buf_init(&s);
    lm_buf_printf(&s, "  %s at %s = ", p->name, c->o->for_sym);
    mpq_t shown;
    mpq_init(shown);
    mpq_div(shown, fx, p->def->scale);
    wr_row(w, NULL, unit);
    wr_str(w, lm_buf_str(&s));
    wr_int(w, at);
    wr_str(w, ": ");
    wr_num(w, shown, fx, p->v->dim);
    mpq_clear(shown);
    lm_buf_clear(&s);
}

/* For people: the answer, the definition there and one step further, and the margin. */
static void write_lines(cli *c, const problem *p, const char *unit, const mpz_t ans,
                        const mpz_t other, const mpq_t at_ans, const mpq_t at_other)
{
    wr *w = c->w;
    lm_buf s;
    lm_buf_init(&s);
    lm_buf_printf(&s, "%s %s with %s %s %s: ", p->smallest ? "smallest" : "largest", c->o->for_sym,
                  p->name, p->ge ? ">=" : "<=", p->ge ? c->o->ge : c->o->le);
    wr_lines(w);
    wr_only(w, WR_PEOPLE);
    wr_row(w, NULL, NULL);
    wr_str(w, lm_buf_str(&s));
    wr_int(w, ans);
    if (p->closed)
        wr_str(w, p->dec && lm_poly_degree(&p->v->p, p->x) < 1
                      ? " (closed form: the formula is linear in its inverse)"
                      : " (closed form: the formula is linear in it)");
    else
        wr_str(w, p->dec ? " (exact integer search: the formula does not increase in it)"
                         : " (exact integer search: the formula does not decrease in it)");
    at_line(c, p, unit, ans, at_ans);
    if (mpz_sgn(other) > 0 || !p->dec) /* a decreasing formula is taken for x >= 1 */
        at_line(c, p, unit, other, at_other);
    mpq_t margin;
    mpq_init(margin);
    mpq_sub(margin, p->q, at_ans);
    if (p->ge)
        mpq_neg(margin, margin);
    mpq_div(margin, margin, p->def->scale);
    lm_dim none = {{0}};
    wr_row(w, NULL, unit);
    wr_str(w, "  margin: ");
    wr_num(w, margin, margin, none);
    mpq_clear(margin);
    lm_buf_clear(&s);
}

/* For programs: the answer alone (plain, CSV), or with the definition at it and one step
 * further as exact strings (JSON). */
static void write_result(cli *c, const problem *p, const char *unit, const mpz_t ans,
                         const mpq_t at_ans, const mpq_t at_other)
{
    wr *w = c->w;
    lm_buf s;
    lm_buf_init(&s);
    mpq_t shown;
    mpq_init(shown);
    wr_result(w);
    wr_only(w, WR_PROGRAMS);
    wr_row(w, "symbol", NULL), wr_str(w, c->o->for_sym);
    wr_row(w, "value", NULL), wr_int(w, ans);
    wr_row(w, "definition", NULL), wr_str(w, p->name);
    wr_row(w, "unit", NULL), wr_str(w, unit);
    for (int k = 0; k < 2; k++) {
        lm_buf_reset(&s);
        mpq_div(shown, k ? at_other : at_ans, p->def->scale);
        lm_print_q_exact(&s, shown, NULL);
        if (k && p->dec && p->smallest && mpz_cmp_ui(ans, 1) == 0)
            break; /* x = 0 is outside what a decreasing formula is taken for */
        wr_row(w, !k ? "at_value" : p->smallest ? "at_value_minus_1" : "at_value_plus_1", NULL);
        wr_str(w, lm_buf_str(&s));
    }
    wr_row(w, NULL, NULL);
    wr_int(w, ans);
    mpq_clear(shown);
    lm_buf_clear(&s);
}

/* The answer (lo for --le, hi for --ge), the definition there and one step further. */
static void answer(cli *c, const problem *p)
{
    const mpz_t *ans = p->smallest ? &p->hi : &p->lo;
    mpz_t next;
    mpz_init(next);
    mpz_add_ui(next, *ans, 1);
    mpq_t at_ans, at_other;
    mpq_init(at_ans), mpq_init(at_other);
    eval_at(c, &p->v->p, p->x, *ans, at_ans);
    if (!p->dec || !p->smallest || mpz_sgn(p->lo) > 0)
        eval_at(c, &p->v->p, p->x, p->smallest ? p->lo : next, at_other);
    lm_buf u;
    lm_buf_init(&u);
    cli_unit_name(&u, p->def, p->v->dim);
    write_result(c, p, lm_buf_str(&u), *ans, at_ans, at_other);
    write_lines(c, p, lm_buf_str(&u), *ans, p->smallest ? p->lo : next, at_ans, at_other);
    lm_buf_clear(&u);
    mpq_clear(at_ans), mpq_clear(at_other);
    mpz_clear(next);
}

int cmd_solve(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs != 1 || !o->for_sym || (!o->le == !o->ge)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "usage: lmcost solve NAME (--le QUANTITY | --ge QUANTITY) --for SYMBOL");
        return 1;
    }
    if (cli_load(c))
        return 1;
    problem p;
    memset(&p, 0, sizeof p);
    p.name = o->args[0];
    p.ge = o->ge != NULL;
    mpq_init(p.q);
    mpz_init(p.lo), mpz_init(p.hi);
    int rc = pose(c, &p) || searchable(c, &p);
    int solved = rc ? 0 : p.dec ? closed_form_dec(c, &p) : closed_form(c, &p);
    if (!rc && solved < 0)
        rc = 1;
    if (!rc && !solved)
        rc = (p.dec && dec_limit(c, &p)) || search(c, &p);
    if (!rc)
        answer(c, &p);
    mpq_clear(p.q);
    mpz_clear(p.lo), mpz_clear(p.hi);
    return rc ? 1 : 0;
}
