/* compat.c: the formatting helpers of the commands not yet written on the writer.
 * Each spells in the command's current c->o->fmt, as they always did. */
#include "cli.h"
#include "writer_impl.h"

lm_print_opts cli_print_opts(const cli *c)
{
    lm_print_opts p = {LM_FMT_PLAIN, c->o->short_names};
    if (c->o->fmt == OUT_UNICODE)
        p.fmt = LM_FMT_UNICODE;
    else if (c->o->fmt == OUT_LATEX)
        p.fmt = LM_FMT_LATEX;
    return p;
}

void cli_number(cli *c, lm_buf *b, const mpq_t q)
{
    wr_put_number(c->w, b, q, c->o->fmt);
}

void cli_human(cli *c, lm_buf *b, const mpq_t base_value, lm_dim dim)
{
    wr_put_human(b, base_value, dim, c->o->fmt);
}

int cli_formula(cli *c, lm_buf *b, const lm_poly *p)
{
    return cli_spell(c, b, p, cli_print_opts(c).fmt);
}

void cli_json_string(lm_buf *b, const char *s)
{
    wr_put_json_string(b, s);
}

void cli_latex_text(lm_buf *b, const char *s)
{
    wr_put_latex_text(b, s);
}

void cli_latex_unit(lm_buf *b, const char *unit)
{
    wr_put_latex_unit(b, unit);
}

void cli_latex_broken(lm_buf *b, const char *latex, size_t width)
{
    wr_put_latex_broken(b, latex, width);
}
