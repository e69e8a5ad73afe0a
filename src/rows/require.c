/* require.c: a solution that honours the requires (rows.h, lm_solve_requires): the values
 * from the bound's answer on, each set in an instance until one passes every require. */
#include "rows/rows.h"
#include "poly/numfmt.h"

/* The candidates' instance and what they met. */
typedef struct {
    lm_solution *s;
    lm_instance *in;
    const lm_symbol *sym;
    const char *name, *bound; /* the definition and the bound, as the caller gave them */
    lm_diags *d;
} trial;

/* sym = x (in base units) as a setting: a bare number is in the symbol's unit. */
static void setting(lm_buf *b, const trial *t, const mpz_t x)
{
    mpq_t q;
    mpq_init(q);
    mpq_set_z(q, x);
    mpq_div(q, q, t->sym->scale);
    lm_buf_printf(b, "%s=", t->sym->name);
    lm_print_q_exact(b, q, NULL);
    mpq_clear(q);
}

/* Note the require's message (once). */
static void excluded_by(lm_solution *s, const char *why)
{
    for (size_t i = 0; i < s->nexcluded_by; i++)
        if (s->excluded_by[i] == why)
            return;
    if (s->nexcluded_by < LM_SOLVE_REASONS)
        s->excluded_by[s->nexcluded_by++] = why;
}

/* Set x and run the checks: 0 when every require passes, 1 when one fails (noted), -1 on
 * another error (reported: not the value's fault). */
static int allowed(trial *t, const mpz_t x)
{
    lm_buf set;
    lm_buf_init(&set);
    setting(&set, t, x);
    if (set.failed)
        return lm_buf_clear(&set), t->d->oom = 1, -1;
    lm_diags d;
    lm_diags_init(&d);
    lm_val v;
    lm_val_init(&v);
    int rc = lm_instance_set(t->in, lm_buf_str(&set), &d) ||
             lm_instance_expr(t->in, t->sym->name, "<requires>", &v, &d);
    const char *why = rc ? lm_instance_failed_require(t->in) : NULL;
    if (why)
        excluded_by(t->s, why);
    if (rc && !why) {
        lm_diags_append(t->d, &d);
        lm_diag_add(t->d, LM_SEV_NOTE, NULL, "while checking the requires with %s",
                    lm_buf_str(&set));
    }
    t->d->oom |= d.oom;
    lm_val_clear(&v);
    lm_diags_clear(&d);
    lm_buf_clear(&set);
    return why ? 1 : rc ? -1 : 0;
}

/* "A; B": the requires met. */
static void reasons(lm_buf *b, const lm_solution *s)
{
    for (size_t i = 0; i < s->nexcluded_by; i++)
        lm_buf_printf(b, "%s%s", i ? "; " : "", s->excluded_by[i]);
}

/* Every value from first to last (the last tried) failed a require: which ones. */
static int none(const trial *t, const mpz_t first, const mpz_t last)
{
    lm_buf why, a, z;
    lm_buf_init(&why), lm_buf_init(&a), lm_buf_init(&z);
    reasons(&why, t->s);
    mpq_t q;
    mpq_init(q);
    mpq_set_z(q, first), lm_print_q_exact(&a, q, NULL);
    mpq_set_z(q, last), lm_print_q_exact(&z, q, NULL);
    int capped = mpz_cmp_ui(last, 1) != 0 || t->s->smallest;
    lm_diag_add(t->d, LM_SEV_ERROR, NULL, "no solution: every %s from %s %s%s fails a "
                "require%s: %s", t->sym->name, lm_buf_str(&a),
                t->s->smallest ? "to " : "down to ", lm_buf_str(&z),
                capped ? " (solve tries " LM_SOLVE_TRIES_TEXT " values at most)" : "",
                lm_buf_str(&why));
    lm_diag_add(t->d, LM_SEV_NOTE, NULL, "%s %s %s holds for %s %s %s", t->name,
                t->s->ge ? ">=" : "<=", t->bound, t->sym->name, t->s->smallest ? ">=" : "<=",
                lm_buf_str(&a));
    if (why.failed || a.failed || z.failed)
        t->d->oom = 1;
    mpq_clear(q);
    lm_buf_clear(&why), lm_buf_clear(&a), lm_buf_clear(&z);
    return -1;
}

/* The definition elaborated at the answer: a number that keeps the bound. */
static int recheck(trial *t, const char *name)
{
    lm_solution *s = t->s;
    const lm_val *v;
    const lm_def *def;
    if (lm_instance_def(t->in, name, &v, &def, t->d))
        return -1;
    int number = lm_poly_get_q(s->at_answer, &v->p);
    int cmp = number ? mpq_cmp(s->at_answer, s->bound) : 0;
    if (!number || (s->ge ? cmp < 0 : cmp > 0)) {
        lm_diag_add(t->d, LM_SEV_ERROR, NULL, "solve: internal error: '%s' elaborated with "
                    "%s set does not keep the bound that its formula keeps", name,
                    t->sym->name);
        return -1;
    }
    return 0;
}

int lm_solve_requires(lm_solution *s, const char *name, const char *sym, const char *bound,
                      lm_fresh_fn fresh, void *ud, lm_diags *d)
{
    trial t = {s, fresh(ud), NULL, name, bound, d};
    if (!t.in || lm_instance_unkeep(t.in, sym, d)) { /* -k sym would hide the values set */
        lm_instance_free(t.in);
        return -1;
    }
    t.sym = lm_env_symbol(lm_instance_env(t.in), sym);
    int step = s->smallest ? 1 : -1, rc = 1;
    mpz_t x;
    mpz_init_set(x, s->answer);
    for (int tries = 1; rc > 0; tries++) {
        if ((rc = allowed(&t, x)) <= 0)
            break;
        if (tries == LM_SOLVE_TRIES || (step < 0 && mpz_cmp_ui(x, 1) <= 0))
            rc = none(&t, s->answer, x);
        else if (step > 0)
            mpz_add_ui(x, x, 1);
        else
            mpz_sub_ui(x, x, 1);
    }
    if (!rc && (s->moved = mpz_cmp(x, s->answer) != 0)) { /* answer .. x - step excluded */
        mpz_set(step > 0 ? s->excl_lo : s->excl_hi, s->answer);
        if (step > 0)
            mpz_sub_ui(s->excl_hi, x, 1);
        else
            mpz_add_ui(s->excl_lo, x, 1);
        mpz_set(s->answer, x);
    }
    if (!rc)
        rc = recheck(&t, name);
    mpz_clear(x);
    lm_instance_free(t.in);
    return rc;
}
