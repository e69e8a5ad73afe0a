/* table.c: the table command: a hierarchical breakdown of the definitions under a dotted
 * prefix, each row with its share of a total, for one model or several side by side. */
#include "cli.h"
#include "base/alloc.h"
#include <string.h>

typedef struct {
    const char *name;
    int depth;
} row;

typedef struct {
    row *rows;
    size_t n, cap;
} rows;

static int add_row(rows *r, const char *name, int depth)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        row *p = lm_realloc(r->rows, cap * sizeof *p);
        if (!p)
            return -1;
        r->rows = p;
        r->cap = cap;
    }
    r->rows[r->n].name = name;
    r->rows[r->n].depth = depth;
    r->n++;
    return 0;
}

/* Depth-first, children in definition order, a node before its children. */
static int collect(lm_instance *in, const char *prefix, int depth, rows *r)
{
    const char **kids;
    size_t n;
    if (depth > 32 || lm_instance_children(in, prefix, &kids, &n))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = add_row(r, kids[i], depth);
        if (!rc)
            rc = collect(in, kids[i], depth + 1, r);
    }
    lm_free(kids);
    return rc;
}

/* Values of every row for one instance, in each row's shown unit. */
static int row_values(cli *c, lm_instance *in, const rows *r, mpq_t *vals, mpq_t *base,
                      const lm_def **defs)
{
    for (size_t i = 0; i < r->n; i++) {
        const lm_val *v;
        if (lm_instance_def(in, r->rows[i].name, &v, &defs[i], &c->diags))
            return -1;
        if (cli_const_value(c, r->rows[i].name, defs[i], v, vals[i]))
            return -1;
        mpq_mul(base[i], vals[i], defs[i]->scale);
    }
    return 0;
}

static const char *last_part(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

int cmd_table(cli *c)
{
    cli_opts *o = c->o;
    if (o->nargs != 1) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "table takes one dotted prefix, e.g. 'flops'");
        return 1;
    }
    if (cli_load(c))
        return 1;
    /* The models, comma-separated. */
    const char *models[64];
    char list[1024];
    size_t nm = 0;
    if (o->model) {
        if (strlen(o->model) >= sizeof list) {
            lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "model list too long");
            return 1;
        }
        strcpy(list, o->model);
        for (char *p = list; p && nm < 64;) {
            models[nm++] = p;
            p = strchr(p, ',');
            if (p)
                *p++ = 0;
        }
    } else {
        models[nm++] = NULL;
    }
    lm_instance *ins[64] = {0};
    for (size_t m = 0; m < nm; m++)
        if (!(ins[m] = cli_instance(c, models[m], LM_MODE_MODEL)))
            goto fail_early;
    const char *prefix = o->args[0];
    rows r = {0};
    int has_self = lm_env_def(c->env, prefix, lm_instance_conv(ins[0])) != NULL;
    if (has_self && add_row(&r, prefix, 0))
        goto oom;
    if (collect(ins[0], prefix, has_self, &r))
        goto oom;
    if (r.n == 0) {
        lm_diag_add(&c->diags, LM_SEV_ERROR, NULL, "no definitions under '%s'", prefix);
        goto fail;
    }
    size_t cells = r.n * nm;
    mpq_t *vals = lm_malloc(cells * sizeof *vals), *base = lm_malloc(cells * sizeof *base);
    mpq_t *totals = lm_malloc(nm * sizeof *totals);
    const lm_def **defs = lm_malloc(cells * sizeof *defs);
    size_t *total_row = lm_malloc(nm * sizeof *total_row);
    if (!vals || !base || !totals || !defs || !total_row) {
        lm_free(vals), lm_free(base), lm_free(totals), lm_free(defs), lm_free(total_row);
        goto oom;
    }
    for (size_t i = 0; i < cells; i++)
        mpq_init(vals[i]), mpq_init(base[i]);
    for (size_t m = 0; m < nm; m++)
        mpq_init(totals[m]);
    int rc = 0;
    for (size_t m = 0; m < nm && !rc; m++)
        rc = row_values(c, ins[m], &r, vals + m * r.n, base + m * r.n, defs + m * r.n);
    /* The total: --total, else the prefix itself, else the largest row. */
    for (size_t m = 0; m < nm && !rc; m++) {
        if (o->total) {
            const lm_val *tv;
            const lm_def *td;
            rc = lm_instance_def(ins[m], o->total, &tv, &td, &c->diags) ||
                 cli_const_value(c, o->total, td, tv, totals[m]);
            if (!rc)
                mpq_mul(totals[m], totals[m], td->scale);
            total_row[m] = (size_t)-1;
        } else {
            size_t best = 0;
            for (size_t i = 1; i < r.n && !has_self; i++)
                if (mpq_cmp(base[m * r.n + i], base[m * r.n + best]) > 0)
                    best = i;
            mpq_set(totals[m], base[m * r.n + best]);
            total_row[m] = best;
        }
    }
    if (!rc) {
        lm_buf *b = &c->out;
        const char *tname = o->total ? o->total : r.rows[total_row[0]].name;
        mpq_t share;
        mpq_init(share);
        switch (o->fmt) {
        case OUT_JSON:
            lm_buf_puts(b, "{\"prefix\": ");
            cli_json_string(b, prefix);
            lm_buf_puts(b, ", \"total\": ");
            cli_json_string(b, tname);
            lm_buf_puts(b, ", \"convention\": ");
            cli_json_string(b, lm_instance_conv(ins[0]) ? lm_instance_conv(ins[0]) : "");
            lm_buf_puts(b, ", \"models\": [");
            for (size_t m = 0; m < nm; m++) {
                if (m)
                    lm_buf_puts(b, ", ");
                cli_json_string(b, lm_instance_model(ins[m]) ? lm_instance_model(ins[m]) : "");
            }
            lm_buf_puts(b, "], \"rows\": [");
            for (size_t i = 0; i < r.n; i++) {
                lm_buf_puts(b, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
                cli_json_string(b, r.rows[i].name);
                lm_buf_printf(b, ", \"depth\": %d, \"unit\": ", r.rows[i].depth);
                lm_buf u;
                lm_buf_init(&u);
                cli_unit_name(&u, defs[i], defs[i]->dim);
                cli_json_string(b, lm_buf_str(&u));
                lm_buf_clear(&u);
                lm_buf_puts(b, ", \"values\": [");
                for (size_t m = 0; m < nm; m++) {
                    size_t k = m * r.n + i;
                    lm_buf_puts(b, m ? ", {\"value\": " : "{\"value\": ");
                    cli_number(c, b, vals[k]);
                    lm_buf_puts(b, ", \"exact\": \"");
                    lm_print_q_exact(b, vals[k], NULL);
                    lm_buf_puts(b, "\", \"share\": ");
                    if (mpq_sgn(totals[m]))
                        mpq_div(share, base[k], totals[m]), lm_print_q_decimal(b, share, 17, 0, NULL);
                    else
                        lm_buf_puts(b, "null");
                    lm_buf_puts(b, "}");
                }
                lm_buf_puts(b, "]}");
            }
            lm_buf_puts(b, "\n]}\n");
            break;
        default: {
            int text = o->fmt == OUT_TEXT || o->fmt == OUT_UNICODE || o->fmt == OUT_PLAIN;
            int csv = o->fmt == OUT_CSV, md = o->fmt == OUT_MARKDOWN, tex = o->fmt == OUT_LATEX;
            if (tex && o->standalone)
                lm_buf_puts(b, "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{booktabs}\n"
                               "\\usepackage[margin=1.5cm,landscape]{geometry}\n\\begin{document}\n");
            if (tex) {
                lm_buf_puts(b, "\\begin{tabular}{l");
                for (size_t m = 0; m < nm; m++)
                    lm_buf_puts(b, "rr");
                lm_buf_puts(b, "}\n\\toprule\n");
            }
            /* header */
            if (text)
                lm_buf_printf(b, "%-44s", "name");
            else if (csv)
                lm_buf_puts(b, "name,unit");
            else if (md)
                lm_buf_puts(b, "| name | unit");
            else
                lm_buf_puts(b, "name");
            for (size_t m = 0; m < nm; m++) {
                const char *mn = lm_instance_model(ins[m]) ? lm_instance_model(ins[m]) : "value";
                if (text)
                    lm_buf_printf(b, " %24s %10s", mn, "share");
                else if (csv)
                    lm_buf_printf(b, ",%s,%s share", mn, mn);
                else if (md)
                    lm_buf_printf(b, " | %s | share", mn);
                else {
                    lm_buf_puts(b, " & ");
                    cli_latex_text(b, mn);
                    lm_buf_puts(b, " & share");
                }
            }
            lm_buf_puts(b, text ? "\n" : csv ? "\n" : md ? " |\n" : " \\\\\n\\midrule\n");
            if (md) {
                lm_buf_puts(b, "|---|---");
                for (size_t m = 0; m < nm; m++)
                    lm_buf_puts(b, "|---:|---:");
                lm_buf_puts(b, "|\n");
            }
            for (size_t i = 0; i < r.n; i++) {
                const char *nm_full = r.rows[i].name;
                lm_buf u;
                lm_buf_init(&u);
                cli_unit_name(&u, defs[i], defs[i]->dim);
                if (text) {
                    lm_buf cell;
                    lm_buf_init(&cell);
                    for (int k = 0; k < r.rows[i].depth; k++)
                        lm_buf_puts(&cell, "  ");
                    lm_buf_puts(&cell, r.rows[i].depth ? last_part(nm_full) : nm_full);
                    if (u.len)
                        lm_buf_printf(&cell, " [%s]", lm_buf_str(&u));
                    lm_buf_printf(b, "%-44s", lm_buf_str(&cell));
                    lm_buf_clear(&cell);
                } else if (csv) {
                    lm_buf_printf(b, "%s,%s", nm_full, lm_buf_str(&u));
                } else if (md) {
                    lm_buf_puts(b, "| ");
                    for (int k = 0; k < r.rows[i].depth; k++)
                        lm_buf_puts(b, "&nbsp;&nbsp;");
                    lm_buf_printf(b, "`%s` | %s", r.rows[i].depth ? last_part(nm_full) : nm_full,
                                  lm_buf_str(&u));
                } else {
                    lm_buf_printf(b, "\\hspace{%dem}\\texttt{", r.rows[i].depth);
                    cli_latex_text(b, r.rows[i].depth ? last_part(nm_full) : nm_full);
                    lm_buf_puts(b, "}");
                }
                lm_buf_clear(&u);
                for (size_t m = 0; m < nm; m++) {
                    size_t k = m * r.n + i;
                    lm_buf num, sh;
                    lm_buf_init(&num);
                    lm_buf_init(&sh);
                    cli_number(c, &num, vals[k]);
                    if (mpq_sgn(totals[m])) {
                        mpq_div(share, base[k], totals[m]);
                        lm_print_q_decimal(&sh, share, o->digits, -1, NULL);
                    } else {
                        lm_buf_puts(&sh, "-");
                    }
                    if (text)
                        lm_buf_printf(b, " %24s %10s", lm_buf_str(&num), lm_buf_str(&sh));
                    else if (csv)
                        lm_buf_printf(b, ",%s,%s", lm_buf_str(&num), lm_buf_str(&sh));
                    else if (md)
                        lm_buf_printf(b, " | %s | %s", lm_buf_str(&num), lm_buf_str(&sh));
                    else
                        lm_buf_printf(b, " & $%s$ & $%s$", lm_buf_str(&num), lm_buf_str(&sh));
                    lm_buf_clear(&num);
                    lm_buf_clear(&sh);
                }
                lm_buf_puts(b, text || csv ? "\n" : md ? " |\n" : " \\\\\n");
            }
            if (tex)
                lm_buf_puts(b, "\\bottomrule\n\\end{tabular}\n");
            if (tex && o->standalone)
                lm_buf_puts(b, "\\end{document}\n");
            if (text)
                lm_buf_printf(b, "shares are of %s; rounded to %d significant digits\n", tname,
                              o->digits);
            break;
        }
        }
        mpq_clear(share);
    }
    for (size_t i = 0; i < cells; i++)
        mpq_clear(vals[i]), mpq_clear(base[i]);
    for (size_t m = 0; m < nm; m++)
        mpq_clear(totals[m]);
    lm_free(vals), lm_free(base), lm_free(totals), lm_free(defs), lm_free(total_row);
    lm_free(r.rows);
    for (size_t m = 0; m < nm; m++)
        lm_instance_free(ins[m]);
    return rc ? 1 : 0;
oom:
    c->diags.oom = 1;
fail:
    lm_free(r.rows);
fail_early:
    for (size_t m = 0; m < nm; m++)
        lm_instance_free(ins[m]);
    return 1;
}
