/* grid.h: the axes of sweep and plot, -g SYM=RANGE: a..b [step s], a..b xN (a, a*N, ...
 * up to b) and a,b,c; whole numbers, in the symbol's unit. */
#ifndef LM_CLI_GRID_H
#define LM_CLI_GRID_H
#include "cli.h"

#define AXIS_MAX 10000000ull        /* points on one axis */

typedef enum { AX_RANGE, AX_GEOM, AX_LIST } axis_kind;

typedef struct {
    char *name;
    const lm_symbol *sym;
    axis_kind kind;
    int64_t a, b, step;   /* RANGE: a, a+step, ... ; GEOM: a, a*step, ... up to b */
    int64_t *list;        /* LIST values */
    uint64_t n;           /* points */
    uint64_t i;           /* current index */
    int64_t cur;          /* current value */
    lm_i128 scale;        /* base value = cur * scale (symbols with a unit) */
} axis;

const char *grid_skip_ws(const char *s);
/* NAME=RANGE into *ax (zeroed first by the caller); -1 after an error (reported). */
int grid_parse(cli *c, const char *spec, axis *ax);
void grid_clear(axis *ax);
/* Walk the axis: start at its first point; next moves on, 0 when it wrapped around. */
void grid_start(axis *ax);
int grid_next(axis *ax);

#endif
