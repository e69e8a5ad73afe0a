# _report.py: the one-page report as a dict, with the keys of `lmcost report -F json`,
# composed from the library's calls (values exact: int or Fraction).
import math
from fractions import Fraction

from ._formula import Formula

# The notebook's training question, used unless the model's settings set these symbols.
TRAINING = {"batch_size": 1024, "steps": 400000, "peak_flops": "19.5 TFLOP/s", "mfu": "0.5"}
MEMORY = ("memory.params", "memory.gradients", "memory.optimizer", "memory.activations",
          "memory.total")


def _key(text):
    return "".join(ch if ch.isalnum() else "_" for ch in text.lower())


def _figure(m, name):
    return {"value": m.value(name), "unit": m.unit(name)}


def _formula(f):
    return {"formula": f.plain, "latex": f.latex, "unit": f.unit}


def report(m):
    """{"model", "convention", "dtype", "figures": {key: figure}}: a figure is {"value":
    int or Fraction, "unit": str} (a matmul adds "share", exact), a formula {"formula",
    "latex", "unit"}."""
    name, conv, lib = m._args
    settings = dict(m.settings)
    fig = {}
    fig["params"] = _figure(m, "params")
    fig["memory_params_fp32"] = _figure(m.with_(dtype="fp32"), "memory.params")
    fig["memory_params_bf16"] = _figure(m.with_(dtype="bf16"), "memory.params")
    b1 = m.with_(batch_size=1)
    parent = "flops.forward.matmul"
    total = b1.value(parent)
    for d in b1.list("definitions"):
        n = d["name"]
        if n.startswith(parent + ".") and "." not in n[len(parent) + 1:]:
            v = b1.value(n)
            if v:  # 0: a router in a dense model
                fig["matmul_" + _key(n[len(parent) + 1:])] = {
                    "value": v, "unit": b1.unit(n), "share": Fraction(v, total)}
    fig["flops_forward_matmul"] = _figure(b1, parent)
    fig["flops_forward"] = _figure(b1, "flops.forward")
    from ._model import Model
    sym = Model(name, conv, symbolic=True, library=lib, **settings)
    for n in MEMORY:
        fig[_key(n) + "_formula"] = _formula(sym.formula(n))
    kb = m.with_(keep=tuple(m.keep) + ("batch_size",))
    fig["memory_total_in_batch_size"] = _formula(kb.formula("memory.total"))
    unit = kb.unit("memory.total")
    v1, v2, v3 = (m.with_(batch_size=n).value("memory.total") for n in (1, 2, 3))
    a, b = v2 - v1, 2 * v1 - v2
    if v3 - v2 != a or a <= 0:
        raise ValueError("lmcost: memory.total must be a*batch_size + b with a > 0")
    fig["memory_total_a"] = {"value": a, "unit": unit}
    fig["memory_total_b"] = {"value": b, "unit": unit}
    for budget in ("80 GB", "80 GiB"):
        room = m.calc("%s / (1 %s)" % (budget, unit))
        n = math.floor((room - b) / a)
        fig["max_batch_size_" + _key(budget)] = {"value": max(n, 0), "unit": ""}
    fig["flops_optimizer"] = _figure(m, "flops.optimizer")
    train = m.with_(**dict(TRAINING, **settings))
    fig["flops_step"] = _figure(train, "flops.step")
    fig["time_train"] = _figure(train, "time.train")
    dtype = next((o["value"] for o in m.list("options") if o["name"] == "dtype"), None)
    return {"model": m.name, "convention": m.convention, "dtype": dtype, "figures": fig}
