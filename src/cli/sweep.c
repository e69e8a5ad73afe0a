/* sweep.c: the sweep command: definitions evaluated exactly over a grid of symbol values
 * (src/rows/sweep.c), the rows streamed as CSV or JSON lines, batch by batch. */
#include "cli.h"
#include "rows/rows.h"
#include "base/alloc.h"
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define BATCH 1024 /* rows (and points) per batch: the progress bar looks between batches */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void progress(uint64_t done, uint64_t total, int64_t ms)
{
    uint64_t rate = ms > 0 ? done * 1000 / (uint64_t)ms : 0;
    uint64_t left = rate ? (total - done) / rate : 0;
    unsigned pm = (unsigned)(total ? done * 1000 / total : 0);
    char bar[31];
    for (int k = 0; k < 30; k++)
        bar[k] = (unsigned)k * 1000 / 30 < pm ? '#' : '.';
    bar[30] = 0;
    fprintf(stderr, "\r[%s] %u.%u%%  %llu/%llu points  %llu points/s  %llu:%02llu:%02llu left ",
            bar, pm / 10, pm % 10, (unsigned long long)done, (unsigned long long)total,
            (unsigned long long)rate, (unsigned long long)(left / 3600),
            (unsigned long long)(left / 60 % 60), (unsigned long long)(left % 60));
    fflush(stderr);
}

/* The batch's rows to the writer; -1 when writing failed. */
static int write_rows(cli *c, const lm_batch *b, mpq_t q)
{
    for (size_t i = 0; i < b->n; i++) {
        for (size_t k = 0; k < b->ncols; k++) {
            lm_i128 den = b->den[i * b->ncols + k];
            if (den == 1) {
                wr_stream_i128(c->w, b->num[i * b->ncols + k]);
                continue;
            }
            lm_batch_get(b, i, k, q);
            wr_stream_q(c->w, q);
        }
        if (wr_stream_row_end(c->w))
            return -1;
    }
    return 0;
}

/* Every point, batch by batch; a progress bar after a second, when stderr is a terminal. */
static int run(cli *c, lm_sweep *sw)
{
    int tty = isatty(2), shown = 0;
    int64_t t0 = tty ? now_ms() : 0, last = -1000;
    lm_batch b;
    lm_batch_init(&b, lm_sweep_ncols(sw));
    mpq_t q;
    mpq_init(q);
    long n = 0;
    while (!lm_sweep_finished(sw)) {
        n = lm_sweep_fill(sw, &b, BATCH, BATCH, &c->diags);
        if (write_rows(c, &b, q) || n < 0)
            break;
        int64_t t = tty ? now_ms() - t0 : 0;
        if (tty && t >= 1000 && t - last >= 100) {
            progress(lm_sweep_done(sw), lm_sweep_total(sw), t);
            last = t;
            shown = 1;
        }
    }
    if (shown)
        fputs("\r\033[K", stderr);
    int rc = n < 0 || !lm_sweep_finished(sw) ? -1 : 0;
    mpq_clear(q);
    lm_batch_clear(&b);
    return rc;
}

/* The sweep of the command line: its grid, then the instance, then the definitions. */
static lm_sweep *make(cli *c)
{
    lm_sweep *sw = lm_sweep_new(c->env, c->o->grids, (size_t)c->o->ngrids, &c->diags);
    if (sw)
        c->in = cli_instance(c, c->o->model, LM_MODE_MODEL);
    if (!sw || !c->in ||
        lm_sweep_compile(sw, c->in, c->o->args, (size_t)c->o->nargs, c->o->where, &c->diags) ||
        c->diags.errors) {
        lm_sweep_free(sw);
        return NULL;
    }
    return sw;
}

int cmd_sweep(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs < 1 || o->ngrids < 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL,
                    "usage: lmcost sweep NAME... -g SYMBOL=RANGE... [--where 'NAME <= Q'] "
                    "[-F csv|json]");
        return 1;
    }
    wr_prefer(c->w, OUT_CSV);
    if (!wr_can_stream(c->w)) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "sweep writes csv or json (-F csv, -F json)");
        return 1;
    }
    if (cli_load(c))
        return 1;
    lm_sweep *sw = make(c);
    if (!sw)
        return 1;
    size_t ncols = lm_sweep_ncols(sw);
    const char **names = lm_malloc((ncols + 1) * sizeof *names);
    int rc = 0;
    if (!names) {
        c->diags.oom = 1, rc = 1;
    } else {
        for (size_t k = 0; k < ncols; k++)
            names[k] = lm_sweep_name(sw, k);
        if (wr_stream_begin(c->w, names, ncols))
            c->diags.oom = 1, rc = 1;
        else
            rc = run(c, sw);
        int out = wr_stream_end(c->w, !rc);
        if (out & WR_E_MEMORY)
            c->diags.oom = 1, rc = 1;
        if (out & WR_E_WRITE) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "cannot write the output");
            rc = 1;
        }
    }
    lm_free(names);
    lm_sweep_free(sw);
    return rc || c->diags.errors || c->diags.oom ? 1 : 0;
}
