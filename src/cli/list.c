/* list.c: the list command: what the library (or -f FILE) declares: symbols, options, the
 * definitions visible in the chosen convention (in dotted-name order), models, conventions. */
#include "cli.h"
#include "base/alloc.h"

/* People get text in columns (Markdown keeps them in a code block), JSON an array of each
 * kind, CSV one row per declaration: kind,name,unit,description. */
#define TEXT WR_IN(OUT_TEXT)
#define JSON WR_IN(OUT_JSON)
#define TEX WR_IN(OUT_LATEX)

static const wr_col symbol_cols[] = {
    {"name", NULL, 0, 0, 22, NULL, 0},
    {"plain", NULL, 0, TEXT | JSON, 8, NULL, 0},
    {"latex", NULL, 0, JSON, 0, NULL, 0},
    {"symbol", NULL, 0, TEX, 0, NULL, 0},
    {"description", NULL, WR_UNIT_BRACKETS | WR_WRAP, 0, 0, NULL, 0},
    {"unit", NULL, WR_UNIT, TEX, 0, NULL, 0},
};
static const wr_col option_cols[] = {
    {"name", NULL, 0, 0, 22, NULL, 0},
    {"values", NULL, WR_WRAP, 0, 0, NULL, 0},
    {"description", NULL, WR_GAP_IF_SET | WR_WRAP, TEXT | TEX, 0, "   ", 0},
};
static const wr_col definition_cols[] = {
    {"name", NULL, 0, 0, 40, NULL, 0},
    {"unit", NULL, WR_UNIT, 0, 10, NULL, 0},
    {"description", NULL, WR_WRAP, TEXT | TEX, 0, NULL, 0},
};
static const wr_col block_cols[] = { /* JSON: the names alone */
    {"name", NULL, 0, 0, 22, NULL, 0},
    {"about", NULL, WR_WRAP, TEXT | TEX, 0, NULL, 0},
};
static const wr_col csv_cols[] = {
    {"kind", NULL, 0, 0, 0, NULL, 0},
    {"name", NULL, 0, 0, 0, NULL, 0},
    {"unit", NULL, WR_QUOTED, 0, 0, NULL, 0},
    {"description", NULL, WR_QUOTED, 0, 0, NULL, 0},
};

/* A table of the listing, for people and JSON; its title is a section in LaTeX. */
static void begin(cli *c, const char *key, const wr_col *cols, int ncols, const char *title)
{
    wr_table t = {key, cols, ncols, WR_T_HEADING, 2, NULL};
    wr_table_begin(c->w, &t, NULL, 0);
    wr_only(c->w, TEXT | JSON | TEX);
    wr_table_title(c->w, title);
}

static void symbols_and_options(cli *c)
{
    wr *w = c->w;
    const lm_env *env = c->env;
    begin(c, "symbols", symbol_cols, 6, "Symbols:");
    lm_buf tex;
    lm_buf_init(&tex);
    lm_print_opts po = {LM_FMT_LATEX, 0};
    for (size_t i = 0; i < env->nsyms; i++) {
        const lm_symbol *s = &env->syms[i];
        wr_row(w, NULL, s->unit);
        wr_name(w, s->name);
        wr_str(w, s->plain);
        wr_str(w, s->latex);
        lm_buf_reset(&tex);
        lm_print_atom_name(&tex, s->atom, &po); /* as formulas write it */
        wr_math(w, s->plain, lm_buf_str(&tex));
        wr_str(w, s->desc);
        wr_str(w, s->unit ? s->unit : "");
    }
    if (tex.failed)
        c->diags.oom = 1;
    lm_buf_clear(&tex);
    begin(c, "options", option_cols, 3, "Options:");
    for (size_t i = 0; i < env->nopts; i++) {
        const lm_option *o = &env->opts[i];
        const char **values = lm_malloc((o->decl->nargs + 1) * sizeof *values);
        if (!values) {
            c->diags.oom = 1;
            return;
        }
        for (size_t j = 0; j < o->decl->nargs; j++)
            values[j] = o->decl->args[j]->text;
        wr_row(w, NULL, NULL);
        wr_name(w, o->name);
        wr_list(w, values, o->decl->nargs);
        wr_str(w, o->desc);
        lm_free(values);
    }
}

/* The definitions of the chosen convention; each also as a CSV row when csv is set. */
static void definitions(cli *c, int csv)
{
    const char *conv = lm_instance_conv(c->in);
    const char **names;
    size_t n;
    if (lm_instance_def_names(c->in, &names, &n)) {
        c->diags.oom = 1;
        return;
    }
    lm_buf title;
    lm_buf_init(&title);
    lm_buf_printf(&title, "Definitions (convention %s):", conv ? conv : "none");
    if (!csv)
        begin(c, "definitions", definition_cols, 3, lm_buf_str(&title));
    for (size_t i = 0; i < n; i++) {
        const lm_def *d = lm_env_def(c->env, names[i], conv);
        wr_row(c->w, NULL, NULL);
        if (csv)
            wr_str(c->w, "definition");
        wr_name(c->w, names[i]);
        wr_str(c->w, d->unit ? d->unit : (csv ? NULL : ""));
        wr_str(c->w, d->desc ? d->desc : (csv ? NULL : ""));
    }
    lm_buf_clear(&title);
    lm_free(names);
}

/* Models, then conventions: "name  extends parent: description". */
static void blocks(cli *c)
{
    lm_buf about;
    lm_buf_init(&about);
    for (int conv = 0; conv < 2; conv++) {
        begin(c, conv ? "conventions" : "models", block_cols, 2,
              conv ? "Conventions:" : "Models:");
        for (size_t i = 0; i < c->env->nblocks; i++) {
            const lm_block *m = &c->env->blocks[i];
            if (m->is_convention != conv)
                continue;
            lm_buf_reset(&about);
            lm_buf_printf(&about, "%s%s%s%s", m->parent ? "extends " : "",
                          m->parent ? m->parent : "", m->parent && m->desc ? ": " : "",
                          m->desc ? m->desc : "");
            wr_row(c->w, NULL, NULL);
            wr_name(c->w, m->name);
            wr_str(c->w, lm_buf_str(&about));
        }
    }
    lm_buf_clear(&about);
}

/* kind,name,unit,description: every declaration, models and conventions as declared. */
static void csv_rows(cli *c)
{
    wr *w = c->w;
    const lm_env *env = c->env;
    wr_table t = {NULL, csv_cols, 4, 0, 0, NULL};
    wr_table_begin(w, &t, NULL, 0);
    wr_only(w, WR_IN(OUT_CSV));
    for (size_t i = 0; i < env->nsyms; i++) {
        wr_row(w, NULL, NULL);
        wr_str(w, "symbol"), wr_str(w, env->syms[i].name);
        wr_str(w, env->syms[i].unit), wr_str(w, env->syms[i].desc);
    }
    for (size_t i = 0; i < env->nopts; i++) {
        wr_row(w, NULL, NULL);
        wr_str(w, "option"), wr_str(w, env->opts[i].name);
        wr_str(w, NULL), wr_str(w, env->opts[i].desc);
    }
    definitions(c, 1);
    for (size_t i = 0; i < env->nblocks; i++) {
        wr_row(w, NULL, NULL);
        wr_str(w, env->blocks[i].is_convention ? "convention" : "model");
        wr_str(w, env->blocks[i].name), wr_str(w, NULL), wr_str(w, env->blocks[i].desc);
    }
}

int cmd_list(cli *c)
{
    if (cli_setup(c, LM_MODE_SYMBOLIC))
        return 1;
    wr_doc doc = {0, 1, WR_TEX_ARTICLE, 0};
    wr_document(c->w, &doc);
    lm_buf title;
    lm_buf_init(&title);
    lm_buf_printf(&title, "Declarations of %s", c->o->file ? c->o->file : "the built-in library");
    wr_title(c->w, lm_buf_str(&title));
    wr_only(c->w, WR_STANDALONE);
    lm_buf_clear(&title);
    symbols_and_options(c);
    definitions(c, 0);
    blocks(c);
    csv_rows(c);
    return 0;
}
