/* fuzz_expr.c: libFuzzer harness for a free expression (`lmcost calc`): elaboration into
 * canonical form (the simplifier), every printer (plain, unicode, LaTeX, long and short
 * names, factored, collected in a symbol) and exact evaluation with small values.
 * Oracles besides the sanitizers:
 *  - the result is canonical (lm_poly_is_canonical);
 *  - the plain printout parses back to the same canonical form (printer and parser agree);
 *  - direct evaluation and Horner evaluation give the same number when both succeed;
 *  - nothing leaks (the library's live allocation count returns to where it was). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Declared names with displays and units, so the printers meet them; anything else in
 * the expression is a free symbol. */
static const char prelude[] =
    "symbol d_model \"d\" \"d_{\\text{model}}\" \"width\"\n"
    "symbol num_heads \"h\" \"h\" \"heads\"\n"
    "symbol batch_size \"B\" \"B\" \"batch\"\n"
    "symbol peak_flops [FLOP/s] \"F\" \"F_{\\text{peak}}\" \"peak throughput\"\n"
    "symbol mem [GiB] \"M\" \"M\" \"memory\"\n"
    "option dtype = fp32 | bf16 \"number format\"\n"
    "bytes [B] = if dtype == fp32 then 4 else 2\n"
    "params.a [parameter] = d_model * d_model\n"
    "params.b [parameter] = 2 * d_model\n"
    "twice = 2 * d_model / num_heads\n";

/* Small values, some zero or negative, fixed per name. */
static int value_of(void *ud, const lm_atom *sym, mpq_t out)
{
    (void)ud;
    unsigned h = 5381;
    for (const char *p = sym->name; *p; p++)
        h = h * 33 + (unsigned char)*p;
    mpq_set_si(out, (long)(h % 7) - 2, 1 + (h >> 8) % 3);
    mpq_canonicalize(out);
    return 1;
}

static const lm_atom *first_symbol(const lm_poly *p)
{
    for (uint32_t i = 0; i < p->n; i++)
        for (uint32_t j = 0; j < p->terms[i].nf; j++)
            if (p->terms[i].f[j].atom->kind == LM_ATOM_SYM)
                return p->terms[i].f[j].atom;
    return NULL;
}

static void print_all(lm_ctx *ctx, const lm_poly *p, lm_buf *plain)
{
    lm_buf b;
    lm_buf_init(&b);
    for (int fmt = LM_FMT_PLAIN; fmt <= LM_FMT_LATEX; fmt++)
        for (int sn = 0; sn < 2; sn++) {
            lm_print_opts o = {(lm_fmt)fmt, sn};
            lm_buf_reset(&b);
            lm_print_poly(&b, p, &o);
            if (fmt == LM_FMT_PLAIN && !sn)
                lm_buf_puts(plain, lm_buf_str(&b));
            lm_buf_reset(&b);
            lm_print_factored(ctx, &b, p, &o);
            const lm_atom *x = first_symbol(p);
            if (x) {
                lm_collected c;
                lm_collected_init(&c);
                if (lm_poly_collect(ctx, &c, p, x) == LM_OK) {
                    lm_buf_reset(&b);
                    lm_print_collected(&b, &c, x, &o);
                }
                lm_collected_clear(&c);
            }
        }
    lm_buf_clear(&b);
}

static void evaluate(lm_ctx *ctx, const lm_poly *p, const char *text)
{
    mpq_t a, h;
    mpq_init(a);
    mpq_init(h);
    const lm_atom *unbound = NULL;
    lm_status sa = lm_poly_eval(ctx, a, p, value_of, NULL, &unbound);
    lm_horner *hn = NULL;
    lm_status sh = lm_poly_horner(ctx, &hn, p);
    if (sh == LM_OK)
        sh = lm_horner_eval(ctx, h, hn, value_of, NULL, &unbound);
    lm_horner_free(hn);
    FUZZ_ASSERT(sa != LM_OK || sh != LM_OK || mpq_equal(a, h),
                "evaluation and Horner evaluation differ for %s", text);
    mpq_clear(a);
    mpq_clear(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lm_alloc_recover(); /* an allocation that failed for an earlier input is forgotten */
    if (size > 4096)
        return 0;
    size_t live = lm_alloc_live();
    char *text = fuzz_cstr(data, size);
    lm_diags d;
    lm_diags_init(&d);
    lm_env *env = fuzz_env_new();
    if (lm_env_load_text(env, "prelude.lm", prelude, sizeof prelude - 1, &d))
        abort();
    lm_instance *in = lm_instance_new(env, NULL, NULL, LM_MODE_FREE, &d);
    if (!in)
        abort();
    lm_val v;
    lm_val_init(&v);
    if (lm_instance_expr(in, text, "<command line>", &v, &d) == 0) {
        FUZZ_ASSERT(lm_poly_is_canonical(&v.p), "not canonical: %s", text);
        lm_buf plain;
        lm_buf_init(&plain);
        print_all(&env->ctx, &v.p, &plain);
        evaluate(&env->ctx, &v.p, text);
        /* The printout reads back as the same canonical form (a fresh instance, so the
         * definitions are elaborated again). */
        lm_instance *in2 = lm_instance_new(env, NULL, NULL, LM_MODE_FREE, &d);
        lm_val w;
        lm_val_init(&w);
        lm_diags d2;
        lm_diags_init(&d2);
        if (in2 && !plain.failed &&
            lm_instance_expr(in2, lm_buf_str(&plain), "<printed>", &w, &d2) == 0)
            FUZZ_ASSERT(lm_poly_equal(&v.p, &w.p), "%s\nprints as %s, which reads back "
                        "differently", text, lm_buf_str(&plain));
        fuzz_render(&d2);
        lm_diags_clear(&d2);
        lm_val_clear(&w);
        lm_instance_free(in2);
        lm_buf_clear(&plain);
    }
    fuzz_render(&d);
    lm_val_clear(&v);
    lm_diags_clear(&d);
    lm_instance_free(in);
    lm_env_free(env);
    free(text);
    FUZZ_ASSERT(lm_alloc_live() == live, "%zu blocks leaked", lm_alloc_live() - live);
    return 0;
}
