/* writer.c: the writer's document: blocks of rows of typed cells, built by the commands
 * and rendered once, at the end, in the output format (writer_text.c, _latex.c, _data.c). */
#include "writer_impl.h"
#include "base/alloc.h"
#include <string.h>

wr *wr_new(const wr_opts *o)
{
    wr *w = lm_calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->o = *o;
    lm_arena_init(&w->arena);
    lm_buf_init(&w->sb);
    return w;
}

void wr_free(wr *w)
{
    if (!w)
        return;
    for (wcell *c = w->nums; c; c = c->next_num) {
        mpq_clear(c->q);
        mpq_clear(c->base);
    }
    lm_buf_clear(&w->sb);
    lm_arena_clear(&w->arena);
    lm_free(w);
}

void wr_prefer(wr *w, out_format f)
{
    if (!w->o.fmt_given)
        w->o.fmt = f;
}

void wr_prefer_exact(wr *w)
{
    w->exact_figures = 1;
}

out_format wr_format(const wr *w)
{
    return w->o.fmt;
}

out_format wr_fmt(const wr *w)
{
    out_format f = w->o.fmt;
    return w->doc.verbatim && f != OUT_CSV && f != OUT_JSON && f != OUT_LATEX ? OUT_TEXT : f;
}

int wr_shows(const wr *w, unsigned in)
{
    out_format f = wr_fmt(w);
    return !in || (in & WR_IN(f)) ||
           ((in & WR_STANDALONE) && f == OUT_LATEX && w->o.standalone);
}

static void *wr_alloc(wr *w, size_t n)
{
    void *p = lm_arena_alloc(&w->arena, n);
    if (!p)
        w->failed = 1;
    return p;
}

char *wr_keep(wr *w, const char *s)
{
    if (!s)
        return NULL;
    char *k = lm_arena_strndup(&w->arena, s, strlen(s));
    if (!k)
        w->failed = 1;
    return k;
}

void wr_document(wr *w, const wr_doc *d)
{
    w->doc = *d;
}

int wr_render(wr *w, lm_buf *out)
{
    if (w->failed)
        return -1;
    int fence = w->doc.verbatim && w->o.fmt == OUT_MARKDOWN; /* keeps the columns */
    if (fence)
        lm_buf_puts(out, "```\n");
    switch (wr_fmt(w)) {
    case OUT_LATEX: wr_render_latex(w, out); break;
    case OUT_MARKDOWN: wr_render_markdown(w, out); break;
    case OUT_CSV: wr_render_csv(w, out); break;
    case OUT_JSON: wr_render_json(w, out); break;
    default: wr_render_text(w, out); break;
    }
    if (fence)
        lm_buf_puts(out, "```\n");
    return out->failed || w->failed ? -1 : 0;
}

void wr_number(const wr *w, lm_buf *b, const mpq_t q)
{
    wr_put_number(w, b, q, OUT_TEXT);
}

/* ---- blocks ------------------------------------------------------------------------ */

static wblock *block(wr *w, wb_kind kind, unsigned in, const char *text)
{
    wblock *b = wr_alloc(w, sizeof *b);
    if (!b)
        return NULL;
    b->kind = kind;
    b->in = in;
    b->text = wr_keep(w, text);
    if (w->last)
        w->last->next = b;
    else
        w->blocks = b;
    w->last = b;
    return b;
}

void wr_meta(wr *w, const char *key, const char *value)
{
    block(w, WB_META, WR_IN(OUT_JSON), NULL);
    wr_row(w, key, NULL);
    if (value) /* no cell: null */
        wr_str(w, value);
}

void wr_meta_list(wr *w, const char *key, const char *const *items, size_t n)
{
    block(w, WB_META, WR_IN(OUT_JSON), NULL);
    wr_row(w, key, NULL);
    wr_list(w, items, n);
}

void wr_title(wr *w, const char *text)
{
    block(w, WB_TITLE, WR_ALL, text);
}

void wr_section(wr *w, const char *text)
{
    block(w, WB_SECTION, WR_ALL, text);
}

void wr_note(wr *w, const char *text)
{
    block(w, WB_NOTE, WR_ALL, text);
}

void wr_footnote(wr *w, const char *text)
{
    block(w, WB_FOOTNOTE, WR_ALL, text);
}

void wr_only(wr *w, unsigned in)
{
    if (w->last)
        w->last->in = in;
}

void wr_result(wr *w)
{
    block(w, WB_RESULT, WR_ALL, NULL);
}

void wr_lines(wr *w)
{
    block(w, WB_LINES, WR_ALL, NULL);
}

/* ---- tables ------------------------------------------------------------------------ */

/* The printed columns: each WR_GROUPED run once per group, in group order. */
static void spread(wr *w, wtable *t)
{
    const wr_table *s = &t->t;
    int n = 0, k = 0, cell = 0;
    for (int i = 0; i < s->ncols; i++)
        n += s->cols[i].flags & WR_GROUPED ? (int)t->ngroups : 1;
    t->x = wr_alloc(w, (size_t)(n + 1) * sizeof *t->x);
    int *cell_of = wr_alloc(w, (size_t)(s->ncols + 1) * sizeof *cell_of);
    if (!t->x || !cell_of)
        return;
    for (int i = 0; i < s->ncols;) {
        const wr_col *c = &s->cols[i];
        if (!(c->flags & WR_GROUPED)) {
            cell_of[i] = c->of > 0 && c->of <= i ? cell_of[c->of - 1] : cell++;
            t->x[k++] = (wxcol){c, -1, 0, cell_of[i]};
            i++;
            continue;
        }
        int end = i;
        while (end < s->ncols && (s->cols[end].flags & WR_GROUPED))
            end++;
        for (size_t g = 0; g < t->ngroups; g++)
            for (int j = i; j < end; j++)
                t->x[k++] = (wxcol){&s->cols[j], (int)g, j == i, cell++};
        i = end;
    }
    t->nx = k;
}

static wtable *table_copy(wr *w, const wr_table *t, const char *const *groups, size_t ng)
{
    wtable *c = wr_alloc(w, sizeof *c);
    wr_col *cols = wr_alloc(w, (size_t)(t->ncols + 1) * sizeof *cols);
    const char **gs = wr_alloc(w, (ng + 1) * sizeof *gs);
    if (!c || !cols || !gs)
        return NULL;
    c->t = *t;
    c->t.key = wr_keep(w, t->key);
    c->t.group_key = wr_keep(w, t->group_key);
    for (int i = 0; i < t->ncols; i++) {
        cols[i] = t->cols[i];
        cols[i].key = wr_keep(w, cols[i].key);
        cols[i].head = wr_keep(w, cols[i].head);
        cols[i].gap = wr_keep(w, cols[i].gap);
    }
    c->t.cols = cols;
    for (size_t g = 0; g < ng; g++)
        gs[g] = wr_keep(w, groups[g]);
    c->groups = gs;
    c->ngroups = ng;
    spread(w, c);
    return c;
}

void wr_table_begin(wr *w, const wr_table *t, const char *const *groups, size_t ngroups)
{
    wblock *b = block(w, WB_TABLE, WR_ALL, NULL);
    if (b)
        b->tbl = table_copy(w, t, groups, ngroups);
}

void wr_table_title(wr *w, const char *text)
{
    if (w->last)
        w->last->text = wr_keep(w, text);
}

void wr_table_footnote(wr *w, const char *text)
{
    if (w->last)
        w->last->foot = wr_keep(w, text);
}

int wr_visible(const wxcol *x, out_format f)
{
    return !x->col->in || (x->col->in & WR_IN(f));
}

void wr_put_head(lm_buf *b, const wtable *t, const wxcol *x, int csv)
{
    const wr_col *c = x->col;
    if (x->group < 0 || (!x->first && !csv)) {
        lm_buf_puts(b, c->head && !csv ? c->head : c->key);
        return;
    }
    lm_buf_puts(b, t->groups[x->group]); /* a group's first column says which group */
    if (!x->first)
        lm_buf_printf(b, " %s", c->key);
}

/* ---- the table of symbols --------------------------------------------------------- */

static const wr_col symbol_cols[] = {
    {"symbol", NULL, 0, 0, 0, NULL, 0},
    {"name", NULL, 0, 0, 0, NULL, 0},
    {"description", NULL, WR_WRAP, 0, 0, NULL, 0},
    {"unit", NULL, WR_UNIT, 0, 0, NULL, 0},
    {"value", NULL, WR_RIGHT, 0, 0, NULL, 0},
};

void wr_symbols(wr *w, int values)
{
    wr_table t = {"symbols", symbol_cols, values ? 5 : 4, 0, 0, NULL};
    wr_table_begin(w, &t, NULL, 0);
    if (w->last) {
        w->last->symbols = 1;
        w->last->in = w->doc.page ? WR_IN(OUT_LATEX) : WR_STANDALONE;
    }
}

/* ---- plots ------------------------------------------------------------------------- */

void wr_plot_begin(wr *w, const wr_plot *p)
{
    wr_col cols[6] = {{"model", NULL, 0, 0, 12, NULL, 0}};
    int n = 1;
    if (p->x)
        cols[n++] = (wr_col){p->x, NULL, WR_RIGHT, 0, 14, NULL, 0};
    cols[n++] = (wr_col){"definition", NULL, 0, 0, 34, "  ", 0};
    cols[n++] = (wr_col){"value", NULL, WR_RIGHT | WR_EXACT | WR_UNIT_AFTER, 0, 26, NULL, 0};
    cols[n++] = (wr_col){"unit", NULL, WR_UNIT, WR_DATA | WR_TABLES, 0, NULL, 0};
    if (p->share)
        cols[n++] = (wr_col){"share", NULL, WR_RIGHT | WR_EXACT, 0, 12, "  ", 0};
    wr_table t = {"points", cols, n, WR_T_HEAD | WR_T_JSON_LINES, 0, NULL};
    wr_table_begin(w, &t, NULL, 0);
    wplot *k = w->last ? wr_alloc(w, sizeof *k) : NULL;
    if (!k)
        return;
    memset(k, 0, sizeof *k);
    k->p = *p;
    k->p.x = wr_keep(w, p->x);
    k->p.x_latex = wr_keep(w, p->x_latex);
    k->p.x_desc = wr_keep(w, p->x_desc);
    k->p.x_unit = wr_keep(w, p->x_unit);
    k->p.y_name = wr_keep(w, p->y_name);
    w->last->plot = k;
}

/* A cell of the plot's own, not in a row: its numbers are cleared with the others. */
static wcell *plot_cell(wr *w, wcell **first, wcell **last)
{
    wcell *c = wr_alloc(w, sizeof *c);
    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    c->kind = WC_NUM;
    mpq_init(c->q);
    mpq_init(c->base);
    c->next_num = w->nums;
    w->nums = c;
    if (*last)
        (*last)->next = c;
    else
        *first = c;
    *last = c;
    return c;
}

void wr_plot_line(wr *w, const char *label, const mpq_t base, lm_dim dim)
{
    wplot *k = w->last ? w->last->plot : NULL;
    wcell *c = k ? plot_cell(w, &k->lines, &k->last_line) : NULL;
    if (c) {
        c->s = wr_keep(w, label);
        mpq_set(c->base, base);
        c->dim = dim;
    }
}

void wr_plot_mark(wr *w, const mpq_t x, const mpq_t y, const char *label)
{
    wplot *k = w->last ? w->last->plot : NULL;
    wcell *c = k ? plot_cell(w, &k->marks, &k->last_mark) : NULL;
    if (c) {
        c->s = wr_keep(w, label);
        mpq_set(c->q, x);
        mpq_set(c->base, y);
    }
}

/* ---- records ----------------------------------------------------------------------- */

/* A listing shows records as a table of definitions: the unit before the value for
 * programs (as in name,unit,value), after it for people. */
static const wr_col record_cols[2][4] = {
    {{"name", NULL, 0, 0, 0, NULL, 0},
     {"unit", NULL, 0, WR_DATA, 0, NULL, 0},
     {"value", NULL, WR_RIGHT, 0, 0, NULL, 0},
     {"unit", NULL, WR_UNIT, WR_TABLES, 0, NULL, 2}},
    {{"name", NULL, 0, 0, 0, NULL, 0},
     {"unit", NULL, 0, WR_DATA, 0, NULL, 0},
     {"formula", NULL, 0, 0, 0, NULL, 0},
     {"unit", NULL, WR_UNIT, WR_TABLES, 0, NULL, 2}},
};

void wr_records(wr *w, int formulas)
{
    wblock *b = block(w, WB_RECORDS, WR_ALL, NULL);
    if (!b)
        return;
    b->formulas = formulas != 0;
    wr_table t = {formulas ? "formulas" : "values", record_cols[b->formulas], 4, 0, 0, NULL};
    b->tbl = table_copy(w, &t, NULL, 0);
}

void wr_record(wr *w, const char *key, const char *label, const char *unit)
{
    wr_row(w, key, unit);
    if (w->last && w->last->last)
        w->last->last->label = wr_keep(w, label);
    wr_name(w, label);
    wr_str(w, unit ? unit : "");
}

void wr_aside(wr *w, const char *text)
{
    wr_row(w, NULL, NULL);
    if (w->last && w->last->last) {
        w->last->last->aside = 1;
        w->last->last->label = wr_keep(w, text);
    }
}

/* ---- rows and cells ---------------------------------------------------------------- */

void wr_row(wr *w, const char *key, const char *unit)
{
    wblock *b = w->last;
    wrow *r = b ? wr_alloc(w, sizeof *r) : NULL;
    if (!r) {
        w->failed = 1;
        return;
    }
    r->key = wr_keep(w, key);
    r->unit = wr_keep(w, unit);
    if (b->last)
        b->last->next = r;
    else
        b->rows = r;
    b->last = r;
}

static wcell *cell(wr *w, wc_kind kind)
{
    wrow *r = w->last ? w->last->last : NULL;
    wcell *c = r ? wr_alloc(w, sizeof *c) : NULL;
    if (!c) {
        w->failed = 1;
        return NULL;
    }
    c->kind = kind;
    if (r->last)
        r->last->next = c;
    else
        r->cells = c;
    r->last = c;
    r->ncells++;
    return c;
}

static wcell *num_cell(wr *w, wc_kind kind)
{
    wcell *c = cell(w, kind);
    if (c) {
        mpq_init(c->q);
        mpq_init(c->base);
        c->next_num = w->nums;
        w->nums = c;
    }
    return c;
}

wcell *wr_cell_at(wr *w, wrow *r, int i)
{
    if (!r->at) {
        r->at = wr_alloc(w, (size_t)(r->ncells + 1) * sizeof *r->at);
        if (!r->at)
            return NULL;
        int k = 0;
        for (wcell *c = r->cells; c; c = c->next)
            r->at[k++] = c;
    }
    return i >= 0 && i < r->ncells ? r->at[i] : NULL;
}

void wr_str(wr *w, const char *s)
{
    wcell *c = cell(w, WC_STR);
    if (c) /* NULL stays NULL: a column may leave out its gap before it */
        c->s = wr_keep(w, s);
}

void wr_name(wr *w, const char *s)
{
    wcell *c = cell(w, WC_NAME);
    if (c)
        c->s = wr_keep(w, s ? s : "");
}

void wr_tree(wr *w, const char *name, int depth)
{
    wcell *c = cell(w, WC_TREE);
    if (c) {
        c->s = wr_keep(w, name);
        c->n = depth;
    }
}

void wr_list(wr *w, const char *const *items, size_t n)
{
    wcell *c = cell(w, WC_LIST);
    const char **copy = c ? wr_alloc(w, (n + 1) * sizeof *copy) : NULL;
    if (!copy)
        return;
    for (size_t i = 0; i < n; i++)
        copy[i] = wr_keep(w, items[i]);
    c->items = copy;
    c->n = (int)n;
}

void wr_int(wr *w, const mpz_t z)
{
    wcell *c = num_cell(w, WC_INT);
    if (c)
        mpq_set_z(c->q, z);
}

void wr_num(wr *w, const mpq_t shown, const mpq_t base, lm_dim dim)
{
    wcell *c = num_cell(w, WC_NUM);
    if (c) {
        mpq_set(c->q, shown);
        mpq_set(c->base, base);
        c->dim = dim;
    }
}

void wr_missing(wr *w, const char *why)
{
    wcell *c = cell(w, WC_MISSING);
    if (c)
        c->s = wr_keep(w, why);
}

void wr_ratio(wr *w, const mpq_t q, int digits, int sci)
{
    wcell *c = num_cell(w, WC_RATIO);
    if (c) {
        mpq_set(c->q, q);
        c->n = digits;
        c->sci = sci;
    }
}

void wr_no_ratio(wr *w)
{
    cell(w, WC_NORATIO);
}

void wr_math(wr *w, const char *plain, const char *latex)
{
    wcell *c = cell(w, WC_FORMULA);
    if (c) {
        c->s = wr_keep(w, plain ? plain : "");
        c->latex = wr_keep(w, latex ? latex : "");
    }
}

int wr_formula(wr *w, const lm_poly *p, unsigned flags)
{
    out_format f = wr_fmt(w);
    wcell *c = cell(w, WC_FORMULA);
    if (!c)
        return 0; /* out of memory: wr_render says so */
    lm_buf b;
    lm_buf_init(&b);
    int rc = 0;
    /* only the spellings this format prints: the people's one, LaTeX, or both for JSON */
    if (f != OUT_LATEX) {
        lm_fmt pf = f == OUT_UNICODE && !(flags & WR_ASCII) ? LM_FMT_UNICODE : LM_FMT_PLAIN;
        rc = w->o.spell(w->o.ud, &b, p, pf);
        c->s = wr_keep(w, lm_buf_str(&b));
    }
    if (!rc && (f == OUT_LATEX || f == OUT_JSON)) {
        lm_buf_reset(&b);
        rc = w->o.spell(w->o.ud, &b, p, LM_FMT_LATEX);
        c->latex = wr_keep(w, lm_buf_str(&b));
    }
    if (b.failed)
        w->failed = 1;
    lm_buf_clear(&b);
    return rc ? -1 : 0;
}
