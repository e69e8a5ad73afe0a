/* compare.c: the compare command: one quantity in every convention that defines it, with
 * its formula, its exact value for the model, and the relative difference to standard. */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

/* standard's value, which the others are compared with. */
typedef struct {
    mpq_t value;
    int known;
} reference;

/* Does convention bl define name as its own? A definition it merely inherits would only
 * repeat another row; a global one is every convention's own; an implicit node counts when
 * something lies below it. */
static int defines(const lm_env *env, const lm_block *bl, const char *name)
{
    const lm_def *found = lm_env_def(env, name, bl->name);
    if (found)
        return !found->conv || strcmp(found->conv, bl->name) == 0;
    size_t len = strlen(name);
    for (size_t k = 0; k < env->ndefs; k++)
        if (strncmp(env->defs[k].name, name, len) == 0 && env->defs[k].name[len] == '.' &&
            lm_env_def(env, env->defs[k].name, bl->name) == &env->defs[k])
            return 1;
    return 0;
}

/* The model's value, or why there is none; its unit; the difference to standard. */
static void value_cells(cli *c, const lm_poly *shown, const char *unit, reference *ref,
                        int is_standard)
{
    mpq_t q;
    mpq_init(q);
    int has = lm_poly_get_q(q, shown);
    if (has) {
        lm_dim none = {{0}};
        wr_num(c->w, q, q, none);
    } else {
        const char *free_sym = lm_poly_free_symbol(shown);
        lm_buf why;
        lm_buf_init(&why);
        lm_buf_printf(&why, "(set %s)", free_sym ? free_sym : "its symbols");
        wr_missing(c->w, lm_buf_str(&why));
        lm_buf_clear(&why);
    }
    wr_str(c->w, unit);
    if (is_standard && has)
        mpq_set(ref->value, q), ref->known = 1;
    if (has && ref->known && mpq_sgn(ref->value)) {
        mpq_sub(q, q, ref->value);
        mpq_div(q, q, ref->value);
        wr_ratio(c->w, q, 4, 0);
    } else {
        wr_no_ratio(c->w);
    }
    mpq_clear(q);
}

/* One convention's row: the formula (-S: the model's numbers are symbols) and the value
 * (the model's numbers), both with the command's settings. */
static int row(cli *c, const char *conv, const char *name, reference *ref)
{
    int sym_flag = c->o->symbolic;
    c->o->conv = conv;
    c->o->symbolic = 1;
    lm_instance *sym = cli_instance(c, c->o->model, LM_MODE_MODEL);
    c->o->symbolic = 0;
    lm_instance *num = sym ? cli_instance(c, c->o->model, LM_MODE_MODEL) : NULL;
    c->o->symbolic = sym_flag;
    int rc = sym && num ? 0 : -1;
    const lm_val *v;
    const lm_def *def;
    lm_poly shown;
    lm_poly_init(&shown);
    if (!rc)
        rc = lm_instance_def(sym, name, &v, &def, &c->diags) ||
             lm_def_shown(c->env, def, v, &shown, &c->diags);
    lm_buf unit;
    lm_buf_init(&unit);
    if (!rc) {
        lm_def_unit(&unit, def, v->dim);
        wr_row(c->w, NULL, lm_buf_str(&unit));
        wr_str(c->w, conv);
        rc = wr_formula(c->w, &shown, 0);
    }
    if (!rc)
        rc = lm_instance_def(num, name, &v, &def, &c->diags) ||
             lm_def_shown(c->env, def, v, &shown, &c->diags);
    if (!rc)
        value_cells(c, &shown, lm_buf_str(&unit), ref, strcmp(conv, "standard") == 0);
    lm_buf_clear(&unit);
    lm_poly_clear(&shown);
    lm_instance_free(sym);
    lm_instance_free(num);
    return rc;
}

/* The document: JSON's header, and a table whose text puts the formula last. */
static void begin(cli *c, const char *name)
{
    const char *model = c->o->model ? c->o->model
                        : lm_env_block(c->env, "gpt2-xl", 0) ? "gpt2-xl" : "";
    const wr_col cols[] = {
        {"convention", NULL, 0, 0, 12, NULL, 0},
        {"formula", NULL, 0, WR_TABLES | WR_DATA, 0, NULL, 0},
        {"value", model, WR_RIGHT | WR_UNIT_AFTER, 0, 26, NULL, 0},
        {"unit", NULL, WR_UNIT, WR_TABLES | WR_DATA, 0, NULL, 0},
        {"relative_difference", "vs standard", WR_RIGHT, WR_TABLES | WR_DATA, 0, NULL, 0},
        {"relative_difference", NULL, 0, WR_TEXTS, 10, "  ", 5},
        {"formula", NULL, 0, WR_TEXTS, 0, NULL, 2},
    };
    wr_table t = {"conventions", cols, 7, 0, 2, NULL};
    wr_doc doc = {0, 0, WR_TEX_ARTICLE, 0};
    wr_document(c->w, &doc);
    wr_meta(c->w, "quantity", name);
    wr_meta(c->w, "model", *model ? model : NULL); /* none: null, as show and eval say */
    lm_buf title;
    lm_buf_init(&title);
    lm_buf_printf(&title, "%s in every convention", name);
    wr_title(c->w, lm_buf_str(&title));
    wr_only(c->w, WR_STANDALONE);
    lm_buf_reset(&title);
    wr_table_begin(c->w, &t, NULL, 0);
    lm_buf_printf(&title, "%s for %s; relative difference to standard (rounded to 4 digits)",
                  name, model);
    wr_table_title(c->w, lm_buf_str(&title));
    lm_buf_clear(&title);
}

int cmd_compare(cli *c)
{
    if (c->o->nargs != 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "compare takes one definition name");
        return 1;
    }
    if (cli_load(c))
        return 1;
    const char *name = c->o->args[0], *user_conv = c->o->conv;
    reference ref;
    mpq_init(ref.value);
    ref.known = 0;
    begin(c, name);
    size_t n = 0;
    int rc = 0;
    /* standard first, then the others in the order they were declared */
    for (int pass = 0; pass < 2 && !rc; pass++)
        for (size_t i = 0; i < c->env->nblocks && !rc; i++) {
            const lm_block *bl = &c->env->blocks[i];
            if (!bl->is_convention || (strcmp(bl->name, "standard") == 0) != (pass == 0) ||
                !defines(c->env, bl, name))
                continue;
            n++;
            rc = row(c, bl->name, name, &ref);
        }
    c->o->conv = user_conv;
    if (!rc && n && wr_format(c->w) == OUT_LATEX && c->o->standalone) {
        lm_instance *in = cli_instance(c, c->o->model, LM_MODE_MODEL); /* values for symbols */
        rc = !in || cli_symbols(c, in);
        lm_instance_free(in);
    }
    if (!rc && n == 0) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "no convention defines '%s'", name);
        rc = 1;
    }
    mpq_clear(ref.value);
    return rc ? 1 : 0;
}
