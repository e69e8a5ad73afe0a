/* test_base.c: the base stage: "did you mean" (a banded edit distance, checked against the
 * full dynamic programme on random names of every length) and errors that name a limit. */
#include "base/diag.h"
#include "base/alloc.h"
#include "testlib.h"

/* The plain O(la * lb) edit distance, for reference. */
static size_t full_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = malloc((lb + 1) * sizeof *row);
    if (!row)
        abort();
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

/* A random name: length in [0, max], letters from a small alphabet so that near misses
 * are common. */
static void random_name(char *s, size_t max)
{
    size_t n = (size_t)tl_range(0, (long)max);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)('a' + tl_range(0, 2));
    s[n] = 0;
}

/* Mutate a copy of s by up to `edits` random insertions, deletions and substitutions. */
static void mutate(char *out, const char *s, int edits)
{
    strcpy(out, s);
    for (int e = 0; e < edits; e++) {
        size_t n = strlen(out), at = n ? (size_t)tl_range(0, (long)n) : 0;
        switch (tl_range(0, 2)) {
        case 0: memmove(out + at + 1, out + at, n - at + 1); out[at] = 'd'; break;
        case 1: if (at < n) memmove(out + at, out + at + 1, n - at); break;
        default: if (at < n) out[at] = 'e'; break;
        }
    }
}

static size_t limit_for(const char *name)
{
    size_t len = strlen(name);
    return len < 4 ? 1 : len < 8 ? 2 : 3;
}

static void test_suggest_random(void)
{
    static char a[400], b[400];
    int bad = 0;
    for (int round = 0; round < 20000; round++) {
        random_name(a, round % 4 == 0 ? 300 : 12);
        if (tl_range(0, 1))
            mutate(b, a, (int)tl_range(0, 4));
        else
            random_name(b, round % 4 == 0 ? 300 : 12);
        size_t d = full_distance(a, b), k = limit_for(a);
        const char *cands[1] = {b};
        const char *got = lm_suggest(a, cands, 1);
        int want = d <= k;
        if ((got != NULL) != want && bad++ < 5)
            printf("FAIL suggest '%s' for '%s': distance %zu, limit %zu, suggested: %s\n", b,
                   a, d, k, got ? "yes" : "no");
    }
    TL_CHECK("the banded distance agrees with the full one", bad == 0);
}

static void test_suggest_cases(void)
{
    const char *cands[] = {"d_model", "d_ff", "num_heads", "num_layers", "vocab_size"};
    TL_STREQ("one edit", lm_suggest("d_modle", cands, 5), "d_model");
    TL_CHECK("too far", lm_suggest("xyz", cands, 5) == NULL);
    TL_STREQ("the closest wins", lm_suggest("num_head", cands, 5), "num_heads");
    const char *ties[] = {"ab", "ac"};
    TL_STREQ("the first of equals", lm_suggest("aa", ties, 2), "ab");
    /* Long names were never suggested (a 64-cell row); now any length is. */
    char name[200], cand[200];
    memset(cand, 'x', 150);
    cand[150] = 0;
    strcpy(name, cand);
    name[75] = 'y';
    const char *one[] = {cand};
    TL_CHECK("a long name is suggested", lm_suggest(name, one, 1) == one[0]);
    /* Any number of candidates: the only close one comes last. */
    lm_suggester s;
    lm_suggest_init(&s, "zeta_widht");
    char filler[32];
    for (int i = 0; i < 100000; i++) {
        snprintf(filler, sizeof filler, "filler_%d", i);
        lm_suggest_offer(&s, filler);
    }
    TL_CHECK("no filler is close", s.best == NULL);
    lm_suggest_offer(&s, "zeta_width");
    TL_STREQ("the last of 100001 candidates", s.best, "zeta_width");
}

static void test_limit_errors(void)
{
    lm_diags d;
    lm_diags_init(&d);
    lm_diag_limit(&d, NULL, LM_LIMIT_TERMS, 100000, "too many terms");
    lm_diag_add(&d, LM_SEV_ERROR, NULL, "no limit here");
    TL_CHECK("two errors", d.errors == 2 && d.head && d.head->next);
    if (d.head && d.head->next) {
        TL_STREQ("the message names the limit", d.head->msg,
                 "too many terms: the limit on terms (max_terms) is 100000");
        TL_CHECK("and carries it", d.head->limit == LM_LIMIT_TERMS);
        TL_CHECK("an ordinary error carries none", d.head->next->limit == LM_LIMIT_NONE);
    }
    lm_diags_clear(&d);
    TL_STREQ("name", lm_limit_name(LM_LIMIT_FILE), "max_file");
    TL_STREQ("no name", lm_limit_name(LM_LIMIT_NONE), "");
    TL_STREQ("out of range", lm_limit_noun((lm_limit)99), "");
}

int main(void)
{
    tl_seed();
    size_t live0 = lm_alloc_live();
    test_suggest_random();
    test_suggest_cases();
    test_limit_errors();
    TL_CHECK("no leaks", lm_alloc_live() == live0);
    return tl_finish("base");
}
