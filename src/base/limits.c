/* limits.c: the default resource limits (see limits.h).
 * They keep any single command within about a second and a few hundred MB. */
#include "base/limits.h"

void lm_limits_default(lm_limits *lim)
{
    lim->max_terms = 100000;
    lim->max_bits = (uint64_t)1 << 20;
    lim->max_size = (uint64_t)1 << 26;
    lim->max_exponent = 1000000;
    lim->max_depth = 1000;
    lim->max_token = 4096;
    lim->max_file = (uint64_t)16 << 20;
    lim->max_solve_bits = 256;
}
