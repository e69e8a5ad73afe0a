/* writer_latex.c: the document as LaTeX: booktabs tables (longtable, split when too wide),
 * itemized figures, formula displays broken to the page, formula sheets in sections by
 * dimension; with --standalone a whole document for pdflatex. */
#include "writer_impl.h"
#include "base/alloc.h"
#include <string.h>

#define WIDTH_PORTRAIT 483.7  /* \textwidth of a4paper with 2 cm margins (170 mm) */
#define WIDTH_LANDSCAPE 731.3 /* the same in landscape (257 mm) */
#define COL_SEP 12.0          /* 2 \tabcolsep around every column */

static const char *str(const char *s)
{
    return s ? s : "";
}

static double page_width(const wr *w)
{
    return w->doc.landscape ? WIDTH_LANDSCAPE : WIDTH_PORTRAIT;
}

/* ---- cells ------------------------------------------------------------------------- */

/* A number in math: a ratio in scientific notation as 8.92 \times 10^{-7}. */
static void put_number(wr *w, lm_buf *b, wcell *c)
{
    lm_buf t;
    lm_buf_init(&t);
    wr_put_bare(w, &t, c, OUT_LATEX);
    const char *s = lm_buf_str(&t), *e = c->kind == WC_RATIO ? strchr(s, 'e') : NULL;
    if (e) {
        lm_buf_putn(b, s, (size_t)(e - s));
        lm_buf_printf(b, " \\times 10^{%s}", e[1] == '+' ? e + 2 : e + 1);
    } else {
        lm_buf_puts(b, s);
    }
    if (t.failed)
        b->failed = 1;
    lm_buf_clear(&t);
}

static void tex_cell(wr *w, lm_buf *b, wcell *c, unsigned flags, double width)
{
    if (!c)
        return;
    switch (c->kind) {
    case WC_NAME:
    case WC_TREE:
        if (c->kind == WC_TREE && c->n)
            lm_buf_printf(b, "\\hspace{%dem}", c->n);
        lm_buf_puts(b, "\\texttt{");
        wr_put_latex_text(b, c->kind == WC_TREE && c->n ? wr_short_name(c->s) : str(c->s));
        lm_buf_puts(b, "}");
        break;
    case WC_FORMULA: wr_tex_inline(b, str(c->latex), width); break;
    case WC_INT:
    case WC_NUM:
    case WC_RATIO:
    case WC_NORATIO:
        lm_buf_putc(b, '$');
        put_number(w, b, c);
        lm_buf_putc(b, '$');
        break;
    case WC_LIST:
        for (int i = 0; i < c->n; i++) {
            lm_buf_puts(b, i ? ", " : "");
            lm_buf_puts(b, "\\texttt{");
            wr_put_latex_text(b, c->items[i]);
            lm_buf_puts(b, "}");
        }
        break;
    default:
        if (flags & WR_UNIT)
            wr_put_latex_unit_text(b, str(c->s));
        else
            wr_put_latex_text(b, str(c->s));
        break;
    }
}

/* The estimated width of a cell as tex_cell prints it, in points. */
static double cell_width(wr *w, wcell *c, unsigned flags)
{
    if (!c)
        return 0;
    lm_buf t;
    lm_buf_init(&t);
    double x = 0;
    switch (c->kind) {
    case WC_NAME:
    case WC_TREE:
        x = 5.25 * (double)strlen(c->kind == WC_TREE && c->n ? wr_short_name(c->s) : str(c->s)) +
            (c->kind == WC_TREE ? 10.0 * c->n : 0);
        break;
    case WC_FORMULA: x = wr_tex_width(str(c->latex), 0); break;
    case WC_INT:
    case WC_NUM:
    case WC_RATIO:
    case WC_NORATIO:
        put_number(w, &t, c);
        x = wr_tex_width(lm_buf_str(&t), 0);
        break;
    case WC_LIST:
        for (int i = 0; i < c->n; i++)
            x += 5.25 * (double)strlen(c->items[i]) + 6.0;
        break;
    default:
        if (flags & WR_UNIT)
            wr_put_latex_unit_text(&t, str(c->s));
        else
            lm_buf_puts(&t, str(c->s));
        x = wr_tex_text_width(lm_buf_str(&t));
        break;
    }
    lm_buf_clear(&t);
    return x;
}

/* ---- tables ------------------------------------------------------------------------ */

/* A table laid out for the page: its visible columns with their widths, and a formula
 * column too wide for a cell, which goes below the table as displays. */
typedef struct {
    int *cols;       /* indices into t->x */
    double *width;   /* natural width of each, with its column gap */
    int n;
    int formula;     /* index into t->x of the column shown below, or -1 */
} layout;

static int is_formula_col(wr *w, const wblock *k, int x)
{
    for (wrow *r = k->rows; r; r = r->next) {
        wcell *c = wr_cell_at(w, r, k->tbl->x[x].cell);
        if (c && c->kind == WC_FORMULA)
            return 1;
    }
    return 0;
}

static int layout_init(wr *w, const wblock *k, layout *l)
{
    const wtable *t = k->tbl;
    l->cols = lm_malloc((size_t)(t->nx + 1) * sizeof *l->cols);
    l->width = lm_malloc((size_t)(t->nx + 1) * sizeof *l->width);
    l->n = 0;
    l->formula = -1;
    if (!l->cols || !l->width)
        return -1;
    lm_buf head;
    lm_buf_init(&head);
    for (int i = 0; i < t->nx; i++) {
        if (!wr_visible(&t->x[i], OUT_LATEX))
            continue;
        lm_buf_reset(&head);
        wr_put_head(&head, t, &t->x[i], 0);
        double x = wr_tex_text_width(lm_buf_str(&head));
        for (wrow *r = k->rows; r; r = r->next) {
            double c = cell_width(w, wr_cell_at(w, r, t->x[i].cell), t->x[i].col->flags);
            x = c > x ? c : x;
        }
        if (!k->symbols && l->formula < 0 && x > page_width(w) / 3 && is_formula_col(w, k, i)) {
            l->formula = i;
            continue;
        }
        l->cols[l->n] = i;
        l->width[l->n++] = x + COL_SEP;
    }
    int failed = head.failed;
    lm_buf_clear(&head);
    return failed ? -1 : 0;
}

static void layout_clear(layout *l)
{
    lm_free(l->cols);
    lm_free(l->width);
}

/* One longtable of the columns cols[from..to) that pass `keep`: booktabs rules, the
 * header repeated on every page; a wrapping column takes what the page leaves. */
static void longtable(wr *w, lm_buf *b, const wblock *k, const layout *l, const char *keep)
{
    const wtable *t = k->tbl;
    double used = 0, wrap = 0;
    int nwrap = 0;
    for (int j = 0; j < l->n; j++)
        if (keep[j]) {
            if (t->x[l->cols[j]].col->flags & WR_WRAP)
                nwrap++, wrap += l->width[j];
            else
                used += l->width[j];
        }
    double room = page_width(w) - used - 8.0;
    double each = nwrap ? (wrap < room ? wrap : room) / nwrap - COL_SEP : 0;
    if (nwrap && each < 60)
        each = 60;
    /* every column of a fixed width, so that one pdflatex pass lays out every page alike */
    lm_buf_puts(b, "\\begin{longtable}{");
    for (int j = 0; j < l->n; j++) {
        if (!keep[j])
            continue;
        unsigned f = t->x[l->cols[j]].col->flags;
        lm_buf_printf(b, ">{\\%s\\arraybackslash}p{%.0fpt}",
                      f & WR_RIGHT ? "raggedleft" : "raggedright",
                      f & WR_WRAP ? each : l->width[j] - COL_SEP + 1.0);
    }
    lm_buf_puts(b, "}\n\\toprule\n");
    lm_buf head;
    lm_buf_init(&head);
    const char *sep = "";
    for (int j = 0; j < l->n; j++)
        if (keep[j]) {
            lm_buf_reset(&head);
            wr_put_head(&head, t, &t->x[l->cols[j]], 0);
            lm_buf_puts(b, sep);
            wr_put_latex_text(b, lm_buf_str(&head));
            sep = " & ";
        }
    if (head.failed)
        b->failed = 1;
    lm_buf_clear(&head);
    lm_buf_puts(b, " \\\\\n\\midrule\n\\endhead\n");
    for (wrow *r = k->rows; r; r = r->next) {
        sep = "";
        for (int j = 0; j < l->n; j++)
            if (keep[j]) {
                const wxcol *x = &t->x[l->cols[j]];
                lm_buf_puts(b, sep);
                tex_cell(w, b, wr_cell_at(w, r, x->cell), x->col->flags, l->width[j]);
                sep = " & ";
            }
        lm_buf_puts(b, " \\\\\n");
    }
    lm_buf_puts(b, "\\bottomrule\n\\end{longtable}\n");
}

/* The formula column of a table below it: one display per row, named by its first cell. */
static void formulas_below(wr *w, lm_buf *b, const wblock *k, const layout *l)
{
    size_t n = 0;
    for (wrow *r = k->rows; r; r = r->next)
        n++;
    wr_tex_formula *f = lm_calloc(n + 1, sizeof *f);
    if (!f) {
        b->failed = 1;
        return;
    }
    size_t i = 0;
    for (wrow *r = k->rows; r; r = r->next, i++) {
        wcell *name = l->n ? wr_cell_at(w, r, k->tbl->x[l->cols[0]].cell) : NULL;
        wcell *v = wr_cell_at(w, r, k->tbl->x[l->formula].cell);
        f[i].label = name ? name->s : NULL;
        f[i].unit = r->unit;
        f[i].latex = v && v->kind == WC_FORMULA ? v->latex : "";
    }
    wr_tex_formulas(b, f, n, NULL, page_width(w));
    lm_free(f);
}

/* A table: split into several when its groups (models) do not fit the page side by side,
 * each part repeating the columns that are not grouped. */
static void table(wr *w, lm_buf *b, const wblock *k)
{
    const wtable *t = k->tbl;
    layout l;
    char *keep = NULL;
    if (layout_init(w, k, &l) || !(keep = lm_calloc((size_t)l.n + 1, 1))) {
        b->failed = 1;
        layout_clear(&l);
        return;
    }
    if (k->text && (t->t.flags & WR_T_HEADING)) {
        size_t n = strlen(k->text);
        char *h = lm_strndup(k->text, n && k->text[n - 1] == ':' ? n - 1 : n);
        lm_buf_puts(b, "\\section*{");
        wr_put_latex_text(b, h ? h : "");
        lm_buf_puts(b, "}\n");
        lm_free(h);
    }
    for (int i = 0; i < 2; i++) /* the title and the footnote, both above: a note below
                                   would be left alone on a page of its own */
        if (i ? k->foot != NULL : k->text && !(t->t.flags & WR_T_HEADING)) {
            lm_buf_puts(b, "\\noindent ");
            wr_put_latex_text(b, i ? k->foot : k->text);
            lm_buf_puts(b, "\n\n");
        }
    double fixed = 0;
    for (int j = 0; j < l.n; j++)
        if (t->x[l.cols[j]].group < 0)
            fixed += l.width[j];
    for (int g = 0, done = 0; !done;) {
        double used = fixed;
        int first = g;
        for (int j = 0; j < l.n; j++)
            keep[j] = t->x[l.cols[j]].group < 0;
        for (; g < (int)t->ngroups; g++) { /* the groups that fit, at least one */
            double gw = 0;
            for (int j = 0; j < l.n; j++)
                gw += t->x[l.cols[j]].group == g ? l.width[j] : 0;
            if (g > first && used + gw > page_width(w) - 8.0)
                break;
            used += gw;
            for (int j = 0; j < l.n; j++)
                keep[j] |= t->x[l.cols[j]].group == g;
        }
        done = g >= (int)t->ngroups;
        longtable(w, b, k, &l, keep);
    }
    if (l.formula >= 0 && l.n) {
        lm_buf head;
        lm_buf_init(&head);
        wr_put_head(&head, t, &t->x[l.cols[0]], 0);
        lm_buf_puts(b, "\n\\noindent The formulas, by ");
        wr_put_latex_text(b, lm_buf_str(&head));
        lm_buf_puts(b, ":\n");
        lm_buf_clear(&head);
        formulas_below(w, b, k, &l);
    }
    lm_free(keep);
    layout_clear(&l);
}

/* ---- records ----------------------------------------------------------------------- */

/* The records' formulas as displays, in the order given; `unit` is said once for all. */
static void formulas(wr *w, lm_buf *b, wrow **rows, size_t n, const char *unit)
{
    wr_tex_formula *f = lm_calloc(n + 1, sizeof *f);
    if (!f) {
        b->failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        wcell *v = wr_cell_at(w, rows[i], 2);
        f[i].label = rows[i]->label;
        f[i].unit = rows[i]->unit;
        f[i].latex = v ? v->latex : "";
    }
    wr_tex_formulas(b, f, n, unit, page_width(w));
    lm_free(f);
}

/* The unit most of the rows are in (the first of those tied), or NULL. */
static const char *main_unit(wrow **rows, size_t n)
{
    const char *best = NULL;
    size_t most = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            k += rows[i]->unit && rows[j]->unit && strcmp(rows[i]->unit, rows[j]->unit) == 0;
        if (k > most && rows[i]->unit && *rows[i]->unit)
            best = rows[i]->unit, most = k;
    }
    return best;
}

/* A formula sheet's sections: by dimension, parameters, FLOPs, memory and time first,
 * then the others as they come, dimensionless ones last. */
static int family(const char *unit, lm_dim *dim)
{
    static const int order[] = {LM_DIM_PARAM, LM_DIM_FLOP, LM_DIM_BYTE, LM_DIM_SECOND};
    mpq_t scale;
    mpq_init(scale);
    size_t off, len;
    lm_dim none = {{0}};
    *dim = none;
    if (unit && *unit && lm_unit_parse(unit, scale, dim, &off, &len))
        *dim = none;
    mpq_clear(scale);
    if (lm_dim_is_none(*dim))
        return 5;
    for (int k = 0; k < 4; k++) {
        lm_dim d = none;
        d.e[order[k]] = 1;
        if (lm_dim_equal(d, *dim))
            return k;
    }
    return 4;
}

static void family_title(lm_buf *b, int fam, lm_dim dim)
{
    static const char *const titles[] = {"Parameters", "FLOPs", "Memory", "Time"};
    if (fam < 4) {
        lm_buf_puts(b, titles[fam]);
    } else if (fam == 5) {
        lm_buf_puts(b, "Counts and ratios");
    } else {
        lm_buf u;
        lm_buf_init(&u);
        lm_dim_print(&u, dim);
        lm_buf_puts(b, "Quantities in ");
        wr_put_latex_unit_text(b, lm_buf_str(&u));
        lm_buf_clear(&u);
    }
}

/* A listing of formulas in a whole document: a section per family, formulas in the
 * listing's order within it (no sections when there is one family). */
static void sheet(wr *w, lm_buf *b, const wblock *k)
{
    size_t n = 0;
    for (wrow *r = k->rows; r; r = r->next)
        n++;
    wrow **all = lm_calloc(n + 1, sizeof *all), **part = lm_calloc(n + 1, sizeof *part);
    lm_dim *dims = lm_calloc(n + 1, sizeof *dims);
    int *fams = lm_calloc(n + 1, sizeof *fams);
    if (!all || !part || !dims || !fams) {
        b->failed = 1;
        goto done;
    }
    size_t i = 0, nfam = 0;
    int seen[6] = {0};
    for (wrow *r = k->rows; r; r = r->next, i++) {
        all[i] = r;
        fams[i] = family(r->unit, &dims[i]);
        nfam += !seen[fams[i]]++;
    }
    for (int fam = 0; fam < 6; fam++) {
        for (size_t j = 0; j < n; j++) {
            if (fams[j] != fam || !all[j])
                continue;
            size_t m = 0; /* this family; "other" dimensions one at a time */
            for (size_t q = j; q < n; q++)
                if (all[q] && fams[q] == fam && (fam != 4 || lm_dim_equal(dims[q], dims[j])))
                    part[m++] = all[q];
            const char *unit = NULL;
            if (nfam > 1 || fam == 4) {
                unit = main_unit(part, m);
                lm_buf_puts(b, "\\section*{");
                family_title(b, fam, dims[j]);
                if (unit) {
                    lm_buf_puts(b, " [");
                    wr_put_latex_unit_text(b, unit);
                    lm_buf_puts(b, "]");
                }
                lm_buf_puts(b, "}\n");
            }
            formulas(w, b, part, m, unit);
            for (size_t q = j; q < n; q++)
                if (all[q] && fams[q] == fam && (fam != 4 || lm_dim_equal(dims[q], dims[j])))
                    all[q] = NULL;
        }
    }
done:
    lm_free(all), lm_free(part), lm_free(dims), lm_free(fams);
}

/* A page's figures: "\item label: $value$ unit ($human units$)"; a remark between them
 * ends the list and is a paragraph of its own. */
static void itemize(wr *w, lm_buf *b, const wblock *k)
{
    int open = 0;
    for (wrow *r = k->rows; r; r = r->next) {
        wcell *v = wr_cell_at(w, r, 2);
        if (r->aside) {
            lm_buf_puts(b, open ? "\\end{itemize}\n" : "");
            open = 0;
            wr_put_latex_text(b, str(r->label));
            lm_buf_puts(b, "\n\n");
            continue;
        }
        if (!v)
            continue;
        lm_buf_puts(b, open ? "" : "\\begin{itemize}\n");
        open = 1;
        lm_buf_puts(b, "\\item ");
        wr_put_latex_text(b, str(r->label));
        lm_buf_puts(b, ": $");
        wr_put_bare(w, b, v, OUT_LATEX);
        lm_buf_puts(b, "$");
        if (r->unit && *r->unit) {
            lm_buf_puts(b, " ");
            wr_put_latex_unit_text(b, r->unit);
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
    lm_buf_puts(b, open ? "\\end{itemize}\n" : "");
}

static void records(wr *w, lm_buf *b, const wblock *k)
{
    if (w->doc.page && !k->formulas) {
        itemize(w, b, k);
    } else if (!k->formulas) {
        table(w, b, k);
    } else if (w->doc.page) {
        size_t n = 0;
        for (wrow *r = k->rows; r; r = r->next)
            n++;
        wrow **rows = lm_calloc(n + 1, sizeof *rows);
        if (!rows) {
            b->failed = 1;
            return;
        }
        n = 0;
        for (wrow *r = k->rows; r; r = r->next)
            rows[n++] = r;
        formulas(w, b, rows, n, NULL);
        lm_free(rows);
    } else if (w->o.standalone) {
        sheet(w, b, k);
    } else { /* bare formulas, one per line */
        for (wrow *r = k->rows; r; r = r->next) {
            wcell *v = wr_cell_at(w, r, 2);
            lm_buf_printf(b, "%s\n", v ? str(v->latex) : "");
        }
    }
}

/* ---- lines of text ----------------------------------------------------------------- */

/* Lines as paragraphs: text escaped, figures in math with their units; a line indented
 * in text is indented here too. */
static void lines(wr *w, lm_buf *b, const wblock *k)
{
    for (wrow *r = k->rows; r; r = r->next) {
        lm_buf_puts(b, "\\noindent ");
        for (wcell *c = r->cells; c; c = c->next) {
            if (c->kind == WC_STR && c == r->cells && c->s && c->s[0] == ' ') {
                const char *s = c->s + strspn(c->s, " ");
                lm_buf_puts(b, "\\hspace*{1em}");
                wr_put_latex_text(b, s);
                continue;
            }
            if (c->kind == WC_STR || c->kind == WC_MISSING) {
                wr_put_latex_text(b, str(c->s));
                continue;
            }
            tex_cell(w, b, c, 0, page_width(w));
            if (c->kind != WC_NUM)
                continue;
            if (r->unit && *r->unit) {
                lm_buf_puts(b, " ");
                wr_put_latex_unit_text(b, r->unit);
            }
            lm_buf h;
            lm_buf_init(&h);
            wr_put_human(&h, c->base, c->dim, OUT_LATEX);
            if (h.len)
                lm_buf_printf(b, " ($%s$)", lm_buf_str(&h));
            lm_buf_clear(&h);
        }
        lm_buf_puts(b, "\\par\n");
    }
}

/* ---- the document ------------------------------------------------------------------ */

static void preamble(wr *w, lm_buf *b)
{
    lm_buf_puts(b, "\\documentclass{article}\n\\usepackage{amsmath}\n");
    if (w->doc.tex == WR_TEX_ARTICLE)
        lm_buf_printf(b, "\\usepackage{booktabs}\n\\usepackage{longtable}\n\\usepackage{array}\n"
                         "\\usepackage[a4paper,%smargin=2cm]{geometry}\n\\allowdisplaybreaks\n",
                      w->doc.landscape ? "landscape," : "");
    lm_buf_puts(b, "\\begin{document}\n");
}

/* The footnote: a small paragraph, its lines kept. */
static void footnote(lm_buf *b, const char *text)
{
    lm_buf_puts(b, "\\medskip\n\\noindent{\\small ");
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        char *line = lm_strndup(s, n);
        if (!line) {
            b->failed = 1;
            return;
        }
        wr_put_latex_text(b, line);
        lm_free(line);
        s += n;
        if (*s)
            lm_buf_puts(b, "\\\\\n"), s++;
    }
    lm_buf_puts(b, "\\par}\n");
}

static void block(wr *w, lm_buf *b, const wblock *k, int doc)
{
    switch (k->kind) {
    case WB_TITLE:
        lm_buf_puts(b, "\\begin{center}\n\\LARGE\\bfseries ");
        wr_put_latex_text(b, k->text);
        lm_buf_puts(b, "\n\\end{center}\n");
        break;
    case WB_SECTION:
        lm_buf_puts(b, "\\section*{");
        wr_put_latex_text(b, k->text);
        lm_buf_puts(b, "}\n");
        break;
    case WB_NOTE:
        lm_buf_puts(b, "\\noindent ");
        wr_put_latex_text(b, k->text);
        lm_buf_puts(b, "\n\n");
        break;
    case WB_FOOTNOTE: footnote(b, k->text); break;
    case WB_RECORDS: records(w, b, k); break;
    case WB_TABLE:
        if (k->symbols && !w->doc.page)
            lm_buf_puts(b, "\\section*{Symbols}\n");
        table(w, b, k);
        break;
    case WB_RESULT: /* in a document of its own, a display formula */
        lm_buf_puts(b, doc && w->doc.tex == WR_TEX_MATH ? "\\[\n" : "");
        wr_put_result(w, b, k, OUT_LATEX);
        lm_buf_puts(b, doc && w->doc.tex == WR_TEX_MATH ? "\\]\n" : "");
        break;
    case WB_LINES: lines(w, b, k); break;
    default: break;
    }
}

/* Blocks in order, except that a listing's table of symbols follows its title. */
void wr_render_latex(wr *w, lm_buf *b)
{
    int doc = w->o.standalone && w->doc.tex != WR_TEX_NONE;
    for (wblock *k = w->blocks; k; k = k->next)
        if (k->plot && wr_shows(w, k->in)) { /* a plot is a picture of its own */
            (doc ? wr_plot_document : wr_render_plot)(w, b, k);
            return;
        }
    wblock *symbols = NULL;
    for (wblock *k = w->blocks; k && !w->doc.page; k = k->next)
        if (k->symbols && k->rows && wr_shows(w, k->in))
            symbols = k;
    if (doc)
        preamble(w, b);
    int placed = symbols == NULL;
    for (wblock *k = w->blocks; k; k = k->next) {
        if (!wr_shows(w, k->in) || k == symbols || (k->symbols && !k->rows))
            continue;
        if (!placed && k->kind != WB_TITLE && k->kind != WB_META) {
            block(w, b, symbols, doc);
            placed = 1;
        }
        block(w, b, k, doc);
    }
    if (!placed)
        block(w, b, symbols, doc);
    if (doc)
        lm_buf_puts(b, "\\end{document}\n");
}
