/* hftab.c: the Hugging Face families as data: per model_type, each config.json field, the
 * default of its transformers config class, and the symbol or option it sets (hf.h). */
#include "sem/hf.h"
#include <stddef.h>

/* Sources (huggingface/transformers; the commit each file was read at):
 * configuration_*.py @008e5743 (v5 line) unless named; modeling_llama.py @5dd4a635,
 * configuration_gpt2.py @01ae98ae and modeling_gpt2.py @c44b2d99, configuration_opt.py
 * @1f3ae2b3 and modeling_opt.py @ab910744, modular_mistral.py @0096ba4f,
 * modular_mixtral.py @008f5c8c, modular_qwen2.py @022c4a9b, modular_qwen2_moe.py
 * @001f85b3, modular_qwen3.py @02e8340b, modular_gemma.py and modular_gemma2.py
 * @008e5743, modular_phi3.py @06053b84, modular_gpt_neox.py @00dcc6dd; the v4
 * PretrainedConfig sets tie_word_embeddings = True unless the class says otherwise. */

#define REQ(f, to) {f, LM_HF_SYM, NULL, to, 1, NULL}
#define SYM(f, d, to) {f, LM_HF_SYM, d, to, 1, NULL}
#define KV(d) {"num_key_value_heads", LM_HF_SYM_NULL, d, "num_kv_heads", 1, NULL}
#define HEAD_DIM(d) {"head_dim", LM_HF_HEAD_DIM, d, "head_dim", 1, NULL}
#define ACT(f, d) {f, LM_HF_ACT, d, "ffn", 0, NULL}
#define CONTEXT(f, d, offset) {f, LM_HF_CONTEXT, d, "context_length", offset, NULL}
#define TIE(d) {"tie_word_embeddings", LM_HF_OPTION, d, "tie_embeddings", 0, NULL}
#define BIAS(f, d, bits) {f, LM_HF_BIAS, d, NULL, bits, NULL}
#define IGNORE(f, d, why) {f, LM_HF_IGNORE, d, NULL, 0, why}
#define END {NULL, LM_HF_IGNORE, NULL, NULL, 0, NULL}
/* The sizes every family has. Their class defaults are the sizes of one example model
 * (LlamaConfig's hidden_size 4096 is Llama 7B's): a config without them is taken as
 * incomplete, not as that model. */
#define SIZES(width, layers, heads) REQ("vocab_size", "vocab_size"), \
    REQ(width, "d_model"), REQ(layers, "num_layers"), REQ(heads, "num_heads")
/* Qwen's sliding window: only with use_sliding_window, from layer max_window_layers on. */
#define QWEN_WINDOW(from) {"use_sliding_window", LM_HF_USE_WINDOW, "false", NULL, 0, NULL}, \
    {"sliding_window", LM_HF_WINDOW, "4096", "sliding_window", 1, NULL}, \
    {"max_window_layers", LM_HF_WINDOW_FROM, from, NULL, 0, NULL}, \
    {"layer_types", LM_HF_LAYER_TYPES, "null", NULL, 0, NULL}
#define SUMMARY "the sequence-classification head, not part of the LM"
#define ROPE_WHY "RoPE has no parameters, and lmcost counts no FLOPs for it"

static const char *const rope_rms[] = {"norm=rmsnorm", "pos=rope", NULL};

/* LlamaConfig: attention_bias puts a bias on q, k, v and o; mlp_bias on gate, up, down. */
static const lm_hf_field llama[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    REQ("intermediate_size", "d_ff"), KV("null"), HEAD_DIM("null"), ACT("hidden_act", "\"silu\""),
    CONTEXT("max_position_embeddings", "2048", 0), TIE("false"),
    BIAS("attention_bias", "false", LM_HF_B_QKV | LM_HF_B_OUT),
    BIAS("mlp_bias", "false", LM_HF_B_FFN), END};

/* MistralConfig: no bias fields (every projection is bias-free); the window applies to
 * every layer. */
static const lm_hf_field mistral[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    REQ("intermediate_size", "d_ff"), KV("8"), HEAD_DIM("null"), ACT("hidden_act", "\"silu\""),
    CONTEXT("max_position_embeddings", "131072", 0), TIE("false"),
    {"sliding_window", LM_HF_WINDOW, "4096", "sliding_window", 1, NULL}, END};

/* MixtralConfig: num_local_experts experts of width intermediate_size, a bias-free router
 * [E, hidden]. */
static const lm_hf_field mixtral[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    REQ("intermediate_size", "d_ff"), KV("8"), HEAD_DIM("null"), ACT("hidden_act", "\"silu\""),
    CONTEXT("max_position_embeddings", "131072", 0), TIE("false"),
    {"sliding_window", LM_HF_WINDOW, "null", "sliding_window", 1, NULL},
    REQ("num_local_experts", "num_experts"), SYM("num_experts_per_tok", "2", "experts_per_token"),
    END};

/* Qwen2Config: q, k and v always have a bias, o and the MLP none. */
static const lm_hf_field qwen2[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    REQ("intermediate_size", "d_ff"), KV("32"), HEAD_DIM("null"), ACT("hidden_act", "\"silu\""),
    CONTEXT("max_position_embeddings", "32768", 0), TIE("false"), QWEN_WINDOW("28"), END};

/* Qwen2MoeConfig: every layer is a mixture of experts of width moe_intermediate_size, a
 * router [E, hidden], one shared expert of width shared_expert_intermediate_size and its
 * gate [1, hidden]; a layer is dense only through decoder_sparse_step or mlp_only_layers,
 * which lmcost cannot represent (its layers are all alike). */
static const lm_hf_field qwen2_moe[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    KV("16"), HEAD_DIM("null"), ACT("hidden_act", "\"silu\""),
    CONTEXT("max_position_embeddings", "32768", 0), TIE("false"), QWEN_WINDOW("28"),
    REQ("num_experts", "num_experts"), SYM("num_experts_per_tok", "4", "experts_per_token"),
    REQ("moe_intermediate_size", "d_ff"), REQ("shared_expert_intermediate_size", "d_ff_shared"),
    BIAS("qkv_bias", "true", LM_HF_B_QKV),
    {"decoder_sparse_step", LM_HF_EQUAL, "1", NULL, 0,
     "a step above 1 makes some layers dense, and lmcost's layers are all alike"},
    {"mlp_only_layers", LM_HF_EMPTY, "null", NULL, 0,
     "dense layers among the MoE ones: lmcost's layers are all alike"},
    IGNORE("intermediate_size", "5632", "only dense layers use it, and every layer is MoE here"),
    IGNORE("norm_topk_prob", "false", "renormalising the top-k weights: not counted"), END};

/* Qwen3Config: head_dim defaults to 128, not hidden_size // num_attention_heads; q_norm and
 * k_norm (RMSNorm over head_dim) in every layer. */
static const lm_hf_field qwen3[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    REQ("intermediate_size", "d_ff"), KV("32"), HEAD_DIM("128"), ACT("hidden_act", "\"silu\""),
    CONTEXT("max_position_embeddings", "32768", 0), TIE("false"),
    BIAS("attention_bias", "false", LM_HF_B_QKV | LM_HF_B_OUT), QWEN_WINDOW("28"), END};

/* GemmaConfig: tied embeddings, head_dim 256; GemmaRMSNorm scales by (1 + w), with as many
 * parameters as RMSNorm. hidden_activation, when set, wins over hidden_act. */
static const lm_hf_field gemma[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    REQ("intermediate_size", "d_ff"), KV("16"), HEAD_DIM("256"),
    ACT("hidden_act", "\"gelu_pytorch_tanh\""), ACT("hidden_activation", "null"),
    CONTEXT("max_position_embeddings", "8192", 0), TIE("true"),
    BIAS("attention_bias", "false", LM_HF_B_QKV | LM_HF_B_OUT), END};

/* Gemma2Config: four norms per block; the window on layers 0, 2, 4, ... unless layer_types
 * says otherwise. */
static const lm_hf_field gemma2[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    REQ("intermediate_size", "d_ff"), KV("4"), HEAD_DIM("256"),
    ACT("hidden_activation", "\"gelu_pytorch_tanh\""),
    IGNORE("hidden_act", "null", "Gemma2Config reads hidden_activation"),
    CONTEXT("max_position_embeddings", "8192", 0), TIE("true"),
    BIAS("attention_bias", "false", LM_HF_B_QKV | LM_HF_B_OUT),
    {"sliding_window", LM_HF_WINDOW, "4096", "sliding_window", 1, NULL},
    {"layer_types", LM_HF_LAYER_TYPES, "null", NULL, 0, NULL},
    IGNORE("sliding_window_size", "null",
           "Gemma2Config does not declare it; sliding_window is read"),
    IGNORE("query_pre_attn_scalar", "256", "it changes the score scaling, not its cost"),
    IGNORE("attn_logit_softcapping", "50.0",
           "tanh soft-capping of the scores: lmcost does not count it yet"),
    IGNORE("final_logit_softcapping", "30.0",
           "tanh soft-capping of the logits: lmcost does not count it yet"),
    END};

/* Phi3Config: fused qkv_proj and gate_up_proj, with as many weights as separate ones. */
static const lm_hf_field phi3[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    REQ("intermediate_size", "d_ff"), KV("null"), HEAD_DIM("null"), ACT("hidden_act", "\"silu\""),
    CONTEXT("max_position_embeddings", "4096", 0), TIE("false"),
    {"sliding_window", LM_HF_WINDOW, "null", "sliding_window", 1, NULL},
    IGNORE("original_max_position_embeddings", "4096", "RoPE scaling: " ROPE_WHY),
    IGNORE("partial_rotary_factor", "1.0", ROPE_WHY), END};

/* GPTNeoXConfig: LayerNorm; the MLP always has biases, attention_bias the attention. */
static const lm_hf_field gpt_neox[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"),
    REQ("intermediate_size", "d_ff"), ACT("hidden_act", "\"gelu\""),
    CONTEXT("max_position_embeddings", "2048", 0), TIE("false"),
    BIAS("attention_bias", "true", LM_HF_B_QKV | LM_HF_B_OUT),
    IGNORE("use_parallel_residual", "true",
           "x + attn(ln1(x)) + mlp(ln2(x)) has the same norms, matrices and adds as the "
           "sequential block"),
    IGNORE("rotary_pct", "0.25", ROPE_WHY), IGNORE("rotary_emb_base", "10000", ROPE_WHY),
    IGNORE("partial_rotary_factor", "0.25", ROPE_WHY), END};

/* GPT2Config: n_inner null means 4 * n_embd (the d_ff default); tied by PretrainedConfig. */
static const lm_hf_field gpt2[] = {
    SIZES("n_embd", "n_layer", "n_head"),
    {"n_inner", LM_HF_SYM_NULL, "null", "d_ff", 1, NULL},
    CONTEXT("n_positions", "1024", 0), ACT("activation_function", "\"gelu_new\""), TIE("true"),
    {"add_cross_attention", LM_HF_EQUAL, "false", NULL, 0,
     "cross-attention blocks belong to an encoder-decoder model"},
    IGNORE("n_ctx", "1024", "GPT2Config does not read it; n_positions sizes the position table"),
    IGNORE("scale_attn_weights", "true", "it changes the score scaling, not its cost"),
    IGNORE("scale_attn_by_inverse_layer_idx", "false",
           "it changes the score scaling, not its cost"),
    IGNORE("reorder_and_upcast_attn", "false", "numerics of the attention, not its cost"),
    IGNORE("summary_type", "\"cls_index\"", SUMMARY), IGNORE("summary_use_proj", "true", SUMMARY),
    IGNORE("summary_activation", "null", SUMMARY),
    IGNORE("summary_proj_to_labels", "true", SUMMARY),
    IGNORE("summary_first_dropout", "0.1", SUMMARY),
    END};

/* OPTConfig: learned positions with 2 extra rows; word_embed_proj_dim narrower than
 * hidden_size adds project_in and project_out; do_layer_norm_before false (OPT-350m)
 * means norms after each sublayer and no final norm. */
static const lm_hf_field opt[] = {
    SIZES("hidden_size", "num_hidden_layers", "num_attention_heads"), REQ("ffn_dim", "d_ff"),
    CONTEXT("max_position_embeddings", "2048", 2), ACT("activation_function", "\"relu\""),
    TIE("true"), BIAS("enable_bias", "true", LM_HF_B_QKV | LM_HF_B_OUT | LM_HF_B_FFN),
    {"word_embed_proj_dim", LM_HF_EMBED, "null", "d_embed", 1, NULL},
    {"do_layer_norm_before", LM_HF_PRE_NORM, "true", NULL, 0, NULL},
    {"_remove_final_layer_norm", LM_HF_NO_FINAL, "false", NULL, 0, NULL},
    {"layer_norm_elementwise_affine", LM_HF_EQUAL, "true", NULL, 0,
     "LayerNorm without a gain and a bias: lmcost's norms have both"},
    END};

static const char *const rope_ln[] = {"norm=layernorm", "pos=rope", NULL};
static const char *const learned_ln[] = {"norm=layernorm", "pos=learned", NULL};
static const char *const qwen_moe_fixed[] = {"norm=rmsnorm", "pos=rope", "shared_expert=gated",
                                             NULL};
static const char *const qwen3_fixed[] = {"norm=rmsnorm", "pos=rope", "qk_norm=yes", NULL};
static const char *const gemma2_fixed[] = {"norm=rmsnorm", "pos=rope", "post_norms=yes", NULL};

#define CFG(file) "transformers configuration_" file ".py @008e5743"
const lm_hf_family lm_hf_families[] = {
    {"gpt2", "GPT2Config",
     "transformers configuration_gpt2.py @01ae98ae, modeling_gpt2.py @c44b2d99",
     learned_ln, LM_HF_B_QKV | LM_HF_B_OUT | LM_HF_B_FFN, 0, LM_HF_WIN_NONE, gpt2},
    {"llama", "LlamaConfig", CFG("llama") ", modeling_llama.py @5dd4a635", rope_rms, 0, 1,
     LM_HF_WIN_NONE, llama},
    {"mistral", "MistralConfig", CFG("mistral") ", modular_mistral.py @0096ba4f", rope_rms, 0, 1,
     LM_HF_WIN_ALL, mistral},
    {"mixtral", "MixtralConfig", CFG("mixtral") ", modular_mixtral.py @008f5c8c", rope_rms, 0, 1,
     LM_HF_WIN_ALL, mixtral},
    {"qwen2", "Qwen2Config", CFG("qwen2") ", modular_qwen2.py @022c4a9b", rope_rms, LM_HF_B_QKV,
     1, LM_HF_WIN_FROM, qwen2},
    {"qwen2_moe", "Qwen2MoeConfig", CFG("qwen2_moe") ", modular_qwen2_moe.py @001f85b3",
     qwen_moe_fixed, 0, 1, LM_HF_WIN_FROM, qwen2_moe},
    {"qwen3", "Qwen3Config", CFG("qwen3") ", modular_qwen3.py @02e8340b", qwen3_fixed, 0, 1,
     LM_HF_WIN_FROM, qwen3},
    {"gemma", "GemmaConfig", CFG("gemma") ", modular_gemma.py @008e5743", rope_rms, 0, 1,
     LM_HF_WIN_NONE, gemma},
    {"gemma2", "Gemma2Config", CFG("gemma2") ", modular_gemma2.py @008e5743", gemma2_fixed, 0, 1,
     LM_HF_WIN_ALTERNATE, gemma2},
    {"phi3", "Phi3Config", CFG("phi3") ", modular_phi3.py @06053b84", rope_rms, 0, 1,
     LM_HF_WIN_ALL, phi3},
    {"gpt_neox", "GPTNeoXConfig", CFG("gpt_neox") ", modular_gpt_neox.py @00dcc6dd", rope_ln,
     LM_HF_B_FFN, 0, LM_HF_WIN_NONE, gpt_neox},
    {"opt", "OPTConfig", "transformers configuration_opt.py @1f3ae2b3, modeling_opt.py @ab910744",
     learned_ln, 0, 0, LM_HF_WIN_NONE, opt},
    {NULL, NULL, NULL, NULL, 0, 0, LM_HF_WIN_NONE, NULL}};

#define BOOK "bookkeeping: names, versions, token ids"
#define NUMERICS "numerics that change no count or cost"
#define TRAINING "training only: dropout, auxiliary losses, outputs"
#define GENERATION "generation settings"
const lm_hf_ignored lm_hf_common[] = {
    {"model_type", "read first: it chooses the family"},
    {"_name_or_path", BOOK}, {"architectures", BOOK}, {"auto_map", BOOK},
    {"transformers_version", BOOK}, {"bos_token_id", BOOK}, {"eos_token_id", BOOK},
    {"pad_token_id", BOOK}, {"sep_token_id", BOOK}, {"decoder_start_token_id", BOOK},
    {"prefix", BOOK}, {"id2label", BOOK}, {"label2id", BOOK}, {"tokenizer_class", BOOK},
    {"task_specific_params", BOOK}, {"finetuning_task", BOOK}, {"problem_type", BOOK},
    {"torch_dtype", "the checkpoint's storage type; lmcost's number format is -s dtype="},
    {"dtype", "the checkpoint's storage type; lmcost's number format is -s dtype="},
    {"use_cache", "whether generation keeps a KV cache; lmcost's memory.kv_cache is asked for"},
    {"cache_implementation", GENERATION}, {"max_length", GENERATION},
    {"initializer_range", NUMERICS}, {"init_std", NUMERICS}, {"rms_norm_eps", NUMERICS},
    {"layer_norm_eps", NUMERICS}, {"layer_norm_epsilon", NUMERICS}, {"rope_theta", NUMERICS},
    {"rope_scaling", NUMERICS}, {"rope_parameters", NUMERICS}, {"pretraining_tp", NUMERICS},
    {"attention_dropout", TRAINING}, {"dropout", TRAINING}, {"activation_dropout", TRAINING},
    {"attn_pdrop", TRAINING}, {"resid_pdrop", TRAINING}, {"embd_pdrop", TRAINING},
    {"hidden_dropout", TRAINING}, {"classifier_dropout", TRAINING}, {"layerdrop", TRAINING},
    {"router_aux_loss_coef", TRAINING}, {"router_jitter_noise", TRAINING},
    {"output_router_logits", TRAINING}, {"output_attentions", TRAINING},
    {"output_hidden_states", TRAINING}, {"return_dict", TRAINING}, {"torchscript", TRAINING},
    {NULL, NULL}};

/* transformers' ACT2FN names: the GELU forms count as GELU, silu and swish as SiLU. */
const lm_hf_act lm_hf_acts[] = {
    {"gelu", "gelu", "geglu"}, {"gelu_new", "gelu", "geglu"},
    {"gelu_pytorch_tanh", "gelu", "geglu"}, {"gelu_fast", "gelu", "geglu"},
    {"gelu_python", "gelu", "geglu"}, {"gelu_accurate", "gelu", "geglu"},
    {"relu", "relu", NULL}, {"silu", NULL, "swiglu"}, {"swish", NULL, "swiglu"},
    {NULL, NULL, NULL}};
