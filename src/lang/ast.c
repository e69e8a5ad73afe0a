/* ast.c: the arena and syntax-tree constructors (see ast.h).
 * One arena per parse keeps the parser's error paths free of per-node frees. */
#include "lang/ast.h"
#include "base/alloc.h"
#include <string.h>

struct lm_arena_block {
    lm_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

void lm_arena_init(lm_arena *a)
{
    a->head = NULL;
    a->failed = 0;
}

void lm_arena_clear(lm_arena *a)
{
    lm_arena_block *b = a->head;
    while (b) {
        lm_arena_block *next = b->next;
        lm_free(b);
        b = next;
    }
    lm_arena_init(a);
}

void *lm_arena_alloc(lm_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    lm_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        /* blocks double from 512 B to 16 KiB: most parses are of one short expression */
        size_t size = b ? (b->size < 8192 ? 2 * b->size : 16384) : 512;
        if (size < n)
            size = n;
        b = lm_malloc(sizeof *b + size);
        if (!b) {
            a->failed = 1;
            return NULL;
        }
        b->used = 0;
        b->size = size;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *lm_arena_strndup(lm_arena *a, const char *s, size_t n)
{
    char *d = lm_arena_alloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

void lm_ast_file_init(lm_ast_file *f)
{
    lm_arena_init(&f->arena);
    f->first = f->last = NULL;
}

void lm_ast_file_clear(lm_ast_file *f)
{
    lm_arena_clear(&f->arena);
    f->first = f->last = NULL;
}

lm_ast *lm_ast_new(lm_arena *a, lm_ast_kind kind, const lm_span *span)
{
    lm_ast *n = lm_arena_alloc(a, sizeof *n);
    if (n) {
        n->kind = kind;
        if (span)
            n->span = *span;
    }
    return n;
}

int lm_ast_push_arg(lm_arena *a, lm_ast *parent, lm_ast *child)
{
    /* Argument lists are short; grow by doubling inside the arena. */
    size_t n = parent->nargs;
    if ((n & (n - 1)) == 0) {
        size_t cap = n ? n * 2 : 2;
        lm_ast **args = lm_arena_alloc(a, cap * sizeof *args);
        if (!args)
            return -1;
        if (n)
            memcpy(args, parent->args, n * sizeof *args);
        parent->args = args;
    }
    parent->args[parent->nargs++] = child;
    return 0;
}

const char *lm_span_text(const lm_span *s, size_t *len)
{
    if (!s->src || s->line != s->end_line || s->line < 1 || s->col < 1 || s->end_col < s->col)
        return NULL;
    const char *p = s->src->text, *end = p + s->src->len;
    for (int line = 1; line < s->line; line++) {
        p = memchr(p, '\n', (size_t)(end - p));
        if (!p)
            return NULL;
        p++;
    }
    /* columns count characters: a UTF-8 continuation byte does not advance them */
    const char *start = NULL;
    int col = 0;
    for (; p < end && *p != '\n'; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        col++;
        if (col == s->col)
            start = p;
        if (col == s->end_col + 1)
            break;
    }
    if (!start || col < s->end_col)
        return NULL;
    *len = (size_t)(p - start);
    return start;
}

static int word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int lm_option_word(const char *text, size_t n)
{
    if (n == 0)
        return 0;
    if (text[0] >= '0' && text[0] <= '9') {
        for (size_t i = 0; i < n; i++)
            if (text[i] < '0' || text[i] > '9')
                return 0;
        return n == 1 || text[0] != '0';
    }
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '-') {
            if (i + 1 == n || text[i + 1] == '-')
                return 0;
        } else if (!word_char(text[i])) {
            return 0;
        }
    }
    return 1;
}
