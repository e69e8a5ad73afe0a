/* params.c: GPT-2 XL in the notebook's convention through liblmcost: its parameter count,
 * its training time exact and rounded, peak AdamW memory as a formula in batch_size, and an
 * error read as a record. Build: cc params.c $(pkg-config --cflags --libs lmcost) */
#include <lmcost.h>
#include <stdio.h>
#include <string.h>

/* Print a string the library returned (or why there is none) and free it. */
static void show(lmcost *s, const char *label, char *value, const char *unit)
{
    if (value)
        printf("%s = %s%s%s\n", label, value, *unit ? " " : "", unit);
    else
        fputs(lmcost_errors(s), stdout);
    lmcost_string_free(value);
}

int main(void)
{
    lmcost *s = lmcost_new();
    if (!s || lmcost_load_builtin(s)) {
        fputs(s ? lmcost_errors(s) : "out of memory\n", stderr);
        return 1;
    }
    printf("liblmcost %s\n", lmcost_version());
    /* the models, by index: find gpt2-xl */
    for (long i = 0, n = lmcost_count(s, LMCOST_MODELS); i < n; i++)
        if (strcmp(lmcost_item(s, LMCOST_MODELS, i, LMCOST_FIELD_NAME), "gpt2-xl") == 0)
            printf("gpt2-xl (extends %s): %s\n",
                   lmcost_item(s, LMCOST_MODELS, i, LMCOST_FIELD_PARENT),
                   lmcost_item(s, LMCOST_MODELS, i, LMCOST_FIELD_DESCRIPTION));
    /* settings made before the selection hold for it */
    const char *settings[] = {"batch_size=1024", "steps=400000", "peak_flops=19.5 TFLOP/s",
                              "mfu=0.5", "dtype=bf16"};
    for (int i = 0; i < 5; i++)
        if (lmcost_set(s, settings[i]))
            fputs(lmcost_errors(s), stderr);
    if (lmcost_select(s, "gpt2-xl", "seed", 0)) {
        fputs(lmcost_errors(s), stderr);
        lmcost_free(s);
        return 1;
    }
    show(s, "params", lmcost_value(s, "params"), "parameter");
    char *days = lmcost_value(s, "time.train");
    show(s, "time.train", lmcost_round(s, days ? days : "0", 7), "day");
    show(s, "time.train exactly", days, "day");
    lmcost_keep(s, "batch_size");
    show(s, "memory.total [B]", lmcost_formula(s, "memory.total", LMCOST_PLAIN), "");
    show(s, "in LaTeX", lmcost_formula(s, "memory.total", LMCOST_LATEX), "");
    /* an error, as text and as a record */
    char *bad = lmcost_value(s, "memory.totl");
    if (!bad && lmcost_error_count(s) == 1)
        printf("error record: severity %d, \"%s\", %s\n", lmcost_error_severity(s, 0),
               lmcost_error_message(s, 0),
               lmcost_error_file(s, 0) ? lmcost_error_file(s, 0) : "no place");
    lmcost_string_free(bad);
    lmcost_free(s);
    return 0;
}
