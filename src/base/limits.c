/* limits.c: the default resource limits and their names (see limits.h).
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

static const struct {
    const char *name, *noun;
} limit_names[] = {
    [LM_LIMIT_NONE] = {"", ""},
    [LM_LIMIT_TERMS] = {"max_terms", "terms"},
    [LM_LIMIT_BITS] = {"max_bits", "bits of a number"},
    [LM_LIMIT_EXPONENT] = {"max_exponent", "exponents"},
    [LM_LIMIT_DEPTH] = {"max_depth", "nesting"},
    [LM_LIMIT_TOKEN] = {"max_token", "bytes of a name or number"},
    [LM_LIMIT_FILE] = {"max_file", "bytes of a file"},
    [LM_LIMIT_SOLVE_BITS] = {"max_solve_bits", "bits of an answer of solve"},
    [LM_LIMIT_SIZE] = {"max_size", "bits of all the numbers of one result"},
};

const char *lm_limit_name(lm_limit which)
{
    return (unsigned)which <= LM_LIMIT_SIZE ? limit_names[which].name : "";
}

const char *lm_limit_noun(lm_limit which)
{
    return (unsigned)which <= LM_LIMIT_SIZE ? limit_names[which].noun : "";
}
