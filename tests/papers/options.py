#!/usr/bin/env python3
# options.py: no option value, option combination or model preset leaves a definition of
# any convention undefined or failing.
#
# For every convention of `lmcost list -F json`: `show --all -S` must succeed; and
# `eval --all` on llama2-7b (batch_size, steps, peak_flops, mfu, the bandwidths, the device
# memory and the request's prompt and output lengths given) must
# exit 0 with every value a number, for each value of each option (one option varied at a
# time), for a few combinations of many options, and for every complete model preset.
# Output: one "ok NAME" or "FAIL NAME: detail" line per check; exit 1 if any failed.
import json, subprocess, sys
from fractions import Fraction

build = sys.argv[1] if len(sys.argv) > 1 else "build"
lmcost = f"{build}/lmcost"
failed = 0
RUN = ["-s", "batch_size=2", "-s", "steps=10", "-s", "peak_flops=1 TFLOP/s", "-s", "mfu=0.5",
       "-s", "link_bandwidth=100 GB/s", "-s", "network_bandwidth=10 GB/s",
       "-s", "memory_bandwidth=1 TB/s", "-s", "device_memory=80 GB", "-s", "prompt_length=16",
       "-s", "output_length=4"]

COMBOS = [
    ["ffn=swiglu", "norm=rmsnorm", "pos=rope", "tie_embeddings=no", "bias=none",
     "recompute=full", "flash_attention=yes", "causal=yes", "dtype=mixed", "num_kv_heads=8",
     "num_experts=8", "experts_per_token=2"],
    ["ffn=geglu", "norm=layernorm", "pos=learned", "tie_embeddings=yes", "bias=qkv",
     "recompute=selective", "dtype=bf16", "num_kv_heads=1", "head_dim=256",
     "tensor_parallel=8", "sequence_parallel=yes", "chinchilla_embeddings=no"],
    ["ffn=relu", "norm=none", "pos=none", "bias=all", "recompute=none", "dtype=fp32",
     "num_experts=4", "experts_per_token=1", "tensor_parallel=4", "sequence_parallel=no",
     "cache_length=100"],
]


def report(name, problem):
    global failed
    if problem:
        failed += 1
        print(f"FAIL {name}: {problem}")
    else:
        print(f"ok {name}")


def run(args):
    return subprocess.run([lmcost, *args], capture_output=True, text=True)


def eval_all(conv, model, settings):
    """None if every definition evaluates to a number, else what went wrong."""
    args = ["eval", "--all", "-m", model, "-c", conv, "-F", "json", *RUN]
    for s in settings:
        args += ["-s", s]
    r = run(args)
    if r.returncode != 0:
        err = r.stderr.strip().splitlines()
        return f"{' '.join(settings) or 'defaults'}: exit {r.returncode}: {err[0] if err else ''}"
    try:
        values = json.loads(r.stdout)["values"]
    except (ValueError, KeyError) as e:
        return f"{' '.join(settings)}: bad JSON ({e})"
    if not values:
        return f"{' '.join(settings)}: no values"
    for v in values:
        try:
            Fraction(v["exact"])
            number = isinstance(v["value"], (int, float)) and not isinstance(v["value"], bool)
        except (KeyError, ValueError, TypeError):
            number = False
        if not number:
            return f"{' '.join(settings)}: {v.get('name')} is not a number: {v}"
    return None


listing = json.loads(run(["list", "-F", "json"]).stdout)
conventions = listing["conventions"]
options = listing["options"]
models = [m if isinstance(m, str) else m["name"] for m in listing["models"]]

for conv in conventions:
    r = run(["show", "--all", "-S", "-c", conv])
    report(f"show --all -S -c {conv}",
           None if r.returncode == 0 and r.stdout else f"exit {r.returncode}: {r.stderr.strip()[:300]}")
    report(f"eval --all -c {conv} (defaults)", eval_all(conv, "llama2-7b", []))
    for opt in options:
        problems = [p for p in (eval_all(conv, "llama2-7b", [f"{opt['name']}={v}"])
                                for v in opt["values"]) if p]
        report(f"eval --all -c {conv}, each value of {opt['name']}", "; ".join(problems))
    for i, combo in enumerate(COMBOS, 1):
        report(f"eval --all -c {conv}, combination {i}", eval_all(conv, "llama2-7b", combo))
    for model in models:
        # a model that only sets the architecture (gpt2) is not complete: -S is not given,
        # so its missing shapes are errors in every convention alike; skip those.
        if run(["eval", "--all", "-m", model, "-c", "standard", *RUN]).returncode != 0:
            continue
        report(f"eval --all -c {conv} -m {model}", eval_all(conv, model, []))

sys.exit(1 if failed else 0)
