/* rows.h: what the table, solve and sweep commands compute, as numbers the command line
 * renders with its writer and the public API returns as rows: one computation for both. */
#ifndef LM_ROWS_H
#define LM_ROWS_H
#include "sem/env.h"
#include "poly/evalprog.h"

/* ---- a batch of rows of exact numbers ------------------------------------------------ */

/* Up to cap rows of ncols columns; cell (row i, column k) is num/den at [i * ncols + k], in
 * lowest terms with den > 0, or, when den == 0, the GMP number big[num] (a value past 128
 * bits). The GMP numbers stay initialized across resets. */
typedef struct {
    size_t ncols, n, cap;
    lm_i128 *num, *den;
    mpq_t *big;
    size_t nbig, capbig;
} lm_batch;

void lm_batch_init(lm_batch *b, size_t ncols);
void lm_batch_clear(lm_batch *b);
int lm_batch_reserve(lm_batch *b, size_t cap); /* -1 when out of memory; keeps no rows */
void lm_batch_reset(lm_batch *b);              /* no rows, capacity kept */
/* Set a cell of row b->n (the row being filled); -1 when out of memory. */
static inline void lm_batch_set_i128(lm_batch *b, size_t k, lm_i128 num, lm_i128 den)
{
    b->num[b->n * b->ncols + k] = num;
    b->den[b->n * b->ncols + k] = den;
}
int lm_batch_set_q(lm_batch *b, size_t k, const mpq_t q);
/* The cell as a GMP rational. */
void lm_batch_get(const lm_batch *b, size_t i, size_t k, mpq_t out);

/* ---- table: a tree of definitions with each row's share of a total ------------------- */

typedef struct {
    size_t nrows, nmodels;
    const char **names;  /* [nrows]: the prefix first when it is defined, then depth first,
                          * children in definition order; owned by the first instance */
    int *depth;          /* [nrows]: 0 for the prefix or its children */
    const lm_def **defs; /* [m * nrows + i] */
    mpq_t *vals, *base;  /* [m * nrows + i]: in the row's unit, in base units */
    mpq_t *totals;       /* [m]: what the shares of model m are of, in base units */
    const char *total;   /* the total's name */
} lm_table;

void lm_table_init(lm_table *t);
void lm_table_clear(lm_table *t);
/* The rows under prefix for the models of ins[0..nmodels) (the rows are the first's). The
 * total is `total` when not NULL, else the prefix when it is itself defined, else each
 * model's largest row (named after the first model's). */
int lm_table_run(lm_table *t, lm_instance *const *ins, size_t nmodels, const char *prefix,
                 const char *total, lm_diags *d);
/* Row i's share of model m's total: 1 and out set, or 0 when the total is zero. */
int lm_table_share(const lm_table *t, size_t m, size_t i, mpq_t out);

/* ---- solve: the largest (or smallest) integer value of a symbol within a bound -------- */

/* How a caller spells a number in its messages (NULL: exact, digits grouped with ","). */
typedef void (*lm_number_fn)(void *ud, lm_buf *b, const mpq_t q);
/* A new instance with the caller's model, convention and settings (NULL after an error,
 * reported): where solve checks a value against the requires. */
typedef lm_instance *(*lm_fresh_fn)(void *ud);

#define LM_SOLVE_REASONS 8    /* the requires a solution names, at most */
#define LM_SOLVE_TRIES 4096   /* the values solve checks against the requires, at most */
#define LM_SOLVE_TRIES_TEXT "4,096"

typedef struct {
    const lm_def *def;    /* the definition, */
    lm_dim dim;           /* its dimension */
    const lm_atom *x;     /* the symbol solved for */
    int ge;               /* NAME >= bound (else NAME <= bound) */
    int dec;              /* NAME does not increase in x (else it does not decrease) */
    int smallest;         /* the answer is the smallest x that satisfies the bound (ge and
                           * rising, or <= and falling), else the largest */
    int closed;           /* solved in closed form (linear in x or in 1/x), else by search */
    int inverse;          /* the closed form is linear in 1/x */
    int has_other;        /* other is an x >= 1 (not so below a smallest answer of 1 when
                           * NAME falls: it is taken for x >= 1 only) */
    mpz_t answer, other;  /* the answer, and one step past the bound's own answer (which is
                           * the answer unless a require moved it): + 1 (- 1: smallest),
                           * where the bound fails */
    mpq_t at_answer, at_other, bound; /* the definition there, and the bound: base units */
    int moved;            /* a require excluded the bound's own answer: the answer moved on */
    mpz_t excl_lo, excl_hi; /* moved: the values excluded, from lowest to highest */
    const char *excluded_by[LM_SOLVE_REASONS]; /* the messages of the requires that
                                                * excluded them, first met first */
    size_t nexcluded_by;
} lm_solution;

void lm_solution_init(lm_solution *s);
void lm_solution_clear(lm_solution *s);
/* Solve NAME <= BOUND (ge: NAME >= BOUND) for the integer symbol `sym` >= 1, in instance in
 * (which then keeps sym symbolic). The bound is an expression (srcname names it in errors);
 * a bare number is in the definition's unit. NAME must move one way in sym; rising, the
 * answer is the largest sym within the bound (ge: the smallest that reaches it), falling,
 * the smallest within it (ge: the largest that still reaches it). The search is exact:
 * the closed form when NAME is linear in sym or in 1/sym, otherwise doubling and
 * bisection. The test of the direction is sufficient: NAME = sum c_k sym^k (k may be
 * negative) with numbers c_k, every term moving the same way. With fresh (not NULL), the
 * answer then honours the requires (lm_solve_requires). */
int lm_solve(lm_solution *s, lm_instance *in, const char *name, const char *sym,
             const char *bound, int ge, const char *srcname, lm_number_fn number,
             lm_fresh_fn fresh, void *ud, lm_diags *d);
/* The name programs read the definition at other by: "at_value_plus_1" (the smallest:
 * "at_value_minus_1"); moved, "at_excluded_to_plus_1" ("at_excluded_from_minus_1"). */
const char *lm_solution_other_key(const lm_solution *s);
/* For lm_solve: the requires (src/lib/parallel.lm: "data_parallel must divide batch_size")
 * run where sym is set, not where it is varied. From the bound's answer on, away from the
 * values that fail the bound (up for the smallest, down towards 1 for the largest), the
 * first value with which an instance from fresh passes every require becomes the answer,
 * the definition elaborated there and held to the bound again. No such value among
 * LM_SOLVE_TRIES: an error naming the requires. */
int lm_solve_requires(lm_solution *s, const char *name, const char *sym, const char *bound,
                      lm_fresh_fn fresh, void *ud, lm_diags *d);

/* ---- an axis of a grid: NAME=RANGE ------------------------------------------------------ */

#define LM_AXIS_MAX 10000000ull /* points on one axis */

typedef enum { LM_AXIS_RANGE, LM_AXIS_GEOM, LM_AXIS_LIST } lm_axis_kind;

typedef struct {
    char *name;
    const lm_symbol *sym;
    char *unit;           /* the symbol's unit, or NULL */
    lm_axis_kind kind;
    int64_t a, b, step;   /* RANGE: a, a+step, ... ; GEOM: a, a*step, ... up to b */
    int64_t *list;        /* LIST values */
    uint64_t n;           /* points */
    uint64_t i;           /* current index */
    int64_t cur;          /* current value */
    lm_i128 scale;        /* base value = cur * scale (symbols with a unit) */
} lm_axis;

/* "NAME=a..b", "NAME=a..b step s", "NAME=a..b x2" or "NAME=a,b,c" into *ax, zeroed by the
 * caller (lm_axis_clear it, even after an error, which is reported). */
int lm_axis_parse(lm_axis *ax, const lm_env *env, const char *spec, lm_diags *d);
void lm_axis_clear(lm_axis *ax);
/* Walk the axis: start at its first point; next moves on, 0 when it wrapped around. */
void lm_axis_start(lm_axis *ax);
int lm_axis_next(lm_axis *ax);
const char *lm_skip_ws(const char *s); /* past spaces and tabs */

/* ---- sweep: definitions evaluated exactly over a grid of symbol values --------------- */

typedef struct lm_sweep lm_sweep;

/* The grid, from specs "NAME=a..b", "NAME=a..b step s", "NAME=a..b x2", "NAME=a,b,c" (the
 * first varies slowest). NULL after an error (reported). */
lm_sweep *lm_sweep_new(lm_env *env, const char *const *grids, size_t naxes, lm_diags *d);
void lm_sweep_free(lm_sweep *s);
/* The definitions, elaborated once in instance in with the grid's symbols kept symbolic
 * (in is changed so) and compiled; where, when not NULL, is "NAME <= QUANTITY" (or <, >,
 * >=): only the points where it holds are rows. The sweep then no longer needs in. */
int lm_sweep_compile(lm_sweep *s, lm_instance *in, const char *const *names, size_t ncols,
                     const char *where, lm_diags *d);
/* Columns: the grid's symbols, then the definitions (their values in their units). */
size_t lm_sweep_ncols(const lm_sweep *s);
size_t lm_sweep_naxes(const lm_sweep *s);
const char *lm_sweep_name(const lm_sweep *s, size_t k);
const char *lm_sweep_unit(const lm_sweep *s, size_t k); /* NULL: none */
uint64_t lm_sweep_total(const lm_sweep *s); /* points in the grid */
uint64_t lm_sweep_done(const lm_sweep *s);  /* points visited so far */
int lm_sweep_finished(const lm_sweep *s);
/* The next rows into b (reset first): at most max_rows rows, visiting at most max_points
 * points (so that a caller can show progress under a selective where). Returns the rows
 * added, or -1 on an error at a point (reported), b then holding the rows before it. */
long lm_sweep_fill(lm_sweep *s, lm_batch *b, size_t max_rows, uint64_t max_points,
                   lm_diags *d);

#endif
