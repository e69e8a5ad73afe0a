/* evalprog.c: compiling a canonical polynomial into a Horner stack program over its atoms (and
 * its function atoms' arguments), run in checked 128-bit integers, then in GMP integers. */
#include "poly/evalprog.h"
#include "base/alloc.h"
#include <stdlib.h>
#include <string.h>

enum { OP_PUSH, OP_PUSHR, OP_MUL, OP_ADD, OP_ADDC, OP_MULADDC };

struct lm_evalop {
    uint32_t op, arg; /* PUSH/ADDC: a constant; PUSHR/MUL/MULADDC: a register */
    uint32_t arg2;    /* MULADDC: top = top * reg[arg] + const[arg2] */
};

struct lm_evalslot {
    lm_atom *atom;
    long sym;     /* index among the inputs for a symbol, -1 for a function atom */
    lm_poly one;  /* function atoms: the polynomial atom^1, evaluated exactly */
    int64_t shift;
    /* function atoms: a program for each argument, and for each, where its inputs are
     * among this program's (NULL when nested too deep: lm_poly_eval evaluates `one`) */
    lm_evalprog *args;
    size_t **argmap;
};

/* Function atoms nested deeper than this are evaluated by lm_poly_eval. */
#define NEST_MAX 8

#define I128_MAX ((lm_i128)(((lm_u128)1 << 127) - 1))
#define I128_MIN (-I128_MAX - 1)

/* ---- init / clear ------------------------------------------------------------------ */

void lm_evalprog_init(lm_evalprog *e)
{
    memset(e, 0, sizeof *e);
    lm_poly_init(&e->poly);
    mpq_init(e->tmp);
}

static void reset(lm_evalprog *e)
{
    for (size_t i = 0; i < e->nslots; i++) {
        lm_evalslot *sl = &e->slots[i];
        lm_poly_clear(&sl->one);
        for (int k = 0; sl->args && k < sl->atom->nargs; k++) {
            lm_evalprog_clear(&sl->args[k]);
            lm_free(sl->argmap[k]);
        }
        lm_free(sl->args);
        lm_free(sl->argmap);
    }
    lm_free(e->slots);
    lm_free(e->syms);
    lm_free(e->pow_slot);
    lm_free(e->pow_k);
    lm_free(e->ops);
    lm_free(e->consts);
    lm_free(e->reg);
    lm_free(e->stack);
    lm_free(e->ivals);
    lm_free(e->den_regs);
    for (size_t i = 0; i < e->nz; i++)
        mpz_clear(e->zreg[i]);
    lm_free(e->zreg);
    lm_poly_zero(&e->poly);
    mpq_t t;
    memcpy(t, e->tmp, sizeof t);
    lm_poly p = e->poly;
    memset(e, 0, sizeof *e);
    e->poly = p;
    memcpy(e->tmp, t, sizeof t);
}

void lm_evalprog_clear(lm_evalprog *e)
{
    reset(e);
    lm_poly_clear(&e->poly);
    mpq_clear(e->tmp);
}

long lm_evalprog_sym_index(const lm_evalprog *e, const lm_atom *sym)
{
    for (size_t i = 0; i < e->nsyms; i++)
        if (e->syms[i] == sym)
            return (long)i;
    return -1;
}

/* ---- compiling --------------------------------------------------------------------- */

typedef struct {
    lm_atom **v;
    size_t n, cap;
} atom_set;

static int set_add(atom_set *s, lm_atom *a)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == a)
            return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        lm_atom **p = lm_realloc(s->v, cap * sizeof *p);
        if (!p)
            return -1;
        s->v = p, s->cap = cap;
    }
    s->v[s->n++] = a;
    return 0;
}

/* Every symbol of p, inside function atoms too. */
static int collect_syms(atom_set *s, const lm_poly *p)
{
    for (uint32_t i = 0; i < p->n; i++)
        for (uint32_t j = 0; j < p->terms[i].nf; j++) {
            lm_atom *a = p->terms[i].f[j].atom;
            if (a->kind == LM_ATOM_SYM) {
                if (set_add(s, a))
                    return -1;
            } else {
                for (int k = 0; k < a->nargs; k++)
                    if (collect_syms(s, &a->args[k]))
                        return -1;
            }
        }
    return 0;
}

static int atom_ptr_cmp(const void *x, const void *y)
{
    return lm_atom_cmp(*(lm_atom *const *)x, *(lm_atom *const *)y);
}

typedef struct {
    long key;
    size_t idx;
} keyed;

static int keyed_desc(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

typedef struct {
    lm_evalprog *e;
    int64_t *ex;      /* ex[t * ns + s]: shifted exponent of slot s in term t */
    size_t ns;
    size_t depth;
    int fail;         /* allocation failure */
} gen_t;

static uint32_t add_const(gen_t *g, lm_i128 c)
{
    lm_evalprog *e = g->e;
    for (size_t i = 0; i < e->nconsts; i++)
        if (e->consts[i] == c)
            return (uint32_t)i;
    if (e->nconsts == e->cap_consts) {
        size_t cap = e->cap_consts ? 2 * e->cap_consts : 16;
        lm_i128 *p = lm_realloc(e->consts, cap * sizeof *p);
        if (!p)
            return g->fail = 1, 0;
        e->consts = p, e->cap_consts = cap;
    }
    e->consts[e->nconsts] = c;
    return (uint32_t)e->nconsts++;
}

static void emit(gen_t *g, uint32_t op, uint32_t arg)
{
    lm_evalprog *e = g->e;
    if (g->fail)
        return;
    if (op == OP_MUL && e->nops && e->ops[e->nops - 1].op == OP_PUSH &&
        e->consts[e->ops[e->nops - 1].arg] == 1) {
        e->ops[e->nops - 1].op = OP_PUSHR; /* 1 * x^k: push x^k */
        e->ops[e->nops - 1].arg = arg;
        return;
    }
    if (op == OP_ADDC && e->nops && e->ops[e->nops - 1].op == OP_MUL) {
        e->ops[e->nops - 1].op = OP_MULADDC; /* Horner's step in one op */
        e->ops[e->nops - 1].arg2 = arg;
        return;
    }
    if (e->nops == e->cap_ops) {
        size_t cap = e->cap_ops ? 2 * e->cap_ops : 32;
        lm_evalop *p = lm_realloc(e->ops, cap * sizeof *p);
        if (!p) {
            g->fail = 1;
            return;
        }
        e->ops = p, e->cap_ops = cap;
    }
    e->ops[e->nops].op = op;
    e->ops[e->nops].arg = arg;
    e->ops[e->nops].arg2 = 0;
    e->nops++;
    if (op == OP_PUSH || op == OP_PUSHR) {
        if (++g->depth > e->maxstack)
            e->maxstack = g->depth;
    } else if (op == OP_ADD) {
        g->depth--;
    }
}

/* The register holding slot^k (k >= 1). */
static uint32_t pow_reg(gen_t *g, size_t slot, int64_t k)
{
    lm_evalprog *e = g->e;
    if (k == 1)
        return (uint32_t)slot;
    for (size_t i = 0; i < e->npows; i++)
        if (e->pow_slot[i] == slot && e->pow_k[i] == k)
            return (uint32_t)(e->nslots + i);
    uint32_t *ps = lm_realloc(e->pow_slot, (e->npows + 1) * sizeof *ps);
    if (!ps)
        return g->fail = 1, 0;
    e->pow_slot = ps;
    int64_t *pk = lm_realloc(e->pow_k, (e->npows + 1) * sizeof *pk);
    if (!pk)
        return g->fail = 1, 0;
    e->pow_k = pk;
    ps[e->npows] = (uint32_t)slot;
    pk[e->npows] = k;
    return (uint32_t)(e->nslots + e->npows++);
}

/* Does term t use no slot from v on? */
static int rest_const(const gen_t *g, size_t t, size_t v)
{
    for (size_t s = v; s < g->ns; s++)
        if (g->ex[t * g->ns + s])
            return 0;
    return 1;
}

/* Code for the sum of terms idx[0..n-1] (n >= 1), slots before v already factored out:
 * it pushes one value. coef[t] is the integer coefficient of term t. */
static void gen(gen_t *g, size_t *idx, size_t n, size_t v, const lm_i128 *coef)
{
    if (g->fail)
        return;
    for (;; v++) {
        if (v == g->ns)
            break;
        size_t i = 0;
        while (i < n && g->ex[idx[i] * g->ns + v] == 0)
            i++;
        if (i < n)
            break;
    }
    if (v == g->ns) { /* canonical: distinct monomials, so one constant term is left */
        emit(g, OP_PUSH, add_const(g, coef[idx[0]]));
        return;
    }
    keyed *k = lm_malloc(n * sizeof *k);
    if (!k) {
        g->fail = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        k[i].key = (long)g->ex[idx[i] * g->ns + v], k[i].idx = idx[i];
    qsort(k, n, sizeof *k, keyed_desc);
    for (size_t i = 0; i < n; i++)
        idx[i] = k[i].idx;
    int64_t prev = -1;
    for (size_t i = 0; i < n && !g->fail;) {
        size_t j = i;
        while (j < n && k[j].key == k[i].key)
            j++;
        int64_t e = k[i].key;
        if (prev < 0) {
            gen(g, idx + i, j - i, v + 1, coef);
        } else {
            emit(g, OP_MUL, pow_reg(g, v, prev - e));
            if (j - i == 1 && rest_const(g, idx[i], v + 1)) {
                emit(g, OP_ADDC, add_const(g, coef[idx[i]]));
            } else {
                gen(g, idx + i, j - i, v + 1, coef);
                emit(g, OP_ADD, 0);
            }
        }
        prev = e;
        i = j;
    }
    if (prev > 0)
        emit(g, OP_MUL, pow_reg(g, v, prev));
    lm_free(k);
}

static int slot_count_desc(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

static lm_status compile(lm_ctx *ctx, lm_evalprog *e, const lm_poly *p, int nest);

/* Programs for the arguments of function atom slot sl, inputs mapped into e's. */
static lm_status compile_args(lm_ctx *ctx, lm_evalprog *e, lm_evalslot *sl, int nest)
{
    int n = sl->atom->nargs;
    sl->args = lm_calloc((size_t)n, sizeof *sl->args);
    sl->argmap = lm_calloc((size_t)n, sizeof *sl->argmap);
    if (!sl->args || !sl->argmap) {
        lm_free(sl->args), lm_free(sl->argmap);
        sl->args = NULL, sl->argmap = NULL;
        return LM_ENOMEM;
    }
    for (int k = 0; k < n; k++)
        lm_evalprog_init(&sl->args[k]);
    for (int k = 0; k < n; k++) {
        lm_evalprog *a = &sl->args[k];
        lm_status st = compile(ctx, a, &sl->atom->args[k], nest + 1);
        if (st)
            return st;
        sl->argmap[k] = lm_calloc(a->nsyms + 1, sizeof *sl->argmap[k]);
        if (!sl->argmap[k])
            return LM_ENOMEM;
        for (size_t j = 0; j < a->nsyms; j++)
            sl->argmap[k][j] = (size_t)lm_evalprog_sym_index(e, a->syms[j]);
    }
    return LM_OK;
}

lm_status lm_evalprog_compile(lm_ctx *ctx, lm_evalprog *e, const lm_poly *p)
{
    return compile(ctx, e, p, 0);
}

static lm_status compile(lm_ctx *ctx, lm_evalprog *e, const lm_poly *p, int nest)
{
    reset(e); /* limits are read when the program runs */
    lm_status st = lm_poly_set(&e->poly, p);
    if (st)
        return st;
    const lm_poly *q = &e->poly;
    /* inputs */
    atom_set syms = {0}, slots = {0};
    if (collect_syms(&syms, q))
        goto oom;
    if (syms.n)
        qsort(syms.v, syms.n, sizeof *syms.v, atom_ptr_cmp);
    e->syms = syms.v, e->nsyms = syms.n;
    syms.v = NULL;
    /* slots: direct factor atoms, most used first */
    for (uint32_t i = 0; i < q->n; i++)
        for (uint32_t j = 0; j < q->terms[i].nf; j++)
            if (set_add(&slots, q->terms[i].f[j].atom))
                goto oom;
    size_t ns = slots.n;
    keyed *order = lm_calloc(ns ? ns : 1, sizeof *order);
    e->slots = lm_calloc(ns ? ns : 1, sizeof *e->slots);
    if (!order || !e->slots) {
        lm_free(order);
        goto oom;
    }
    for (size_t s = 0; s < ns; s++)
        order[s].idx = s;
    for (uint32_t i = 0; i < q->n; i++)
        for (uint32_t j = 0; j < q->terms[i].nf; j++)
            for (size_t s = 0; s < ns; s++)
                if (slots.v[s] == q->terms[i].f[j].atom)
                    order[s].key++;
    qsort(order, ns, sizeof *order, slot_count_desc);
    e->nslots = ns;
    for (size_t s = 0; s < ns; s++) {
        lm_evalslot *sl = &e->slots[s];
        sl->atom = slots.v[order[s].idx];
        sl->sym = sl->atom->kind == LM_ATOM_SYM ? lm_evalprog_sym_index(e, sl->atom) : -1;
        lm_poly_init(&sl->one);
        if (sl->sym < 0 && ((st = lm_poly_set_atom(&sl->one, sl->atom)) ||
                            (nest < NEST_MAX && (st = compile_args(ctx, e, sl, nest))))) {
            lm_free(order);
            lm_free(slots.v);
            e->nslots = s + 1; /* what is made so far, for reset */
            reset(e);
            return st;
        }
    }
    lm_free(order);
    lm_free(slots.v);
    slots.v = NULL;
    /* bound on the bits of lm_poly_eval's intermediates when every atom value fits */
    uint64_t bound = 0;
    for (uint32_t i = 0; i < q->n; i++) {
        const lm_term *t = &q->terms[i];
        uint64_t b = mpz_sizeinbase(mpq_numref(t->coeff), 2);
        uint64_t bd = mpz_sizeinbase(mpq_denref(t->coeff), 2);
        b = bd > b ? bd : b;
        for (uint32_t j = 0; j < t->nf; j++)
            b = sat_add(b, sat_mul(128, (uint64_t)llabs((long long)t->f[j].exp)));
        if (b > bound)
            bound = b;
    }
    e->bound_bits = sat_add(bound, 66);
    /* shifts and the integer coefficients */
    int64_t *ex = lm_calloc((size_t)q->n * (ns ? ns : 1), sizeof *ex);
    lm_i128 *coef = lm_calloc(q->n ? q->n : 1, sizeof *coef);
    size_t *idx = lm_calloc(q->n ? q->n : 1, sizeof *idx);
    e->den_regs = lm_calloc(ns ? ns : 1, sizeof *e->den_regs);
    if (!ex || !coef || !idx || !e->den_regs) {
        lm_free(ex), lm_free(coef), lm_free(idx);
        goto oom;
    }
    for (uint32_t i = 0; i < q->n; i++) {
        idx[i] = i;
        for (uint32_t j = 0; j < q->terms[i].nf; j++)
            for (size_t s = 0; s < ns; s++)
                if (e->slots[s].atom == q->terms[i].f[j].atom)
                    ex[(size_t)i * ns + s] = q->terms[i].f[j].exp;
    }
    for (size_t s = 0; s < ns; s++) {
        int64_t lo = 0;
        for (uint32_t i = 0; i < q->n; i++)
            if (ex[(size_t)i * ns + s] < lo)
                lo = ex[(size_t)i * ns + s];
        e->slots[s].shift = -lo;
        for (uint32_t i = 0; i < q->n; i++)
            ex[(size_t)i * ns + s] -= lo;
    }
    mpz_t d, c;
    mpz_init_set_ui(d, 1);
    mpz_init(c);
    for (uint32_t i = 0; i < q->n; i++)
        mpz_lcm(d, d, mpq_denref(q->terms[i].coeff));
    e->fast = lm_mpz_get_i128(&e->dconst, d);
    for (uint32_t i = 0; i < q->n && e->fast; i++) {
        mpz_divexact(c, d, mpq_denref(q->terms[i].coeff));
        mpz_mul(c, c, mpq_numref(q->terms[i].coeff));
        e->fast = lm_mpz_get_i128(&coef[i], c);
    }
    mpz_clear(d);
    mpz_clear(c);
    gen_t g = {e, ex, ns, 0, 0};
    if (e->fast) {
        if (q->n)
            gen(&g, idx, q->n, 0, coef);
        for (size_t s = 0; s < ns && !g.fail; s++)
            if (e->slots[s].shift)
                e->den_regs[e->nden++] = pow_reg(&g, s, e->slots[s].shift);
    }
    lm_free(ex), lm_free(coef), lm_free(idx);
    if (g.fail)
        goto oom;
    e->reg = lm_calloc(ns + e->npows + 1, sizeof *e->reg);
    e->stack = lm_calloc(e->maxstack + 1, sizeof *e->stack);
    e->ivals = lm_calloc(e->nsyms + 1, sizeof *e->ivals);
    if (!e->reg || !e->stack || !e->ivals)
        goto oom;
    return LM_OK;
oom:
    lm_free(syms.v);
    lm_free(slots.v);
    reset(e);
    return LM_ENOMEM;
}

/* ---- running ----------------------------------------------------------------------- */

static inline int mul_ok(lm_i128 *r, lm_i128 a, lm_i128 b)
{
    if (a == (int64_t)a && b == (int64_t)b) { /* |a*b| <= 2^126: no overflow possible */
        *r = a * b;
        return 1;
    }
    return !__builtin_mul_overflow(a, b, r);
}

static int ipow(lm_i128 *r, lm_i128 x, int64_t k)
{
    if (x == 0 || x == 1) {
        *r = x;
        return 1;
    }
    if (x == -1) {
        *r = k & 1 ? -1 : 1;
        return 1;
    }
    if (k > 127)
        return 0;
    lm_i128 acc = 1, b = x;
    for (;;) {
        if (k & 1 && !mul_ok(&acc, acc, b))
            return 0;
        k >>= 1;
        if (!k)
            break;
        if (!mul_ok(&b, b, b))
            return 0;
    }
    *r = acc;
    return 1;
}

static lm_u128 ugcd(lm_u128 a, lm_u128 b)
{
    while (b) {
        lm_u128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

typedef struct {
    const lm_evalprog *e;
    const mpq_t *q;
    const lm_i128 *i;
} inputs;

static int input_value(void *ud, const lm_atom *sym, mpq_t out)
{
    const inputs *in = ud;
    long k = lm_evalprog_sym_index(in->e, sym);
    if (k < 0)
        return 0;
    if (in->q) {
        mpq_set(out, in->q[k]);
    } else {
        lm_mpz_set_i128(mpq_numref(out), in->i[k]);
        mpz_set_ui(mpq_denref(out), 1);
    }
    return 1;
}

/* floor and ceil of n/d, d > 0 */
static lm_i128 floor_div(lm_i128 n, lm_i128 d)
{
    lm_i128 q = n / d;
    return q * d != n && n < 0 ? q - 1 : q;
}

/* The value of function atom slot sl from its argument programs, when every argument runs
 * in 128 bits and the value is an integer: 1 with it in *out, else 0 (the caller then asks
 * lm_poly_eval, which gives the same value or the error). */
static int atom_i128(lm_ctx *ctx, const lm_evalslot *sl, const lm_i128 *vals, lm_i128 *out)
{
    if (!sl->args)
        return 0;
    lm_i128 n = 0, d = 1;
    for (int k = 0; k < sl->atom->nargs; k++) {
        lm_evalprog *a = &sl->args[k];
        for (size_t j = 0; j < a->nsyms; j++)
            a->ivals[j] = vals[sl->argmap[k][j]];
        lm_i128 an, ad;
        if (!lm_evalprog_try_i128(ctx, &an, &ad, a, a->ivals))
            return 0;
        if (k == 0) {
            n = an, d = ad;
            continue;
        }
        lm_i128 l, r; /* an/ad against n/d, both denominators positive */
        if (!mul_ok(&l, an, d) || !mul_ok(&r, n, ad))
            return 0;
        if (sl->atom->kind == LM_ATOM_MIN ? l < r : l > r)
            n = an, d = ad;
    }
    switch (sl->atom->kind) {
    case LM_ATOM_FLOOR: n = floor_div(n, d), d = 1; break;
    case LM_ATOM_CEIL: n = -floor_div(-n, d), d = 1; break;
    case LM_ATOM_INV:
        if (n != 1 && n != -1)
            return 0; /* not an integer, or a division by zero */
        n = n * d, d = 1;
        break;
    default: break;
    }
    if (d != 1)
        return 0;
    *out = n;
    return 1;
}

int lm_evalprog_try_i128(lm_ctx *ctx, lm_i128 *num, lm_i128 *den, lm_evalprog *e,
                         const lm_i128 *vals)
{
    if (!e->fast || e->bound_bits > ctx->limits.max_bits)
        return 0;
    lm_i128 *reg = e->reg;
    for (size_t s = 0; s < e->nslots; s++) {
        const lm_evalslot *sl = &e->slots[s];
        if (sl->sym >= 0) {
            reg[s] = vals[sl->sym];
            continue;
        }
        if (atom_i128(ctx, sl, vals, &reg[s]))
            continue;
        inputs in = {e, NULL, vals};
        if (lm_poly_eval(ctx, e->tmp, &sl->one, input_value, &in, NULL) != LM_OK ||
            mpz_cmp_ui(mpq_denref(e->tmp), 1) != 0 ||
            !lm_mpz_get_i128(&reg[s], mpq_numref(e->tmp)))
            return 0;
    }
    for (size_t i = 0; i < e->npows; i++)
        if (!ipow(&reg[e->nslots + i], reg[e->pow_slot[i]], e->pow_k[i]))
            return 0;
    lm_i128 *st = e->stack, *top = st - 1;
    const lm_i128 *k = e->consts;
    for (const lm_evalop *o = e->ops, *end = o + e->nops; o < end; o++) {
        switch (o->op) {
        case OP_PUSH: *++top = k[o->arg]; break;
        case OP_PUSHR: *++top = reg[o->arg]; break;
        case OP_MUL:
            if (!mul_ok(top, *top, reg[o->arg]))
                return 0;
            break;
        case OP_MULADDC:
            if (!mul_ok(top, *top, reg[o->arg]) || __builtin_add_overflow(*top, k[o->arg2], top))
                return 0;
            break;
        case OP_ADDC:
            if (__builtin_add_overflow(*top, k[o->arg], top))
                return 0;
            break;
        default: /* OP_ADD */
            top--;
            if (__builtin_add_overflow(top[0], top[1], top))
                return 0;
            break;
        }
    }
    lm_i128 n = e->nops ? st[0] : 0, d = e->dconst;
    for (size_t i = 0; i < e->nden; i++)
        if (!mul_ok(&d, d, reg[e->den_regs[i]]))
            return 0;
    if (d == 0 || n == I128_MIN || d == I128_MIN)
        return 0;
    if (d != 1) {
        if (d < 0)
            d = -d, n = -n;
        lm_u128 g = ugcd(n < 0 ? (lm_u128)-n : (lm_u128)n, (lm_u128)d);
        if (g > 1)
            n /= (lm_i128)g, d /= (lm_i128)g;
    }
    *num = n;
    *den = d;
    return 1;
}

static void set_q(mpq_t out, lm_i128 n, lm_i128 d)
{
    lm_mpz_set_i128(mpq_numref(out), n);
    lm_mpz_set_i128(mpq_denref(out), d);
}

/* The program again in GMP integers, for the values that overflow 128 bits (large models'
 * memory in bytes times a symbol): 1 with the exact value in out; 0 when an input or a
 * function atom's value is not an integer or the denominator is zero (lm_poly_eval then
 * gives the value or the error). */
static int run_mpz(lm_ctx *ctx, mpq_t out, lm_evalprog *e, const inputs *in)
{
    if (!e->fast || e->bound_bits > ctx->limits.max_bits)
        return 0;
    size_t nreg = e->nslots + e->npows, nstack = e->maxstack + 1;
    if (!e->zreg) { /* made at the first run that needs it */
        size_t n = nreg + 1 + nstack + e->nconsts;
        e->zreg = lm_malloc((n + 1) * sizeof *e->zreg);
        if (!e->zreg)
            return 0;
        for (; e->nz < n; e->nz++)
            mpz_init(e->zreg[e->nz]);
        for (size_t i = 0; i < e->nconsts; i++)
            lm_mpz_set_i128(e->zreg[nreg + 1 + nstack + i], e->consts[i]);
    }
    mpz_t *reg = e->zreg, *den = e->zreg + nreg, *st = den + 1, *top = st - 1;
    const mpz_t *k = (const mpz_t *)(st + nstack);
    for (size_t s = 0; s < e->nslots; s++) {
        const lm_evalslot *sl = &e->slots[s];
        if (sl->sym >= 0 && in->i) {
            lm_mpz_set_i128(reg[s], in->i[sl->sym]);
            continue;
        }
        if (sl->sym >= 0) {
            if (mpz_cmp_ui(mpq_denref(in->q[sl->sym]), 1) != 0)
                return 0;
            mpz_set(reg[s], mpq_numref(in->q[sl->sym]));
            continue;
        }
        lm_i128 v;
        if (in->i && atom_i128(ctx, sl, in->i, &v)) {
            lm_mpz_set_i128(reg[s], v);
            continue;
        }
        /* bound_bits assumes every atom value fits 128 bits (see evalprog.h) */
        if (lm_poly_eval(ctx, e->tmp, &sl->one, input_value, (void *)in, NULL) != LM_OK ||
            mpz_cmp_ui(mpq_denref(e->tmp), 1) != 0 || mpz_sizeinbase(mpq_numref(e->tmp), 2) > 127)
            return 0;
        mpz_set(reg[s], mpq_numref(e->tmp));
    }
    for (size_t i = 0; i < e->npows; i++)
        mpz_pow_ui(reg[e->nslots + i], reg[e->pow_slot[i]], (unsigned long)e->pow_k[i]);
    for (const lm_evalop *o = e->ops, *end = o + e->nops; o < end; o++) {
        switch (o->op) {
        case OP_PUSH: mpz_set(*++top, k[o->arg]); break;
        case OP_PUSHR: mpz_set(*++top, reg[o->arg]); break;
        case OP_MUL: mpz_mul(*top, *top, reg[o->arg]); break;
        case OP_MULADDC:
            mpz_mul(*top, *top, reg[o->arg]);
            mpz_add(*top, *top, k[o->arg2]);
            break;
        case OP_ADDC: mpz_add(*top, *top, k[o->arg]); break;
        default: /* OP_ADD */
            top--;
            mpz_add(top[0], top[0], top[1]);
            break;
        }
    }
    lm_mpz_set_i128(*den, e->dconst);
    for (size_t i = 0; i < e->nden; i++)
        mpz_mul(*den, *den, reg[e->den_regs[i]]);
    if (mpz_sgn(*den) == 0)
        return 0;
    if (e->nops)
        mpz_set(mpq_numref(out), st[0]);
    else
        mpz_set_ui(mpq_numref(out), 0);
    mpz_set(mpq_denref(out), *den);
    mpq_canonicalize(out);
    return 1;
}

lm_status lm_evalprog_eval_i128(lm_ctx *ctx, mpq_t out, lm_evalprog *e, const lm_i128 *vals)
{
    lm_i128 n, d;
    if (lm_evalprog_try_i128(ctx, &n, &d, e, vals)) {
        set_q(out, n, d);
        return lm_alloc_exhausted() ? LM_ENOMEM : LM_OK;
    }
    inputs in = {e, NULL, vals};
    if (run_mpz(ctx, out, e, &in))
        return lm_alloc_exhausted() ? LM_ENOMEM : LM_OK;
    return lm_poly_eval(ctx, out, &e->poly, input_value, &in, NULL);
}

lm_status lm_evalprog_eval(lm_ctx *ctx, mpq_t out, lm_evalprog *e, const mpq_t *vals)
{
    int ints = 1;
    for (size_t i = 0; i < e->nsyms && ints; i++)
        ints = mpz_cmp_ui(mpq_denref(vals[i]), 1) == 0 &&
               lm_mpz_get_i128(&e->ivals[i], mpq_numref(vals[i]));
    lm_i128 n, d;
    if (ints && lm_evalprog_try_i128(ctx, &n, &d, e, e->ivals)) {
        set_q(out, n, d);
        return lm_alloc_exhausted() ? LM_ENOMEM : LM_OK;
    }
    inputs in = {e, vals, NULL};
    if (ints && run_mpz(ctx, out, e, &in))
        return lm_alloc_exhausted() ? LM_ENOMEM : LM_OK;
    return lm_poly_eval(ctx, out, &e->poly, input_value, &in, NULL);
}
