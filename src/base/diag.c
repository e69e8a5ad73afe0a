/* diag.c: diagnostics, the source registry and "did you mean" (see diag.h).
 * Rendering lives here so every front end shows errors the same way. */
#include "base/diag.h"
#include "base/alloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void lm_diags_init(lm_diags *d)
{
    memset(d, 0, sizeof *d);
    d->max_errors = 20;
}

int lm_diags_settle(lm_diags *d, int rc)
{
    if (lm_alloc_exhausted())
        return d->oom = 1, -1;
    return rc;
}

void lm_diags_clear(lm_diags *d)
{
    lm_diag *n = d->head;
    while (n) {
        lm_diag *next = n->next;
        lm_free(n->msg);
        lm_free(n);
        n = next;
    }
    int max = d->max_errors;
    lm_diags_init(d);
    d->max_errors = max;
}

/* Counts a diagnostic about to be added; 0 when it is to be dropped. */
static int admit(lm_diags *d, lm_severity sev)
{
    if (sev == LM_SEV_ERROR && d->errors >= d->max_errors) {
        d->errors++;
        return 0;
    }
    /* Once errors are being dropped, so are their notes ("'x' was first declared here"),
     * which would otherwise be shown without the error they explain. */
    if (sev == LM_SEV_NOTE && d->errors > d->max_errors)
        return 0;
    if (sev == LM_SEV_ERROR)
        d->errors++;
    else if (sev == LM_SEV_WARNING)
        d->warnings++;
    return 1;
}

/* Append an admitted diagnostic with the message in b (taken). */
static void append(lm_diags *d, lm_severity sev, const lm_span *span, lm_limit limit, lm_buf *b)
{
    char *msg = lm_buf_take(b);
    /* The same error reached twice (say, through two conventions) is reported once. */
    for (lm_diag *o = d->head; o && msg; o = o->next)
        if (o->sev == sev && strcmp(o->msg, msg) == 0 &&
            (span ? o->span.src == span->src && o->span.line == span->line &&
                        o->span.col == span->col
                  : o->span.src == NULL)) {
            lm_free(msg);
            if (sev == LM_SEV_ERROR)
                d->errors--;
            else if (sev == LM_SEV_WARNING)
                d->warnings--;
            return;
        }
    lm_diag *n = lm_calloc(1, sizeof *n);
    if (!n || !msg) {
        lm_free(n);
        lm_free(msg);
        d->oom = 1;
        return;
    }
    n->sev = sev;
    if (span)
        n->span = *span;
    n->msg = msg;
    n->limit = limit;
    if (d->tail)
        d->tail->next = n;
    else
        d->head = n;
    d->tail = n;
}

void lm_diag_add(lm_diags *d, lm_severity sev, const lm_span *span, const char *fmt, ...)
{
    if (!admit(d, sev))
        return;
    lm_buf b;
    lm_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    lm_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    append(d, sev, span, LM_LIMIT_NONE, &b);
}

void lm_diags_append(lm_diags *to, const lm_diags *from)
{
    for (const lm_diag *g = from->head; g; g = g->next) {
        if (!admit(to, g->sev))
            continue;
        lm_buf b;
        lm_buf_init(&b);
        lm_buf_puts(&b, g->msg);
        append(to, g->sev, g->span.src ? &g->span : NULL, g->limit, &b);
    }
    to->oom |= from->oom;
}

void lm_diag_limit(lm_diags *d, const lm_span *span, lm_limit which, uint64_t value,
                   const char *what)
{
    if (!admit(d, LM_SEV_ERROR))
        return;
    lm_buf b;
    lm_buf_init(&b);
    lm_buf_printf(&b, "%s: the limit on %s (%s) is %llu", what, lm_limit_noun(which),
                  lm_limit_name(which), (unsigned long long)value);
    append(d, LM_SEV_ERROR, span, which, &b);
}

/* The text of line `line` (1-based) of src, and its length without the newline. */
static const char *line_text(const lm_source *src, int line, size_t *len)
{
    const char *p = src->text, *end = src->text + src->len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    if (p > end)
        return NULL;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *len = (size_t)((nl ? nl : end) - p);
    if (*len && p[*len - 1] == '\r')
        (*len)--;
    return p;
}

/* Columns count characters, as the lexer does: a UTF-8 continuation byte (10xxxxxx)
 * does not advance the column. The byte offset where character `ch` of a line starts. */
static size_t byte_of(const char *text, size_t len, size_t ch)
{
    size_t i = 0;
    while (ch > 0 && i < len) {
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
        ch--;
    }
    return i;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t k = p[0] < 0x80 ? 1 : (p[0] >> 5) == 6 ? 2 : (p[0] >> 4) == 14 ? 3
             : (p[0] >> 3) == 30 ? 4 : 0;
    if (k == 0 || k > n || p[0] == 0xC0 || p[0] == 0xC1 || p[0] > 0xF4)
        return 0;
    for (size_t j = 1; j < k; j++)
        if ((p[j] & 0xC0) != 0x80)
            return 0;
    return k;
}

void lm_diag_render(lm_buf *out, const lm_diag *d)
{
    static const char *const sev_name[] = {"error", "warning", "note"};
    const lm_span *s = &d->span;
    if (s->src)
        lm_buf_printf(out, "%s:%d:%d: ", s->src->name, s->line, s->col);
    lm_buf_printf(out, "%s: %s\n", sev_name[d->sev], d->msg);
    size_t len;
    const char *text = s->src && s->line > 0 ? line_text(s->src, s->line, &len) : NULL;
    if (!text)
        return;
    /* Positions below are in characters (columns), converted to bytes with byte_of, so a
     * line with UTF-8 text is neither cut inside a character nor misaligned. */
    size_t nch = 0;
    for (size_t i = 0; i < len; i++)
        nch += ((unsigned char)text[i] & 0xC0) != 0x80;
    /* Very long lines are shown as a window around the error. */
    size_t from = 0, col0 = s->col > 0 ? (size_t)s->col - 1 : 0;
    if (col0 > nch)
        col0 = nch;
    if (nch > 160 && col0 > 60)
        from = col0 - 60;
    size_t to = nch - from > 160 ? from + 160 : nch;
    lm_buf_printf(out, "%5d | %s", s->line, from ? "..." : "");
    /* The source as it is, except what would garble a terminal: control characters and
     * bytes that are not UTF-8 show as '?' (a stray continuation byte, which has no
     * column of its own, is left out). */
    for (size_t i = byte_of(text, len, from), end = byte_of(text, len, to); i < end;) {
        const unsigned char *c = (const unsigned char *)text + i;
        size_t k = utf8_len(c, end - i);
        if (k > 1) {
            lm_buf_putn(out, text + i, k);
            i += k;
            continue;
        }
        if (k == 1)
            lm_buf_putc(out, (*c < 32 && *c != '\t') || *c == 127 ? '?' : (char)*c);
        else if ((*c & 0xC0) != 0x80)
            lm_buf_putc(out, '?');
        i++;
    }
    lm_buf_puts(out, to < nch ? "...\n" : "\n");
    lm_buf_puts(out, "      | ");
    if (from)
        lm_buf_puts(out, "   ");
    for (size_t i = from; i < col0; i++)
        lm_buf_putc(out, text[byte_of(text, len, i)] == '\t' ? '\t' : ' ');
    lm_buf_putc(out, '^');
    size_t last = s->end_line == s->line && s->end_col >= s->col ? (size_t)s->end_col : col0 + 1;
    if (last > to)
        last = to;
    for (size_t i = col0 + 1; i < last; i++)
        lm_buf_putc(out, '~');
    lm_buf_putc(out, '\n');
}

void lm_sources_init(lm_sources *s) { s->head = NULL; }

void lm_sources_clear(lm_sources *s)
{
    lm_source *n = s->head;
    while (n) {
        lm_source *next = n->next;
        lm_free(n->name);
        lm_free(n->text);
        lm_free(n);
        n = next;
    }
    s->head = NULL;
}

lm_source *lm_sources_add(lm_sources *s, const char *name, const char *text, size_t len)
{
    lm_source *n = lm_calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->name = lm_strdup(name);
    n->text = lm_strndup(text, len);
    n->len = len;
    if (!n->name || !n->text) {
        lm_free(n->name);
        lm_free(n->text);
        lm_free(n);
        return NULL;
    }
    n->next = s->head;
    s->head = n;
    return n;
}

/* ---- "did you mean" ------------------------------------------------------------------ */

enum { MAX_EDITS = 3, BAND = 2 * MAX_EDITS + 1 };

/* The edit (Levenshtein) distance of a and b when it is at most k (k <= MAX_EDITS), else
 * k + 1. Only the cells of the dynamic programme within k of the diagonal can stay within
 * k, so a band of 2k + 1 cells per row is enough, whatever the lengths: O(len) time, no
 * allocation. row[t] holds D[i][j] for j = i + t - k. */
static size_t edit_within(const char *a, size_t la, const char *b, size_t lb, size_t k)
{
    size_t far = k + 1, row[BAND], next[BAND];
    if ((la > lb ? la - lb : lb - la) > k)
        return far;
    for (size_t t = 0; t <= 2 * k; t++) /* D[0][j] = j */
        row[t] = t >= k && t - k <= lb ? t - k : far;
    for (size_t i = 1; i <= la; i++) {
        size_t least = far;
        for (size_t t = 0; t <= 2 * k; t++) {
            size_t v = far;
            if (i + t >= k && i + t - k <= lb) {
                size_t j = i + t - k;
                if (j == 0) {
                    v = i; /* D[i][0] */
                } else {
                    v = row[t] + (a[i - 1] != b[j - 1]);   /* D[i-1][j-1]: substitute */
                    if (t + 1 <= 2 * k && row[t + 1] + 1 < v) /* D[i-1][j]: delete */
                        v = row[t + 1] + 1;
                    if (t > 0 && next[t - 1] + 1 < v)       /* D[i][j-1]: insert */
                        v = next[t - 1] + 1;
                }
                if (v > far)
                    v = far;
            }
            next[t] = v;
            if (v < least)
                least = v;
        }
        if (least > k)
            return far;
        memcpy(row, next, sizeof row);
    }
    return row[lb + k - la];
}

void lm_suggest_init(lm_suggester *s, const char *name)
{
    s->name = name;
    s->len = strlen(name);
    /* how far a candidate may be: one edit for short names, up to three for long ones */
    s->limit = s->len < 4 ? 1 : s->len < 8 ? 2 : MAX_EDITS;
    s->best = NULL;
    s->best_d = s->limit + 1;
}

void lm_suggest_offer(lm_suggester *s, const char *cand)
{
    size_t d = edit_within(s->name, s->len, cand, strlen(cand), s->limit);
    if (d < s->best_d) {
        s->best_d = d;
        s->best = cand;
    }
}

const char *lm_suggest(const char *name, const char *const *cands, size_t n)
{
    lm_suggester s;
    lm_suggest_init(&s, name);
    for (size_t i = 0; i < n; i++)
        lm_suggest_offer(&s, cands[i]);
    return s.best;
}
