/* test_hf.c: a Hugging Face config.json through the public API: lmcost_select takes its
 * path as a model, reads it once per session, and reports a bad file as located errors. */
#include "lmcost.h"
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

int main(void)
{
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
