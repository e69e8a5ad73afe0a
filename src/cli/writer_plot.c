/* writer_plot.c: a plot as pgfplots: lines over a symbol (log axes when the points span
 * decades), shares stacked, bars per model; the axis labels from the symbol and the unit,
 * the legend from the definitions. pgfplots reads decimals: the coordinates alone are
 * rounded (to 6 digits, as a comment says); the points stay exact in every other format. */
#include "writer_impl.h"
#include "base/alloc.h"
#include <stdio.h>
#include <string.h>

#define DIGITS 6          /* significant digits of a coordinate */
#define LEGEND_WIDTH 330  /* points a row of the legend may take */

/* Colours that stay apart for most readers (Okabe and Ito), defined as lmcost1 ... 8. */
static const char *const palette[] = {"0,114,178",  "213,94,0",   "0,158,115", "204,121,167",
                                      "230,159,0",  "86,180,233", "240,228,66", "0,0,0"};
static const char *const marks[] = {"*", "square*", "triangle*", "diamond*",
                                    "o", "square", "triangle", "diamond"};

/* One series: a model's definition, its points in order. */
typedef struct {
    const char *model, *def;
    wrow **rows;
    size_t n;
} series;

/* What the renderer reads off the table. */
typedef struct {
    const wplot *pl;
    series *s;
    wrow **all;         /* the rows of every series, in one array */
    size_t ns, nmodels;
    const char **models;
    int ix, idef, ival, ishare; /* cell indices */
    mpq_t scale;        /* y shown = base / scale */
    const char *yunit;  /* the unit y is shown in ("GB"), or NULL */
    char prefixed[24];
    int logx, logy;
    int xticks;         /* a tick at every point of a geometric grid */
    int fixed;          /* log ticks as plain numbers (1,024), not powers (10^{12}) */
    mpq_t xmin, xmax;
} plot;

static wcell *cell(wr *w, wrow *r, int i)
{
    return i >= 0 ? wr_cell_at(w, r, i) : NULL;
}

/* The series in the order they first come, and the models. */
static int gather(wr *w, const wblock *k, plot *p)
{
    size_t n = 0;
    for (wrow *r = k->rows; r; r = r->next)
        n++;
    p->s = lm_calloc(n + 1, sizeof *p->s);
    p->models = lm_calloc(n + 1, sizeof *p->models);
    wrow **all = p->all = lm_calloc(n + 1, sizeof *all);
    if (!p->s || !p->models || !all)
        return -1;
    size_t used = 0;
    for (wrow *r = k->rows; r; r = r->next) {
        wcell *m = cell(w, r, 0), *d = cell(w, r, p->idef);
        if (!m || !d)
            continue;
        size_t i = 0; /* bars: a series per definition, across the models */
        while (i < p->ns && ((p->pl->p.x && strcmp(p->s[i].model, m->s)) ||
                             strcmp(p->s[i].def, d->s)))
            i++;
        if (i == p->ns)
            p->s[p->ns++] = (series){m->s, d->s, NULL, 0};
        size_t j = 0;
        while (j < p->nmodels && strcmp(p->models[j], m->s))
            j++;
        if (j == p->nmodels)
            p->models[p->nmodels++] = m->s;
    }
    /* the rows of each series, in one array */
    for (size_t i = 0; i < p->ns; i++) {
        p->s[i].rows = all + used;
        for (wrow *r = k->rows; r; r = r->next) {
            wcell *m = cell(w, r, 0), *d = cell(w, r, p->idef);
            if (m && d && (!p->pl->p.x || !strcmp(m->s, p->s[i].model)) &&
                !strcmp(d->s, p->s[i].def))
                p->s[i].rows[p->s[i].n++] = r, used++;
        }
    }
    return 0;
}

/* Bytes and FLOPs in the SI unit their largest value reaches (GB, TFLOP); anything else
 * in its own unit, scaled by pgfplots. */
static void choose_scale(wr *w, plot *p, const wblock *k)
{
    static const char *const pre[] = {"E", "P", "T", "G", "M", "k"};
    lm_dim bytes = {{1, 0, 0, 0}}, flop = {{0, 1, 0, 0}};
    mpq_t big, t, a;
    mpq_init(big), mpq_init(t), mpq_init(a);
    wcell *first = NULL;
    for (size_t i = 0; i < p->ns; i++)
        for (size_t j = 0; j < p->s[i].n; j++) {
            wcell *v = cell(w, p->s[i].rows[j], p->ival);
            if (!v)
                continue;
            if (!first && mpq_sgn(v->base))
                first = v;
            mpq_abs(a, v->base);
            if (mpq_cmp(a, big) > 0)
                mpq_set(big, a);
        }
    mpq_set_ui(p->scale, 1, 1);
    p->yunit = k->rows ? k->rows->unit : NULL;
    if (first) /* shown = base / (base / shown) */
        mpq_div(p->scale, first->base, first->q);
    int human = first && (lm_dim_equal(first->dim, bytes) || lm_dim_equal(first->dim, flop));
    for (int e = 18, i = 0; human && !p->pl->p.share && e >= 3; e -= 3, i++) {
        mpz_ui_pow_ui(mpq_numref(t), 10, (unsigned long)e);
        mpz_set_ui(mpq_denref(t), 1);
        if (mpq_cmp(big, t) >= 0) {
            mpq_set(p->scale, t);
            snprintf(p->prefixed, sizeof p->prefixed, "%s%s", pre[i],
                     lm_dim_equal(first->dim, bytes) ? "B" : "FLOP");
            p->yunit = p->prefixed;
            break;
        }
    }
    mpq_clear(big), mpq_clear(t), mpq_clear(a);
}

static int in_plain(const mpq_t q)
{
    mpq_t a, b;
    mpq_init(a), mpq_init(b);
    mpq_set_ui(a, 1, 1000), mpq_set_ui(b, 10000000, 1);
    int in = mpq_cmp(q, a) >= 0 && mpq_cmp(q, b) < 0;
    mpq_clear(a), mpq_clear(b);
    return in;
}

/* Log axes: x when the points grow by a factor or span two decades, y (not for shares)
 * when every value is positive and they span two decades. */
static void choose_axes(wr *w, plot *p)
{
    mpq_t lo, hi, t;
    mpq_init(lo), mpq_init(hi), mpq_init(t);
    int pos = 1, any = 0;
    for (size_t i = 0; i < p->ns; i++)
        for (size_t j = 0; j < p->s[i].n; j++) {
            wcell *v = cell(w, p->s[i].rows[j], p->ival), *x = cell(w, p->s[i].rows[j], p->ix);
            if (x && (!any || mpq_cmp(x->q, p->xmin) < 0))
                mpq_set(p->xmin, x->q);
            if (x && (!any || mpq_cmp(x->q, p->xmax) > 0))
                mpq_set(p->xmax, x->q);
            if (v && mpq_sgn(v->base) <= 0)
                pos = 0;
            if (v && (!any || mpq_cmp(v->base, lo) < 0))
                mpq_set(lo, v->base);
            if (v && (!any || mpq_cmp(v->base, hi) > 0))
                mpq_set(hi, v->base);
            any = 1;
        }
    for (wcell *c = p->pl->lines; c; c = c->next)
        pos &= mpq_sgn(c->base) > 0;
    if (p->pl->p.x) {
        mpq_set_ui(t, 100, 1);
        mpq_mul(t, t, p->xmin);
        p->logx = p->pl->p.x_factor > 1 || (mpq_sgn(p->xmin) > 0 && mpq_cmp(p->xmax, t) >= 0);
    }
    mpq_set_ui(t, 100, 1);
    mpq_mul(t, t, lo);
    p->logy = any && pos && !p->pl->p.share && mpq_cmp(hi, t) >= 0;
    p->xticks = p->logx && p->pl->p.x_factor > 1 && p->s && p->s[0].n <= 12;
    /* plain numbers while a log axis stays between 0.001 and 10^7 (in its shown unit) */
    mpq_div(lo, lo, p->scale), mpq_div(hi, hi, p->scale);
    p->fixed = (!p->logx || (in_plain(p->xmin) && in_plain(p->xmax))) &&
               (!p->logy || (in_plain(lo) && in_plain(hi)));
    mpq_clear(lo), mpq_clear(hi), mpq_clear(t);
}

/* A y coordinate: the value (or share) in the shown unit, rounded. */
static void put_y(lm_buf *b, const plot *p, const wcell *v, const wcell *share)
{
    mpq_t y;
    mpq_init(y);
    if (share)
        mpq_set(y, share->q);
    else
        mpq_div(y, v->base, p->scale);
    lm_print_q_decimal(b, y, DIGITS, -1, NULL);
    mpq_clear(y);
}

/* A legend entry: the definition (below the parent every series shares), after the model
 * when lines of several models share the axes. */
static void put_legend(lm_buf *b, const plot *p, const series *s)
{
    size_t cut = 0, ndefs = 0;
    for (size_t i = 0; i < p->ns; i++)
        ndefs += !strcmp(p->s[i].model, p->s[0].model);
    if (ndefs == 1 && p->nmodels > 1 && p->pl->p.x) { /* one definition: the models */
        lm_buf_puts(b, "\\addlegendentry{");
        wr_put_latex_text(b, s->model);
        lm_buf_puts(b, "}\n");
        return;
    }
    const char *dot = strrchr(s->def, '.');
    int common = dot && ndefs > 1;
    for (size_t i = 0; common && i < p->ns; i++)
        common = strncmp(p->s[i].def, s->def, (size_t)(dot - s->def) + 1) == 0 &&
                 !strchr(p->s[i].def + (dot - s->def) + 1, '.');
    if (common)
        cut = (size_t)(dot - s->def) + 1;
    lm_buf_puts(b, "\\addlegendentry{");
    if (p->nmodels > 1 && p->pl->p.x) {
        wr_put_latex_text(b, s->model);
        lm_buf_puts(b, ": ");
    }
    lm_buf_puts(b, "\\texttt{");
    wr_put_latex_text(b, s->def + cut);
    lm_buf_puts(b, "}}\n");
}

static void put_labels(lm_buf *b, const plot *p)
{
    const wr_plot *q = &p->pl->p;
    if (q->x) {
        lm_buf_puts(b, "  xlabel={");
        wr_put_latex_text(b, q->x_desc ? q->x_desc : q->x);
        if (q->x_latex)
            lm_buf_printf(b, ", $%s$", q->x_latex);
        if (q->x_unit && *q->x_unit) {
            lm_buf_puts(b, " [");
            wr_put_latex_unit_text(b, q->x_unit);
            lm_buf_puts(b, "]");
        }
        lm_buf_puts(b, "},\n");
    }
    lm_buf_puts(b, "  ylabel={");
    if (q->share)
        lm_buf_puts(b, "share of ");
    if (q->y_name) {
        lm_buf_puts(b, "\\texttt{");
        wr_put_latex_text(b, q->y_name);
        lm_buf_puts(b, "}");
    }
    if (!q->share && p->yunit && *p->yunit) {
        lm_buf_puts(b, q->y_name ? " [" : "");
        wr_put_latex_unit_text(b, p->yunit);
        lm_buf_puts(b, q->y_name ? "]" : "");
    }
    lm_buf_puts(b, "},\n");
}

/* The axis options: size, labels, log axes, stacking or bars, the legend below. */
static void put_axis(wr *w, lm_buf *b, const plot *p)
{
    const wr_plot *q = &p->pl->p;
    lm_buf_puts(b, "\\begin{axis}[\n  width=\\linewidth, height=0.62\\linewidth,\n"
                   "  grid=major, grid style={gray!25}, tick label style={font=\\small},\n");
    put_labels(b, p);
    if (p->logx)
        lm_buf_printf(b, "  xmode=log, log basis x=%d,\n",
                      p->xticks && q->x_factor <= 10 ? q->x_factor : 10);
    if ((p->logx || p->logy) && p->fixed)
        lm_buf_puts(b, "  log ticks with fixed point,\n");
    if (p->xticks) { /* the points, exactly */
        const series *s = &p->s[0];
        for (int pass = 0; pass < 2; pass++) {
            lm_buf_puts(b, pass ? "  xticklabels={" : "  xtick={");
            for (size_t j = 0; j < s->n; j++) {
                wcell *x = cell(w, s->rows[j], p->ix);
                lm_buf_puts(b, j ? "," : "");
                if (x)
                    lm_print_q_exact(b, x->q, pass ? "{,}" : NULL);
            }
            lm_buf_puts(b, "},\n");
        }
    }
    if (q->x && p->logx && (p->xticks || p->fixed)) /* long numbers side by side */
        lm_buf_puts(b, "  x tick label style={rotate=40, anchor=north east},\n");
    if (p->logy)
        lm_buf_puts(b, "  ymode=log, log origin=infty,\n");

    if (q->share)
        lm_buf_puts(b, "  ymin=0, ymax=1,\n");
    if (q->x && q->share)
        lm_buf_puts(b, "  stack plots=y, area style, enlarge x limits=false,\n");
    if (!q->x) {
        size_t per = q->share ? 1 : p->ns; /* bars side by side in a group */
        lm_buf_printf(b, "  %s, bar width=%.3f, enlarge x limits={abs=0.5},%s\n",
                      q->share ? "ybar stacked" : "ybar=1pt", 0.75 / (double)(per ? per : 1),
                      p->logy || q->share ? "" : " ymin=0,");
        lm_buf_printf(b, "  xtick={0,...,%zu}, xticklabels={", p->nmodels - 1);
        for (size_t i = 0; i < p->nmodels; i++) {
            lm_buf_puts(b, i ? ", \\texttt{" : "\\texttt{");
            wr_put_latex_text(b, p->models[i]);
            lm_buf_puts(b, "}");
        }
        lm_buf_puts(b, "},\n");
        if (p->nmodels > 3)
            lm_buf_puts(b, "  x tick label style={rotate=40, anchor=north east},\n");
    }
    lm_buf_puts(b, "  cycle list={");
    for (int i = 0; i < 8; i++) { /* after area style: filled areas and bars, or lines */
        if (!q->x || q->share)
            lm_buf_printf(b, "%s{draw=lmcost%d!60!black, fill=lmcost%d!75}", i ? ", " : "",
                          i + 1, i + 1);
        else
            lm_buf_printf(b, "%s{color=lmcost%d, mark=%s}", i ? ", " : "", i + 1, marks[i]);
    }
    lm_buf_puts(b, "},\n");
    /* the legend: as many columns as fit, below the axis (legend to name) */
    double widest = 0;
    lm_buf e;
    lm_buf_init(&e);
    for (size_t i = 0; i < p->ns; i++) {
        lm_buf_reset(&e);
        put_legend(&e, p, &p->s[i]);
        double x = wr_tex_text_width(lm_buf_str(&e)) - 60;
        widest = x > widest ? x : widest;
    }
    lm_buf_clear(&e);
    int cols = (int)(LEGEND_WIDTH / (widest + 30));
    cols = cols < 1 ? 1 : cols > 4 ? 4 : cols;
    lm_buf_printf(b, "  legend columns=%d, legend cell align=left,\n"
                     "  legend style={font=\\small, /tikz/every even column/.append style="
                     "{column sep=0.8em}},\n  legend to name=lmcostlegend,\n]\n", cols);
}

/* The x of a point: its value, or a bar's model. */
static void put_x(wr *w, lm_buf *b, const plot *p, wrow *r)
{
    wcell *x = cell(w, r, p->ix), *m = cell(w, r, 0);
    if (x) {
        lm_print_q_exact(b, x->q, NULL);
        return;
    }
    for (size_t i = 0; m && i < p->nmodels; i++)
        if (!strcmp(p->models[i], m->s))
            lm_buf_printf(b, "%zu", i);
}

static void put_series(wr *w, lm_buf *b, const plot *p)
{
    const wr_plot *q = &p->pl->p;
    for (size_t i = 0; i < p->ns; i++) {
        const series *s = &p->s[i];
        lm_buf_puts(b, q->x && !q->share && s->n <= 24 ? "\\addplot+[mark size=1.5pt] coordinates {"
                       : q->x && !q->share                ? "\\addplot+[mark=none] coordinates {"
                                                          : "\\addplot+[] coordinates {");
        for (size_t j = 0; j < s->n; j++) {
            lm_buf_puts(b, j % 4 ? " (" : "\n  (");
            put_x(w, b, p, s->rows[j]);
            lm_buf_putc(b, ',');
            put_y(b, p, cell(w, s->rows[j], p->ival),
                  q->share ? cell(w, s->rows[j], p->ishare) : NULL);
            lm_buf_putc(b, ')');
        }
        lm_buf_puts(b, q->x && q->share ? "\n} \\closedcycle;\n" : "\n};\n");
        put_legend(b, p, s);
    }
}

/* The lines at given quantities, across the plot, and the points marked on it. */
static void put_lines(lm_buf *b, const plot *p)
{
    static const char *const dash[] = {"dashed", "dotted", "dashdotted", "densely dashed"};
    int k = 0;
    for (wcell *c = p->pl->lines; c; c = c->next, k++) {
        lm_buf_printf(b, "\\addplot[black, %s, sharp plot, mark=none, forget plot=false] "
                         "coordinates {", dash[k % 4]);
        for (int end = 0; end < 2; end++) { /* bars: across every group */
            lm_buf_puts(b, " (");
            if (p->pl->p.x)
                lm_print_q_exact(b, end ? p->xmax : p->xmin, NULL);
            else
                lm_buf_printf(b, "%.1f", end ? (double)p->nmodels - 0.5 : -0.5);
            lm_buf_putc(b, ',');
            put_y(b, p, c, NULL);
            lm_buf_putc(b, ')');
        }
        lm_buf_puts(b, " };\n\\addlegendentry{");
        wr_put_latex_text(b, c->s);
        lm_buf_puts(b, "}\n");
    }
    k = 0;
    for (wcell *c = p->pl->marks; c; c = c->next, k++) {
        lm_buf_puts(b, "\\addplot[only marks, mark=*, forget plot] coordinates {(");
        lm_print_q_exact(b, c->q, NULL);
        lm_buf_putc(b, ',');
        put_y(b, p, c, NULL);
        lm_buf_puts(b, ")};\n");
        lm_buf_printf(b, "\\node[pin={[pin distance=1.6em, font=\\small, fill=white, "
                         "inner sep=1pt]%d:", k % 2 ? -60 : 120);
        wr_put_latex_text(b, c->s);
        lm_buf_puts(b, "}] at (axis cs:");
        lm_print_q_exact(b, c->q, NULL);
        lm_buf_putc(b, ',');
        put_y(b, p, c, NULL);
        lm_buf_puts(b, ") {};\n");
    }
}

void wr_render_plot(wr *w, lm_buf *b, const wblock *k)
{
    plot p;
    memset(&p, 0, sizeof p);
    p.pl = k->plot;
    p.ix = p.pl->p.x ? 1 : -1;
    p.idef = p.pl->p.x ? 2 : 1;
    p.ival = p.idef + 1;
    p.ishare = p.pl->p.share ? p.ival + 2 : -1; /* after the unit */
    mpq_init(p.scale), mpq_init(p.xmin), mpq_init(p.xmax);
    if (gather(w, k, &p)) {
        b->failed = 1;
    } else {
        choose_scale(w, &p, k);
        choose_axes(w, &p);
        lm_buf_printf(b, "%% pgfplots (\\usepackage{pgfplots}); coordinates rounded to %d "
                         "significant digits: -F csv gives the exact values\n"
                         "\\begin{tikzpicture}\n", DIGITS);
        for (int i = 0; i < 8; i++)
            lm_buf_printf(b, "\\definecolor{lmcost%d}{RGB}{%s}\n", i + 1, palette[i]);
        put_axis(w, b, &p);
        put_series(w, b, &p);
        put_lines(b, &p);
        lm_buf_puts(b, "\\end{axis}\n\\node[anchor=north] at ([yshift=-1ex]current axis.outer "
                       "south) {\\pgfplotslegendfromname{lmcostlegend}};\n\\end{tikzpicture}\n");
    }
    lm_free(p.all), lm_free(p.s), lm_free(p.models);
    mpq_clear(p.scale), mpq_clear(p.xmin), mpq_clear(p.xmax);
}

/* A whole document: the picture alone on a page of its size (ready for \includegraphics,
 * pdftocairo -svg or pdftoppm -png). */
void wr_plot_document(wr *w, lm_buf *b, const wblock *k)
{
    lm_buf_puts(b, "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{pgfplots}\n"
                   "\\pgfplotsset{compat=1.18}\n\\begin{document}\n"
                   "\\newsavebox\\lmcostplot\n\\begin{lrbox}{\\lmcostplot}\n");
    wr_render_plot(w, b, k);
    lm_buf_puts(b, "\\end{lrbox}\n"
                   "\\setbox0=\\hbox{\\kern6pt\\vbox{\\kern6pt\\copy\\lmcostplot\\kern6pt}"
                   "\\kern6pt}\n"
                   "\\pdfpagewidth=\\wd0 \\pdfpageheight=\\dimexpr\\ht0+\\dp0\\relax\n"
                   "\\hoffset=-1in \\voffset=-1in\n\\shipout\\box0\n\\end{document}\n");
}
