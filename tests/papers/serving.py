#!/usr/bin/env python3
# serving.py: inference (src/lib/serving.lm) against the published inference examples.
#
# Each example is recomputed here from its source's own formula, with the settings it states,
# in exact rational arithmetic, and compared exactly with lmcost's value (eval -F json,
# "exact"), or, where the source prints a rounded figure, after rounding as the source does.
# Sources: kipply, "Transformer Inference Arithmetic" (2022); J. Austin et al., "How to Scale
# Your Model", inference chapters (jax-ml/scaling-book); cli99/llm-analysis's published LLaMA-7B
# example (examples/llama, summary.json at b60b392f); AutoGPTQ's and AutoAWQ's quantized layers.
# Output: one "ok NAME" or "FAIL NAME: detail" line per check; exit 1 if any failed.
import json
from fractions import Fraction as F
from paperlib import fail, finish, flags, ok, run


def value(expr, settings, model=None, symbolic=False):
    """An expression's exact value, without its unit (calc --exact -F plain). calc takes the
    settings over a model (gpt2-xl, a GPT-style shape, unless named), never -S."""
    out = run(["calc", expr, "--exact", "-F", "plain",
               *flags(settings, model or "gpt2-xl", False)])
    return F(out.split()[0].strip("()"))  # a fraction with a unit is parenthesized


def check(name, want, settings, model=None, symbolic=False):
    """want: {definition: exact expected value}."""
    try:
        out = run(["eval", *want, "-F", "json", *flags(settings, model, symbolic)])
        got = {v["name"]: F(v["exact"]) for v in json.loads(out)["values"]}
    except (RuntimeError, ValueError, KeyError) as e:
        return fail(name, str(e))
    bad = [f"{k} = {got.get(k)}, the source's formula gives {v}" for k, v in want.items()
           if got.get(k) != v]
    fail(name, "; ".join(bad)) if bad else ok(name)


def check_expr(name, expr, want, settings, model=None, symbolic=False, rounding=None):
    """An expression against the source's exact value, or its printed figure after rounding."""
    try:
        got = value(expr, settings, model, symbolic)
    except (RuntimeError, ValueError) as e:
        return fail(name, str(e))
    shown = rounding(got) if rounding else got
    fail(name, f"{expr} = {got} ({shown}), the source gives {want}") if shown != want \
        else ok(name)


# ---- kipply, "Transformer Inference Arithmetic" ------------------------------------------------
# The 52B model: d_model 8192, 64 layers, 64 heads of 128; 16-bit throughout; an A100 at
# 312e12 FLOP/s and 1.5e12 B/s.
K52 = {"num_layers": 64, "d_model": 8192, "num_heads": 64, "dtype": "bf16", "bias": "none",
       "batch_size": 1, "peak_flops": "312e12", "memory_bandwidth": "1.5e12"}
L, d = 64, 8192
# "Per token, the number of bytes we store is 2 * 2 * n_layers * n_heads * d_head"
check("kipply: KV bytes per token (52B, 16-bit)", {"kv_cache.per_token": 2 * 2 * L * 64 * 128},
      K52, symbolic=True)
# "4 * 64 * 8192 = 2,097,152 bytes ~ 0.002 GB" per token
check_expr("kipply: KV per token ~ 0.002 GB", "kv_cache.per_token / (1 GB)", F(2, 1000), K52,
           symbolic=True, rounding=lambda x: F(round(x * 1000), 1000))
# The weight-read floor: 2 * 12 * n_layers * d_model^2 bytes (P = 12 L d^2 at 2 bytes each), read
# once per step: "12 * 2 * n_layers * d_model^2 / 1.5e12 ~ 69 milliseconds".
check("kipply: weights read per token, 2 * 12 * L * d^2 bytes",
      {"bytes.decode.weights": 2 * 12 * L * d * d}, K52, symbolic=True)
check_expr("kipply: weight-read floor 0.068719476736 s", "bytes.decode.weights / memory_bandwidth",
           F(12 * 2 * L * d * d) / F(15 * 10**11), K52, symbolic=True)
check_expr("kipply: weight-read floor ~ 69 ms", "bytes.decode.weights / memory_bandwidth", 69, K52,
           symbolic=True, rounding=lambda x: round(x * 1000))
# The 13B benchmark (40 layers, d 5120): "16.8ms ... (2x40x12x5120^2/1.5e12)".
K13 = dict(K52, num_layers=40, d_model=5120, num_heads=40)
check_expr("kipply: 13B weight-read floor 0.016777216 s",
           "bytes.decode.weights / memory_bandwidth",
           F(2 * 40 * 12 * 5120**2) / F(15 * 10**11), K13, symbolic=True)
# Compute- and memory-bound regimes: flops time B * 2P / A_f against memory time 2P / A_bm, so
# "the min batch size for memory bandwidth bound is ... 208" (312e12 / 1.5e12); at 90 % of the
# bandwidth, "312e12/(1.5e12x0.9)=231".
check("kipply: compute-bound from batch 208",
      {"inference.critical_batch": F(312 * 10**12, 15 * 10**11)},
      K52, symbolic=True)
check_expr("kipply: 312e12/(1.5e12 x 0.9) = 231", "inference.critical_batch", 231,
           dict(K52, memory_bandwidth="0.9 * 1.5e12"), symbolic=True,
           rounding=lambda x: x.numerator // x.denominator)
# And lmcost's own roofline agrees on the regimes, the cache empty: batch 1 memory-bound, 512
# (above 208) compute-bound.
try:
    R = dict(K52, cache_length=0, vocab_size=51200)
    c1 = value("time.decode.memory - time.decode.compute", R, symbolic=True)
    c512 = value("time.decode.memory - time.decode.compute", dict(R, batch_size=512),
                 symbolic=True)
    ok("kipply: batch 1 memory-bound, 512 compute-bound") if c1 > 0 > c512 else \
        fail("kipply: regimes", f"memory - compute = {c1} at batch 1, {c512} at 512")
except (RuntimeError, ValueError) as e:
    fail("kipply: regimes", str(e))

# ---- the scaling book ---------------------------------------------------------------------
# LLaMA 3 70B (applied-inference.md): L 80, D 8192, N 64, K 8, H 128: "KV cache size per token
# in int8 = 2 * K * H * L = 2 * 8 * 128 * 80 = 160kiB"; bf16 twice that.
L3 = {"num_layers": 80, "d_model": 8192, "num_heads": 64, "num_kv_heads": 8, "dtype": "bf16"}
check("scaling book: LLaMA 3 70B KV per token, int8 = 160 KiB",
      {"kv_cache.per_token": 2 * 8 * 128 * 80}, dict(L3, kv_dtype="int8"), symbolic=True)
check_expr("scaling book: 160 KiB", "kv_cache.per_token / (1 KiB)", 160, dict(L3, kv_dtype="int8"),
           symbolic=True)
check("scaling book: LLaMA 3 70B KV per token, bf16", {"kv_cache.per_token": 2 * 2 * 8 * 128 * 80},
      L3, symbolic=True)
# LLaMA 2 13B: one 8192-token sequence: "8192 x 40 x 128 x 40 x 2 x 2 = 6.7 GB".
check("scaling book: LLaMA 2 13B KV of an 8192-token sequence",
      {"kv_cache.per_sequence": 8192 * 40 * 128 * 40 * 2 * 2},
      {"cache_length": 8192, "dtype": "bf16"}, model="llama2-13b")
# The critical batch: 1.97e14 / 8.20e11 = 240 for bf16 on TPU v5e; "int8 parameters but ...
# computation in bfloat16, the critical batch size drops to 120"; int4, 60. The book's
# bytes per weight carry no scales: quant_scale_bits = 0.
V5E = {"hardware": "tpu-v5e", "dtype": "bf16", "memory_bandwidth": "8.2e11",
       "quant_scale_bits": 0}
floor = lambda x: x.numerator // x.denominator
check("scaling book: critical batch on TPU v5e, bf16 (1.97e14 / 8.2e11)",
      {"inference.critical_batch": F(197 * 10**12, 82 * 10**10)}, V5E, model="llama2-7b")
for wd, want in (("bf16", 240), ("int8", 120), ("int4", 60)):
    check_expr(f"scaling book: critical batch {want} with {wd} weights",
               "inference.critical_batch",
               want, dict(V5E, weight_dtype=wd), model="llama2-7b", rounding=floor)
check_expr("scaling book: 240 with the catalog's 819 GB/s too", "inference.critical_batch", 240,
           {"hardware": "tpu-v5e", "dtype": "bf16"}, model="llama2-7b", rounding=floor)

# ---- llm-analysis: the LLaMA-7B inference example -----------------------------------------
# decapoda-research_llama-7b-hf: 32 layers, 32 heads, hidden 4096, vocab 32000, ffn_embed_dim
# 16384 (a two-matrix MLP of 4h), shared embeddings; a100-sxm-80gb, w16a16e16, batch 1,
# seq_len 512, 32 generated tokens. Its layer norms are not counted: norm = none.
LA = {"num_layers": 32, "num_heads": 32, "d_model": 4096, "vocab_size": 32000, "d_ff": 16384,
      "ffn": "gelu", "bias": "none", "pos": "rope", "tie_embeddings": "yes", "norm": "none",
      "dtype": "bf16", "batch_size": 1, "hardware": "a100-sxm-80gb"}
h, V, s, Lq = 4096, 32000, 512, 32
# decode_num_flops_fwd_total: the forward pass at s = 1, L (24 h^2 + 4 h) + 2 h V; lmcost's
# matmuls over an empty cache.
check("llm-analysis: decode_num_flops_fwd_total 13147570176",
      {"flops.decode.matmul": Lq * (24 * h * h + 4 * h) + 2 * h * V},
      dict(LA, cache_length=0), symbolic=True)
check("llm-analysis: the published figure", {"flops.decode.matmul": 13147570176},
      dict(LA, cache_length=0), symbolic=True)
# prefill_num_flops_fwd_total: L (24 b s h^2 + 4 b s^2 h) + 2 b s h V.
check("llm-analysis: prefill_num_flops_fwd_total 6868726448128",
      {"flops.prefill.matmul": Lq * (24 * s * h * h + 4 * s * s * h) + 2 * s * h * V},
      dict(LA, prompt_length=s), symbolic=True)
check("llm-analysis: the published prefill figure", {"flops.prefill.matmul": 6868726448128},
      dict(LA, prompt_length=s), symbolic=True)
# kv_cache_memory_per_gpu: 2 b (s + 32) h bytes L = 285212672.
check("llm-analysis: kv_cache_memory_per_gpu 285212672",
      {"memory.device.kv_cache": 2 * 1 * (s + 32) * h * 2 * Lq},
      dict(LA, cache_length=s + 32), symbolic=True)
# weight_memory_per_gpu: 12 L h^2 (the layers) plus h V (the shared embedding), 2 bytes each.
check("llm-analysis: weight_memory_per_gpu 13147045888",
      {"memory.inference.weights": (Lq * 12 * h * h + h * V) * 2}, LA, symbolic=True)
check("llm-analysis: the published weight figure", {"memory.inference.weights": 13147045888},
      LA, symbolic=True)

# ---- quantized weights: AutoGPTQ's and AutoAWQ's buffers ---------------------------------------
# A 4-bit Linear(4096, 4096) at group size 128: qweight int32 [4096 // 32 * 4, 4096], scales fp16
# [4096 // 128, 4096], qzeros int32 [4096 // 128, 4096 // 32 * 4] (zero points at 4 bits).
n_in, n_out, g = 4096, 4096, 128
qweight = (n_in // 32 * 4) * n_out * 32
scales = (n_in // g) * n_out * 16
qzeros = (n_in // g) * (n_out // 32 * 4) * 32
Q = {"dtype": "bf16", "weight_dtype": "int4"}
check_expr("GPTQ/AWQ: 4-bit, g 128, fp16 scales: 4.125 bits per weight",
           "bytes_weight / (1 bit/parameter)", F(qweight + scales, n_in * n_out), Q,
           model="llama2-7b")
check_expr("GPTQ/AWQ: with 4-bit zero points: 4.15625 bits per weight",
           "bytes_weight / (1 bit/parameter)", F(qweight + scales + qzeros, n_in * n_out),
           dict(Q, weight_zero_points="yes"), model="llama2-7b")

finish()
