/* lmcost.h: the public C API of liblmcost: exact symbolic costs of transformer models.
 * Load the .lm library, pick a model and convention, then ask for formulas and values. */
#ifndef LMCOST_H
#define LMCOST_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; lmcost_version() gives the library's, which may be newer. */
#define LMCOST_VERSION_MAJOR 0
#define LMCOST_VERSION_MINOR 1
#define LMCOST_VERSION_PATCH 0
#define LMCOST_VERSION "0.1.0"

/* Marks the public functions. A shared build compiled with -fvisibility=hidden exports
 * these and nothing else; every other symbol of the library starts with `lm`. */
#ifndef LMCOST_API
#if defined(__GNUC__) && __GNUC__ >= 4
#define LMCOST_API __attribute__((visibility("default")))
#else
#define LMCOST_API
#endif
#endif

/* How the API is shaped, so that a binding (Python's ctypes, say) stays simple:
 * - two opaque handles: lmcost, a session, and lmcost_rows, the rows of a table, a solve or
 *   a sweep;
 * - strings in are NUL-terminated UTF-8; a `char *` returned is the caller's, to free with
 *   lmcost_string_free; a `const char *` returned belongs to the session (or the rows) and
 *   stays valid until the next call on it;
 * - calls that succeed or fail return 0 or -1 (a pointer: non-NULL or NULL); after a
 *   failure, lmcost_errors and the error records below say why;
 * - lists are read by index: a count, then the i-th item;
 * - numbers are exact strings, "1637020800" or "3515053384006/685546875"; lmcost_round
 *   gives a decimal, and the rows give int64 arrays for speed.
 *
 * Threads. The library keeps no process-wide mutable state: sessions are independent, and
 * different sessions may be used at the same time from different threads. One session is
 * not safe to share: use it (and its rows) from one thread at a time (a session may move
 * between threads when the caller serialises its use). Allocation accounting and
 * out-of-memory state are per thread. lmcost_string_free and lmcost_version may be called
 * from any thread. The one process-wide call is lmcost_route_gmp_memory, below. */

/* A session: a loaded library, the model and convention selected, the settings. */
typedef struct lmcost lmcost;

/* The library's version, "MAJOR.MINOR.PATCH" (a static string). */
LMCOST_API const char *lmcost_version(void);

/* Route GMP's allocations through the library's allocator, so that running out of memory
 * inside GMP is reported as "out of memory" by the call under way instead of GMP
 * aborting the process (a 1 MiB reserve lets GMP finish the operation it is in).
 * Process-wide and opt-in: it replaces the allocator of every GMP user in the process
 * (mp_set_memory_functions), so call it once, before any session exists and before any
 * other thread uses GMP. Without it GMP uses its own allocator and aborts when memory
 * runs out inside it; everything else still fails cleanly. */
LMCOST_API void lmcost_route_gmp_memory(void);

/* ---- sessions ---------------------------------------------------------------------- */

/* A new session (NULL when out of memory). Nothing is loaded yet. */
LMCOST_API lmcost *lmcost_new(void);
/* Free a session; free its rows first. */
LMCOST_API void lmcost_free(lmcost *s);

/* Load the built-in library, or a .lm file instead (or as well: definitions add up). */
LMCOST_API int lmcost_load_builtin(lmcost *s);
LMCOST_API int lmcost_load_file(lmcost *s, const char *path);

/* Choose a model (NULL: none) and a convention (NULL: "standard" when defined), like the
 * CLI's -m and -c. symbolic != 0 forgets the model's numbers (its options still hold) and
 * keeps every hyperparameter a symbol, like -S. The settings made so far apply to the new
 * selection too; if it fails (an unknown model, a setting it rejects), the previous one
 * stays. Before any selection, the session has no model and every name is a symbol. */
LMCOST_API int lmcost_select(lmcost *s, const char *model, const char *convention,
                             int symbolic);
/* "NAME=EXPR" for a symbol or "NAME=VALUE" for an option, like the CLI's -s: applied now
 * and to every later selection, until lmcost_clear_settings. Load a library first. */
LMCOST_API int lmcost_set(lmcost *s, const char *assignment);
/* Keep symbols symbolic ("batch_size" or "a,b"), like -k; remembered as lmcost_set is. */
LMCOST_API int lmcost_keep(lmcost *s, const char *symbols);
/* Forget every lmcost_set and lmcost_keep. */
LMCOST_API int lmcost_clear_settings(lmcost *s);
/* The selection: the model's and the convention's names (NULL: none). */
LMCOST_API const char *lmcost_model(lmcost *s);
LMCOST_API const char *lmcost_convention(lmcost *s);

/* How formulas are spelled: on != 0 uses short symbol names (d for d_model), like --short;
 * formulas are collected in `symbol` (NULL: the first kept symbol, else batch_size), like
 * --collect. */
LMCOST_API int lmcost_set_short(lmcost *s, int on);
LMCOST_API int lmcost_set_collect(lmcost *s, const char *symbol);
/* Raise or lower a resource limit by the name of its field, like the CLI's --max-*:
 * "max_terms", "max_bits", "max_size", "max_exponent", "max_depth", "max_token",
 * "max_file", "max_solve_bits" (README, "Limits"). */
LMCOST_API int lmcost_set_limit(lmcost *s, const char *name, uint64_t value);

/* ---- what the library declares ------------------------------------------------------ */

typedef enum {
    LMCOST_SYMBOLS, LMCOST_OPTIONS, LMCOST_DEFINITIONS, LMCOST_MODELS, LMCOST_CONVENTIONS
} lmcost_kind;

/* The fields of an item. Each kind has some:
 *   symbols      NAME, UNIT, DESCRIPTION, PLAIN (the short display), LATEX, VALUE
 *   options      NAME, DESCRIPTION, VALUES ("fp32|bf16|mixed"), VALUE
 *   definitions  NAME, UNIT, DESCRIPTION, CONVENTION (the one defining it; "": shared)
 *   models       NAME, DESCRIPTION, PARENT (the model it extends; "": none)
 *   conventions  NAME, DESCRIPTION, PARENT
 * VALUE is the value in the current selection: a symbol's in its unit, exact, or its
 * formula when it has no number; an option's chosen value. A field without text is "". */
typedef enum {
    LMCOST_FIELD_NAME, LMCOST_FIELD_UNIT, LMCOST_FIELD_DESCRIPTION, LMCOST_FIELD_PLAIN,
    LMCOST_FIELD_LATEX, LMCOST_FIELD_VALUES, LMCOST_FIELD_VALUE, LMCOST_FIELD_CONVENTION,
    LMCOST_FIELD_PARENT
} lmcost_field;

/* How many items of a kind (definitions: those visible in the selected convention, in
 * dotted-name order; the others in declaration order); -1 on error. */
LMCOST_API long lmcost_count(lmcost *s, lmcost_kind kind);
/* A field of the i-th item; NULL (with an error) for an index out of range or a field the
 * kind does not have. */
LMCOST_API const char *lmcost_item(lmcost *s, lmcost_kind kind, long i, lmcost_field field);

/* ---- formulas and values ------------------------------------------------------------ */

typedef enum { LMCOST_PLAIN, LMCOST_UNICODE, LMCOST_LATEX } lmcost_format;

/* A definition's formula in its declared unit, spelled as `lmcost show` prints it (a
 * common denominator pulled out, collected in batch_size or lmcost_set_collect's symbol). */
LMCOST_API char *lmcost_formula(lmcost *s, const char *name, lmcost_format fmt);
/* A definition's exact value in its declared unit: "1637020800" or "p/q"; an error names
 * a symbol it still depends on. */
LMCOST_API char *lmcost_value(lmcost *s, const char *name);
/* The unit a definition is given in ("parameter", "B", "day"; "" for none). */
LMCOST_API char *lmcost_unit(lmcost *s, const char *name);
/* Simplify a free expression into canonical form, as `lmcost calc` does: with a model
 * selected, in its values and settings; without one, every name not declared (or not
 * set) stays a symbol. A number is exact, in base units (B, FLOP, s, parameter). */
LMCOST_API char *lmcost_calc(lmcost *s, const char *expr, lmcost_format fmt);
/* The unit of lmcost_calc's result: its dimension in base units ("B", "FLOP/s"; ""). */
LMCOST_API char *lmcost_calc_unit(lmcost *s, const char *expr);
/* An exact number ("p/q" or an integer) rounded to `digits` significant digits (1 to
 * 1000), half away from zero: "5127.371", "1.434707e19" (scientific from 10^15 up and
 * below 10^-4). */
LMCOST_API char *lmcost_round(lmcost *s, const char *exact, int digits);
LMCOST_API void lmcost_string_free(char *str);

/* ---- errors ------------------------------------------------------------------------- */

/* The diagnostics of the last call on the session (or its rows), rendered like a
 * compiler's ("file:line:col: error: ...", the source line and a caret); "" when none. A
 * call that succeeds may leave warnings. */
LMCOST_API const char *lmcost_errors(const lmcost *s);

typedef enum { LMCOST_ERROR, LMCOST_WARNING, LMCOST_NOTE } lmcost_severity;

/* The same diagnostics as records, i from 0 to lmcost_error_count - 1. The file is NULL
 * and line and column 0 when a diagnostic has no place; the file may also name the
 * command line ("<command line>": a setting) or the built-in library
 * ("<builtin>/standard.lm"). limit names the resource limit an error reports reaching
 * ("max_terms"), else NULL. text is the record rendered as in lmcost_errors. */
LMCOST_API int lmcost_error_count(const lmcost *s);
LMCOST_API int lmcost_error_severity(const lmcost *s, int i);
LMCOST_API const char *lmcost_error_message(const lmcost *s, int i);
LMCOST_API const char *lmcost_error_file(const lmcost *s, int i);
LMCOST_API int lmcost_error_line(const lmcost *s, int i);
LMCOST_API int lmcost_error_column(const lmcost *s, int i);
LMCOST_API const char *lmcost_error_limit(const lmcost *s, int i);
LMCOST_API const char *lmcost_error_text(const lmcost *s, int i);

/* ---- rows: table, solve, sweep ------------------------------------------------------ */

/* The result of a table, a solve or a sweep: named columns of numbers or text, read in
 * batches: lmcost_rows_fetch makes the next rows current (a table and a solve have all
 * theirs at once; a sweep computes its rows batch by batch, in memory that does not grow
 * with the grid), then each cell is read by row (0 to the batch's count - 1) and column.
 * Rows belong to the session that made them: its errors are theirs, and they must be
 * freed before it. They do not change when the session's selection does. */
typedef struct lmcost_rows lmcost_rows;

/* The tree of definitions under a dotted prefix, like `lmcost table`: columns name, depth,
 * unit, then for each model its value (the column named after the model) and its share of
 * the total ("MODEL share"; the total is `total` when not NULL, else the prefix when
 * defined, else the largest row). models: NULL for the selection, or "a,b,c" for these
 * models with the session's convention and settings. */
LMCOST_API lmcost_rows *lmcost_table(lmcost *s, const char *prefix, const char *total,
                                     const char *models);
/* The largest integer value of `symbol` (from 1 up) for which definition `name` stays
 * within `bound` (relation "<="), or the smallest for which it reaches it (">="), like
 * `lmcost solve`, the model's requires honoured. One row: symbol, value, definition,
 * unit, at_value, at_value_plus_1 (the smallest answer: at_value_minus_1, a missing
 * number when that is below 1), margin, method ("closed form" or "search"); when a
 * require excluded the inequality's own answer, the sixth column is
 * at_excluded_to_plus_1 (at_excluded_from_minus_1) and three more follow: excluded_from,
 * excluded_to (the values excluded) and excluded_by (the requires' messages, separated
 * by "; "). */
LMCOST_API lmcost_rows *lmcost_solve(lmcost *s, const char *name, const char *relation,
                                     const char *bound, const char *symbol);
/* Definitions over a grid, like `lmcost sweep`: names separated by commas or spaces;
 * grids separated by ';', each "SYMBOL=a..b", "SYMBOL=a..b step s", "SYMBOL=a..b x2" or
 * "SYMBOL=a,b,c" (the first varies slowest); where: NULL, or "NAME <= QUANTITY" (or <, >,
 * >=) to keep only the points where it holds. Columns: the grid's symbols, then the
 * definitions, each in its unit. */
LMCOST_API lmcost_rows *lmcost_sweep(lmcost *s, const char *names, const char *grids,
                                     const char *where);
LMCOST_API void lmcost_rows_free(lmcost_rows *r);

LMCOST_API int lmcost_rows_columns(lmcost_rows *r);
/* The most rows there can be, known before any is fetched: a table's or a solve's count,
 * a sweep's grid points (all of them rows unless a where drops some), so that a binding
 * can allocate its columns once. */
LMCOST_API uint64_t lmcost_rows_max(lmcost_rows *r);
LMCOST_API const char *lmcost_rows_name(lmcost_rows *r, int col);
/* The unit of a column's numbers ("" for none, and for a table's values: see its unit
 * column); whether it holds numbers (1) or text (0). */
LMCOST_API const char *lmcost_rows_unit(lmcost_rows *r, int col);
LMCOST_API int lmcost_rows_numeric(lmcost_rows *r, int col);

/* Make the next batch of at most max rows current (max >= 1): the number of rows, 0 when
 * there are no more, -1 on an error. A sweep that fails at some point first returns the
 * rows before it, then -1. */
LMCOST_API long lmcost_rows_fetch(lmcost_rows *r, long max);
/* A cell of the current batch: an exact number, or text ("" for a missing number, such as
 * a share of a total that is zero). */
LMCOST_API const char *lmcost_rows_get(lmcost_rows *r, long row, int col);
/* A numeric column of the current batch as 64-bit integers, one per row, for speed (the
 * array is the rows', valid until the next fetch, one per column); a cell that is not an
 * integer within int64 holds 0 and is counted by lmcost_rows_inexact (read those with
 * lmcost_rows_get or lmcost_rows_text). */
LMCOST_API const int64_t *lmcost_rows_int64(lmcost_rows *r, int col);
LMCOST_API long lmcost_rows_inexact(lmcost_rows *r, int col);
/* A column of the current batch as text, each cell as lmcost_rows_get gives it followed by
 * a newline. */
LMCOST_API const char *lmcost_rows_text(lmcost_rows *r, int col);

#ifdef __cplusplus
}
#endif
#endif
