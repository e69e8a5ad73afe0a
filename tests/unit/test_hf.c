/* test_hf.c: a Hugging Face config.json through the public API: lmcost_select takes its
 * path as a model, reads it once per session, and reports a bad file as located errors. */
#include "lmcost.h"
#include "base/alloc.h"
#include "testlib.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void expect_params(lmcost *s, const char *path, const char *want)
{
    TL_CHECK(path, lmcost_select(s, path, NULL, 0) == 0);
    char *v = lmcost_value(s, "params");
    TL_STREQ(path, v, want);
    lmcost_string_free(v);
}

/* Reading a good config and a bad one, with the symbols and options alone (so that a run
 * is short): 0 when both went as they should, -1 when a call failed with "out of memory"
 * (after the bad config's own error, possibly), -2 otherwise. */
static int run_config(void)
{
    lmcost *s = lmcost_new();
    if (!s)
        return -1;
    int rc = 0;
    if (lmcost_load_file(s, "src/lib/symbols.lm") ||
        lmcost_select(s, "tests/hf/qwen1.5-moe-a2.7b/config.json", NULL, 0) ||
        lmcost_select(s, "tests/errors/hf-sparse-step/config.json", NULL, 0) == 0 ||
        !strstr(lmcost_errors(s), "decoder_sparse_step")) {
        const char *e = lmcost_errors(s), *oom = "error: out of memory\n";
        size_t n = strlen(e), k = strlen(oom);
        rc = n >= k && strcmp(e + n - k, oom) == 0 ? -1 : -2;
    } else if (strstr(lmcost_errors(s), "out of memory")) {
        rc = -1;
    }
    lmcost_free(s);
    return rc;
}

/* Fail each allocation of run_config in turn: each failure is reported, nothing leaks. */
static void fail_each(void)
{
    size_t live0 = lm_alloc_live(), before = lm_alloc_count();
    TL_CHECK("a config through the API", run_config() == 0);
    size_t total = lm_alloc_count() - before;
    int silent = 0, leaks = 0;
    for (size_t n = 1; n <= total; n++) {
        lm_alloc_fail_at(n);
        int rc = run_config();
        lm_alloc_fail_at(0);
        if (rc != -1 && silent++ < 5)
            printf("FAIL oom: allocation %zu failed and the run said otherwise (%d)\n", n, rc);
        if (lm_alloc_live() != live0 && leaks++ < 5)
            printf("FAIL oom: leak after failing allocation %zu\n", n);
    }
    printf("note: a config through the API: %zu allocations, each failed once\n", total);
    TL_CHECK("every failed allocation is reported as out of memory", silent == 0);
    TL_CHECK("no leak after any failed allocation", leaks == 0);
}

int main(void)
{
    fail_each();
    lmcost *s = lmcost_new();
    TL_CHECK("new", s != NULL);
    TL_CHECK("load", lmcost_load_builtin(s) == 0);
    expect_params(s, "tests/hf/llama-3-8b/config.json", "8030261248");
    expect_params(s, "tests/hf/gemma-2-9b/config.json", "9241705984");
    expect_params(s, "tests/hf/qwen2.5-32b/config.json", "32763876352");
    /* a second select of the same path uses the model already read */
    expect_params(s, "tests/hf/llama-3-8b/config.json", "8030261248");
    TL_CHECK("set on a config", lmcost_set(s, "num_layers=16") == 0);
    char *v = lmcost_value(s, "params");
    TL_STREQ("num_layers=16", v, "4540469248");
    lmcost_string_free(v);
    TL_CHECK("presets still there", lmcost_select(s, "gpt2-small", NULL, 0) == 0);

    char path[64];
    snprintf(path, sizeof path, "/tmp/lmcost-hf-%ld.json", (long)getpid());
    FILE *f = fopen(path, "w");
    TL_CHECK("temp file", f != NULL);
    if (f) {
        fputs("{\n  \"model_type\": \"llama\",\n  \"hidden_size\": 4096,\n}\n", f);
        fclose(f);
        TL_CHECK("malformed", lmcost_select(s, path, NULL, 0) != 0);
        const char *e = lmcost_errors(s);
        TL_CHECK("located", strstr(e, ".json:4:1: error: malformed JSON: ") != NULL);
        remove(path);
    }
    TL_CHECK("unknown family", lmcost_select(s, "tests/errors/hf-unknown-model-type/config.json",
                                             NULL, 0) != 0);
    TL_STREQ("unknown family text", lmcost_errors(s),
             "tests/errors/hf-unknown-model-type/config.json:2:17: error: unknown model_type "
             "'llama3' (did you mean 'llama'?)\n"
             "    2 |   \"model_type\": \"llama3\",\n"
             "      |                 ^~~~~~~~\n");
    lmcost_free(s);
    return tl_finish("hf");
}
