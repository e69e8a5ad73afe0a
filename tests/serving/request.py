#!/usr/bin/env python3
# request.py: time.request.decode, summed in closed form (serving.lm), equals the sum of
# time.decode over the request's decode steps, one eval per step, exactly: across a switch
# from compute- to memory-bound and back, with a sliding window on every layer and on some,
# under tensor parallelism and MoE.
# Output: one "ok NAME" or "FAIL NAME: detail" line per check; exit 1 if any failed.
import subprocess, sys
from fractions import Fraction as F

build = sys.argv[1] if len(sys.argv) > 1 else "build"
failed = 0


def ev(name, args):
    r = subprocess.run([f"{build}/lmcost", "eval", name, "-F", "plain", "--exact", *args],
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(r.stderr.strip())
    return F(r.stdout.split()[0])


def check(name, args, P, O):
    global failed
    try:
        whole = ev("time.request.decode", args + ["-s", f"prompt_length={P}", "-s",
                                                  f"output_length={O}"])
        steps = sum(ev("time.decode", args + ["-s", f"cache_length={c}"])
                    for c in range(P, P + O))
    except RuntimeError as e:
        whole, steps = str(e), None
    if whole == steps:
        print(f"ok {name}")
    else:
        failed += 1
        print(f"FAIL {name}: time.request.decode = {whole}, the steps add up to {steps}")


def regimes(args, first, last):
    return [ev("time.decode.memory", args + ["-s", f"cache_length={c}"]) >
            ev("time.decode.compute", args + ["-s", f"cache_length={c}"]) for c in (first, last)]


A100 = ["-m", "llama2-7b", "-s", "dtype=bf16", "-s", "hardware=a100-sxm-80gb"]
check("memory-bound throughout", A100 + ["-s", "batch_size=1"], 512, 32)
up = A100 + ["-s", "batch_size=160"]
if regimes(up, 1, 30) != [False, True]:
    failed += 1
    print("FAIL compute- then memory-bound: the case no longer switches")
check("compute- then memory-bound", up, 1, 30)
down = ["-m", "llama2-7b", "-s", "dtype=bf16", "-s", "batch_size=1", "-s", "kv_dtype=int4",
        "-s", "peak_flops=1e12", "-s", "memory_bandwidth=0.995e12"]
if regimes(down, 100, 299) != [True, False]:
    failed += 1
    print("FAIL memory- then compute-bound: the case no longer switches")
check("memory- then compute-bound", down, 100, 120)
H100 = ["-m", "mistral-7b", "-s", "dtype=bf16", "-s", "batch_size=8", "-s", "hardware=h100-sxm",
        "-s", "sliding_window=50"]
check("a window on every layer, crossed", H100, 30, 40)
check("a window on half the layers, tensor_parallel 2",
      H100 + ["-s", "sliding_layers=16", "-s", "tensor_parallel=2"], 30, 40)
check("MoE on 4 devices", ["-m", "mixtral-8x7b", "-s", "dtype=bf16", "-s", "batch_size=3",
                           "-s", "hardware=h100-sxm", "-s", "tensor_parallel=4",
                           "-s", "peak_flops=1e12"], 10, 25)
sys.exit(1 if failed else 0)
