/* show.c: the show command: definitions' formulas, in the model's numbers unless -S, with
 * -k symbols kept symbolic; each formula collected in --collect, a -k symbol or batch_size. */
#include "cli.h"
#include "base/alloc.h"

int cmd_show(cli *c)
{
    const char **names = NULL;
    size_t n = 0;
    if (cli_definitions(c, &names, &n, 1) || cli_settle(c, c->in, names, n)) {
        lm_free(names);
        return 1;
    }
    lm_poly shown;
    lm_poly_init(&shown);
    lm_buf u;
    lm_buf_init(&u);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const lm_val *v;
        const lm_def *def;
        rc = lm_instance_def(c->in, names[i], &v, &def, &c->diags) ||
             lm_def_shown(c->env, def, v, &shown, &c->diags);
        if (rc)
            break;
        lm_buf_reset(&u);
        lm_def_unit(&u, def, v->dim);
        wr_record(c->w, names[i], names[i], lm_buf_str(&u));
        rc = wr_formula(c->w, &shown, 0) ? 1 : 0;
    }
    if (!rc)
        rc = cli_sheet_symbols(c) ? 1 : 0;
    lm_poly_clear(&shown);
    lm_buf_clear(&u);
    lm_free(names);
    return rc;
}
