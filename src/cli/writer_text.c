/* writer_text.c: the document as text (also plain and unicode) and as Markdown.
 * Text aligns a table's columns as printf pads them; a page indents what its sections hold. */
#include "writer_impl.h"
#include <string.h>

static const char *str(const char *s)
{
    return s ? s : "";
}

/* ---- shared by text and Markdown ---------------------------------------------------- */

/* Does a unit after this value apply to all of it? In LaTeX, unless it is a sum; as text,
 * only after a plain number: calc reads "x/2 B" as x/(2 B), and what it prints must read
 * back, so "(x/2) B", "(1/3) B". */
static int unit_binds(const char *s, out_format f)
{
    int depth = 0;
    if (f == OUT_LATEX) {
        for (size_t i = 0; s[i]; i++) {
            depth += (s[i] == '{') - (s[i] == '}');
            depth += !strncmp(s + i, "\\left", 5) - !strncmp(s + i, "\\right", 6);
            if (depth == 0 && i > 0 && s[i] == ' ' && (s[i + 1] == '+' || s[i + 1] == '-'))
                return 0;
        }
        return 1;
    }
    return strspn(s, "-0123456789.,") == strlen(s);
}

/* A result prints its main value (the row without a key) and that row's unit. */
void wr_put_result(wr *w, lm_buf *b, const wblock *k, out_format f)
{
    lm_buf v;
    lm_buf_init(&v);
    for (wrow *r = k->rows; r; r = r->next) {
        wcell *c = wr_cell_at(w, r, 0);
        if (r->key || !c)
            continue;
        lm_buf_reset(&v);
        wr_put_bare(w, &v, c, f);
        int unit = r->unit && *r->unit, group = unit && !unit_binds(lm_buf_str(&v), f);
        lm_buf_puts(b, !group ? "" : f == OUT_LATEX ? "\\left(" : "(");
        lm_buf_puts(b, lm_buf_str(&v));
        lm_buf_puts(b, !group ? "" : f == OUT_LATEX ? "\\right)" : ")");
        if (unit)
            lm_buf_printf(b, f == OUT_LATEX ? "\\,\\mathrm{%s}" : " %s", r->unit);
        lm_buf_putc(b, '\n');
    }
    if (v.failed)
        b->failed = 1;
    lm_buf_clear(&v);
}

/* Lines print as they are; only their figures follow the format. In Markdown a paragraph
 * ends at a blank line and indented lines are the items of a list. */
void wr_put_lines(wr *w, lm_buf *b, const wblock *k, out_format f)
{
    int list = 0;
    for (wrow *r = k->rows; r; r = r->next) {
        wcell *c = r->cells;
        if (f == OUT_MARKDOWN) {
            int item = c && c->kind == WC_STR && c->s && c->s[0] == ' ';
            if (r != k->rows && item != list)
                lm_buf_putc(b, '\n');
            if (item) {
                lm_buf_printf(b, "- %s", c->s + strspn(c->s, " "));
                c = c->next;
            }
            list = item;
        }
        for (; c; c = c->next)
            wr_put_inline(w, b, c, r->unit, f);
        lm_buf_putc(b, '\n');
    }
}

/* ---- text --------------------------------------------------------------------------- */

/* One table cell as text: a tree name indented by its depth, and the row's unit where the
 * column asks for it. */
static void text_cell(wr *w, lm_buf *b, const wxcol *x, wrow *r, out_format f)
{
    wcell *c = wr_cell_at(w, r, x->cell);
    if (!c)
        return;
    for (int i = 0; c->kind == WC_TREE && i < c->n; i++)
        lm_buf_puts(b, "  ");
    wr_put_bare(w, b, c, f);
    if ((x->col->flags & WR_UNIT_BRACKETS) && r->unit && *r->unit)
        lm_buf_printf(b, " [%s]", r->unit);
}

/* A header line (r NULL) or a row. */
static void text_line(wr *w, lm_buf *b, const wtable *t, wrow *r, out_format f)
{
    lm_buf cell;
    lm_buf_init(&cell);
    for (int i = 0; i < t->t.indent; i++)
        lm_buf_putc(b, ' ');
    int first = 1;
    for (int i = 0; i < t->nx; i++) {
        const wxcol *x = &t->x[i];
        if (!wr_visible(x, f))
            continue;
        const wr_col *col = x->col;
        lm_buf_reset(&cell);
        if (r)
            text_cell(w, &cell, x, r, f);
        else
            wr_put_head(&cell, t, x, 0);
        wcell *c = r ? wr_cell_at(w, r, x->cell) : NULL;
        int unset = c && (c->kind == WC_STR || c->kind == WC_MISSING) && !c->s;
        if (!first && !((col->flags & WR_GAP_IF_SET) && unset))
            lm_buf_puts(b, col->gap ? col->gap : " ");
        first = 0;
        wr_put_padded(b, lm_buf_str(&cell), col->width, col->flags & WR_RIGHT);
        if (r && (col->flags & WR_UNIT_AFTER) && r->unit && *r->unit) /* none after a gap */
            lm_buf_printf(b, " %*s", (int)strlen(r->unit),
                          c && c->kind == WC_MISSING ? "" : r->unit);
    }
    lm_buf_putc(b, '\n');
    if (cell.failed)
        b->failed = 1;
    lm_buf_clear(&cell);
}

static void text_table(wr *w, lm_buf *b, const wblock *k, out_format f)
{
    const wtable *t = k->tbl;
    if (k->text)
        lm_buf_printf(b, "%s\n", k->text);
    if (t->t.flags & WR_T_HEAD)
        text_line(w, b, t, NULL, f);
    for (wrow *r = k->rows; r; r = r->next)
        text_line(w, b, t, r, f);
    if (k->foot)
        lm_buf_printf(b, "%s\n", k->foot);
}

/* A listing's records: "name = value unit (human units)", "name [unit] = formula" (unicode
 * as text, its formulas spelled 2·B·T·d²); plain prints the values alone, one per line. */
static void text_defs(wr *w, lm_buf *b, const wblock *k, out_format f)
{
    int bare = f == OUT_PLAIN;
    for (wrow *r = k->rows; r; r = r->next) {
        wcell *v = wr_cell_at(w, r, 2);
        if (!v)
            continue;
        if (bare) {
            wr_put_bare(w, b, v, f);
        } else if (k->formulas) {
            lm_buf_puts(b, str(r->label));
            if (r->unit && *r->unit)
                lm_buf_printf(b, " [%s]", r->unit);
            lm_buf_printf(b, " = %s", str(v->s));
        } else {
            lm_buf_printf(b, "%s = ", str(r->label));
            wr_put_inline(w, b, v, r->unit, f);
        }
        lm_buf_putc(b, '\n');
    }
}

/* A page's records: "  label: value unit (human units)", "  name [unit] = formula"
 * (formulas in plain text), remarks where they fall. Markdown makes them a list. */
static void page_records(wr *w, lm_buf *b, const wblock *k, out_format f)
{
    int md = f == OUT_MARKDOWN;
    for (wrow *r = k->rows; r; r = r->next) {
        wcell *v = wr_cell_at(w, r, 2);
        if (r->aside) {
            lm_buf_printf(b, md ? "%s\n\n" : "  %s\n", str(r->label));
        } else if (v && k->formulas) {
            lm_buf_printf(b, md ? "- `%s" : "  %s", str(r->label));
            if (r->unit && *r->unit)
                lm_buf_printf(b, " [%s]", r->unit);
            lm_buf_printf(b, md ? " = %s`\n" : " = %s\n", v->s);
        } else if (v) {
            lm_buf_printf(b, md ? "- %s: " : "  %s: ", str(r->label));
            wr_put_inline(w, b, v, r->unit, f);
            lm_buf_putc(b, '\n');
        }
    }
}

void wr_render_text(wr *w, lm_buf *b)
{
    out_format f = wr_fmt(w);
    for (wblock *k = w->blocks; k; k = k->next) {
        if (!wr_shows(w, k->in))
            continue;
        switch (k->kind) {
        case WB_TITLE: lm_buf_printf(b, "%s\n", k->text); break;
        case WB_SECTION:
        case WB_FOOTNOTE: lm_buf_printf(b, "\n%s\n", k->text); break;
        case WB_NOTE: lm_buf_printf(b, "  %s\n", k->text); break;
        case WB_RECORDS:
            if (w->doc.page)
                page_records(w, b, k, f);
            else
                text_defs(w, b, k, f);
            break;
        case WB_TABLE: text_table(w, b, k, f); break;
        case WB_RESULT: wr_put_result(w, b, k, f); break;
        case WB_LINES: wr_put_lines(w, b, k, f); break;
        default: break;
        }
    }
}

/* ---- Markdown ----------------------------------------------------------------------- */

static void md_cell(wr *w, lm_buf *b, wcell *c)
{
    if (!c)
        return;
    if (c->kind == WC_TREE) {
        for (int i = 0; i < c->n; i++)
            lm_buf_puts(b, "&nbsp;&nbsp;");
        lm_buf_printf(b, "`%s`", c->n ? wr_short_name(c->s) : c->s);
    } else if (c->kind == WC_NAME || c->kind == WC_FORMULA) {
        lm_buf_printf(b, "`%s`", str(c->s));
    } else {
        wr_put_bare(w, b, c, OUT_MARKDOWN);
    }
}

/* | head | head |, |---|---:|, then the rows; numbers aligned right. */
static void md_table(wr *w, lm_buf *b, const wtable *t, const wblock *k)
{
    lm_buf_puts(b, "|");
    for (int i = 0; i < t->nx; i++)
        if (wr_visible(&t->x[i], OUT_MARKDOWN)) {
            lm_buf_putc(b, ' ');
            wr_put_head(b, t, &t->x[i], 0);
            lm_buf_puts(b, " |");
        }
    lm_buf_puts(b, "\n|");
    for (int i = 0; i < t->nx; i++)
        if (wr_visible(&t->x[i], OUT_MARKDOWN))
            lm_buf_puts(b, t->x[i].col->flags & WR_RIGHT ? "---:|" : "---|");
    lm_buf_putc(b, '\n');
    for (wrow *r = k->rows; r; r = r->next) {
        lm_buf_puts(b, "|");
        for (int i = 0; i < t->nx; i++)
            if (wr_visible(&t->x[i], OUT_MARKDOWN)) {
                lm_buf_putc(b, ' ');
                md_cell(w, b, wr_cell_at(w, r, t->x[i].cell));
                lm_buf_puts(b, " |");
            }
        lm_buf_putc(b, '\n');
    }
}

void wr_render_markdown(wr *w, lm_buf *b)
{
    for (wblock *k = w->blocks; k; k = k->next) {
        if (!wr_shows(w, k->in))
            continue;
        switch (k->kind) {
        case WB_TITLE: lm_buf_printf(b, "# %s\n", k->text); break;
        case WB_SECTION: lm_buf_printf(b, "\n## %s\n\n", k->text); break;
        case WB_NOTE: lm_buf_printf(b, "%s\n\n", k->text); break;
        case WB_FOOTNOTE: lm_buf_printf(b, "\n%s\n", k->text); break;
        case WB_RECORDS:
            if (w->doc.page)
                page_records(w, b, k, OUT_MARKDOWN);
            else
                md_table(w, b, k->tbl, k);
            break;
        case WB_TABLE:
            md_table(w, b, k->tbl, k);
            if (w->doc.page) /* a page's table ends its paragraph */
                lm_buf_putc(b, '\n');
            break;
        case WB_RESULT: wr_put_result(w, b, k, OUT_MARKDOWN); break;
        case WB_LINES: wr_put_lines(w, b, k, OUT_MARKDOWN); break;
        default: break;
        }
    }
}
