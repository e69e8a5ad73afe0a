/* eval.c: the eval command: definitions' exact values, each in its own unit, with human
 * units in text; an error names a symbol still without a value. */
#include "cli.h"
#include "base/alloc.h"

int cmd_eval(cli *c)
{
    const char **names;
    size_t n;
    if (cli_definitions(c, &names, &n, 0))
        return 1;
    mpq_t q, base;
    mpq_init(q);
    mpq_init(base);
    lm_buf u;
    lm_buf_init(&u);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const lm_val *v;
        const lm_def *def;
        rc = lm_instance_def(c->in, names[i], &v, &def, &c->diags) ||
             lm_def_number(c->env, names[i], def, v, q, &c->diags);
        if (rc)
            break;
        mpq_mul(base, q, def->scale);
        lm_buf_reset(&u);
        lm_def_unit(&u, def, v->dim);
        wr_record(c->w, names[i], names[i], lm_buf_str(&u));
        wr_num(c->w, q, base, v->dim);
    }
    lm_buf_clear(&u);
    mpq_clear(q);
    mpq_clear(base);
    lm_free(names);
    return rc ? 1 : 0;
}
