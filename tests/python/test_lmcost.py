# test_lmcost.py: the Python package against the library and the command line: exact
# values and their types, formulas in every format, rows, errors as records, the report.
import json
import os
import subprocess
import unittest
from fractions import Fraction

import lmcost

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CLI = os.environ.get("LMCOST_CLI", os.path.join(ROOT, "build", "lmcost"))


def cli(*args):
    return subprocess.run([CLI] + list(args), check=True, capture_output=True,
                          text=True).stdout


def has(module):
    try:
        __import__(module)
        return True
    except ImportError:
        return False


SEED_BF16 = dict(convention="seed", dtype="bf16")


class Values(unittest.TestCase):
    def test_version(self):
        self.assertEqual(lmcost.version(), cli("--version").split()[1])

    def test_value_int_in_unit(self):
        m = lmcost.Model("gpt2-xl", convention="seed")
        v = m.value("params")
        self.assertIs(type(v), int)
        self.assertEqual((v, m.unit("params")), (1637020800, "parameter"))
        self.assertEqual((m.name, m.convention), ("gpt2-xl", "seed"))

    def test_value_fraction(self):
        m = lmcost.Model("gpt2-xl", convention="seed", batch_size=1024, steps=400000,
                         peak_flops="19.5 TFLOP/s", mfu=Fraction(1, 2))
        self.assertEqual(m.value("time.train"), Fraction(3515053384006, 685546875))
        self.assertEqual(m.unit("time.train"), "day")
        self.assertEqual(m.round(m.value("time.train")), "5127.371")
        self.assertIsInstance(m.value("time.train", float=True), float)

    def test_standard_default(self):
        m = lmcost.Model("gpt2-xl", batch_size=8)
        self.assertEqual(m.convention, "standard")
        self.assertEqual(m.value("params"), 1557611200)
        self.assertEqual(m.value("flops.step"), 84462208280192)

    def test_with_adds_settings(self):
        m = lmcost.Model("gpt2-xl", **SEED_BF16)
        self.assertEqual(m.with_(dtype="fp32").value("memory.params"), 6548083200)
        self.assertEqual(m.value("memory.params"), 3274041600)

    def test_library_file(self):
        m = lmcost.Model("small", convention=None,
                         library=os.path.join(ROOT, "examples", "tiny.lm"))
        self.assertEqual(m.value("params"), 353453056)
        self.assertEqual([x["name"] for x in m.list("models")], ["small", "small-fp32"])

    def test_config_json(self):
        path = os.path.join(ROOT, "tests", "hf", "mixtral-8x7b-v0.1", "config.json")
        m = lmcost.Model(path)
        self.assertEqual(m.name, path)
        got = [m.value("params"), m.value("params.active")]
        self.assertEqual(got, [int(x) for x in cli("eval", "params", "params.active", "-m", path,
                                                   "-F", "plain").split()])
        self.assertEqual(got, [46702792704, 12879925248])

    def test_config_json_error(self):
        path = os.path.join(ROOT, "tests", "errors", "hf-malformed-json", "config.json")
        with self.assertRaises(lmcost.Error) as cm:
            lmcost.Model(path)
        e = cm.exception
        self.assertEqual((e.file, e.line, e.column), (path, 5, 14))
        self.assertTrue(e.message.startswith("malformed JSON"))

    def test_float_setting_refused(self):
        with self.assertRaises(TypeError):
            lmcost.Model("gpt2-xl", mfu=0.5)

    def test_list(self):
        m = lmcost.Model("gpt2-xl")
        models = {x["name"]: x for x in m.list("models")}
        self.assertIn("llama2-7b", models)
        dtype = [o for o in m.list("options") if o["name"] == "dtype"][0]
        self.assertEqual((dtype["values"], dtype["value"]), ("fp32|bf16|mixed", "fp32"))


class Formulas(unittest.TestCase):
    def test_keep(self):
        m = lmcost.Model("gpt2-xl", keep=["batch_size"], **SEED_BF16)
        f = m.formula("memory.total")
        self.assertEqual(str(f), "4667508736*batch_size + 13096166400")
        self.assertEqual(f.unit, "B")
        self.assertEqual(cli("show", "memory.total", "-m", "gpt2-xl", "-c", "seed", "-s",
                             "dtype=bf16", "-k", "batch_size"),
                         "memory.total [B] = %s\n" % f)

    def test_symbolic_formats(self):
        m = lmcost.Model("gpt2-xl", symbolic=True)
        name = "flops.forward.layer.attention.qkv"
        self.assertEqual(str(m.formula(name)), "6*context_length*d_model^2*batch_size")
        for fmt in ("latex", "unicode"):
            want = cli("show", name, "-S", "-F", fmt).strip()
            self.assertEqual(str(m.formula(name, format=fmt)), want.split(" = ", 1)[-1]
                             if fmt == "unicode" else want)

    def test_repr_latex(self):
        f = lmcost.Model("gpt2-xl", symbolic=True).formula("memory.total", "latex")
        self.assertTrue(f._repr_latex_().startswith(r"$$\mathtt{memory.total}\ [\mathrm{B}] = "))
        self.assertTrue(f._repr_latex_().endswith(f.latex + "$$"))
        self.assertEqual(str(f), f.latex)

    def test_no_model(self):
        self.assertIsNone(lmcost.Model(None).name)

    def test_bad_format(self):
        with self.assertRaises(ValueError):
            lmcost.Model("gpt2-xl").formula("params", "html")

    @unittest.skipUnless(has("sympy"), "SymPy is not installed")
    def test_sympy(self):
        import sympy
        f = lmcost.Model("gpt2-xl", symbolic=True).formula("memory.total")
        e = f.sympy()
        B = sympy.Symbol("batch_size")
        self.assertEqual(sympy.degree(sympy.expand(e), B), 1)


class Calc(unittest.TestCase):
    def test_formula(self):
        self.assertEqual(str(lmcost.calc("(a+b)^2 - (a-b)^2")), "4*a*b")
        self.assertEqual(lmcost.calc("(x+1)^3", format="latex").text, "x^{3} + 3 x^{2} + 3 x + 1")

    def test_round(self):
        self.assertEqual(lmcost.round(Fraction(3515053384006, 685546875)), "5127.371")
        self.assertEqual(lmcost.round(14347074722107228160, 7), "1.434707e19")

    def test_number(self):
        self.assertEqual(lmcost.calc("floor((80 GiB - 13096166400 B) / (4667508736 B))"), 15)
        self.assertEqual(lmcost.calc("1/3 + 1/6"), Fraction(1, 2))
        m = lmcost.Model("gpt2-xl")
        self.assertEqual(m.calc("params * 2 B/parameter"), 3115222400)
        self.assertEqual(m.calc_unit("params * 2 B/parameter"), "B")


class Errors(unittest.TestCase):
    def test_record(self):
        with self.assertRaises(lmcost.Error) as cm:
            lmcost.calc("80 GB + 1 FLOP")
        e = cm.exception
        self.assertEqual(e.message, "dimension mismatch: cannot add B and FLOP")
        self.assertEqual((e.line, e.column), (1, 1))
        self.assertEqual(str(e).splitlines()[1:], ["    1 | 80 GB + 1 FLOP",
                                                    "      | ^~~~~~~~~~~~~~"])
        self.assertTrue(str(e).endswith("error: dimension mismatch: cannot add B and FLOP\n"
                                        "    1 | 80 GB + 1 FLOP\n      | ^~~~~~~~~~~~~~")
                        or "^~~~" in str(e))
        self.assertEqual([d.severity for d in e.diagnostics], ["error"])

    def test_limit(self):
        with self.assertRaises(lmcost.Error) as cm:
            lmcost.calc("(a+b+c+d)^1000")
        self.assertEqual(cm.exception.limit, "max_terms")

    def test_setting_with_place(self):
        with self.assertRaises(lmcost.Error) as cm:
            lmcost.Model("gpt2-xl", batch_size=0).value("memory.total")
        e = cm.exception
        self.assertEqual((e.file, e.line, e.column), ("<command line>", 1, 12))
        self.assertIn("batch_size must be a positive integer", e.message)
        self.assertEqual(e.diagnostics[1].file, "<builtin>/symbols.lm")

    def test_unknown_model(self):
        with self.assertRaises(lmcost.Error) as cm:
            lmcost.Model("gpt2-xxl")
        self.assertIn("gpt2-xxl", str(cm.exception))

    def test_missing_symbol(self):
        with self.assertRaises(lmcost.Error) as cm:
            lmcost.Model("gpt2-xl").value("memory.total")
        self.assertIn("batch_size", str(cm.exception))

    def test_solve_arguments(self):
        with self.assertRaises(TypeError):
            lmcost.Model("gpt2-xl").solve("memory.total", for_="batch_size")


class RowsTests(unittest.TestCase):
    def test_table(self):
        t = lmcost.Model("gpt2-xl", convention="seed", batch_size=1).table("flops")
        self.assertEqual(t.columns, ["name", "depth", "unit", "gpt2-xl", "gpt2-xl share"])
        self.assertEqual(t[0], ("flops.step", 0, "FLOP", 10571326906368, 1))
        row = dict((r[0], r) for r in t)["flops.forward.layer.norm1"]
        self.assertEqual(row[3], 4917248)
        self.assertEqual(row[4], Fraction(4917248, 10571326906368))
        self.assertEqual(t["gpt2-xl"][0], 10571326906368)

    def test_html(self):
        t = lmcost.Model("gpt2-xl", convention="seed", batch_size=1).table("flops")
        html = t._repr_html_()
        self.assertIn("<th>gpt2-xl share</th>", html)
        self.assertIn('<td style="text-align:right">10,571,326,906,368</td>', html)
        self.assertIn('<td title="1716330497/5161780716">≈ 0.3325074</td>', html)

    def test_table_models(self):
        t = lmcost.Model("gpt2-xl", convention="seed", batch_size=1).table(
            "flops.forward.matmul", models=["gpt2-small", "gpt2-xl"])
        self.assertEqual(t.columns[3:], ["gpt2-small", "gpt2-small share", "gpt2-xl",
                                         "gpt2-xl share"])
        self.assertEqual(t.first()["gpt2-xl"], 3506703564800)

    def test_solve(self):
        m = lmcost.Model("gpt2-xl", **SEED_BF16)
        s = m.solve("memory.total", le="80 GB", for_="batch_size").first()
        self.assertEqual(s, {"symbol": "batch_size", "value": 14, "definition": "memory.total",
                             "unit": "B", "at_value": 78441288704,
                             "at_value_plus_1": 83108797440, "margin": 1558711296,
                             "method": "closed form"})
        self.assertEqual(m.solve("memory.total", le="80 GiB", for_="batch_size")["value"], [15])
        s = lmcost.Model("gpt2-xl", batch_size=1).solve("memory.activations", le="80 GB",
                                                         for_="context_length").first()
        self.assertEqual((s["value"], s["method"]), (2622, "search"))
        s = lmcost.Model("gpt2-xl", batch_size=512).solve("tokens.train", ge="300e9",
                                                           for_="steps")
        self.assertEqual(s["value"], [572205])

    def test_solve_requires(self):
        settings = dict(hardware="h100-sxm", dtype="mixed", batch_size=1024,
                        flash_attention="yes", zero=3)
        s = lmcost.Model("llama2-7b", **settings).solve(
            "memory.device.total", le="device_memory", for_="data_parallel").first()
        args = ["solve", "memory.device.total", "--le", "device_memory", "--for",
                "data_parallel", "-m", "llama2-7b", "-F", "json"]
        for k, v in settings.items():
            args += ["-s", f"{k}={v}"]
        want = json.loads(cli(*args))
        self.assertEqual((s["value"], s["excluded_from"], s["excluded_to"], s["excluded_by"]),
                         (256, 216, 255, "data_parallel must divide batch_size"))
        self.assertEqual((want["value"], want["excluded_from"], want["excluded_to"],
                          want["excluded_by"]), (256, 216, 255, [s["excluded_by"]]))
        self.assertEqual(s["at_excluded_from_minus_1"],
                         Fraction(want["at_excluded_from_minus_1"]))
        self.assertEqual(s["at_value"], Fraction(want["at_value"]))

    def test_sweep(self):
        m = lmcost.Model("gpt2-xl", batch_size=8)
        s = m.sweep(["params", "memory.total"], {"d_model": "1024..4096 x2",
                                                 "num_layers": [12, 24]})
        want = cli("sweep", "params", "memory.total", "-g", "d_model=1024..4096 x2",
                   "-g", "num_layers=12,24", "-s", "batch_size=8").splitlines()
        self.assertEqual(",".join(s.columns), want[0])
        self.assertEqual([",".join(map(str, r)) for r in s], want[1:])
        self.assertEqual(s.units, ["", "", "parameter", "B"])
        w = m.sweep("params", {"d_model": "1024..4096 x2", "num_layers": [12, 24]},
                    where="memory.total <= 80 GB")
        self.assertEqual([r[:2] for r in w], [(1024, 12), (1024, 24), (2048, 12)])

    def test_sweep_fractions(self):
        m = lmcost.Model("gpt2-xl", convention="seed", steps=400000,
                         peak_flops="19.5 TFLOP/s", mfu="0.5")
        s = m.sweep(["time.train"], {"batch_size": [512, 1024]})
        self.assertEqual(s["time.train"], [Fraction(1757530955078, 685546875),
                                           Fraction(3515053384006, 685546875)])

    def test_sweep_beyond_int64(self):
        m = lmcost.Model("gpt2-xl", batch_size=8)
        s = m.sweep(["flops.step"], {"num_layers": range(1, 3), "d_model": ["2^40"]})
        for (layers, d, v) in s:
            self.assertEqual(v, m.with_(num_layers=layers, d_model=d).value("flops.step"))
        self.assertGreater(s[0][2], 2 ** 63)

    def test_sweep_int64_then_beyond(self):
        """The first batches fit int64, later ones do not: the column turns exact."""
        m = lmcost.Model("gpt2-xl", batch_size=8, num_layers=10**9)
        s = m.sweep(["params"], {"d_model": range(20000, 30001)})
        col = s["params"]
        self.assertEqual(len(col), 10001)
        self.assertLess(col[0], 2 ** 63)
        self.assertGreater(col[-1], 2 ** 63)
        for i in (0, 4095, 4096, 8191, 8192, 10000):
            self.assertEqual(col[i], m.with_(d_model=20000 + i).value("params"), i)
        w = m.sweep(["params"], {"d_model": range(20000, 30001)}, where="params >= 0 parameter")
        self.assertEqual(w["params"], col)

    def test_sweep_million(self):
        m = lmcost.Model("gpt2-xl", batch_size=8)
        s = m.sweep(["params", "memory.total"], {"d_model": range(1, 1001),
                                                 "num_layers": range(1, 1001)})
        self.assertEqual(len(s), 1000000)
        self.assertEqual(s[999999][:2], (1000, 1000))
        self.assertEqual(s[-1][3], m.with_(d_model=1000, num_layers=1000).value("memory.total"))
        self.assertEqual(s[123456][:2], (124, 457))

    def test_sweep_error(self):
        m = lmcost.Model("gpt2-xl", batch_size=8, steps=10, peak_flops="1 TFLOP/s")
        with self.assertRaises(lmcost.Error) as cm:
            m.sweep("time.train", {"mfu": [1, 0]})
        self.assertIn("at mfu = 0: division by zero", str(cm.exception))

    @unittest.skipUnless(has("pandas"), "pandas is not installed")
    def test_pandas(self):
        m = lmcost.Model("gpt2-xl", batch_size=8)
        df = m.sweep("params", {"num_layers": [12, 48]}).to_pandas()
        self.assertEqual(list(df.columns), ["num_layers", "params"])
        self.assertEqual(str(df["params"].dtype), "int64")
        self.assertEqual(int(df["params"][1]), 1557611200)
        t = lmcost.Model("gpt2-xl", convention="seed", batch_size=1).table("flops").to_pandas()
        self.assertEqual(t["gpt2-xl share"][1], Fraction(1716330497, 5161780716))


class Report(unittest.TestCase):
    def test_same_as_cli(self):
        for args, kw in (((), {}), (("-c", "seed", "-s", "dtype=bf16"), SEED_BF16)):
            want = json.loads(cli("report", "-m", "gpt2-xl", "-F", "json", *args))
            got = lmcost.Model("gpt2-xl", **kw).report()
            for k in ("model", "convention", "dtype"):
                self.assertEqual(got[k], want[k])
            self.assertEqual(set(got["figures"]), set(want["figures"]))
            for k, w in want["figures"].items():
                g = got["figures"][k]
                self.assertEqual(g["unit"], w["unit"], k)
                if "exact" in w:
                    self.assertEqual(g["value"], Fraction(w["exact"]), k)
                else:
                    self.assertEqual((g["formula"], g["latex"]), (w["formula"], w["latex"]), k)


class Readme(unittest.TestCase):
    def test_session(self):
        """The README's Python session is real: every >>> line gives the output shown."""
        import doctest
        import re
        text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
        blocks = [b for b in re.findall(r"```\n(.*?)```", text, re.S) if ">>> import lmcost" in b]
        self.assertTrue(blocks)
        parser = doctest.DocTestParser()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        for i, b in enumerate(blocks):
            runner.run(parser.get_doctest(b, {}, "README.md[%d]" % i, "README.md", 0))
        self.assertEqual(runner.summarize(verbose=False).failed, 0)


if __name__ == "__main__":
    unittest.main()
