/* writer_latex.c: the document as LaTeX: booktabs tables, itemized figures, align* formulas;
 * with --standalone a whole document for pdflatex (amsmath, booktabs, geometry). */
#include "writer_impl.h"

static const char *str(const char *s)
{
    return s ? s : "";
}

static void tex_cell(wr *w, lm_buf *b, wcell *c)
{
    if (!c)
        return;
    switch (c->kind) {
    case WC_NAME:
    case WC_TREE:
        if (c->kind == WC_TREE)
            lm_buf_printf(b, "\\hspace{%dem}", c->n);
        lm_buf_puts(b, "\\texttt{");
        wr_put_latex_text(b, c->kind == WC_TREE && c->n ? wr_short_name(c->s) : str(c->s));
        lm_buf_puts(b, "}");
        break;
    case WC_FORMULA: lm_buf_printf(b, "$%s$", str(c->latex)); break;
    case WC_INT:
    case WC_NUM:
    case WC_RATIO:
    case WC_NORATIO:
        lm_buf_putc(b, '$');
        wr_put_bare(w, b, c, OUT_LATEX);
        lm_buf_putc(b, '$');
        break;
    case WC_LIST:
        for (int i = 0; i < c->n; i++) {
            lm_buf_puts(b, i ? " | " : "");
            wr_put_latex_text(b, c->items[i]);
        }
        break;
    default: wr_put_latex_text(b, str(c->s)); break;
    }
}

/* booktabs: \toprule, the header, \midrule, the rows, \bottomrule. */
static void tabular(wr *w, lm_buf *b, const wtable *t, const wblock *k)
{
    lm_buf_puts(b, "\\begin{tabular}{");
    for (int i = 0; i < t->nx; i++)
        if (wr_visible(&t->x[i], OUT_LATEX))
            lm_buf_putc(b, t->x[i].col->flags & WR_RIGHT ? 'r' : 'l');
    lm_buf_puts(b, "}\n\\toprule\n");
    lm_buf head;
    lm_buf_init(&head);
    const char *sep = "";
    for (int i = 0; i < t->nx; i++)
        if (wr_visible(&t->x[i], OUT_LATEX)) {
            lm_buf_reset(&head);
            wr_put_head(&head, t, &t->x[i], 0);
            lm_buf_puts(b, sep);
            wr_put_latex_text(b, lm_buf_str(&head));
            sep = " & ";
        }
    if (head.failed)
        b->failed = 1;
    lm_buf_clear(&head);
    lm_buf_puts(b, " \\\\\n\\midrule\n");
    for (wrow *r = k->rows; r; r = r->next) {
        sep = "";
        for (int i = 0; i < t->nx; i++)
            if (wr_visible(&t->x[i], OUT_LATEX)) {
                lm_buf_puts(b, sep);
                tex_cell(w, b, wr_cell_at(w, r, t->x[i].cell));
                sep = " & ";
            }
        lm_buf_puts(b, " \\\\\n");
    }
    lm_buf_puts(b, "\\bottomrule\n\\end{tabular}\n");
}

/* Formulas as align* lines, "\text{name} &= formula \;\text{unit} \\"; a listing breaks
 * long ones. */
static void align(wr *w, lm_buf *b, const wblock *k, int broken)
{
    lm_buf_puts(b, "\\begin{align*}\n");
    for (wrow *r = k->rows; r; r = r->next) {
        wcell *v = wr_cell_at(w, r, 2);
        if (!v)
            continue;
        lm_buf_puts(b, "\\text{");
        wr_put_latex_text(b, str(r->label));
        lm_buf_puts(b, "} &= ");
        if (broken)
            wr_put_latex_broken(b, str(v->latex), 90);
        else
            lm_buf_puts(b, str(v->latex));
        wr_put_latex_unit(b, r->unit);
        lm_buf_puts(b, " \\\\\n");
    }
    lm_buf_puts(b, "\\end{align*}\n");
}

/* A page's figures: "\item label: $value$ unit ($human units$)", remarks as paragraphs. */
static void itemize(wr *w, lm_buf *b, const wblock *k)
{
    lm_buf_puts(b, "\\begin{itemize}\n");
    for (wrow *r = k->rows; r; r = r->next) {
        wcell *v = wr_cell_at(w, r, 2);
        if (r->aside) {
            wr_put_latex_text(b, str(r->label));
            lm_buf_puts(b, "\n\n");
            continue;
        }
        if (!v)
            continue;
        lm_buf_puts(b, "\\item ");
        wr_put_latex_text(b, str(r->label));
        lm_buf_puts(b, ": $");
        wr_put_bare(w, b, v, OUT_LATEX);
        lm_buf_puts(b, "$");
        if (r->unit && *r->unit) {
            lm_buf_puts(b, " ");
            wr_put_latex_text(b, r->unit);
        }
        lm_buf h;
        lm_buf_init(&h);
        if (v->kind == WC_NUM)
            wr_put_human(&h, v->base, v->dim, OUT_LATEX);
        if (h.len)
            lm_buf_printf(b, " ($%s$)", lm_buf_str(&h));
        lm_buf_clear(&h);
        lm_buf_putc(b, '\n');
    }
    lm_buf_puts(b, "\\end{itemize}\n");
}

static void records(wr *w, lm_buf *b, const wblock *k)
{
    if (w->doc.page)
        k->formulas ? align(w, b, k, 0) : itemize(w, b, k);
    else if (!k->formulas)
        tabular(w, b, k->tbl, k);
    else if (w->o.standalone)
        align(w, b, k, 1);
    else /* bare formulas, one per line */
        for (wrow *r = k->rows; r; r = r->next) {
            wcell *v = wr_cell_at(w, r, 2);
            lm_buf_printf(b, "%s\n", v ? str(v->latex) : "");
        }
}

static void preamble(wr *w, lm_buf *b)
{
    lm_buf_puts(b, "\\documentclass{article}\n\\usepackage{amsmath}\n");
    if (w->doc.tex == WR_TEX_ARTICLE)
        lm_buf_printf(b, "\\usepackage{booktabs}\n\\usepackage[%s]{geometry}\n",
                      str(w->doc.geometry));
    lm_buf_puts(b, "\\begin{document}\n");
}

void wr_render_latex(wr *w, lm_buf *b)
{
    int doc = w->o.standalone && w->doc.tex != WR_TEX_NONE;
    if (doc)
        preamble(w, b);
    for (wblock *k = w->blocks; k; k = k->next) {
        if (!wr_shows(w, k->in))
            continue;
        switch (k->kind) {
        case WB_TITLE:
        case WB_SECTION:
            lm_buf_puts(b, k->kind == WB_TITLE ? "\\subsection*{" : "\\section*{");
            wr_put_latex_text(b, k->text);
            lm_buf_puts(b, "}\n");
            break;
        case WB_NOTE:
            wr_put_latex_text(b, k->text);
            lm_buf_puts(b, "\n\n");
            break;
        case WB_RECORDS: records(w, b, k); break;
        case WB_TABLE:
            tabular(w, b, k->tbl, k);
            if (w->doc.page) /* a page's table ends its paragraph */
                lm_buf_putc(b, '\n');
            break;
        case WB_RESULT: /* in a document of its own, a display formula */
            lm_buf_puts(b, doc && w->doc.tex == WR_TEX_MATH ? "\\[\n" : "");
            wr_put_result(w, b, k, OUT_LATEX);
            lm_buf_puts(b, doc && w->doc.tex == WR_TEX_MATH ? "\\]\n" : "");
            break;
        case WB_LINES: wr_put_lines(w, b, k, OUT_LATEX); break;
        default: break;
        }
    }
    if (doc)
        lm_buf_puts(b, "\\end{document}\n");
}
