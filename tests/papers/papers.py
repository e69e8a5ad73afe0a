#!/usr/bin/env python3
# papers.py: the published conventions (src/lib/papers.lm) against their papers.
#
# For each convention, two worked examples: a configuration from the paper (or from the
# models it was applied to), the paper's printed formula applied to it here in exact
# integer/rational arithmetic, and lmcost's exact value (eval -F json, "exact") compared
# to it. The formulas below are transcribed from the papers, not from papers.lm.
# Output: one "ok NAME" or "FAIL NAME: detail" line per check; exit 1 if any failed.
from fractions import Fraction as F
from paperlib import check as check_values, evaluate, fail, finish, ok, sanity


def check(name, conv, settings, want):
    """want: {definition: exact expected value}, every hyperparameter from SETTINGS (-S)."""
    return check_values(name, want, settings, conv, symbolic=True)


def shape(**kw):
    return {k: str(v) for k, v in kw.items()}


# ---- Kaplan et al. 2020, Table 1 and Section 2.1 ---------------------------------------------
# N = 2 d_model n_layer (2 d_attn + d_ff); C_forward = 2N + 2 n_layer n_ctx d_attn per token;
# Embed parameters (n_vocab + n_ctx) d_model; backward = 2 x forward; C = 6NBS.
def kaplan(name, d_model, n_layer, n_heads, n_ctx, n_vocab, d_ff, batch, steps):
    d_attn = d_model  # n_heads * d_head with d_head = d_model / n_heads
    N = 2 * d_model * n_layer * (2 * d_attn + d_ff)
    c_fwd = 2 * N + 2 * n_layer * n_ctx * d_attn
    fwd = batch * n_ctx * c_fwd
    check(f"kaplan {name}", "kaplan",
          shape(d_model=d_model, num_layers=n_layer, num_heads=n_heads, context_length=n_ctx,
                vocab_size=n_vocab, d_ff=d_ff, batch_size=batch, steps=steps),
          {"params.non_embedding": N,
           "params.embedding": (n_vocab + n_ctx) * d_model,
           "flops.token.forward": c_fwd,
           "flops.token.embedding.embed": 4 * d_model,
           "flops.token.embedding.deembed": 2 * d_model * n_vocab,
           "flops.forward": fwd,
           "flops.backward": 2 * fwd,
           "flops.step": 3 * fwd,
           "compute.train": 6 * N * (batch * n_ctx) * steps})


# GPT-2 XL (the 1.5B model of Kaplan's family: d_model 1600, 48 layers, n_ctx 1024).
kaplan("gpt2-xl", 1600, 48, 25, 1024, 50257, 6400, 1, 1)
# GPT-3 175B (Brown et al. 2020, which sizes its runs with Kaplan's C): d_model 12288,
# 96 layers, 96 heads, n_ctx 2048, d_ff = 4 d_model.
kaplan("gpt3-175b", 12288, 96, 96, 2048, 50257, 4 * 12288, 8, 1000)


# ---- Hoffmann et al. 2022, Appendix F --------------------------------------------------------
def chinchilla_forward(seq_len, vocab_size, d_model, num_heads, key_size, ffw_size, num_layers,
                       embeddings=True):
    emb = 2 * seq_len * vocab_size * d_model
    qkv = 2 * 3 * seq_len * d_model * (key_size * num_heads)
    logits_kq = 2 * seq_len * seq_len * (key_size * num_heads)
    softmax = 3 * num_heads * seq_len * seq_len
    reductions = 2 * seq_len * seq_len * (key_size * num_heads)
    final_linear = 2 * seq_len * (key_size * num_heads) * d_model
    attention = qkv + logits_kq + softmax + reductions + final_linear
    dense = 2 * seq_len * (d_model * ffw_size + d_model * ffw_size)
    logits = 2 * seq_len * d_model * vocab_size
    if not embeddings:
        emb = logits = 0
    return emb + num_layers * (attention + dense) + logits


def chinchilla(name, num_layers, d_model, num_heads, key_size, ffw_size, batch):
    for emb in (True, False):
        fwd = batch * chinchilla_forward(2048, 32000, d_model, num_heads, key_size, ffw_size,
                                         num_layers, emb)
        check(f"chinchilla {name} embeddings={'yes' if emb else 'no'}", "chinchilla",
              shape(d_model=d_model, num_layers=num_layers, num_heads=num_heads,
                    head_dim=key_size, d_ff=ffw_size, context_length=2048, vocab_size=32000,
                    batch_size=batch, chinchilla_embeddings="yes" if emb else "no"),
              {"flops.forward": fwd, "flops.backward": 2 * fwd, "flops.step": 3 * fwd})


# Chinchilla and Gopher (Hoffmann et al. Table 4; Rae et al. 2021 Table 1): 80 layers,
# key/value size 128, vocabulary 32,000, sequences of 2048 tokens.
chinchilla("chinchilla-70b", 80, 8192, 64, 128, 4 * 8192, 1)
chinchilla("gopher-280b", 80, 16384, 128, 128, 4 * 16384, 4)


# ---- Chowdhery et al. 2022, Appendix B -------------------------------------------------------
# 6N + 12LHQT model FLOPs per token; R = P / (6N + 12LHQT); MFU = observed / R. N is every
# parameter; it is lmcost's standard count for PaLM's architecture (SwiGLU, multi-query
# attention, RoPE, shared embeddings, no biases), checked against the size Table 1 reports.
def palm(name, L, H, Q, d_model, reported_billions, tokens_per_s=None, mfu=None):
    s = shape(num_layers=L, num_heads=H, head_dim=Q, d_model=d_model, d_ff=4 * d_model,
              vocab_size=256000, context_length=2048, num_kv_heads=1, ffn="swiglu",
              bias="none", tie_embeddings="yes", pos="rope", norm="rmsnorm", batch_size=1)
    s["peak_flops"] = "6144 * 275 TFLOP/s"  # 6144 TPU v4 chips at 275 TFLOP/s (Section 4)
    s["mfu"] = str(mfu or "0.5")
    try:
        N = evaluate(["params"], s, "standard", symbolic=True)["params"]
    except RuntimeError as e:
        fail(f"palm {name}", str(e))
        return
    # Table 1 prints two decimals (540.35B, 62.50B); PaLM's one norm per parallel block is
    # not expressible in standard, which counts two: a difference of L * d_model.
    sanity(f"palm {name} N is the reported size",
           abs(F(N, 10**9) - F(str(reported_billions))) < F(1, 100),
           f"N = {N}, PaLM Table 1 reports {reported_billions}B")
    T = 2048
    per_token = 6 * N + 12 * L * H * Q * T
    P = 6144 * 275 * 10**12
    got = check(f"palm {name}", "palm", s,
                {"params.active": N,
                 "flops.token.step": per_token,
                 "flops.step": T * per_token,
                 "throughput.peak": F(P, per_token),
                 "throughput.mfu": F(s["mfu"]) * F(P, per_token)})
    if got and tokens_per_s:
        # Section 4.1: 238.3K tokens/s on 6144 TPU v4 chips is 46.2% MFU for PaLM 540B.
        m = F(tokens_per_s) / got["throughput.peak"]
        sanity(f"palm {name} MFU {mfu}", round(float(m), 3) == float(mfu),
               f"{tokens_per_s} tokens/s is MFU {float(m):.4f}, the paper prints {mfu}")


palm("540b", 118, 48, 256, 18432, "540.35", tokens_per_s=238300, mfu="0.462")
palm("62b", 64, 32, 256, 8192, "62.50")


# ---- Narayanan et al. 2021, Section 5.1 and Eq. (3) ------------------------------------------
def megatron(name, h, a, l, B, reported_billions):
    s, V = 2048, 51200
    P = 12 * l * h * h * (1 + F(13, 12 * h) + F(V + s, 12 * l * h))
    sanity(f"megatron {name} P is Table 1's size", round(float(P) / 1e9, 1) == reported_billions,
           f"P = {P}, Table 1 reports {reported_billions}B")
    settings = shape(d_model=h, num_heads=a, num_layers=l, batch_size=B, context_length=s,
                     vocab_size=V)
    f72 = 72 * B * s * l * h * h * (1 + F(s, 6 * h) + F(V, 12 * l * h))
    f96 = 96 * B * s * l * h * h * (1 + F(s, 6 * h) + F(V, 16 * l * h))
    # the derivation: forward 24Bsh^2 + 4Bs^2h per layer and 2BshV for the logits
    fwd = l * (24 * B * s * h * h + 4 * B * s * s * h) + 2 * B * s * h * V
    for rc, want in (("none", f72), ("full", f96)):
        got = check(f"megatron {name} recompute={rc}", "megatron",
                    dict(settings, recompute=rc),
                    {"params": P, "flops.step": want, "flops.forward": fwd,
                     "flops.backward": 2 * fwd})
        if got:
            parts = evaluate(["flops.forward", "flops.backward", "flops.recompute"],
                             dict(settings, recompute=rc), "megatron", symbolic=True)
            sanity(f"megatron {name} recompute={rc}: forward + backward + recompute = F",
                   sum(parts.values()) == want, f"{sum(parts.values())} != {want}")


# Table 1: 145.6B (h 12288, 96 heads, 80 layers, batch 2304) and 1T (h 25600, 160 heads,
# 128 layers, batch 3072); vocabulary 51,200, sequence length 2048.
megatron("145.6b", 12288, 96, 80, 2304, 145.6)
megatron("1t", 25600, 160, 128, 3072, 1008.0)


# ---- Korthikanti et al. 2022, Section 4 and Table 2 ------------------------------------------
def korthikanti(name, a, h, L, t, b=1, s=2048):
    sbh = s * b * h
    rows = [  # (recompute, sequence_parallel, tensor_parallel, Table 2 / Eq. (1))
        ("none", "no", 1, sbh * (34 + F(5 * a * s, h))),                      # Eq. (1)
        ("none", "no", t, sbh * (10 + F(24, t) + F(5 * a * s, h * t))),       # tensor parallel
        ("none", "yes", t, sbh * (F(34, t) + F(5 * a * s, h * t))),           # + sequence parallel
        ("selective", "no", t, sbh * (10 + F(24, t))),                        # + selective
        ("selective", "yes", t, sbh * F(34, t)),                              # + seq. par. + selective
        ("full", "no", t, 2 * sbh),                                           # full recomputation
    ]
    for rc, sp, tp, want in rows:
        check(f"korthikanti {name} recompute={rc} sequence_parallel={sp} t={tp}", "korthikanti",
              shape(num_heads=a, d_model=h, num_layers=L, context_length=s, batch_size=b,
                    vocab_size=51200, tensor_parallel=tp, recompute=rc, sequence_parallel=sp),
              {"memory.activations.layer": want, "memory.activations": L * want})


# Table 3: GPT-3 175B (96 heads, h 12288, 96 layers) and MT-NLG 530B (128 heads, h 20480,
# 105 layers), both with tensor-parallel size 8, micro-batch 1, sequence length 2048.
korthikanti("175b", 96, 12288, 96, 8)
korthikanti("530b", 128, 20480, 105, 8)


# ---- 6ND --------------------------------------------------------------------------------------
# N from the table of exact counts (not from lmcost), D the tokens.
def six_nd(name, model, N, batch, steps, T):
    try:
        got = evaluate(["params.active", "flops.step", "compute.train"],
                       {"batch_size": batch, "steps": steps}, "6nd", model)
    except RuntimeError as e:
        fail(f"6nd {name}", str(e))
        return
    want = {"params.active": N, "flops.step": 6 * N * batch * T,
            "compute.train": 6 * N * batch * T * steps}
    bad = [f"{k} = {got[k]}, 6ND gives {v}" for k, v in want.items() if got[k] != v]
    fail(f"6nd {name}", "; ".join(bad)) if bad else ok(f"6nd {name}")


six_nd("gpt2-xl", "gpt2-xl", 1557611200, 512, 1000, 1024)
# LLaMA 2 7B: 4M-token batches (1024 x 4096) for 500,000 steps, about its 2T tokens.
six_nd("llama2-7b", "llama2-7b", 6738415616, 1024, 500000, 4096)

finish()
