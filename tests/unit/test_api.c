/* test_api.c: the public API of include/lmcost.h, used as a C program would use it.
 * Asserts the seed notebook's parameter count and a formula through the session calls. */
#include "lmcost.h"
#include "testlib.h"

int main(void)
{
    lmcost *s = lmcost_new();
    TL_CHECK("new", s != NULL);
    TL_CHECK("load", lmcost_load_builtin(s) == 0);
    TL_CHECK("select", lmcost_select(s, "gpt2-xl", "seed", 0) == 0);
    char *v = lmcost_value(s, "params");
    TL_STREQ("seed params", v, "1637020800");
    lmcost_string_free(v);
    TL_CHECK("set", lmcost_set(s, "dtype=bf16") == 0);
    TL_CHECK("keep", lmcost_keep(s, "batch_size") == 0);
    char *f = lmcost_formula(s, "memory.total", LMCOST_PLAIN);
    TL_STREQ("seed memory", f, "4667508736*batch_size + 13096166400");
    lmcost_string_free(f);
    char *c = lmcost_calc(s, "(a+b)^2 - (a-b)^2", LMCOST_LATEX);
    TL_STREQ("calc", c, "4 a b");
    lmcost_string_free(c);
    TL_CHECK("unknown", lmcost_value(s, "paramz") == NULL);
    TL_STREQ("error text", lmcost_errors(s),
             "error: unknown definition 'paramz' (did you mean 'params'?)\n");
    TL_CHECK("set zero", lmcost_set(s, "d_model=1/0") == 0);
    TL_CHECK("zero found on use", lmcost_value(s, "params") == NULL);
    TL_STREQ("zero located", lmcost_errors(s),
             "<command line>:1:9: error: division by zero\n"
             "    1 | d_model=1/0\n"
             "      |         ^~~\n");
    lmcost_free(s);
    return tl_finish("api");
}
