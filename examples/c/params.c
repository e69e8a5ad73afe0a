/* params.c: the smallest program on liblmcost: GPT-2 XL's parameter count in the notebook's
 * convention and its peak AdamW memory as a formula in batch_size.
 * Build: cc params.c $(pkg-config --cflags --libs lmcost) */
#include <lmcost.h>
#include <stdio.h>

int main(void)
{
    lmcost *s = lmcost_new();
    if (!s || lmcost_load_builtin(s) || lmcost_select(s, "gpt2-xl", "seed", 0) ||
        lmcost_set(s, "dtype=bf16") || lmcost_keep(s, "batch_size")) {
        fputs(s ? lmcost_errors(s) : "out of memory\n", stderr);
        lmcost_free(s);
        return 1;
    }
    char *params = lmcost_value(s, "params");
    char *memory = lmcost_formula(s, "memory.total", LMCOST_PLAIN);
    if (params && memory)
        printf("liblmcost %s\nparams = %s parameter\nmemory.total [B] = %s\n",
               lmcost_version(), params, memory);
    else
        fputs(lmcost_errors(s), stderr);
    int rc = params && memory ? 0 : 1;
    lmcost_string_free(params);
    lmcost_string_free(memory);
    lmcost_free(s);
    return rc;
}
