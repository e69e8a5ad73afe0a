/* batch.c: batches of rows of exact numbers (rows.h): 128-bit fractions in columns, with a
 * pool of GMP rationals for the values past 128 bits. */
#include "rows/rows.h"
#include "base/alloc.h"

void lm_batch_init(lm_batch *b, size_t ncols)
{
    b->ncols = ncols;
    b->n = b->cap = b->nbig = b->capbig = 0;
    b->num = b->den = NULL;
    b->big = NULL;
}

void lm_batch_clear(lm_batch *b)
{
    for (size_t i = 0; i < b->capbig; i++)
        mpq_clear(b->big[i]);
    lm_free(b->num);
    lm_free(b->den);
    lm_free(b->big);
    lm_batch_init(b, b->ncols);
}

int lm_batch_reserve(lm_batch *b, size_t cap)
{
    b->n = b->nbig = 0;
    if (cap <= b->cap)
        return 0;
    size_t cells = (b->ncols ? b->ncols : 1) * cap;
    lm_i128 *num = lm_malloc(cells * sizeof *num), *den = lm_malloc(cells * sizeof *den);
    if (!num || !den) {
        lm_free(num);
        lm_free(den);
        return -1;
    }
    lm_free(b->num);
    lm_free(b->den);
    b->num = num;
    b->den = den;
    b->cap = cap;
    return 0;
}

void lm_batch_reset(lm_batch *b) { b->n = b->nbig = 0; }

int lm_batch_set_q(lm_batch *b, size_t k, const mpq_t q)
{
    if (b->nbig == b->capbig) {
        size_t cap = b->capbig ? 2 * b->capbig : 16;
        mpq_t *big = lm_realloc(b->big, cap * sizeof *big);
        if (!big)
            return -1;
        for (size_t i = b->capbig; i < cap; i++)
            mpq_init(big[i]);
        b->big = big;
        b->capbig = cap;
    }
    mpq_set(b->big[b->nbig], q);
    lm_batch_set_i128(b, k, (lm_i128)b->nbig++, 0);
    return 0;
}

void lm_batch_get(const lm_batch *b, size_t i, size_t k, mpq_t out)
{
    lm_i128 num = b->num[i * b->ncols + k], den = b->den[i * b->ncols + k];
    if (den == 0) {
        mpq_set(out, b->big[(size_t)num]);
        return;
    }
    lm_mpz_set_i128(mpq_numref(out), num);
    lm_mpz_set_i128(mpq_denref(out), den);
}
