/* names.h: the name index of an environment (names.c): what each name declares, found by
 * hashing rather than by scanning every declaration. */
#ifndef LM_NAMES_H
#define LM_NAMES_H
#include "sem/env.h"

typedef struct lm_name_entry lm_name_entry;

/* The entry of `name`: NULL when the index cannot be built (out of memory: scan instead),
 * an entry that declares nothing when nothing is declared under that name. */
const lm_name_entry *lm_names_find(const lm_env *env, const char *name);
/* Forget the index (lm_env_free; a load that adds declarations rebuilds it by itself). */
void lm_names_drop(lm_env *env);

/* The symbol, option and block (model or convention) of that name: indexes, -1 for none. */
int lm_name_sym(const lm_name_entry *e);
int lm_name_opt(const lm_name_entry *e);
int lm_name_block(const lm_name_entry *e, int is_convention);
/* Indexes of the definitions of that name, in declaration order (one per convention that
 * defines it, and the global one), and of those whose names continue it with a dot. */
size_t lm_name_defs(const lm_name_entry *e, const uint32_t **v);
size_t lm_name_below(const lm_name_entry *e, const uint32_t **v);
#endif
