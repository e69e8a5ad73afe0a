/* list.c: the list command: what the library (or -f FILE) declares.
 * Definitions are those visible in the chosen convention, in dotted-name order. */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

static void text_list(cli *c)
{
    lm_buf *b = &c->out;
    lm_env *env = c->env;
    lm_buf_puts(b, "Symbols:\n");
    for (size_t i = 0; i < env->nsyms; i++) {
        const lm_symbol *s = &env->syms[i];
        lm_buf_printf(b, "  %-22s %-8s %s", s->name, s->plain, s->desc);
        if (s->unit)
            lm_buf_printf(b, " [%s]", s->unit);
        lm_buf_putc(b, '\n');
    }
    lm_buf_puts(b, "Options:\n");
    for (size_t i = 0; i < env->nopts; i++) {
        const lm_option *o = &env->opts[i];
        lm_buf_printf(b, "  %-22s ", o->name);
        for (size_t j = 0; j < o->decl->nargs; j++)
            lm_buf_printf(b, "%s%s", j ? " | " : "", o->decl->args[j]->text);
        lm_buf_printf(b, "%s%s\n", o->desc ? "   " : "", o->desc ? o->desc : "");
    }
    lm_buf_printf(b, "Definitions (convention %s):\n",
                  lm_instance_conv(c->in) ? lm_instance_conv(c->in) : "none");
    const char **names;
    size_t n;
    if (lm_instance_def_names(c->in, &names, &n) == 0) {
        for (size_t i = 0; i < n; i++) {
            const lm_def *d = lm_env_def(env, names[i], lm_instance_conv(c->in));
            lm_buf_printf(b, "  %-40s %-10s %s\n", names[i], d->unit ? d->unit : "",
                          d->desc ? d->desc : "");
        }
        lm_free(names);
    } else {
        c->diags.oom = 1;
    }
    for (int conv = 0; conv < 2; conv++) {
        lm_buf_puts(b, conv ? "Conventions:\n" : "Models:\n");
        for (size_t i = 0; i < env->nblocks; i++) {
            const lm_block *m = &env->blocks[i];
            if (m->is_convention != conv)
                continue;
            lm_buf_printf(b, "  %-22s %s%s%s%s\n", m->name, m->parent ? "extends " : "",
                          m->parent ? m->parent : "", m->parent && m->desc ? ": " : "",
                          m->desc ? m->desc : "");
        }
    }
}

static void json_list(cli *c)
{
    lm_buf *b = &c->out;
    lm_env *env = c->env;
    lm_buf_puts(b, "{\"symbols\": [");
    for (size_t i = 0; i < env->nsyms; i++) {
        const lm_symbol *s = &env->syms[i];
        lm_buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
        cli_json_string(b, s->name);
        lm_buf_puts(b, ", \"plain\": ");
        cli_json_string(b, s->plain);
        lm_buf_puts(b, ", \"latex\": ");
        cli_json_string(b, s->latex);
        lm_buf_puts(b, ", \"description\": ");
        cli_json_string(b, s->desc);
        lm_buf_puts(b, "}");
    }
    lm_buf_puts(b, "], \"options\": [");
    for (size_t i = 0; i < env->nopts; i++) {
        const lm_option *o = &env->opts[i];
        lm_buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
        cli_json_string(b, o->name);
        lm_buf_puts(b, ", \"values\": [");
        for (size_t j = 0; j < o->decl->nargs; j++) {
            if (j)
                lm_buf_puts(b, ", ");
            cli_json_string(b, o->decl->args[j]->text);
        }
        lm_buf_puts(b, "]}");
    }
    lm_buf_puts(b, "], \"definitions\": [");
    const char **names;
    size_t n;
    if (lm_instance_def_names(c->in, &names, &n) == 0) {
        for (size_t i = 0; i < n; i++) {
            const lm_def *d = lm_env_def(env, names[i], lm_instance_conv(c->in));
            lm_buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
            cli_json_string(b, names[i]);
            lm_buf_puts(b, ", \"unit\": ");
            cli_json_string(b, d->unit ? d->unit : "");
            lm_buf_puts(b, "}");
        }
        lm_free(names);
    }
    for (int conv = 0; conv < 2; conv++) {
        lm_buf_puts(b, conv ? "], \"conventions\": [" : "], \"models\": [");
        int first = 1;
        for (size_t i = 0; i < env->nblocks; i++) {
            if (env->blocks[i].is_convention != conv)
                continue;
            if (!first)
                lm_buf_puts(b, ", ");
            first = 0;
            cli_json_string(b, env->blocks[i].name);
        }
    }
    lm_buf_puts(b, "]}\n");
}

/* kind,name,unit,description: one row per declaration, for spreadsheets and scripts. */
static void csv_field(lm_buf *b, const char *s)
{
    lm_buf_putc(b, '"');
    for (; s && *s; s++) {
        if (*s == '"')
            lm_buf_putc(b, '"');
        lm_buf_putc(b, *s);
    }
    lm_buf_putc(b, '"');
}

static void csv_row(lm_buf *b, const char *kind, const char *name, const char *unit,
                    const char *desc)
{
    lm_buf_printf(b, "%s,%s,", kind, name);
    csv_field(b, unit);
    lm_buf_putc(b, ',');
    csv_field(b, desc);
    lm_buf_putc(b, '\n');
}

static void csv_list(cli *c)
{
    lm_buf *b = &c->out;
    lm_env *env = c->env;
    lm_buf_puts(b, "kind,name,unit,description\n");
    for (size_t i = 0; i < env->nsyms; i++)
        csv_row(b, "symbol", env->syms[i].name, env->syms[i].unit, env->syms[i].desc);
    for (size_t i = 0; i < env->nopts; i++)
        csv_row(b, "option", env->opts[i].name, NULL, env->opts[i].desc);
    const char **names;
    size_t n;
    if (lm_instance_def_names(c->in, &names, &n) == 0) {
        for (size_t i = 0; i < n; i++) {
            const lm_def *d = lm_env_def(env, names[i], lm_instance_conv(c->in));
            csv_row(b, "definition", names[i], d->unit, d->desc);
        }
        lm_free(names);
    } else {
        c->diags.oom = 1;
    }
    for (size_t i = 0; i < env->nblocks; i++)
        csv_row(b, env->blocks[i].is_convention ? "convention" : "model", env->blocks[i].name,
                NULL, env->blocks[i].desc);
}

int cmd_list(cli *c)
{
    if (cli_setup(c, LM_MODE_SYMBOLIC))
        return 1;
    if (c->o->fmt == OUT_JSON) {
        json_list(c);
    } else if (c->o->fmt == OUT_CSV) {
        csv_list(c);
    } else {
        /* Markdown shows the text listing as a code block, which keeps its columns. */
        if (c->o->fmt == OUT_MARKDOWN)
            lm_buf_puts(&c->out, "```\n");
        text_list(c);
        if (c->o->fmt == OUT_MARKDOWN)
            lm_buf_puts(&c->out, "```\n");
    }
    return 0;
}
