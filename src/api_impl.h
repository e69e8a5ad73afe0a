/* api_impl.h: the session behind include/lmcost.h, shared by api.c (sessions, settings,
 * listings, values, errors) and api_rows.c (table, solve and sweep as rows). */
#ifndef LM_API_IMPL_H
#define LM_API_IMPL_H
#include "lmcost.h"
#include "sem/env.h"

/* A setting made with lmcost_set or lmcost_keep, replayed on every new selection. */
typedef struct {
    int keep;
    char *text;
} api_setting;

/* One diagnostic of the last call, as lmcost_error_* give it. */
typedef struct {
    int sev, line, col;
    const char *msg, *file, *limit;
    size_t text; /* offset of its rendering in the session's records buffer */
} api_record;

struct lmcost {
    lm_env *env;
    lm_instance *in;        /* the selection; before any, a free instance */
    char *model, *conv;     /* the selection as asked (NULL: none) */
    int selected, symbolic;
    api_setting *settings;
    size_t nsettings;
    int short_names;
    char *collect;          /* lmcost_set_collect's symbol, or NULL */
    const char **defs;      /* the visible definitions' names, once listed */
    size_t ndefs;
    lm_diags diags;         /* the last call's */
    lm_buf errors;          /* all of them rendered */
    lm_buf texts;           /* each rendered, NUL-terminated, at api_record.text */
    api_record *recs;
    int nrecs, caprecs;
    lm_buf scratch;         /* a const char * answer (lmcost_item) */
};

/* api.c, for api_rows.c: a call begins (clears the last call's diagnostics) and finishes
 * (renders them; -1 when the call failed); the selection's instance, made when there is
 * none yet; the selection with its settings as a new instance (model NULL: the
 * selection's), for a computation that changes what it uses or another model. */
void lm_api_begin(lmcost *s);
int lm_api_finish(lmcost *s, int rc);
int lm_api_need(lmcost *s);
lm_instance *lm_api_instance(lmcost *s, const char *model);

#endif
