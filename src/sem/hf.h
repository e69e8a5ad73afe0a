/* hf.h: a Hugging Face config.json as a model: each model_type's fields (hftab.c) mapped
 * to the standard convention's symbols and options, with the class defaults of transformers. */
#ifndef LM_HF_H
#define LM_HF_H
#include "sem/env.h"

/* Is this model name a path to a config.json (it ends in ".json")? */
int lm_hf_is_path(const char *name);
/* Read the config.json at `path` (parsed by jansson) and declare it as the model named
 * `path`, once: a second call with the same path does nothing. Errors name the file, the
 * field and, where the text has it, the line and column; fields that lmcost neither reads
 * nor lists as ignored are warnings. 0 on success, -1 on errors. */
int lm_hf_load(lm_env *env, const char *path, lm_diags *diags);

/* ---- the families, as data (hftab.c) ---------------------------------------------------- */

/* What a field does; the README ("From a Hugging Face config.json") says the same. */
typedef enum {
    LM_HF_SYM,        /* a whole number >= min -> the symbol `to` */
    LM_HF_SYM_NULL,   /* the same, or null: the symbol keeps its .lm default */
    LM_HF_OPTION,     /* true or false -> the option `to` = yes or no */
    LM_HF_CONTEXT,    /* -> context_length; learned positions: num_positions = it + min */
    LM_HF_HEAD_DIM,   /* a whole number, or null: hidden_size // num_attention_heads */
    LM_HF_BIAS,       /* true adds the biases `min` (LM_HF_B_*) */
    LM_HF_ACT,        /* the activation's name -> ffn (gated or not by the family); null:
                       * the field before it decides */
    LM_HF_EQUAL,      /* any other value than the default cannot be represented (why) */
    LM_HF_EMPTY,      /* null or []; anything else cannot be represented (why) */
    LM_HF_WINDOW,     /* the sliding window in tokens, or null: none */
    LM_HF_USE_WINDOW, /* false: no sliding window, whatever sliding_window says */
    LM_HF_WINDOW_FROM,  /* the first layer with the window (Qwen2: max_window_layers) */
    LM_HF_LAYER_TYPES,  /* null, or "full_attention" / "sliding_attention" per layer */
    LM_HF_EMBED,      /* the embedding's width, or null: hidden_size; narrower adds the
                       * projections (embed_proj) */
    LM_HF_PRE_NORM,   /* false: norms after each sublayer, and no final norm (OPT) */
    LM_HF_NO_FINAL,   /* true: no final norm */
    LM_HF_IGNORE      /* changes no count or cost (why); only known, not read */
} lm_hf_kind;

enum { LM_HF_B_QKV = 1, LM_HF_B_OUT = 2, LM_HF_B_FFN = 4 };

/* Which layers a sliding window applies to, when the config has one. */
typedef enum {
    LM_HF_WIN_ALL,       /* every layer (Mistral, Mixtral, Phi-3) */
    LM_HF_WIN_FROM,      /* layers from max_window_layers on (Qwen2, Qwen2-MoE, Qwen3) */
    LM_HF_WIN_ALTERNATE, /* layers 0, 2, 4, ... (Gemma 2) */
    LM_HF_WIN_NONE       /* the family has no window */
} lm_hf_window;

typedef struct {
    const char *field;  /* the config.json key */
    lm_hf_kind kind;
    const char *deflt;  /* the class default as JSON text; NULL: required */
    const char *to;     /* the symbol or option set */
    long min;           /* LM_HF_SYM*: the least value; LM_HF_CONTEXT: the position offset;
                         * LM_HF_BIAS: LM_HF_B_* */
    const char *why;    /* LM_HF_IGNORE, LM_HF_EQUAL, LM_HF_EMPTY: the reason */
} lm_hf_field;

typedef struct {
    const char *model_type, *config_class;
    const char *source;         /* where the defaults and weights were read */
    const char *const *fixed;   /* settings every model of the family has, "name=value" */
    unsigned bias;              /* biases every model of the family has (LM_HF_B_*) */
    int gated;                  /* the MLP has gate, up and down matrices */
    lm_hf_window window;
    const lm_hf_field *fields;  /* ends with a NULL field */
} lm_hf_family;

typedef struct {
    const char *field, *why;
} lm_hf_ignored;

extern const lm_hf_family lm_hf_families[];   /* ends with a NULL model_type */
extern const lm_hf_ignored lm_hf_common[];     /* ignored by every family; NULL-ended */
/* The activations lmcost knows, by the ffn option they give in a plain MLP and a gated
 * one (NULL: cannot be represented). */
typedef struct {
    const char *name, *plain, *gated;
} lm_hf_act;
extern const lm_hf_act lm_hf_acts[];           /* ends with a NULL name */

#endif
