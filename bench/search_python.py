#!/usr/bin/env python3
# search_python.py: the search workload in plain Python: every layout of a dense model on N
# devices, parallel.lm's formulas written out with Fractions, the ones that fit ranked by
# time.step.estimate; the same CSV as `lmcost search -F csv`.
#
# Usage: search_python.py CONSTANTS N TOP
# CONSTANTS: lines "NAME VALUE" (exact, from bench/run.sh: the model's own figures, which do
# not depend on the layout: parameters of each part, FLOPs of a step, activations of one
# sequence per recompute value, the hardware). Only the layout formulas of parallel.lm are
# here: the per-device split, the pipeline, ZeRO, the communication and the step time.
# Dense models without biases, untied embeddings, one pipeline chunk, no offload.
import sys
from fractions import Fraction as F

const = {}
for line in open(sys.argv[1]):
    name, value = line.split()
    const[name] = F(value)
N, TOP = int(sys.argv[2]), int(sys.argv[3])
c = const.get
B, L, H, KV = (int(c(k)) for k in ("batch_size", "num_layers", "num_heads", "num_kv_heads"))
ctx, dm, dff, hd = c("context_length"), c("d_model"), c("d_ff"), c("head_dim")
q, kv = H * hd, KV * hd
bp, bg, bo, ba = c("bytes_param"), c("bytes_grad"), c("bytes_opt"), c("bytes_act")
tok, pos, lm_head, nf = (c("params.embedding.token"), c("params.embedding.position"),
                         c("params.lm_head"), c("params.norm_final"))
norms, expert = c("params.layer.norms"), c("params.layer.ffn.expert")
gathered_whole = max(tok, lm_head, c("params.layer.attention.qkv"),
                     c("params.layer.attention.output"), dm * dff)
peak, eff, cap = c("peak_flops"), c("efficiency"), c("device_memory")
link, net, dpn = c("link_bandwidth"), c("network_bandwidth"), c("devices_per_node")
reserved = c("memory_reserved")
RECOMPUTE = ("none", "selective", "full")
ACT = ("norms", "attention.output", "ffn.w_out", "attention.scores", "attention.softmax",
       "attention.weighted", "ffn.w_in", "ffn.activation")


def divisors(n):
    return [k for k in range(1, n + 1) if n % k == 0]


def layouts():
    total = fit = nofit = 0
    skipped = {}
    rows = []
    for d in divisors(N):
        for t in divisors(N // d):
            p = N // d // t
            micro = divisors(B // d) if B % d == 0 else []
            for zero in range(4):
                for r in RECOMPUTE:
                    for sp in ("no", "yes"):
                        n = max(1, len(micro))
                        total += n
                        why = None  # parallel.lm's requires, in its order
                        if H % t:
                            why = "tensor_parallel must divide num_heads"
                        elif KV % t and t % KV:
                            why = "tensor_parallel must divide num_kv_heads or be a multiple of it"
                        elif L % p:
                            why = "pipeline_parallel * pipeline_chunks must divide num_layers"
                        elif B % d:
                            why = "data_parallel must divide batch_size"
                        if why:
                            skipped[why] = skipped.get(why, 0) + n
                            continue
                        for b in micro:
                            mem, time = figures(d, t, p, zero, r, sp, b)
                            if mem > cap:
                                nofit += 1
                                continue
                            fit += 1
                            rows.append((time, mem, len(rows), (d, t, p, zero, r, sp, b)))
    return rows, total, fit, nofit, skipped


def figures(d, t, p, zero, r, sp, b):
    m = F(B, d * b)
    tp_rep = F(1, t) if sp == "yes" else 1
    kv_dev = kv if t <= 1 else max(kv / t, hd)
    qkv_dev = q / t + 2 * kv_dev
    layer_dense = norms + dm * qkv_dev + q * dm / t
    layer_experts = expert / t
    dense = {st: L * layer_dense / p + (tok / t + pos if st == "first" or p <= 1 else 0) +
             (nf + lm_head / t if st == "last" or p <= 1 else 0) for st in ("first", "last")}
    experts = L * layer_experts / p
    tokens = b * ctx
    a = {k: c("act.%s.%s" % (r, k)) * b for k in ACT}
    if r == "full":
        act_layer = tp_rep * c("act.full.layer") * b
    else:
        act_layer = (tp_rep * (a["norms"] + a["attention.output"] + a["ffn.w_out"]) +
                     ba * tokens * qkv_dev + (a["attention.scores"] + a["attention.softmax"] +
                     a["attention.weighted"] + a["ffn.w_in"] + a["ffn.activation"]) / t)
    act_head = b * (tp_rep * c("act.norm_final") + (c("act.logits") + c("act.loss")) / t)
    in_first = 1 if p <= 1 else min(p, m)
    in_last = 1
    layers_chunk = F(L, p)
    totals, comm_dp = [], []
    for st in ("first", "last"):
        whole = dense[st] + experts
        sharded = dense[st] / d + experts / d
        mem = bp * (sharded if zero >= 3 else whole) + bg * (sharded if zero >= 2 else whole)
        mem += bo * (sharded if zero >= 1 else whole)
        mem += (bp + bg) * gathered_whole / t if zero >= 3 else 0
        mem += (in_first if st == "first" else in_last) * layers_chunk * act_layer
        mem += act_head if st == "last" or p <= 1 else 0
        totals.append(mem + reserved)
        dp_bytes = m * (bg + 2 * bp) if zero >= 3 else 2 * bg
        comm_dp.append(dp_bytes * F(d - 1, d) * (dense[st] + experts))  # expert_parallel = 1
    flops, backward = c("flops.step." + r), c("flops.backward." + r)
    compute = flops / (N * eff * peak)
    sbh = b * ctx * dm
    tp_coll = 4 + (2 if r == "full" else 0)
    comm_tp = m * L / p * tp_coll * 2 * F(t - 1, t) * ba * sbh
    sends = 0 if p <= 1 else 1 if p <= 2 else 2
    comm_pp = m * sends * ba * sbh / t
    overlap = compute if zero >= 3 else compute * backward / (flops * m)
    dp = 0 if d <= 1 else max(0, max(comm_dp) / (link if t * d <= dpn else net) - overlap)
    time = (compute + F(p - 1) / m * compute + comm_tp / (link if t <= dpn else net) +
            comm_pp / (link if N <= dpn else net) + dp)
    return max(totals), time


def exact(x):
    return str(x.numerator) if x.denominator == 1 else "%d/%d" % (x.numerator, x.denominator)


rows, total, fit, nofit, skipped = layouts()
rows.sort(key=lambda x: (x[0], x[1], x[2]))
out = ["data_parallel,tensor_parallel,pipeline_parallel,zero,recompute,sequence_parallel,"
       "micro_batch_size,memory.device.total,time.step.estimate"]
for time, mem, _, lay in rows[:TOP]:
    out.append(",".join(str(v) for v in lay) + "," + exact(mem) + "," + exact(time))
sys.stdout.write("\n".join(out) + "\n")
sys.stderr.write("%d layouts: %d fit, %d do not fit; skipped %s\n" % (total, fit, nofit,
                 sorted(skipped.items())))
