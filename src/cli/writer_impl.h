/* writer_impl.h: the writer's document as its renderers see it (private to writer*.c).
 * Blocks hold rows, rows hold cells; all of it lives in one arena, freed at once. */
#ifndef LM_CLI_WRITER_IMPL_H
#define LM_CLI_WRITER_IMPL_H
#include "writer.h"
#include "lang/ast.h"

typedef enum {
    WC_STR, WC_NAME, WC_TREE, WC_LIST, WC_INT, WC_NUM, WC_MISSING, WC_RATIO, WC_NORATIO,
    WC_FORMULA
} wc_kind;

typedef struct wcell wcell;
struct wcell {
    wcell *next;        /* in its row */
    wcell *next_num;    /* the cells holding GMP numbers, to clear */
    wc_kind kind;
    const char *s;      /* text; FORMULA: plain or unicode spelling */
    const char *latex;  /* FORMULA: LaTeX spelling */
    const char **items; /* LIST */
    int n;              /* TREE: depth; RATIO: digits; LIST: items */
    int sci;            /* RATIO */
    mpq_t q, base;      /* INT, NUM (shown and in base units), RATIO */
    lm_dim dim;         /* NUM */
};

typedef struct wrow wrow;
struct wrow {
    wrow *next;
    const char *key, *label, *unit;
    int aside;          /* a remark among records: label is its text */
    wcell *cells, *last;
    wcell **at;         /* the cells by index, made when first needed */
    int ncells;
};

/* A table's columns spread over its groups: one entry per printed column. */
typedef struct {
    const wr_col *col;
    int group;          /* -1: not grouped */
    int first;          /* the first grouped column of its group */
    int cell;           /* the row's cell it shows */
} wxcol;

typedef struct {
    wr_table t;         /* copied, columns and strings too */
    const char **groups;
    size_t ngroups;
    wxcol *x;           /* the printed columns */
    int nx;
} wtable;

/* A plot's axes, lines and marks (the points are its table's rows). */
typedef struct {
    wr_plot p;           /* copied, strings too */
    wcell *lines, *marks; /* NUM cells: a line's label in s, value in base; a mark's x in
                            q, y in base */
    wcell *last_line, *last_mark;
} wplot;

typedef enum {
    WB_META, WB_TITLE, WB_SECTION, WB_NOTE, WB_FOOTNOTE, WB_RECORDS, WB_TABLE, WB_RESULT,
    WB_LINES
} wb_kind;

typedef struct wblock wblock;
struct wblock {
    wblock *next;
    wb_kind kind;
    unsigned in;        /* the formats that show it; WR_ALL: every one */
    const char *text;   /* TITLE, SECTION, NOTE, FOOTNOTE; TABLE: title */
    const char *foot;   /* TABLE: footnote */
    int formulas;       /* RECORDS of formulas rather than numbers */
    int symbols;        /* TABLE: the table of symbols (wr_symbols) */
    wplot *plot;        /* TABLE: the points of a plot */
    wtable *tbl;        /* TABLE */
    wrow *rows, *last;
};

struct wr {
    wr_opts o;
    wr_doc doc;
    lm_arena arena;
    wblock *blocks, *last;
    wcell *nums;
    int failed;
    int exact_figures;  /* wr_prefer_exact */
    /* streaming */
    lm_buf sb;
    char **keys;        /* JSON: "{\"name\": " and ", \"name\": " per column; CSV: NULL */
    size_t col, mark;   /* the next cell's column; where the row begun starts */
    int rows, write_failed;
};

/* writer.c */
out_format wr_fmt(const wr *w);   /* the format rendered: text for a verbatim document */
int wr_shows(const wr *w, unsigned in);
char *wr_keep(wr *w, const char *s);
wcell *wr_cell_at(wr *w, wrow *r, int i); /* NULL past the last */
int wr_visible(const wxcol *x, out_format f);
/* A column's header: its head (CSV: its key); a group's first column the group's name. */
void wr_put_head(lm_buf *b, const wtable *t, const wxcol *x, int csv);

/* writer_spell.c: cells as text, in format f */
void wr_put_number(const wr *w, lm_buf *b, const mpq_t q, out_format f);
void wr_put_human(lm_buf *b, const mpq_t base, lm_dim dim, out_format f);
void wr_put_exact(lm_buf *b, const mpq_t q);
void wr_put_ratio(lm_buf *b, const wcell *c, int json);
void wr_put_bare(const wr *w, lm_buf *b, const wcell *c, out_format f);
void wr_put_inline(const wr *w, lm_buf *b, const wcell *c, const char *unit, out_format f);
void wr_put_json_string(lm_buf *b, const char *s);
void wr_put_latex_text(lm_buf *b, const char *s);
void wr_put_latex_unit_text(lm_buf *b, const char *unit);
void wr_put_padded(lm_buf *b, const char *s, int width, int right);
const char *wr_short_name(const char *name);

/* writer_tex.c: LaTeX math laid out on a page */
double wr_tex_width(const char *s, int display); /* estimated width in points */
double wr_tex_text_width(const char *s);         /* of text in roman */
/* Lines of at most `first` (the first) and `rest` points, each ending in '\n'; the number
 * of lines, -1 when out of memory. */
int wr_tex_break(lm_buf *out, const char *s, double first, double rest);
/* Formulas as "label [unit] = formula" displays fitting `width` points, aligned on their
 * "=" (align*), long ones broken at their top-level signs; a formula with a long label gets
 * the whole width (multline*). The unit is left out where it is `unit` (a section's). */
typedef struct {
    const char *label, *unit, *latex;
} wr_tex_formula;
void wr_tex_formulas(lm_buf *b, const wr_tex_formula *f, size_t n, const char *unit,
                     double width);
/* A formula in a table cell or a line of text: inline math, or broken into an aligned
 * block of lines when wider than `width` points. */
void wr_tex_inline(lm_buf *b, const char *latex, double width);

/* writer_text.c: shared by the renderers */
void wr_put_result(wr *w, lm_buf *b, const wblock *k, out_format f);
void wr_put_lines(wr *w, lm_buf *b, const wblock *k, out_format f);

/* writer_plot.c: a plot as pgfplots */
void wr_render_plot(wr *w, lm_buf *b, const wblock *k);     /* a tikzpicture */
void wr_plot_document(wr *w, lm_buf *b, const wblock *k);   /* a page of its size */

/* the renderers */
void wr_render_text(wr *w, lm_buf *b);     /* writer_text.c: text, plain, unicode */
void wr_render_markdown(wr *w, lm_buf *b); /* writer_text.c */
void wr_render_latex(wr *w, lm_buf *b);    /* writer_latex.c */
void wr_render_csv(wr *w, lm_buf *b);      /* writer_data.c */
void wr_render_json(wr *w, lm_buf *b);     /* writer_data.c */

#endif
