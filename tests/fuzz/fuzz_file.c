/* fuzz_file.c: libFuzzer harness for a .lm file: parse, load the declarations, then
 * elaborate every definition the way `lmcost check` does (each convention symbolically,
 * each model in its values), render every diagnostic, and free everything.
 * Oracle: no crash, no sanitizer report, and the library's live allocation count returns
 * to where it was (nothing leaks, GMP included). */
#include "fuzz_common.h"
#include <unistd.h>

/* The source is named as a file in an empty directory: relative includes resolve there,
 * so the fuzzer reads no real files (an include of a built-in name still loads the
 * embedded library). */
static char name[64] = "fuzz.lm";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char dir[] = "/tmp/lmcost-fuzz-file.XXXXXX";
    if (mkdtemp(dir))
        snprintf(name, sizeof name, "%s/fuzz.lm", dir);
    return 0;
}

static void elaborate_all(lm_instance *in, lm_diags *d)
{
    const char **names;
    size_t n;
    if (lm_instance_def_names(in, &names, &n))
        return;
    for (size_t i = 0; i < n; i++) {
        const lm_val *v;
        const lm_def *def;
        lm_instance_def(in, names[i], &v, &def, d);
    }
    lm_free(names);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lm_alloc_recover(); /* an allocation that failed for an earlier input is forgotten */
    size_t live = lm_alloc_live();
    lm_diags d;
    lm_diags_init(&d);
    lm_env *env = fuzz_env_new();
    if (lm_env_load_text(env, name, (const char *)data, size, &d) == 0) {
        size_t nconv = 0;
        for (size_t i = 0; i < env->nblocks; i++)
            nconv += env->blocks[i].is_convention;
        for (size_t i = 0; i <= env->nblocks; i++) {
            const lm_block *b = i < env->nblocks ? &env->blocks[i] : NULL;
            if ((b && !b->is_convention) || (!b && nconv))
                continue;
            lm_instance *in = lm_instance_new(env, NULL, b ? b->name : NULL, LM_MODE_SYMBOLIC, &d);
            if (in)
                elaborate_all(in, &d);
            lm_instance_free(in);
        }
        const char *conv = lm_env_block(env, "standard", 1) ? "standard" : NULL;
        for (size_t i = 0; i < env->nblocks; i++) {
            const lm_block *b = &env->blocks[i];
            if (b->is_convention)
                continue;
            lm_instance *in = lm_instance_new(env, b->name, conv, LM_MODE_MODEL, &d);
            if (in)
                elaborate_all(in, &d);
            lm_instance_free(in);
        }
    }
    fuzz_render(&d);
    lm_diags_clear(&d);
    lm_env_free(env);
    FUZZ_ASSERT(lm_alloc_live() == live, "%zu blocks leaked", lm_alloc_live() - live);
    return 0;
}
