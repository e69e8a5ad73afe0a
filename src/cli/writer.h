/* writer.h: the command line's one output writer. A command describes a document (sections,
 * records, tables, results, lines of typed cells); the writer alone knows the formats. */
#ifndef LM_CLI_WRITER_H
#define LM_CLI_WRITER_H
#include "base/buf.h"
#include "lang/units.h"
#include "poly/evalprog.h"
#include "print/print.h"
#include <gmp.h>

/* The model. A document is a list of blocks: a page's title, sections, notes and footnote;
 * records (a key, a label, a unit and one value: a definition's value or formula, a
 * figure); tables (columns with keys, headers, alignment and text widths; rows of cells,
 * optionally repeated per group, such as one value and share per model), among them a
 * LaTeX document's table of symbols and a plot's points; a result (one answer and the
 * fields programs read); lines of text. Every cell is typed: text, a name, a dotted name
 * in a tree, a list, an exact integer, an exact rational with its unit and dimension, a
 * ratio, a formula (plain and LaTeX). The renderers (writer_text.c: text, plain, unicode,
 * Markdown; writer_latex.c with writer_tex.c, which lays math out on a page, and
 * writer_plot.c, pgfplots; writer_data.c: CSV, JSON) see the exact values and units, so a
 * new rendering changes a renderer, not the commands: the LaTeX document structure (title,
 * sections by dimension, broken formulas, the table of symbols placed after a listing's
 * title) is the LaTeX renderer's. */

typedef enum {
    OUT_TEXT, OUT_PLAIN, OUT_UNICODE, OUT_LATEX, OUT_MARKDOWN, OUT_CSV, OUT_JSON
} out_format;

/* Sets of formats, for the blocks and columns that only some formats show. */
#define WR_IN(f) (1u << (f))
#define WR_ALL 0u
#define WR_TEXTS (WR_IN(OUT_TEXT) | WR_IN(OUT_PLAIN) | WR_IN(OUT_UNICODE))
#define WR_PEOPLE (WR_IN(OUT_TEXT) | WR_IN(OUT_UNICODE) | WR_IN(OUT_MARKDOWN) | WR_IN(OUT_LATEX))
#define WR_PROGRAMS (WR_IN(OUT_PLAIN) | WR_IN(OUT_CSV) | WR_IN(OUT_JSON))
#define WR_DATA (WR_IN(OUT_CSV) | WR_IN(OUT_JSON))
#define WR_TABLES (WR_IN(OUT_MARKDOWN) | WR_IN(OUT_LATEX))
/* Not a format: a block that shows only in a whole LaTeX document (-F latex --standalone),
 * such as a formula sheet's title and table of symbols. */
#define WR_STANDALONE (1u << 16)
#define WR_EXCEPT(f) (((1u << 7) - 1) & ~WR_IN(f)) /* every format but f */

typedef struct {
    out_format fmt;
    int fmt_given;   /* -F was given: wr_prefer does not override it */
    int standalone;  /* --standalone: a whole LaTeX document */
    int exact;       /* --exact: non-integers as fractions */
    int digits;      /* --digits: significant digits of rounded figures */
    int decimal;     /* --decimal N: plain and CSV round non-integers to N digits; 0: p/q */
    /* How a formula is spelled in printer f (the command line collects it, pulls out a
     * common denominator); returns -1 after adding its own diagnostic. */
    int (*spell)(void *ud, lm_buf *b, const lm_poly *p, lm_fmt f);
    void *ud;
} wr_opts;

/* What the document is, beyond its blocks. */
typedef enum { WR_TEX_NONE, WR_TEX_MATH, WR_TEX_ARTICLE } wr_tex;
typedef struct {
    int page;             /* a page of sections and figures (report), not a listing */
    int verbatim;         /* text and unicode print the text (Markdown fenced) */
    wr_tex tex;           /* with --standalone: no document, one display formula, an article */
    int landscape;        /* an article on a landscape page (wide tables) */
} wr_doc;

typedef struct wr wr;

/* NULL when out of memory. The writer copies every string and number it is given. */
wr *wr_new(const wr_opts *o);
void wr_free(wr *w);
/* The command's own format when -F was not given (calc: plain, sweep: csv). */
void wr_prefer(wr *w, out_format f);
/* The command's figures are never rounded unless --decimal asks (calc: 1/3, \frac{1}{3},
 * as plain and CSV always print them). */
void wr_prefer_exact(wr *w);
out_format wr_format(const wr *w);
void wr_document(wr *w, const wr_doc *d);
/* The whole document in the output format, appended to out; -1 when out of memory. */
int wr_render(wr *w, lm_buf *out);
/* A number as people read it, whatever the output format (for messages on stderr). */
void wr_number(const wr *w, lm_buf *b, const mpq_t q);

/* ---- blocks: each starts a new block; rows and cells go to the last one ------------ */

/* JSON only: a member before the body ("model": "gpt2-xl"); NULL (a value, an item of a
 * list) prints null. */
void wr_meta(wr *w, const char *key, const char *value);
void wr_meta_list(wr *w, const char *key, const char *const *items, size_t n);
void wr_title(wr *w, const char *text);     /* the page's title */
void wr_section(wr *w, const char *text);   /* a page's numbered heading */
void wr_note(wr *w, const char *text);      /* a paragraph for people */
void wr_footnote(wr *w, const char *text);  /* after everything, text and Markdown */
/* The last block shows only in the formats `in` (a command's few words for one audience:
 * a sentence for people, the bare answer for programs). */
void wr_only(wr *w, unsigned in);

/* The table of symbols of a LaTeX document: the symbols its formulas use. Each row:
 * wr_row(w, name, unit), then wr_math (the symbol's LaTeX form), wr_name (its name), wr_str
 * (its description), and with `values` a value cell (wr_num, or wr_missing when the model
 * leaves it unset). A page shows it where it falls, a listing after its title; only LaTeX
 * shows it (a listing only in a whole document). */
void wr_symbols(wr *w, int values);

/* Records: a value per line, with a key for programs and a label for people. In a listing
 * they are a table of definitions (name, unit, value or formula); in a page, figures. */
void wr_records(wr *w, int formulas);
/* A record: then exactly one value cell (wr_num or wr_formula). */
void wr_record(wr *w, const char *key, const char *label, const char *unit);
/* A remark among a page's records, where it falls. */
void wr_aside(wr *w, const char *text);

/* Tables. Flags of a column: */
enum {
    WR_RIGHT = 1,         /* aligned right (numbers) */
    WR_GROUPED = 2,       /* repeated for each group (a model's value and share) */
    WR_UNIT_AFTER = 4,    /* text: the row's unit follows the cell ("1,024 FLOP") */
    WR_UNIT_BRACKETS = 8, /* text: the row's unit follows in brackets ("params [parameter]") */
    WR_QUOTED = 16,       /* CSV: always quoted */
    WR_GAP_IF_SET = 32,   /* text: no gap before an empty cell */
    WR_UNIT = 64,         /* the cell is a unit (LaTeX spells B "bytes", as B is a symbol) */
    WR_WRAP = 128,        /* LaTeX: a paragraph column, as wide as the page leaves it */
    WR_EXACT = 256        /* CSV: the exact value (p/q), never rounded */
};
typedef struct {
    const char *key;  /* JSON member and CSV header */
    const char *head; /* header for people; NULL: the key */
    unsigned flags;
    unsigned in;      /* the formats that show it; WR_ALL: every one */
    int width;        /* text: minimum width in bytes, padded as printf pads */
    const char *gap;  /* text: before the column; NULL: one space */
    int of;           /* > 0: shows column of-1's cell again, with no cell of its own */
} wr_col;
/* Flags of a table: */
enum {
    WR_T_HEAD = 1,       /* text: a header line */
    WR_T_JSON_LINES = 2, /* JSON: one row per line */
    WR_T_HEADING = 4     /* LaTeX: the title is a section heading (without its colon) */
};
typedef struct {
    const char *key;       /* JSON: the member holding the rows */
    const wr_col *cols;
    int ncols;
    unsigned flags;
    int indent;            /* text: spaces before each line */
    const char *group_key; /* JSON: the member holding a row's grouped cells */
} wr_table;
/* A table; groups name the repetitions of the WR_GROUPED columns (one per model). */
void wr_table_begin(wr *w, const wr_table *t, const char *const *groups, size_t ngroups);
void wr_table_title(wr *w, const char *text);    /* text formats: a line above */
void wr_table_footnote(wr *w, const char *text); /* text formats: a line below */

/* A result: its keyed rows are the fields programs read (a JSON object); its one row
 * without a key is the value every other format prints, with the row's unit. */
void wr_result(wr *w);
/* Lines: each row is a line of text and cells, printed as is in every format. */
void wr_lines(wr *w);

/* A row of the last block: a table row, a result's field, a line. The key names the row
 * for programs; the unit is what its figures are in (NULL: none). */
void wr_row(wr *w, const char *key, const char *unit);

/* ---- cells, appended to the last row ------------------------------------------------ */

void wr_str(wr *w, const char *s);                /* text; NULL: empty */
void wr_name(wr *w, const char *s);               /* a name of the model: code, not prose */
void wr_tree(wr *w, const char *name, int depth); /* a dotted name at its depth in a tree */
void wr_list(wr *w, const char *const *items, size_t n);
void wr_int(wr *w, const mpz_t z);                /* an exact integer, digits only */
/* An exact figure in the row's unit; base is it in base units and dim its dimension,
 * for the human units of text ("6.55 GB = 6.10 GiB"); a dimensionless dim has none. */
void wr_num(wr *w, const mpq_t shown, const mpq_t base, lm_dim dim);
void wr_missing(wr *w, const char *why);          /* a figure that cannot be given */
/* A ratio (share, difference) rounded to `digits` for people (sci as in numfmt.h). */
void wr_ratio(wr *w, const mpq_t q, int digits, int sci);
void wr_no_ratio(wr *w);                          /* none: "-" */
void wr_math(wr *w, const char *plain, const char *latex); /* math in both spellings */
/* A formula; WR_ASCII spells it in plain text even for -F unicode. -1 when it cannot be
 * spelled (reported). */
enum { WR_ASCII = 1 };
int wr_formula(wr *w, const lm_poly *p, unsigned flags);

/* ---- plots: pgfplots in LaTeX; the points as a table in every other format ---------- */

typedef struct {
    const char *x;       /* the symbol on the x axis; NULL: bars, a group per model */
    const char *x_latex; /* its LaTeX form, description and unit (NULL: none) */
    const char *x_desc;
    const char *x_unit;
    int x_factor;        /* > 1: the points grow by this factor (a log axis of that base) */
    const char *y_name;  /* what the values are: a definition, "parent.*", or NULL */
    int share;           /* the values are shares of y_name, stacked */
} wr_plot;

/* A plot; then a row per point: wr_row(w, NULL, unit), wr_name(model), with an x axis
 * wr_int(x), wr_name(definition), wr_num(value), and with share wr_num(share). Each
 * series (model and definition) in order; the values exact, rounded only in LaTeX. */
void wr_plot_begin(wr *w, const wr_plot *p);
/* A horizontal line at a quantity (base units of dim), labelled ("80 GB"). */
void wr_plot_line(wr *w, const char *label, const mpq_t base, lm_dim dim);
/* A point marked on the plot, at x and y (base units), labelled ("B = 14"). */
void wr_plot_mark(wr *w, const mpq_t x, const mpq_t y, const char *label);

/* ---- streaming rows (sweep): CSV or JSON lines, written as they come ---------------- */

int wr_can_stream(const wr *w);
/* The columns; CSV writes its header (held back until a row or the end). */
int wr_stream_begin(wr *w, const char *const *names, size_t n); /* -1: out of memory */
void wr_stream_i128(wr *w, lm_i128 v);
void wr_stream_q(wr *w, const mpq_t q);
/* End the row; every 64 KiB the rows go out. -1 when writing failed. */
int wr_stream_row_end(wr *w);
void wr_stream_row_drop(wr *w); /* forget the row begun */
/* Write what is held (the header only when ok or a row was written). Returns 0, or
 * WR_E_MEMORY or WR_E_WRITE. */
enum { WR_E_MEMORY = 1, WR_E_WRITE = 2 };
int wr_stream_end(wr *w, int ok);

#endif
