/* sweep.c: a sweep through liblmcost's rows: parameters and peak memory of GPT-2 XL's shape
 * over widths and depths, read in batches as 64-bit integers, with the exact text of any
 * value int64 cannot hold. Build: cc sweep.c $(pkg-config --cflags --libs lmcost) */
#include <inttypes.h>
#include <lmcost.h>
#include <stdio.h>

int main(void)
{
    lmcost *s = lmcost_new();
    lmcost_rows *r = NULL;
    if (!s || lmcost_load_builtin(s) || lmcost_select(s, "gpt2-xl", NULL, 0) ||
        lmcost_set(s, "batch_size=8") ||
        !(r = lmcost_sweep(s, "params, memory.total", "d_model=1024..4096 x2; num_layers=12,24",
                           "memory.total <= 80 GB"))) {
        fputs(s ? lmcost_errors(s) : "out of memory\n", stderr);
        lmcost_free(s);
        return 1;
    }
    int ncols = lmcost_rows_columns(r);
    for (int k = 0; k < ncols; k++)
        printf("%s%s [%s]", k ? ", " : "", lmcost_rows_name(r, k), lmcost_rows_unit(r, k));
    printf("\n");
    long n;
    while ((n = lmcost_rows_fetch(r, 2)) > 0) {
        const int64_t *cols[8]; /* each column of the batch at once, where int64 holds it */
        for (int k = 0; k < ncols && k < 8; k++)
            cols[k] = lmcost_rows_inexact(r, k) == 0 ? lmcost_rows_int64(r, k) : NULL;
        for (long i = 0; i < n; i++)
            for (int k = 0; k < ncols && k < 8; k++) {
                if (cols[k])
                    printf("%" PRId64, cols[k][i]);
                else
                    printf("%s", lmcost_rows_get(r, i, k));
                printf(k + 1 < ncols ? "," : "\n");
            }
    }
    if (n < 0)
        fputs(lmcost_errors(s), stderr);
    /* a solve is rows too: the largest batch within 80 GB for the real GPT-2 XL */
    lmcost_rows_free(r);
    lmcost_clear_settings(s);
    r = lmcost_solve(s, "memory.total", "<=", "80 GB", "batch_size");
    if (r && lmcost_rows_fetch(r, 1) == 1)
        printf("largest batch_size within 80 GB: %s\n", lmcost_rows_get(r, 0, 1));
    else
        fputs(lmcost_errors(s), stderr);
    lmcost_rows_free(r);
    lmcost_free(s);
    return n < 0;
}
