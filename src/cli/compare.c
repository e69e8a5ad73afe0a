/* compare.c: the compare command: one quantity in every convention that defines it.
 * (Being written: until then it reports that it is unavailable.) */
#include "cli.h"

int cmd_compare(cli *c)
{
    lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "compare is not available in this version");
    return 1;
}
