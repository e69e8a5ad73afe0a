/* test_roundtrip.c: property tests through the whole front end: random expression text is
 * parsed and elaborated; printing and re-parsing gives the same canonical form; exact
 * evaluation of the simplified form equals elaboration with the values substituted. */
#include "sem/env.h"
#include "print/print.h"
#include "base/alloc.h"
#include "testlib.h"

static const char *syms[] = {"a", "b", "c"};

/* A random expression of bounded depth, as text. */
static void gen(lm_buf *b, int depth)
{
    int k = depth <= 0 ? (int)tl_range(0, 1) : (int)tl_range(0, 9);
    switch (k) {
    case 0:
        lm_buf_puts(b, syms[tl_range(0, 2)]);
        break;
    case 1: {
        static const char *nums[] = {"0", "1", "2", "3", "7", "10", "0.5", "1.25", "1e3", "2.5e-2"};
        lm_buf_puts(b, nums[tl_range(0, 9)]);
        break;
    }
    case 2: case 3: case 4: case 5: {
        static const char ops[] = "+-*/";
        lm_buf_putc(b, '(');
        gen(b, depth - 1);
        lm_buf_printf(b, " %c ", ops[k - 2]);
        gen(b, depth - 1);
        lm_buf_putc(b, ')');
        break;
    }
    case 6:
        lm_buf_putc(b, '(');
        gen(b, depth - 1);
        lm_buf_printf(b, ")^%ld", tl_range(-2, 3));
        break;
    case 7:
        lm_buf_puts(b, "-(");
        gen(b, depth - 1);
        lm_buf_putc(b, ')');
        break;
    case 8:
        lm_buf_puts(b, tl_range(0, 1) ? "floor(" : "ceil(");
        gen(b, depth - 1);
        lm_buf_putc(b, ')');
        break;
    default:
        lm_buf_puts(b, tl_range(0, 1) ? "min(" : "max(");
        gen(b, depth - 1);
        lm_buf_puts(b, ", ");
        gen(b, depth - 1);
        lm_buf_putc(b, ')');
        break;
    }
}

typedef struct {
    const long *num, *den;
} point;

static int value_of(void *ud, const lm_atom *sym, mpq_t out)
{
    const point *p = ud;
    for (int i = 0; i < 3; i++)
        if (strcmp(sym->name, syms[i]) == 0) {
            mpq_set_si(out, p->num[i], (unsigned long)p->den[i]);
            mpq_canonicalize(out);
            return 1;
        }
    return 0;
}

static int elaborate(lm_instance *in, const char *text, lm_val *v)
{
    lm_diags d;
    lm_diags_init(&d);
    int rc = lm_instance_expr(in, text, "<test>", v, &d);
    lm_diags_clear(&d);
    return rc;
}

int main(void)
{
    tl_seed();
    lm_alloc_install_gmp(); /* GMP's blocks are counted as leaks too, and can fail */
    size_t live0 = lm_alloc_live();
    lm_env *env = lm_env_new();
    lm_diags d;
    lm_diags_init(&d);
    const char *decls = "symbol a \"a\" \"a\" \"\"\nsymbol b \"b\" \"b\" \"\"\nsymbol c \"c\" \"c\" \"\"\n";
    TL_CHECK("load", lm_env_load_text(env, "<decls>", decls, strlen(decls), &d) == 0);
    lm_print_opts plain = {LM_FMT_PLAIN, 0};
    int roundtrips = 0, evals = 0;
    for (int iter = 0; iter < 3000; iter++) {
        lm_buf text, printed, again;
        lm_buf_init(&text);
        lm_buf_init(&printed);
        lm_buf_init(&again);
        gen(&text, (int)tl_range(1, 4));
        lm_instance *sym = lm_instance_new(env, NULL, NULL, LM_MODE_MODEL, &d);
        lm_val e, e2;
        lm_val_init(&e);
        lm_val_init(&e2);
        if (elaborate(sym, lm_buf_str(&text), &e) == 0) {
            TL_CHECK("canonical after elaboration", lm_poly_is_canonical(&e.p));
            /* parse(print(e)) == e, and simplification is idempotent */
            lm_print_poly(&printed, &e.p, &plain);
            int ok = elaborate(sym, lm_buf_str(&printed), &e2) == 0;
            TL_CHECK("printed form parses", ok);
            if (ok) {
                TL_CHECK("parse(print(e)) == e", lm_poly_equal(&e.p, &e2.p));
                lm_print_poly(&again, &e2.p, &plain);
                TL_STREQ("print is stable", lm_buf_str(&again), lm_buf_str(&printed));
                roundtrips++;
            }
            /* an equal expression written otherwise prints the same text */
            lm_buf alt;
            lm_buf_init(&alt);
            lm_buf_printf(&alt, "((%s)*(a + 2) - a*(%s))/2 + 1/(b + 1) - b/(b^2 + b)",
                          lm_buf_str(&text), lm_buf_str(&text));
            lm_val_clear(&e2);
            lm_val_init(&e2);
            if (elaborate(sym, lm_buf_str(&alt), &e2) == 0) {
                lm_buf_clear(&again);
                lm_buf_init(&again);
                lm_print_poly(&again, &e2.p, &plain);
                TL_STREQ("equal expressions print the same", lm_buf_str(&again),
                         lm_buf_str(&printed));
            }
            lm_buf_clear(&alt);
            if (!ok || !lm_poly_equal(&e.p, &e2.p))
                printf("  expression: %s\n  printed:    %s\n", lm_buf_str(&text),
                       lm_buf_str(&printed));
            /* exact evaluation of simplify(e) == elaboration with the values substituted */
            long num[3], den[3];
            lm_instance *num_in = lm_instance_new(env, NULL, NULL, LM_MODE_MODEL, &d);
            for (int i = 0; i < 3; i++) {
                char set[64];
                num[i] = tl_range(-9, 9);
                den[i] = tl_range(1, 4);
                snprintf(set, sizeof set, "%s=%ld/%ld", syms[i], num[i], den[i]);
                lm_instance_set(num_in, set, &d);
            }
            lm_val direct;
            lm_val_init(&direct);
            if (elaborate(num_in, lm_buf_str(&text), &direct) == 0) {
                mpq_t want, got;
                mpq_init(want);
                mpq_init(got);
                TL_CHECK("substituted elaboration is a number", lm_poly_get_q(want, &direct.p));
                point pt = {num, den};
                const lm_atom *unbound = NULL;
                lm_status st = lm_poly_eval(&env->ctx, got, &e.p, value_of, &pt, &unbound);
                TL_CHECK("simplified form evaluates", st == LM_OK);
                TL_CHECK("eval(simplify(e)) == e at the point", st != LM_OK || mpq_equal(want, got));
                if (st != LM_OK || !mpq_equal(want, got))
                    printf("  expression: %s at a=%ld/%ld b=%ld/%ld c=%ld/%ld\n",
                           lm_buf_str(&text), num[0], den[0], num[1], den[1], num[2], den[2]);
                mpq_clear(want);
                mpq_clear(got);
                evals++;
            }
            lm_val_clear(&direct);
            lm_instance_free(num_in);
        }
        lm_val_clear(&e);
        lm_val_clear(&e2);
        lm_instance_free(sym);
        lm_buf_clear(&text);
        lm_buf_clear(&printed);
        lm_buf_clear(&again);
    }
    TL_CHECK("enough round trips", roundtrips > 1000);
    TL_CHECK("enough evaluations", evals > 500);
    lm_diags_clear(&d);
    lm_env_free(env);
    TL_CHECK("no leaks", lm_alloc_live() == live0);
    return tl_finish("roundtrip");
}
