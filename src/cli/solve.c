/* solve.c: the solve command: the largest integer value of a symbol for which a definition
 * stays within a budget (--le), or the smallest that reaches a target (--ge). */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

typedef struct {
    const lm_atom *x;
    const mpq_t *at;
} point;

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

/* Is f non-decreasing in x for x >= 1? Sufficient: every coefficient of a positive power
 * of x is a non-negative number (and no negative powers). */
static int monotone(cli *c, const lm_poly *f, const lm_atom *x)
{
    lm_collected col;
    lm_collected_init(&col);
    if (lm_poly_collect(&c->env->ctx, &col, f, x)) {
        lm_collected_clear(&col);
        return c->diags.oom = 1, 0;
    }
    int ok = 1;
    mpq_t q;
    mpq_init(q);
    for (size_t i = 0; i < col.n; i++) {
        if (col.exps[i] == 0)
            continue;
        if (col.exps[i] < 0 || !lm_poly_get_q(q, &col.coeffs[i]) || mpq_sgn(q) < 0)
            ok = 0;
    }
    /* x inside floor/min/... or an inverse: the coefficient test says nothing. */
    for (size_t i = 0; i < col.n; i++)
        if (lm_poly_depends_on(&col.coeffs[i], x))
            ok = 0;
    mpq_clear(q);
    lm_collected_clear(&col);
    return ok;
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
    const lm_symbol *sym = lm_env_symbol(c->env, o->for_sym);
    if (!sym) {
        const char *cands[512] = {0};
        size_t n = 0;
        for (size_t i = 0; i < c->env->nsyms && n < 512; i++)
            cands[n++] = c->env->syms[i].name;
        const char *near = lm_suggest(o->for_sym, cands, n);
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "unknown symbol '%s'%s%s%s", o->for_sym,
                    near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        return 1;
    }
    c->in = cli_instance(c, o->model, LM_MODE_MODEL);
    if (!c->in || lm_instance_keep(c->in, o->for_sym, &c->diags))
        return 1;
    const char *name = o->args[0];
    const lm_val *v;
    const lm_def *def;
    if (lm_instance_def(c->in, name, &v, &def, &c->diags))
        return 1;
    lm_val budget;
    lm_val_init(&budget);
    int rc = lm_instance_expr(c->in, o->le ? o->le : o->ge, "<command line>", &budget, &c->diags);
    mpq_t q, lo_v, hi_v;
    mpz_t lo, hi, mid;
    mpq_init(q), mpq_init(lo_v), mpq_init(hi_v);
    mpz_init(lo), mpz_init(hi), mpz_init(mid);
    const lm_atom *x = sym->atom;
    int ge = o->ge != NULL;
    if (!rc && !lm_poly_get_q(q, &budget.p)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "the bound must be a number, e.g. '80 GB'");
        rc = 1;
    }
    if (!rc && !lm_dim_equal(budget.dim, v->dim)) {
        if (lm_dim_is_none(budget.dim)) {
            mpq_mul(q, q, def->scale); /* a bare number is in the definition's unit */
        } else {
            lm_buf a, b;
            lm_buf_init(&a), lm_buf_init(&b);
            lm_dim_print(&a, v->dim), lm_dim_print(&b, budget.dim);
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "dimension mismatch: '%s' is in %s but the bound is in %s", name,
                        lm_buf_str(&a), lm_buf_str(&b));
            lm_buf_clear(&a), lm_buf_clear(&b);
            rc = 1;
        }
    }
    if (!rc && !lm_poly_depends_on(&v->p, x)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "'%s' does not depend on '%s'", name,
                    o->for_sym);
        rc = 1;
    } else if (!rc && other_symbol(c, &v->p, x)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "'%s' still depends on '%s' besides '%s': set it with -s %s=VALUE", name,
                    other_symbol(c, &v->p, x), o->for_sym, other_symbol(c, &v->p, x));
        rc = 1;
    } else if (!rc && !monotone(c, &v->p, x)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "'%s' is not non-decreasing in '%s' (or that cannot be shown), so the "
                    "search would not be exact",
                    name, o->for_sym);
        rc = 1;
    }
    /* Linear in x with numbers a > 0 and b: the answer in closed form. */
    int found = 0, closed = 0;
    if (!rc && lm_poly_degree(&v->p, x) == 1) {
        lm_poly a, b0;
        lm_poly_init(&a), lm_poly_init(&b0);
        mpq_t aq, bq;
        mpq_init(aq), mpq_init(bq);
        if (lm_poly_coeff(&c->env->ctx, &a, &v->p, x, 1) == LM_OK &&
            lm_poly_coeff(&c->env->ctx, &b0, &v->p, x, 0) == LM_OK && lm_poly_get_q(aq, &a) &&
            lm_poly_get_q(bq, &b0) && mpq_sgn(aq) > 0 && !lm_poly_depends_on(&b0, x)) {
            closed = 1;
            mpq_t t;
            mpq_init(t);
            mpq_sub(t, q, bq);
            if (!ge && mpq_sgn(t) < 0) {
                lm_buf bb;
                lm_buf_init(&bb);
                mpq_t shown;
                mpq_init(shown);
                mpq_div(shown, bq, def->scale);
                cli_number(c, &bb, shown);
                lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                            "no solution: the part of '%s' that does not depend on %s is "
                            "already %s %s, more than the bound",
                            name, o->for_sym, lm_buf_str(&bb), def->unit ? def->unit : "");
                mpq_clear(shown);
                lm_buf_clear(&bb);
                rc = 1;
            }
            mpq_div(t, t, aq);
            if (ge)
                mpz_cdiv_q(hi, mpq_numref(t), mpq_denref(t));
            else
                mpz_fdiv_q(lo, mpq_numref(t), mpq_denref(t));
            if (ge && mpz_cmp_ui(hi, 1) < 0)
                mpz_set_ui(hi, 1);
            if (ge)
                mpz_sub_ui(lo, hi, 1);
            if (!rc && !ge && mpz_cmp_ui(lo, 1) < 0) {
                lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                            "no solution: '%s' exceeds the bound already at %s = 1", name,
                            o->for_sym);
                rc = 1;
            }
            mpq_clear(t);
            found = 1;
        }
        mpq_clear(aq), mpq_clear(bq);
        lm_poly_clear(&a), lm_poly_clear(&b0);
    }
    /* Otherwise exact integer search over x >= 1: f is non-decreasing, so find the
     * boundary. */
    if (!rc && !found) {
        mpz_set_ui(lo, 1);
        rc = eval_at(c, &v->p, x, lo, lo_v);
        if (!rc && !ge && mpq_cmp(lo_v, q) > 0) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                        "no solution: '%s' exceeds the bound already at %s = 1", name,
                        o->for_sym);
            rc = 1;
        }
        if (!rc && ge && mpq_cmp(lo_v, q) >= 0)
            found = 1, mpz_set_ui(hi, 1), mpz_set_ui(lo, 0);
    }
    if (!rc && !found) {
        /* Double until the bound is crossed: hi is the first power of two past it. */
        int bits = 0;
        /* No further than limits.max_solve_bits doublings: a larger answer is a limit. */
        uint64_t max_bits = c->env->ctx.limits.max_solve_bits;
        mpz_set(hi, lo);
        for (;;) {
            mpz_mul_2exp(hi, hi, 1);
            if ((uint64_t)++bits > max_bits) {
                lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                            "unbounded: '%s' stays %s the bound up to %s = 2^%llu "
                            "(--max-solve-bits)", name, ge ? "below" : "within", o->for_sym,
                            (unsigned long long)max_bits);
                rc = 1;
                break;
            }
            if ((rc = eval_at(c, &v->p, x, hi, hi_v)))
                break;
            if (ge ? mpq_cmp(hi_v, q) >= 0 : mpq_cmp(hi_v, q) > 0)
                break;
            mpz_set(lo, hi);
        }
        /* Invariant: lo satisfies (for --le) / fails (for --ge); hi the opposite. */
        while (!rc && mpz_cmp(hi, lo) > 0) {
            mpz_sub(mid, hi, lo);
            if (mpz_cmp_ui(mid, 1) == 0)
                break;
            mpz_add(mid, lo, hi);
            mpz_fdiv_q_2exp(mid, mid, 1);
            if ((rc = eval_at(c, &v->p, x, mid, hi_v)))
                break;
            int crossed = ge ? mpq_cmp(hi_v, q) >= 0 : mpq_cmp(hi_v, q) > 0;
            mpz_set(crossed ? hi : lo, mid);
        }
    }
    if (!rc) {
        /* The answer: lo for --le, hi for --ge. */
        mpz_t *ans = ge ? &hi : &lo;
        mpz_t next;
        mpz_init(next);
        mpz_add_ui(next, *ans, 1);
        eval_at(c, &v->p, x, *ans, lo_v);
        eval_at(c, &v->p, x, ge ? lo : next, hi_v);
        mpq_t shown, margin, inv;
        mpq_init(shown), mpq_init(margin), mpq_init(inv);
        mpq_inv(inv, def->scale);
        lm_buf *b = &c->out;
        lm_buf u;
        lm_buf_init(&u);
        cli_unit_name(&u, def, v->dim);
        mpq_t ansq;
        mpq_init(ansq);
        mpq_set_z(ansq, *ans);
        if (o->fmt == OUT_PLAIN || o->fmt == OUT_CSV) {
            lm_print_q_exact(b, ansq, NULL);
            lm_buf_putc(b, '\n');
        } else if (o->fmt == OUT_JSON) {
            lm_buf_puts(b, "{\"symbol\": ");
            cli_json_string(b, o->for_sym);
            lm_buf_puts(b, ", \"value\": ");
            lm_print_q_exact(b, ansq, NULL);
            lm_buf_puts(b, ", \"definition\": ");
            cli_json_string(b, name);
            lm_buf_puts(b, ", \"unit\": ");
            cli_json_string(b, lm_buf_str(&u));
            mpq_mul(shown, lo_v, inv);
            lm_buf_puts(b, ", \"at_value\": \"");
            lm_print_q_exact(b, shown, NULL);
            mpq_mul(shown, hi_v, inv);
            lm_buf_puts(b, ge ? "\", \"at_value_minus_1\": \"" : "\", \"at_value_plus_1\": \"");
            lm_print_q_exact(b, shown, NULL);
            lm_buf_puts(b, "\"}\n");
        } else {
            lm_buf_printf(b, "%s %s with %s %s %s: ", ge ? "smallest" : "largest", o->for_sym,
                          name, ge ? ">=" : "<=", ge ? o->ge : o->le);
            lm_print_q_exact(b, ansq, NULL);
            lm_buf_printf(b, " (%s)\n", closed ? "closed form: the formula is linear in it"
                                                : "exact integer search: the formula does not "
                                                  "decrease in it");
            for (int k = 0; k < 2; k++) {
                mpq_mul(shown, k ? hi_v : lo_v, inv);
                lm_buf_printf(b, "  %s at %s = ", name, o->for_sym);
                mpq_set_z(margin, k ? (ge ? lo : next) : *ans);
                lm_print_q_exact(b, margin, NULL);
                lm_buf_puts(b, ": ");
                cli_number(c, b, shown);
                if (u.len)
                    lm_buf_printf(b, " %s", lm_buf_str(&u));
                lm_buf hb;
                lm_buf_init(&hb);
                cli_human(c, &hb, k ? hi_v : lo_v, v->dim);
                if (hb.len)
                    lm_buf_printf(b, " (%s)", lm_buf_str(&hb));
                lm_buf_clear(&hb);
                lm_buf_putc(b, '\n');
            }
            mpq_sub(margin, q, lo_v);
            if (ge)
                mpq_neg(margin, margin);
            mpq_mul(margin, margin, inv);
            lm_buf_puts(b, "  margin: ");
            cli_number(c, b, margin);
            lm_buf_printf(b, "%s%s\n", u.len ? " " : "", lm_buf_str(&u));
        }
        lm_buf_clear(&u);
        mpq_clear(ansq);
        mpq_clear(shown), mpq_clear(margin), mpq_clear(inv);
        mpz_clear(next);
    }
    mpq_clear(q), mpq_clear(lo_v), mpq_clear(hi_v);
    mpz_clear(lo), mpz_clear(hi), mpz_clear(mid);
    lm_val_clear(&budget);
    return rc ? 1 : 0;
}
