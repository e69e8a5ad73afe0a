/* sweep.c: the sweep command: definitions evaluated over a grid of symbol values.
 * (Being written: until then it reports that it is unavailable.) */
#include "cli.h"

int cmd_sweep(cli *c)
{
    lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "sweep is not available in this version");
    return 1;
}
