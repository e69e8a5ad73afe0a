/* env.c: loading .lm sources into an environment of declarations (see env.h), and the names
 * visible from a convention. Declarations are checked for duplicates and bad units here;
 * formulas are elaborated later (elab.c). */
#include "sem/env.h"
#include "sem/names.h"
#include "base/alloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LM_MAX_INCLUDE_DEPTH 16

void lm_val_init(lm_val *v)
{
    lm_poly_init(&v->p);
    memset(&v->dim, 0, sizeof v->dim);
}

void lm_val_clear(lm_val *v) { lm_poly_clear(&v->p); }

lm_env *lm_env_new(void)
{
    lm_env *env = lm_calloc(1, sizeof *env);
    if (!env)
        return NULL;
    lm_ctx_init(&env->ctx);
    lm_sources_init(&env->sources);
    return env;
}

void lm_env_free(lm_env *env)
{
    if (!env)
        return;
    for (size_t i = 0; i < env->nfiles; i++) {
        lm_ast_file_clear(env->files[i]);
        lm_free(env->files[i]);
    }
    lm_free(env->files);
    for (size_t i = 0; i < env->nsyms; i++)
        mpq_clear(env->syms[i].scale);
    for (size_t i = 0; i < env->ndefs; i++)
        mpq_clear(env->defs[i].scale);
    lm_free(env->syms);
    lm_free(env->opts);
    lm_free(env->defs);
    lm_free(env->blocks);
    for (size_t i = 0; i < env->nloaded; i++)
        lm_free(env->loaded[i]);
    lm_free(env->loaded);
    lm_free(env->checks);
    lm_free(env->whens);
    lm_names_drop(env);
    lm_ctx_clear(&env->ctx);
    lm_sources_clear(&env->sources);
    lm_free(env);
}

int lm_env_fail(const lm_env *env, lm_diags *d, lm_status st, const lm_span *span,
                const char *what)
{
    const lm_limits *lim = &env->ctx.limits;
    const char *msg = lm_status_str(st);
    switch (st) {
    case LM_ENOMEM:
        d->oom = 1;
        break;
    case LM_ELIMIT_TERMS:
        lm_diag_limit(d, span, LM_LIMIT_TERMS, lim->max_terms, msg);
        break;
    case LM_ELIMIT_BITS:
        lm_diag_limit(d, span, LM_LIMIT_BITS, lim->max_bits, msg);
        break;
    case LM_ELIMIT_DEPTH:
        lm_diag_limit(d, span, LM_LIMIT_DEPTH, lim->max_depth, msg);
        break;
    case LM_ELIMIT_EXP:
        lm_diag_limit(d, span, LM_LIMIT_EXPONENT, (uint64_t)lim->max_exponent, msg);
        break;
    case LM_ELIMIT_SIZE:
        lm_diag_limit(d, span, LM_LIMIT_SIZE, lim->max_size, msg);
        break;
    default:
        lm_diag_add(d, LM_SEV_ERROR, span, "%s%s%s", msg, what ? " in " : "", what ? what : "");
        break;
    }
    return -1;
}

/* Grow an array by one element; returns the new element (zeroed) or NULL. */
static void *push(void **arr, size_t *n, size_t size)
{
    if ((*n & (*n - 1)) == 0) {
        size_t cap = *n ? *n * 2 : 8;
        void *p = lm_realloc(*arr, cap * size);
        if (!p)
            return NULL;
        *arr = p;
    }
    char *e = (char *)*arr + *n * size;
    memset(e, 0, size);
    (*n)++;
    return e;
}
#define PUSH(env, field, count) push((void **)&(env)->field, &(env)->count, sizeof *(env)->field)

const lm_symbol *lm_env_symbol(const lm_env *env, const char *name)
{
    const lm_name_entry *e = lm_names_find(env, name);
    if (e)
        return lm_name_sym(e) < 0 ? NULL : &env->syms[lm_name_sym(e)];
    for (size_t i = 0; i < env->nsyms; i++)
        if (strcmp(env->syms[i].name, name) == 0)
            return &env->syms[i];
    return NULL;
}

const lm_option *lm_env_option(const lm_env *env, const char *name)
{
    const lm_name_entry *e = lm_names_find(env, name);
    if (e)
        return lm_name_opt(e) < 0 ? NULL : &env->opts[lm_name_opt(e)];
    for (size_t i = 0; i < env->nopts; i++)
        if (strcmp(env->opts[i].name, name) == 0)
            return &env->opts[i];
    return NULL;
}

const char *lm_option_find(const lm_option *o, const char *text, size_t n)
{
    for (size_t i = 0; i < o->decl->nargs; i++) {
        const char *v = o->decl->args[i]->text;
        if (strlen(v) == n && memcmp(v, text, n) == 0)
            return v;
    }
    return NULL;
}

int lm_option_numeric(const lm_option *o)
{
    for (size_t i = 0; i < o->decl->nargs; i++)
        if (o->decl->args[i]->text[0] < '0' || o->decl->args[i]->text[0] > '9')
            return 0;
    return 1;
}

const lm_block *lm_env_block(const lm_env *env, const char *name, int is_convention)
{
    const lm_name_entry *e = lm_names_find(env, name);
    if (e) {
        int i = lm_name_block(e, is_convention);
        return i < 0 ? NULL : &env->blocks[i];
    }
    for (size_t i = 0; i < env->nblocks; i++)
        if (env->blocks[i].is_convention == is_convention && strcmp(env->blocks[i].name, name) == 0)
            return &env->blocks[i];
    return NULL;
}

static int def_of(const lm_def *d, const char *conv)
{
    return conv ? d->conv && strcmp(d->conv, conv) == 0 : d->conv == NULL;
}

static const lm_def *def_in(const lm_env *env, const char *name, const char *conv)
{
    const lm_name_entry *e = lm_names_find(env, name);
    if (e) {
        const uint32_t *v;
        size_t n = lm_name_defs(e, &v);
        for (size_t i = 0; i < n; i++)
            if (def_of(&env->defs[v[i]], conv))
                return &env->defs[v[i]];
        return NULL;
    }
    for (size_t i = 0; i < env->ndefs; i++) {
        const lm_def *d = &env->defs[i];
        if (strcmp(d->name, name) == 0 && def_of(d, conv))
            return d;
    }
    return NULL;
}

const lm_def *lm_env_def(const lm_env *env, const char *name, const char *conv)
{
    /* The convention's own, then its ancestors', then the globals. */
    for (int hops = 0; conv && hops < 64; hops++) {
        const lm_def *d = def_in(env, name, conv);
        if (d)
            return d;
        const lm_block *b = lm_env_block(env, conv, 1);
        conv = b ? b->parent : NULL;
    }
    return def_in(env, name, NULL);
}

/* ---- names visible from a convention ------------------------------------------------- */

int lm_env_def_visible(const lm_env *env, const lm_def *def, const char *conv)
{
    return lm_env_def(env, def->name, conv) == def;
}

int lm_env_has_children(const lm_env *env, const char *conv, const char *name)
{
    const lm_name_entry *e = lm_names_find(env, name);
    if (e) {
        const uint32_t *v;
        size_t n = lm_name_below(e, &v);
        for (size_t i = 0; i < n; i++)
            if (lm_env_def_visible(env, &env->defs[v[i]], conv))
                return 1;
        return 0;
    }
    size_t len = strlen(name);
    for (size_t i = 0; i < env->ndefs; i++) {
        const lm_def *def = &env->defs[i];
        if (strncmp(def->name, name, len) == 0 && def->name[len] == '.' &&
            lm_env_def_visible(env, def, conv))
            return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int lm_env_def_names(const lm_env *env, const char *conv, const char ***names, size_t *n)
{
    *n = 0;
    *names = lm_malloc((env->ndefs + 1) * sizeof **names);
    if (!*names)
        return -1;
    for (size_t i = 0; i < env->ndefs; i++)
        if (lm_env_def_visible(env, &env->defs[i], conv))
            (*names)[(*n)++] = env->defs[i].name;
    qsort(*names, *n, sizeof **names, cmp_str);
    return 0;
}

int lm_env_children(const lm_env *env, const char *conv, const char *prefix, lm_arena *arena,
                    const char ***names, size_t *n)
{
    size_t plen = strlen(prefix);
    *n = 0;
    *names = lm_malloc((env->ndefs + 1) * sizeof **names);
    if (!*names)
        return -1;
    for (size_t i = 0; i < env->ndefs; i++) {
        const lm_def *def = &env->defs[i];
        const char *nm = def->name;
        if (strncmp(nm, prefix, plen) != 0 || nm[plen] != '.' ||
            !lm_env_def_visible(env, def, conv))
            continue;
        const char *dot = strchr(nm + plen + 1, '.');
        size_t len = dot ? (size_t)(dot - nm) : strlen(nm);
        size_t k = 0;
        while (k < *n && !(strlen((*names)[k]) == len && strncmp((*names)[k], nm, len) == 0))
            k++;
        if (k < *n)
            continue;
        const char *child = dot ? lm_arena_strndup(arena, nm, len) : nm;
        if (!child) {
            lm_free(*names);
            *names = NULL;
            return -1;
        }
        (*names)[(*n)++] = child;
    }
    return 0;
}

const struct lm_embedded_file *lm_embedded_find(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    for (const struct lm_embedded_file *f = lm_embedded_files; f->name; f++)
        if (strcmp(f->name, base) == 0)
            return f;
    return NULL;
}

/* Report a name declared twice, pointing at both places. */
static void duplicate(lm_diags *d, const char *what, const char *name, const lm_span *here,
                      const lm_span *first)
{
    lm_diag_add(d, LM_SEV_ERROR, here, "duplicate %s '%s'", what, name);
    lm_diag_add(d, LM_SEV_NOTE, first, "'%s' was first declared here", name);
}

/* A name may be a symbol, an option or a global definition, never two of these. */
static const lm_span *taken(const lm_env *env, const char *name)
{
    const lm_symbol *s = lm_env_symbol(env, name);
    if (s)
        return &s->span;
    const lm_option *o = lm_env_option(env, name);
    if (o)
        return &o->span;
    const lm_def *d = def_in(env, name, NULL);
    return d ? &d->span : NULL;
}

static int parse_unit(const char *text, const lm_span *span, mpq_t scale, lm_dim *dim,
                      lm_diags *d)
{
    size_t off, len;
    if (lm_unit_parse(text, scale, dim, &off, &len) == 0)
        return 0;
    lm_span s = *span;
    s.col += (int)off;
    s.end_col = s.col + (int)len - 1;
    lm_diag_add(d, LM_SEV_ERROR, &s, "unknown unit '%.*s' in [%s]", (int)len, text + off, text);
    return -1;
}

static int add_def(lm_env *env, const lm_ast *st, const char *conv, lm_diags *d)
{
    const lm_def *prev = conv ? def_in(env, st->text, conv) : NULL;
    const lm_span *first = prev ? &prev->span : conv ? NULL : taken(env, st->text);
    if (conv && !first) {
        const lm_symbol *sym = lm_env_symbol(env, st->text);
        const lm_option *opt = lm_env_option(env, st->text);
        first = sym ? &sym->span : opt ? &opt->span : NULL;
    }
    if (first) {
        duplicate(d, "definition", st->text, &st->span, first);
        return -1;
    }
    lm_def *def = PUSH(env, defs, ndefs);
    if (!def)
        return d->oom = 1, -1;
    mpq_init(def->scale);
    mpq_set_ui(def->scale, 1, 1);
    def->name = st->text;
    def->desc = st->strs[2];
    def->unit = st->unit;
    def->expr = st->a;
    def->conv = conv;
    def->span = st->span;
    if (st->unit && parse_unit(st->unit, &st->unit_span, def->scale, &def->dim, d))
        return -1;
    return 0;
}

static int load_ast(lm_env *env, lm_ast_file *file, lm_diags *d, int depth);

/* The settings of a model or a when block: values, not quantities with units, each
 * named once. */
static int check_settings(const lm_ast *st, const char *what, lm_diags *d)
{
    int rc = 0;
    for (size_t i = 0; i < st->nargs; i++) {
        const lm_ast *a = st->args[i];
        if (a->unit) {
            lm_diag_add(d, LM_SEV_ERROR, &a->unit_span,
                        "a %s sets values; a unit goes after the number ('= 80 GB')", what);
            rc = -1;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(st->args[j]->text, a->text) == 0) {
                duplicate(d, "setting", a->text, &a->span, &st->args[j]->span);
                rc = -1;
            }
    }
    return rc;
}

/* A convention may be written in several blocks (parallel.lm adds to standard): the first
 * declares it, with its description and parent; a later one only adds definitions. */
static int continue_convention(lm_env *env, const lm_ast *st, const lm_block *prev,
                               lm_diags *d)
{
    if (st->parent || st->strs[2]) {
        lm_diag_add(d, LM_SEV_ERROR, &st->span, "convention '%s' is declared already; a later "
                    "block adds definitions to it, without 'extends' or a description",
                    st->text);
        lm_diag_add(d, LM_SEV_NOTE, &prev->span, "'%s' was first declared here", st->text);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < st->nargs; i++)
        rc |= add_def(env, st->args[i], prev->name, d);
    return rc;
}

static int add_block(lm_env *env, const lm_ast *st, lm_diags *d)
{
    int conv = st->kind == LM_AST_CONVENTION;
    const lm_block *prev = lm_env_block(env, st->text, conv);
    if (prev && conv)
        return continue_convention(env, st, prev, d);
    if (prev) {
        duplicate(d, "model", st->text, &st->span, &prev->span);
        return -1;
    }
    lm_block *b = PUSH(env, blocks, nblocks);
    if (!b)
        return d->oom = 1, -1;
    b->name = st->text;
    b->parent = st->parent;
    b->desc = st->strs[2];
    b->decl = st;
    b->span = st->span;
    b->parent_span = st->parent_span;
    b->is_convention = conv;
    if (!conv)
        return check_settings(st, "model", d);
    int rc = 0;
    for (size_t i = 0; i < st->nargs; i++)
        rc |= add_def(env, st->args[i], st->text, d);
    return rc;
}

static int add_symbol(lm_env *env, const lm_ast *st, lm_diags *d)
{
    const lm_span *first = taken(env, st->text);
    if (first) {
        duplicate(d, "symbol", st->text, &st->span, first);
        return -1;
    }
    lm_symbol *s = PUSH(env, syms, nsyms);
    if (!s)
        return d->oom = 1, -1;
    mpq_init(s->scale);
    mpq_set_ui(s->scale, 1, 1);
    s->name = st->text;
    s->plain = st->strs[0];
    s->latex = st->strs[1];
    s->desc = st->strs[2];
    s->unit = st->unit;
    s->deflt = st->a;
    s->span = st->span;
    if (st->unit && parse_unit(st->unit, &st->unit_span, s->scale, &s->dim, d))
        return -1;
    s->atom = lm_ctx_symbol(&env->ctx, s->name);
    if (!s->atom)
        return d->oom = 1, -1;
    s->atom->plain = s->plain;
    s->atom->latex = s->latex;
    return 0;
}

static int add_option(lm_env *env, const lm_ast *st, lm_diags *d)
{
    const lm_span *first = taken(env, st->text);
    if (first) {
        duplicate(d, "option", st->text, &st->span, first);
        return -1;
    }
    for (size_t i = 0; i < st->nargs; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(st->args[i]->text, st->args[j]->text) == 0) {
                duplicate(d, "option value", st->args[i]->text, &st->args[i]->span,
                          &st->args[j]->span);
                return -1;
            }
    lm_option *o = PUSH(env, opts, nopts);
    if (!o)
        return d->oom = 1, -1;
    o->name = st->text;
    o->desc = st->strs[2];
    o->decl = st;
    o->span = st->span;
    return 0;
}

static int load_text(lm_env *env, const char *name, const char *text, size_t len, lm_diags *d,
                     int depth);
static int load_file(lm_env *env, const char *path, lm_diags *d, const lm_span *from,
                     int depth);

/* Resolve an include relative to the including file; built-in names are the fallback.
 * depth: how deep the included file is nested (1 for a file the top file includes). */
static int include(lm_env *env, const lm_ast *st, lm_diags *d, int depth)
{
    if (depth > LM_MAX_INCLUDE_DEPTH) {
        lm_diag_add(d, LM_SEV_ERROR, &st->span, "includes nested more than %d deep",
                    LM_MAX_INCLUDE_DEPTH);
        return -1;
    }
    const char *from = st->span.src ? st->span.src->name : "";
    const char *slash = strrchr(from, '/');
    lm_buf path;
    lm_buf_init(&path);
    if (st->strs[0][0] != '/' && slash && strncmp(from, "<builtin>", 9) != 0)
        lm_buf_putn(&path, from, (size_t)(slash - from + 1));
    lm_buf_puts(&path, st->strs[0]);
    if (path.failed)
        return d->oom = 1, -1;
    int rc;
    struct stat sb;
    if (strncmp(from, "<builtin>", 9) == 0 || stat(lm_buf_str(&path), &sb) != 0) {
        const struct lm_embedded_file *f = lm_embedded_find(st->strs[0]);
        if (f) {
            lm_buf_clear(&path);
            lm_buf_printf(&path, "<builtin>/%s", f->name);
            rc = load_text(env, lm_buf_str(&path), f->text, f->len, d, depth);
            lm_buf_clear(&path);
            return rc;
        }
    }
    rc = load_file(env, lm_buf_str(&path), d, &st->span, depth);
    lm_buf_clear(&path);
    return rc;
}

static int load_ast(lm_env *env, lm_ast_file *file, lm_diags *d, int depth)
{
    int rc = 0;
    for (const lm_ast *st = file->first; st; st = st->next) {
        switch (st->kind) {
        case LM_AST_SYMBOL: rc |= add_symbol(env, st, d); break;
        case LM_AST_OPTION: rc |= add_option(env, st, d); break;
        case LM_AST_DEF: rc |= add_def(env, st, NULL, d); break;
        case LM_AST_MODEL:
        case LM_AST_CONVENTION: rc |= add_block(env, st, d); break;
        case LM_AST_INCLUDE: rc |= include(env, st, d, depth + 1); break;
        case LM_AST_CHECK: {
            const lm_ast **slot = PUSH(env, checks, nchecks);
            if (!slot)
                return d->oom = 1, -1;
            *slot = st;
            break;
        }
        case LM_AST_WHEN: {
            const lm_ast **slot = PUSH(env, whens, nwhens);
            if (!slot)
                return d->oom = 1, -1;
            *slot = st;
            rc |= check_settings(st, "when block", d);
            break;
        }
        default: break;
        }
        if (d->oom)
            return -1;
    }
    return rc;
}

static int already_loaded(const lm_env *env, const char *name)
{
    for (size_t i = 0; i < env->nloaded; i++)
        if (strcmp(env->loaded[i], name) == 0)
            return 1;
    return 0;
}

/* depth: how deep the file is nested in includes (0 for the file the caller loads). */
static int load_text(lm_env *env, const char *name, const char *text, size_t len, lm_diags *d,
                     int depth)
{
    if (already_loaded(env, name))
        return 0;
    char *copy = lm_strdup(name);
    char **slot = copy ? PUSH(env, loaded, nloaded) : NULL;
    if (!slot) {
        lm_free(copy);
        return d->oom = 1, -1;
    }
    *slot = copy;
    const lm_source *src = lm_sources_add(&env->sources, name, text, len);
    lm_ast_file *file = src ? lm_malloc(sizeof *file) : NULL;
    if (!file)
        return d->oom = 1, -1;
    lm_ast_file_init(file);
    lm_ast_file **fslot = PUSH(env, files, nfiles);
    if (!fslot) {
        lm_free(file);
        return d->oom = 1, -1;
    }
    *fslot = file;
    if (lm_parse_file(file, src, d, &env->ctx.limits))
        return -1;
    return lm_diags_settle(d, load_ast(env, file, d, depth));
}

int lm_env_load_text(lm_env *env, const char *name, const char *text, size_t len,
                     lm_diags *d)
{
    return load_text(env, name, text, len, d, 0);
}

int lm_env_read_file(lm_env *env, const char *path, lm_buf *out, lm_diags *d,
                     const lm_span *from)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        char why[256]; /* strerror_r: strerror may share one buffer between threads */
        if (strerror_r(e, why, sizeof why) != 0)
            snprintf(why, sizeof why, "error %d", e);
        lm_diag_add(d, LM_SEV_ERROR, from, "%s: %s", path, why);
        return -1;
    }
    char chunk[65536];
    size_t n;
    /* The largest source accepted (limits.max_file): a stray huge file is an error, not a
     * stall. */
    uint64_t max = env->ctx.limits.max_file;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && out->len <= max)
        lm_buf_putn(out, chunk, n);
    int err = ferror(f);
    fclose(f);
    if (err) {
        lm_diag_add(d, LM_SEV_ERROR, from, "%s: read error", path);
        return -1;
    }
    if (out->len > max) {
        lm_buf what;
        lm_buf_init(&what);
        lm_buf_printf(&what, "%s: file too large", path);
        lm_diag_limit(d, from, LM_LIMIT_FILE, max, lm_buf_str(&what));
        if (what.failed)
            d->oom = 1;
        lm_buf_clear(&what);
        return -1;
    }
    if (out->failed)
        return d->oom = 1, -1;
    return 0;
}

static int load_file(lm_env *env, const char *path, lm_diags *d, const lm_span *from,
                     int depth)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        lm_diag_add(d, LM_SEV_ERROR, from, "%s: is a directory, not a .lm file", path);
        return -1;
    }
    lm_buf b;
    lm_buf_init(&b);
    int rc = lm_env_read_file(env, path, &b, d, from);
    if (!rc)
        rc = load_text(env, path, lm_buf_str(&b), b.len, d, depth);
    lm_buf_clear(&b);
    return rc;
}

int lm_env_adopt(lm_env *env, const char *name, lm_ast_file *file, lm_diags *d)
{
    char *copy = lm_strdup(name);
    char **slot = copy ? PUSH(env, loaded, nloaded) : NULL;
    lm_ast_file **fslot = slot ? PUSH(env, files, nfiles) : NULL;
    if (!fslot) {
        if (slot)
            env->nloaded--;
        lm_free(copy);
        lm_ast_file_clear(file);
        lm_free(file);
        return d->oom = 1, -1;
    }
    *slot = copy;
    *fslot = file;
    return lm_diags_settle(d, load_ast(env, file, d, 0));
}

int lm_env_loaded(const lm_env *env, const char *name)
{
    return already_loaded(env, name);
}

int lm_env_load_file(lm_env *env, const char *path, lm_diags *d, const lm_span *from)
{
    return load_file(env, path, d, from, 0);
}

int lm_env_load_builtin(lm_env *env, lm_diags *d)
{
    const struct lm_embedded_file *f = lm_embedded_find("lmcost.lm");
    if (!f) {
        lm_diag_add(d, LM_SEV_ERROR, NULL, "the built-in library is missing lmcost.lm");
        return -1;
    }
    return lm_env_load_text(env, "<builtin>/lmcost.lm", f->text, f->len, d);
}
