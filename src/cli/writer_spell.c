/* writer_spell.c: how the writer spells one cell in one format: exact and rounded numbers,
 * human units ("6.55 GB = 6.10 GiB"), ratios, padding, and JSON and LaTeX escapes. */
#include "writer_impl.h"
#include <string.h>

void wr_put_exact(lm_buf *b, const mpq_t q)
{
    lm_print_q_exact(b, q, NULL);
}

/* LaTeX spells an exact non-integer as a fraction. */
static void put_latex_frac(lm_buf *b, const mpq_t q, const char *group)
{
    mpq_t a, n;
    mpq_init(a);
    mpq_init(n);
    mpq_abs(a, q);
    lm_buf_puts(b, mpq_sgn(q) < 0 ? "-\\frac{" : "\\frac{");
    mpq_set_z(n, mpq_numref(a));
    lm_print_q_exact(b, n, group);
    lm_buf_puts(b, "}{");
    mpq_set_z(n, mpq_denref(a));
    lm_print_q_exact(b, n, group);
    lm_buf_puts(b, "}");
    mpq_clear(n);
    mpq_clear(a);
}

/* plain, CSV and JSON: bare digits; text and Markdown group them with ",", LaTeX "{,}".
 * A non-integer is, in order:
 *  - plain and CSV with --decimal N: rounded to N significant digits and unmarked, which
 *    Python's float() reads;
 *  - JSON: a decimal number, exact when its decimal ends, else to 17 digits (as near as a
 *    double gets); its "exact" string is beside it;
 *  - with --exact, the fraction p/q (LaTeX \frac);
 *  - exact when its decimal ends, however long;
 *  - plain and CSV, which are for programs, and a command's exact figures (calc): p/q;
 *  - else rounded to --digits and marked "..." (text and Markdown: an ellipsis). */
void wr_put_number(const wr *w, lm_buf *b, const mpq_t q, out_format f)
{
    int machine = f == OUT_PLAIN || f == OUT_CSV || f == OUT_JSON;
    const char *group = machine ? NULL : f == OUT_LATEX ? "{,}" : ",";
    if (mpz_cmp_ui(mpq_denref(q), 1) == 0) {
        lm_print_q_exact(b, q, group);
    } else if (w->o.decimal && (f == OUT_PLAIN || f == OUT_CSV)) {
        lm_print_q_decimal(b, q, w->o.decimal, -1, group);
    } else if (f == OUT_JSON) {
        if (lm_q_is_terminating(q))
            lm_print_q_terminating(b, q, NULL);
        else
            lm_print_q_decimal(b, q, w->o.digits < 17 ? 17 : w->o.digits, -1, NULL);
    } else if (!w->o.exact && lm_q_is_terminating(q)) {
        lm_print_q_terminating(b, q, group);
    } else if (f == OUT_PLAIN || f == OUT_CSV || w->o.exact || w->exact_figures) {
        if (f == OUT_LATEX)
            put_latex_frac(b, q, group);
        else
            lm_print_q_exact(b, q, group);
    } else if (lm_print_q_decimal(b, q, w->o.digits, -1, group)) {
        lm_buf_puts(b, f == OUT_LATEX ? "\\ldots" : "\xE2\x80\xA6");
    }
}

/* One human-unit figure: value / scale to three significant digits, trailing zeros kept
 * (6.10 GiB), and the unit. */
static void human_one(lm_buf *b, const mpq_t v, const char *unit, const char *scale,
                      out_format f)
{
    mpq_t s, x;
    mpq_init(s);
    mpq_init(x);
    mpq_set_str(s, scale, 10);
    mpq_div(x, v, s);
    char digits[8];
    long e;
    int neg;
    lm_q_decimal_parts(x, 3, digits, &e, &neg);
    if (neg)
        lm_buf_putc(b, '-');
    if (e <= 0) {
        lm_buf_puts(b, "0.");
        for (long i = e; i < 0; i++)
            lm_buf_putc(b, '0');
        lm_buf_puts(b, digits);
    } else {
        for (long i = 0; i < e || i < 3; i++) {
            if (i == e)
                lm_buf_putc(b, '.');
            lm_buf_putc(b, i < 3 ? digits[i] : '0');
        }
    }
    lm_buf_printf(b, f == OUT_LATEX ? "\\,\\mathrm{%s}" : " %s", unit);
    mpq_clear(s);
    mpq_clear(x);
}

/* The largest of the six scales (10^18 .. 10^3, or 2^60 .. 2^10) that |a| reaches; 6 if
 * none. */
static int scale_of(const mpq_t a, const char *const *scales)
{
    mpq_t t;
    mpq_init(t);
    int k;
    for (k = 0; k < 6; k++) {
        mpq_set_str(t, scales[k], 10);
        if (mpq_cmp(a, t) >= 0)
            break;
    }
    mpq_clear(t);
    return k;
}

/* Bytes in SI and IEC ("6.55 GB = 6.10 GiB"), FLOPs in SI ("1.06 TFLOP"); nothing for
 * other dimensions or below 1000. */
void wr_put_human(lm_buf *b, const mpq_t v, lm_dim dim, out_format f)
{
    static const char *const si[] = {"1000000000000000000", "1000000000000000",
                                     "1000000000000", "1000000000", "1000000", "1000"};
    static const char *const iec[] = {"1152921504606846976", "1125899906842624",
                                      "1099511627776", "1073741824", "1048576", "1024"};
    static const char *const bytes_si[] = {"EB", "PB", "TB", "GB", "MB", "kB"};
    static const char *const bytes_iec[] = {"EiB", "PiB", "TiB", "GiB", "MiB", "KiB"};
    static const char *const flops[] = {"EFLOP", "PFLOP", "TFLOP", "GFLOP", "MFLOP", "kFLOP"};
    lm_dim bytes = {{1, 0, 0, 0}}, flop = {{0, 1, 0, 0}};
    int is_bytes = lm_dim_equal(dim, bytes);
    if (!is_bytes && !lm_dim_equal(dim, flop))
        return;
    mpq_t a;
    mpq_init(a);
    mpq_abs(a, v);
    int k = scale_of(a, si);
    if (k < 6) {
        human_one(b, v, is_bytes ? bytes_si[k] : flops[k], si[k], f);
        if (is_bytes) {
            int j = scale_of(a, iec);
            j = j < 6 ? j : 5; /* 1000 to 1023 B: a fraction of a KiB */
            lm_buf_puts(b, " = ");
            human_one(b, v, bytes_iec[j], iec[j], f);
        }
    }
    mpq_clear(a);
}

/* A share or a difference: rounded for people; JSON gives 17 digits, or null. */
void wr_put_ratio(lm_buf *b, const wcell *c, int json)
{
    if (c->kind == WC_NORATIO)
        lm_buf_puts(b, json ? "null" : "-");
    else if (json)
        lm_print_q_decimal(b, c->q, 17, 0, NULL);
    else
        lm_print_q_decimal(b, c->q, c->n, c->sci, NULL);
}

const char *wr_short_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

/* The cell as people read it in text or Markdown (or LaTeX outside math), without its
 * unit. */
void wr_put_bare(const wr *w, lm_buf *b, const wcell *c, out_format f)
{
    switch (c->kind) {
    case WC_INT: lm_print_q_exact(b, c->q, NULL); break;
    case WC_NUM: wr_put_number(w, b, c->q, f); break;
    case WC_RATIO:
    case WC_NORATIO: wr_put_ratio(b, c, 0); break;
    case WC_FORMULA: lm_buf_puts(b, f == OUT_LATEX ? c->latex : c->s); break;
    case WC_TREE: lm_buf_puts(b, c->n ? wr_short_name(c->s) : c->s); break;
    case WC_LIST:
        for (int i = 0; i < c->n; i++)
            lm_buf_printf(b, "%s%s", i ? " | " : "", c->items[i] ? c->items[i] : "");
        break;
    default: lm_buf_puts(b, c->s ? c->s : ""); break;
    }
}

/* A figure in a sentence: the number, its unit, and its human units in parentheses. */
void wr_put_inline(const wr *w, lm_buf *b, const wcell *c, const char *unit, out_format f)
{
    wr_put_bare(w, b, c, f);
    if (c->kind != WC_NUM)
        return;
    if (unit && *unit)
        lm_buf_printf(b, " %s", unit);
    lm_buf h;
    lm_buf_init(&h);
    wr_put_human(&h, c->base, c->dim, f);
    if (h.len)
        lm_buf_printf(b, " (%s)", lm_buf_str(&h));
    if (h.failed)
        b->failed = 1;
    lm_buf_clear(&h);
}

/* As printf pads with %-*s (left) or %*s (right): bytes, never cut. */
void wr_put_padded(lm_buf *b, const char *s, int width, int right)
{
    int pad = width - (int)strlen(s);
    if (right)
        for (int i = 0; i < pad; i++)
            lm_buf_putc(b, ' ');
    lm_buf_puts(b, s);
    if (!right)
        for (int i = 0; i < pad; i++)
            lm_buf_putc(b, ' ');
}

void wr_put_json_string(lm_buf *b, const char *s)
{
    lm_buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            lm_buf_printf(b, "\\%c", ch);
        else if (ch == '\n')
            lm_buf_puts(b, "\\n");
        else if (ch < 32)
            lm_buf_printf(b, "\\u%04x", ch);
        else
            lm_buf_putc(b, (char)ch);
    }
    lm_buf_putc(b, '"');
}

/* Prose in LaTeX: TeX's special characters escaped, "x^2" and "QK^T" raised (a caret before
 * letters or digits), an ellipsis as \ldots. */
void wr_put_latex_text(lm_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '^' && ((s[1] >= '0' && s[1] <= '9') || (s[1] >= 'A' && s[1] <= 'Z') ||
                          (s[1] >= 'a' && s[1] <= 'z'))) {
            lm_buf_puts(b, "\\textsuperscript{");
            for (s++; (*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
                      (*s >= 'a' && *s <= 'z');
                 s++)
                lm_buf_putc(b, *s);
            lm_buf_putc(b, '}');
            s--;
        } else if (strncmp(s, "\xE2\x80\xA6", 3) == 0) {
            lm_buf_puts(b, "\\ldots{}");
            s += 2;
        } else if ((*s == '<' || *s == '>') && s[1] == '=') {
            lm_buf_puts(b, *s == '<' ? "$\\le$" : "$\\ge$");
            s++;
        } else if (*s == '<' || *s == '>' || *s == '|') {
            lm_buf_puts(b, *s == '<' ? "$<$" : *s == '>' ? "$>$" : "\\textbar{}");
        } else if (strchr("_&%$#{}", *s)) {
            lm_buf_printf(b, "\\%c", *s);
        } else if (*s == '\\') {
            lm_buf_puts(b, "\\textbackslash{}");
        } else if (*s == '^' || *s == '~') {
            lm_buf_printf(b, "\\%c{}", *s);
        } else {
            lm_buf_putc(b, *s);
        }
    }
}

/* A unit in LaTeX prose: B is spelled "bytes" ("bytes/parameter"), since the batch size is
 * the symbol B; the other words as they are (GB, FLOP/s). */
void wr_put_latex_unit_text(lm_buf *b, const char *unit)
{
    for (const char *s = unit; s && *s;) {
        size_t n = strcspn(s, "/*^ ");
        if (n == 1 && *s == 'B')
            lm_buf_puts(b, "bytes");
        else
            for (size_t i = 0; i < n; i++)
                wr_put_latex_text(b, (char[2]){s[i], 0});
        s += n;
        if (*s == '*')
            lm_buf_puts(b, "\\,");
        else if (*s)
            wr_put_latex_text(b, (char[2]){*s, 0});
        s += *s != 0;
    }
}
