/* hf.c: a Hugging Face config.json made into a model: jansson parses the file, the family's
 * table (hftab.c) says what each field sets, and the settings point into the JSON text. */
#include "sem/hf.h"
#include "base/alloc.h"
#include <jansson.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int lm_hf_is_path(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* ---- where the top-level keys are ------------------------------------------------------ */
/* jansson gives a position for syntax errors only. For messages about a field, a scan of
 * the (already valid) text finds each top-level key and its value; it reads no value. */

typedef struct {
    const char *key; /* into the source text (the raw key, without its quotes) */
    size_t klen;
    const char *val; /* the value's text */
    size_t vlen;
    lm_span kspan, vspan;
} hf_loc;

typedef struct {
    const char *p, *end;
    int line, col, last_line, last_col;
} cursor;

static void adv(cursor *c)
{
    c->last_line = c->line, c->last_col = c->col;
    if (*c->p == '\n')
        c->line++, c->col = 1;
    else if (c->p + 1 >= c->end || ((unsigned char)c->p[1] & 0xC0) != 0x80)
        c->col++; /* columns count characters: a UTF-8 continuation byte is no column */
    c->p++;
}

static void skip_ws(cursor *c)
{
    while (c->p < c->end && strchr(" \t\r\n", *c->p))
        adv(c);
}

static void skip_string(cursor *c)
{
    adv(c);
    while (c->p < c->end && *c->p != '"') {
        if (*c->p == '\\' && c->p + 1 < c->end)
            adv(c);
        adv(c);
    }
    if (c->p < c->end)
        adv(c);
}

static void skip_value(cursor *c)
{
    if (c->p < c->end && *c->p == '"') {
        skip_string(c);
        return;
    }
    int depth = 0;
    while (c->p < c->end) {
        char ch = *c->p;
        if (ch == '"') {
            skip_string(c);
            continue;
        }
        if (ch == '{' || ch == '[')
            depth++;
        else if (ch == '}' || ch == ']')
            depth--;
        else if (depth == 0 && strchr(", \t\r\n", ch))
            return;
        if (depth < 0)
            return;
        adv(c);
        if (depth == 0 && (ch == '}' || ch == ']'))
            return;
    }
}

static lm_span span_at(const lm_source *src, int line, int col, int end_line, int end_col)
{
    lm_span s = {src, line, col, end_line, end_col};
    return s;
}

/* The top-level keys of the object in src, in order (*locs allocated, NULL when none). */
static int locate(const lm_source *src, hf_loc **locs, size_t *n)
{
    cursor c = {src->text, src->text + src->len, 1, 1, 1, 1};
    size_t cap = 0;
    *locs = NULL;
    *n = 0;
    skip_ws(&c);
    if (c.p >= c.end || *c.p != '{')
        return 0;
    adv(&c);
    for (;;) {
        skip_ws(&c);
        if (c.p >= c.end || *c.p != '"')
            return 0;
        hf_loc l;
        int line = c.line, col = c.col;
        l.key = c.p + 1;
        skip_string(&c);
        l.klen = (size_t)(c.p - l.key - 1);
        l.kspan = span_at(src, line, col, c.last_line, c.last_col);
        skip_ws(&c);
        if (c.p >= c.end || *c.p != ':')
            return 0;
        adv(&c);
        skip_ws(&c);
        line = c.line, col = c.col;
        l.val = c.p;
        skip_value(&c);
        l.vlen = (size_t)(c.p - l.val);
        /* a value over several lines (an object) is marked where it starts */
        l.vspan = c.last_line == line ? span_at(src, line, col, line, c.last_col)
                                      : span_at(src, line, col, line, col);
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            hf_loc *m = lm_realloc(*locs, cap * sizeof *m);
            if (!m)
                return -1;
            *locs = m;
        }
        (*locs)[(*n)++] = l;
        skip_ws(&c);
        if (c.p >= c.end || *c.p != ',')
            return 0;
        adv(&c);
    }
}

/* ---- the reader ------------------------------------------------------------------------ */

typedef struct {
    lm_env *env;
    lm_diags *d;
    const lm_source *src;
    const lm_hf_family *fam;
    hf_loc *locs;
    size_t nlocs;
    lm_span type_span; /* "model_type": settings without a field of their own point here */
    lm_ast_file *file;
    lm_ast *model;
    int rc;
    /* gathered from the fields, settled at the end */
    json_int_t width, heads, layers;
    const char *width_field, *heads_field;
    lm_span width_span;
    unsigned bias;
    const char *ffn;
    lm_span ffn_span, ffn_vspan;
    int has_head_dim;
    json_int_t head_dim; /* 0: hidden_size // num_attention_heads */
    lm_span head_dim_span, head_dim_vspan;
    int window_on, use_window;
    json_int_t window, window_from, typed_layers, typed_sliding; /* typed_*: layer_types */
    lm_span window_span, window_vspan, types_span;
    json_int_t embed;
    lm_span embed_span, embed_vspan;
    int final_norm;
    lm_span final_span;
} hf_ctx;

static const hf_loc *find_loc(const hf_ctx *c, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i < c->nlocs; i++)
        if (c->locs[i].klen == n && memcmp(c->locs[i].key, key, n) == 0)
            return &c->locs[i];
    return NULL;
}

/* Append the setting NAME = VALUE (a number's digits, or an option's value). */
static void emit(hf_ctx *c, const char *name, const char *value, int option, const lm_span *key,
                 const lm_span *val)
{
    lm_arena *a = &c->file->arena;
    lm_ast *def = lm_ast_new(a, LM_AST_DEF, key);
    lm_ast *v = lm_ast_new(a, option ? LM_AST_NAME : LM_AST_NUM, val);
    if (!def || !v || !(v->text = lm_arena_strndup(a, value, strlen(value))) ||
        lm_ast_push_arg(a, c->model, def)) {
        c->d->oom = 1, c->rc = -1;
        return;
    }
    def->text = name;
    def->a = v;
}

static void emit_int(hf_ctx *c, const char *name, json_int_t v, const lm_span *key,
                     const lm_span *val)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT, v);
    emit(c, name, digits, 0, key, val);
}

/* What a value is, for a message: its own text when the file has it ("2.5", "\"32\""). */
static void describe(lm_buf *b, const hf_ctx *c, const char *field, const json_t *v)
{
    const hf_loc *l = find_loc(c, field);
    if (l && l->vlen <= 40 && memchr(l->val, '\n', l->vlen) == NULL)
        lm_buf_putn(b, l->val, l->vlen);
    else if (json_is_object(v))
        lm_buf_puts(b, "an object");
    else if (json_is_array(v))
        lm_buf_puts(b, "a list");
    else
        lm_buf_puts(b, "the default");
}

static void field_error(hf_ctx *c, const char *field, const json_t *v, const lm_span *span,
                        const char *what)
{
    lm_buf got;
    lm_buf_init(&got);
    describe(&got, c, field, v);
    if (got.failed)
        c->d->oom = 1;
    lm_diag_add(c->d, LM_SEV_ERROR, span, "field '%s' %s, not %s", field, what, lm_buf_str(&got));
    lm_buf_clear(&got);
    c->rc = -1;
}

/* A whole number >= min, into *out; 0 or -1 (reported). */
static int whole(hf_ctx *c, const lm_hf_field *f, const json_t *v, json_int_t min,
                 const lm_span *span, json_int_t *out)
{
    if (json_is_integer(v) && json_integer_value(v) >= min) {
        *out = json_integer_value(v);
        return 0;
    }
    char what[64];
    snprintf(what, sizeof what, "must be a whole number from %ld up", (long)min);
    field_error(c, f->field, v, span, what);
    return -1;
}

static int boolean(hf_ctx *c, const lm_hf_field *f, const json_t *v, const lm_span *span,
                   int *out)
{
    if (json_is_boolean(v)) {
        *out = json_is_true(v);
        return 0;
    }
    field_error(c, f->field, v, span, "must be true or false");
    return -1;
}

static int learned_positions(const lm_hf_family *fam)
{
    for (const char *const *s = fam->fixed; *s; s++)
        if (strcmp(*s, "pos=learned") == 0)
            return 1;
    return 0;
}

static void activation(hf_ctx *c, const lm_hf_field *f, const json_t *v, const lm_span *k,
                       const lm_span *s)
{
    if (json_is_null(v))
        return; /* the field before it decides (Gemma's hidden_activation) */
    if (!json_is_string(v)) {
        field_error(c, f->field, v, s, "must be the name of an activation");
        return;
    }
    const char *name = json_string_value(v);
    for (const lm_hf_act *a = lm_hf_acts; a->name; a++) {
        if (strcmp(a->name, name) != 0)
            continue;
        const char *ffn = c->fam->gated ? a->gated : a->plain;
        if (!ffn) {
            lm_diag_add(c->d, LM_SEV_ERROR, s,
                        "field '%s': '%s' in %s MLP cannot be represented (lmcost's ffn option "
                        "has gelu, relu, swiglu and geglu)", f->field, name,
                        c->fam->gated ? "a gated" : "a two-matrix");
            c->rc = -1;
            return;
        }
        c->ffn = ffn, c->ffn_span = *k, c->ffn_vspan = *s;
        return;
    }
    lm_buf all;
    lm_buf_init(&all);
    for (const lm_hf_act *a = lm_hf_acts; a->name; a++)
        lm_buf_printf(&all, "%s%s", a == lm_hf_acts ? "" : ", ", a->name);
    if (all.failed)
        c->d->oom = 1;
    lm_diag_add(c->d, LM_SEV_ERROR, s, "field '%s': unknown activation '%s' (lmcost knows %s)",
                f->field, name, lm_buf_str(&all));
    lm_buf_clear(&all);
    c->rc = -1;
}

/* The layer_types list: its length and how many layers are "sliding_attention". */
static void layer_types(hf_ctx *c, const lm_hf_field *f, const json_t *v, const lm_span *k,
                        const lm_span *s)
{
    if (json_is_null(v))
        return;
    if (!json_is_array(v)) {
        field_error(c, f->field, v, s, "must be a list of layer types");
        return;
    }
    json_int_t sliding = 0;
    for (size_t i = 0; i < json_array_size(v); i++) {
        const char *t = json_string_value(json_array_get(v, i));
        if (t && strcmp(t, "sliding_attention") == 0)
            sliding++;
        else if (!t || strcmp(t, "full_attention") != 0) {
            lm_diag_add(c->d, LM_SEV_ERROR, s,
                        "field '%s': entry %zu cannot be represented (lmcost knows "
                        "\"full_attention\" and \"sliding_attention\")", f->field, i);
            c->rc = -1;
            return;
        }
    }
    c->typed_layers = (json_int_t)json_array_size(v), c->typed_sliding = sliding;
    c->types_span = *k;
}

/* One field of the family's table, with the value the config gives or the class default. */
static void field(hf_ctx *c, const lm_hf_field *f, const json_t *v, const lm_span *k,
                  const lm_span *s)
{
    json_int_t n;
    int b;
    switch (f->kind) {
    case LM_HF_SYM_NULL:
        if (json_is_null(v))
            break;
        /* fall through */
    case LM_HF_SYM:
        if (whole(c, f, v, f->min, s, &n))
            break;
        emit_int(c, f->to, n, k, s);
        if (strcmp(f->to, "d_model") == 0)
            c->width = n, c->width_field = f->field, c->width_span = *k;
        else if (strcmp(f->to, "num_heads") == 0)
            c->heads = n, c->heads_field = f->field;
        else if (strcmp(f->to, "num_layers") == 0)
            c->layers = n;
        break;
    case LM_HF_OPTION:
        if (!boolean(c, f, v, s, &b))
            emit(c, f->to, b ? "yes" : "no", 1, k, s);
        break;
    case LM_HF_CONTEXT:
        if (whole(c, f, v, 1, s, &n))
            break;
        emit_int(c, "context_length", n, k, s);
        if (learned_positions(c->fam) && n > LLONG_MAX - f->min) {
            lm_diag_add(c->d, LM_SEV_ERROR, s, "field '%s' is too large", f->field);
            c->rc = -1;
        } else if (learned_positions(c->fam))
            emit_int(c, "num_positions", n + f->min, k, s);
        break;
    case LM_HF_HEAD_DIM:
        c->has_head_dim = 1, c->head_dim = 0;
        if (!json_is_null(v) && !whole(c, f, v, 1, s, &n))
            c->head_dim = n, c->head_dim_span = *k, c->head_dim_vspan = *s;
        break;
    case LM_HF_BIAS:
        if (!boolean(c, f, v, s, &b) && b)
            c->bias |= (unsigned)f->min;
        break;
    case LM_HF_ACT: activation(c, f, v, k, s); break;
    case LM_HF_EQUAL:
    case LM_HF_EMPTY: {
        json_t *want = json_loads(f->deflt, JSON_DECODE_ANY, NULL);
        if (!want) {
            c->d->oom = 1, c->rc = -1;
            break;
        }
        int ok = f->kind == LM_HF_EQUAL
                     ? json_equal(v, want)
                     : json_is_null(v) || (json_is_array(v) && !json_array_size(v));
        json_decref(want);
        if (!ok) {
            lm_buf got;
            lm_buf_init(&got);
            describe(&got, c, f->field, v);
            lm_diag_add(c->d, LM_SEV_ERROR, s, "field '%s' = %s cannot be represented: %s",
                        f->field, got.failed ? "?" : lm_buf_str(&got), f->why);
            lm_buf_clear(&got);
            c->rc = -1;
        }
        break;
    }
    case LM_HF_WINDOW:
        c->window_on = 0;
        if (!json_is_null(v) && !whole(c, f, v, 1, s, &n))
            c->window_on = 1, c->window = n, c->window_span = *k, c->window_vspan = *s;
        break;
    case LM_HF_USE_WINDOW: boolean(c, f, v, s, &c->use_window); break;
    case LM_HF_WINDOW_FROM: whole(c, f, v, 0, s, &c->window_from); break;
    case LM_HF_LAYER_TYPES: layer_types(c, f, v, k, s); break;
    case LM_HF_EMBED:
        if (!json_is_null(v) && !whole(c, f, v, 1, s, &n))
            c->embed = n, c->embed_span = *k, c->embed_vspan = *s;
        break;
    case LM_HF_PRE_NORM:
    case LM_HF_NO_FINAL:
        if (!boolean(c, f, v, s, &b) && b == (f->kind == LM_HF_NO_FINAL))
            c->final_norm = 0, c->final_span = *k;
        break;
    case LM_HF_IGNORE: break;
    }
}

/* The settings that come from several fields, or from the family itself. */
static void settle(hf_ctx *c)
{
    const lm_span *t = &c->type_span;
    for (const char *const *s = c->fam->fixed; *s; s++) {
        char name[64];
        const char *eq = strchr(*s, '=');
        snprintf(name, sizeof name, "%.*s", (int)(eq - *s), *s);
        const char *kept = lm_arena_strndup(&c->file->arena, name, strlen(name));
        if (!kept) {
            c->d->oom = 1, c->rc = -1;
            return;
        }
        emit(c, kept, eq + 1, 1, t, t);
    }
    static const char *const bias[8] = {"none", "qkv", NULL, "attention", "ffn", NULL, NULL, "all"};
    unsigned bits = c->fam->bias | c->bias;
    if (bias[bits])
        emit(c, "bias", bias[bits], 1, t, t);
    else {
        lm_diag_add(c->d, LM_SEV_ERROR, t,
                    "these biases cannot be represented: %s%s%s (lmcost's bias option: all, "
                    "qkv, attention, ffn or none)", bits & LM_HF_B_QKV ? "q k v " : "",
                    bits & LM_HF_B_OUT ? "o " : "", bits & LM_HF_B_FFN ? "mlp" : "");
        c->rc = -1;
    }
    if (c->ffn)
        emit(c, "ffn", c->ffn, 1, &c->ffn_span, &c->ffn_vspan);
    if (c->has_head_dim && c->head_dim)
        emit_int(c, "head_dim", c->head_dim, &c->head_dim_span, &c->head_dim_vspan);
    else if (c->width && c->heads && c->width % c->heads) {
        lm_diag_add(c->d, LM_SEV_ERROR, &c->width_span,
                    "%s %" JSON_INTEGER_FORMAT " is not a multiple of %s %" JSON_INTEGER_FORMAT
                    ", so a head's width %s // %s would be rounded down: lmcost does not "
                    "represent that%s", c->width_field, c->width, c->heads_field, c->heads,
                    c->width_field, c->heads_field, c->has_head_dim ? " (give head_dim)" : "");
        c->rc = -1;
    }
    if (c->window_on && c->use_window) {
        json_int_t sliding = c->layers;
        if (c->typed_layers >= 0) {
            if (c->typed_layers != c->layers) {
                lm_diag_add(c->d, LM_SEV_ERROR, &c->types_span,
                            "field 'layer_types' has %" JSON_INTEGER_FORMAT " entries for %"
                            JSON_INTEGER_FORMAT " layers", c->typed_layers, c->layers);
                c->rc = -1;
            }
            sliding = c->typed_sliding;
        } else if (c->fam->window == LM_HF_WIN_FROM) {
            sliding = c->window_from < c->layers ? c->layers - c->window_from : 0;
        } else if (c->fam->window == LM_HF_WIN_ALTERNATE) {
            sliding = c->layers / 2 + c->layers % 2; /* layers 0, 2, 4, ... */
        }
        emit_int(c, "sliding_window", c->window, &c->window_span, &c->window_vspan);
        emit_int(c, "sliding_layers", sliding, &c->window_span, &c->window_vspan);
    }
    if (c->embed && c->embed != c->width) {
        emit_int(c, "d_embed", c->embed, &c->embed_span, &c->embed_vspan);
        emit(c, "embed_proj", "yes", 1, &c->embed_span, &c->embed_vspan);
    }
    if (!c->final_norm)
        emit(c, "final_norm", "no", 1, &c->final_span, &c->final_span);
}

static int known(const lm_hf_family *fam, const char *key)
{
    for (const lm_hf_field *f = fam->fields; f->field; f++)
        if (strcmp(f->field, key) == 0)
            return 1;
    for (const lm_hf_ignored *g = lm_hf_common; g->field; g++)
        if (strcmp(g->field, key) == 0)
            return 1;
    return 0;
}

/* Every field of the table, then a warning for each field of the file that is not in it. */
static void read_fields(hf_ctx *c, json_t *root)
{
    for (const lm_hf_field *f = c->fam->fields; f->field && !c->d->oom; f++) {
        json_t *v = json_object_get(root, f->field);
        const hf_loc *l = find_loc(c, f->field);
        const lm_span *k = l ? &l->kspan : &c->type_span, *s = l ? &l->vspan : k;
        if (!v && !f->deflt) {
            lm_diag_add(c->d, LM_SEV_ERROR, &c->type_span,
                        "field '%s' is required for model_type '%s' (%s)", f->field,
                        c->fam->model_type, c->fam->config_class);
            c->rc = -1;
            continue;
        }
        json_t *dflt = v ? NULL : json_loads(f->deflt, JSON_DECODE_ANY, NULL);
        if (!v && !dflt) {
            c->d->oom = 1, c->rc = -1;
            break;
        }
        field(c, f, v ? v : dflt, k, s);
        json_decref(dflt);
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v) {
        if (known(c->fam, key))
            continue;
        const hf_loc *l = find_loc(c, key);
        lm_diag_add(c->d, LM_SEV_WARNING, l ? &l->kspan : &c->type_span,
                    "field '%s' is not one lmcost reads for model_type '%s' (%s): it is left out "
                    "of every count", key, c->fam->model_type, c->fam->config_class);
    }
}

/* model_type: present, a string, and a family of the table. */
static const lm_hf_family *family(hf_ctx *c, json_t *root, const lm_span *whole_file)
{
    json_t *t = json_object_get(root, "model_type");
    const hf_loc *l = find_loc(c, "model_type");
    c->type_span = l ? l->vspan : *whole_file;
    lm_suggester near;
    lm_buf all;
    lm_buf_init(&all);
    const char *name = json_string_value(t);
    lm_suggest_init(&near, name ? name : "");
    for (const lm_hf_family *f = lm_hf_families; f->model_type; f++) {
        if (name && strcmp(f->model_type, name) == 0) {
            lm_buf_clear(&all);
            return f;
        }
        lm_suggest_offer(&near, f->model_type);
        lm_buf_printf(&all, "%s%s", f == lm_hf_families ? "" : ", ", f->model_type);
    }
    if (all.failed)
        c->d->oom = 1;
    if (!t)
        lm_diag_add(c->d, LM_SEV_ERROR, whole_file,
                    "field 'model_type' is required: it names the family (%s)", lm_buf_str(&all));
    else if (!name)
        lm_diag_add(c->d, LM_SEV_ERROR, &c->type_span, "field 'model_type' must be a string");
    else if (near.best)
        lm_diag_add(c->d, LM_SEV_ERROR, &c->type_span,
                    "unknown model_type '%s' (did you mean '%s'?)", name, near.best);
    else
        lm_diag_add(c->d, LM_SEV_ERROR, &c->type_span,
                    "unknown model_type '%s' (lmcost knows %s)", name, lm_buf_str(&all));
    lm_buf_clear(&all);
    return NULL;
}

/* The model block of the file, declared in the environment. */
static int build(hf_ctx *c, const char *path, json_t *root)
{
    lm_span top = span_at(c->src, 1, 1, 1, 1);
    c->fam = family(c, root, &top);
    if (!c->fam)
        return -1;
    c->file = lm_malloc(sizeof *c->file);
    if (!c->file)
        return c->d->oom = 1, -1;
    lm_ast_file_init(c->file);
    c->model = lm_ast_new(&c->file->arena, LM_AST_MODEL, &top);
    lm_buf desc;
    lm_buf_init(&desc);
    lm_buf_printf(&desc, "Hugging Face config.json, model_type %s (%s)", c->fam->model_type,
                  c->fam->config_class);
    if (!c->model || desc.failed ||
        !(c->model->text = lm_arena_strndup(&c->file->arena, path, strlen(path))) ||
        !(c->model->strs[2] = lm_arena_strndup(&c->file->arena, lm_buf_str(&desc), desc.len)))
        c->d->oom = 1, c->rc = -1;
    lm_buf_clear(&desc);
    if (!c->rc) {
        read_fields(c, root);
        if (!c->rc && !c->d->oom)
            settle(c);
    }
    if (c->rc || c->d->oom) {
        lm_ast_file_clear(c->file);
        lm_free(c->file);
        return -1;
    }
    c->file->first = c->file->last = c->model;
    return lm_env_adopt(c->env, path, c->file, c->d);
}

int lm_hf_load(lm_env *env, const char *path, lm_diags *d)
{
    if (lm_env_loaded(env, path))
        return 0;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        lm_diag_add(d, LM_SEV_ERROR, NULL, "%s: is a directory, not a config.json", path);
        return -1;
    }
    lm_buf text;
    lm_buf_init(&text);
    int rc = lm_env_read_file(env, path, &text, d, NULL);
    const lm_source *src =
        rc ? NULL : lm_sources_add(&env->sources, path, lm_buf_str(&text), text.len);
    lm_buf_clear(&text);
    if (rc || !src)
        return rc ? rc : (d->oom = 1, -1);
    json_error_t err;
    json_t *root = json_loadb(src->text, src->len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        if (json_error_code(&err) == json_error_out_of_memory)
            return d->oom = 1, -1;
        lm_span at = span_at(src, err.line > 0 ? err.line : 1, err.column > 0 ? err.column : 1,
                             0, 0);
        lm_diag_add(d, LM_SEV_ERROR, &at, "malformed JSON: %s", err.text);
        return -1;
    }
    hf_ctx c = {0};
    c.env = env, c.d = d, c.src = src;
    c.use_window = 1, c.final_norm = 1, c.typed_layers = -1;
    if (!json_is_object(root)) {
        lm_span top = span_at(src, 1, 1, 1, 1);
        lm_diag_add(d, LM_SEV_ERROR, &top, "a config.json holds one JSON object, not a list");
        rc = -1;
    } else if (locate(src, &c.locs, &c.nlocs)) {
        d->oom = 1;
        rc = -1;
    } else {
        rc = build(&c, path, root);
    }
    lm_free(c.locs);
    json_decref(root);
    return lm_diags_settle(d, rc);
}
