/* writer_tex.c: LaTeX math laid out for a page: the typeset width of a formula estimated
 * from its source, and a long formula broken at its top-level signs into lines. */
#include "writer_impl.h"
#include "base/alloc.h"
#include <string.h>

/* ---- width ------------------------------------------------------------------------- */

/* The widths are those of Computer Modern at 10 pt, in points, rounded up: a formula is
 * estimated a little wider than it typesets, so that a line that fits the estimate fits
 * the page. Sizes: 1 text, 0.7 script, 0.5 second-level script. */
#define W_UPPER 7.6   /* math italic capitals (M and W are wider, I narrower) */
#define W_LOWER 5.6   /* math italic lowercase (m 8.8, i 3.5) */
#define W_DIGIT 5.0
#define W_BIN 12.3    /* + - \cdot with their medium spaces */
#define W_REL 13.4    /* = < > with their thick spaces */
#define W_PAREN 3.9
#define W_DELIM 5.2   /* a \left or \right delimiter around a term of normal height */

static size_t group_end(const char *s, size_t n, size_t i); /* index after a {...} at i */

/* A command's name at s[i] (after the backslash): letters, or one other character. */
static size_t command_len(const char *s, size_t n, size_t i)
{
    size_t k = i;
    while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
        k++;
    return k > i ? k - i : (i < n ? 1 : 0);
}

static int is_command(const char *s, size_t len, const char *name)
{
    return strlen(name) == len && strncmp(s, name, len) == 0;
}

/* An argument at s[i]: a {group} (its inside in *a, *an), or one character or command.
 * Returns the index after it. */
static size_t argument(const char *s, size_t n, size_t i, const char **a, size_t *an)
{
    while (i < n && s[i] == ' ')
        i++;
    if (i >= n) {
        *a = s + n, *an = 0;
        return n;
    }
    if (s[i] == '{') {
        size_t e = group_end(s, n, i);
        *a = s + i + 1, *an = e - i - 2;
        return e;
    }
    size_t len = s[i] == '\\' ? 1 + command_len(s, n, i + 1) : 1;
    *a = s + i, *an = len;
    return i + len;
}

static size_t group_end(const char *s, size_t n, size_t i)
{
    int depth = 0;
    for (; i < n; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '{')
            depth++;
        else if (s[i] == '}' && --depth == 0)
            return i + 1;
    }
    return n;
}

/* Text in \text{...} and the like: roman (or typewriter) letters. */
static double text_width(const char *s, size_t n, double size, int tt)
{
    double w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            i += command_len(s, n, i + 1);
            w += 5.0;
        } else if (c == '{' || c == '}') {
            continue;
        } else if (tt) {
            w += 5.25;
        } else if (c >= 'A' && c <= 'Z') {
            w += 7.5;
        } else if (c == '.' || c == ',' || c == 'i' || c == 'l' || c == 'j' || c == '\'') {
            w += 2.8;
        } else if (c == ' ') {
            w += 3.4;
        } else if (c == 'm' || c == 'w') {
            w += 8.4;
        } else {
            w += 5.2;
        }
    }
    return w * size;
}

static double math_width(const char *s, size_t n, double size, int display);

/* A command and its arguments at s[i] (after the backslash); adds its width to *w and
 * returns the index after it. */
static size_t command_width(const char *s, size_t n, size_t i, double size, int display,
                            double *w)
{
    size_t len = command_len(s, n, i);
    const char *c = s + i, *a, *b;
    size_t an, bn, e = i + len;
    static const char *const texts[] = {"text", "mathrm", "textrm", "mathit", "operatorname",
                                        "textbf", "mathbf", "textit", "mathsf", NULL};
    for (int k = 0; texts[k]; k++)
        if (is_command(c, len, texts[k])) {
            e = argument(s, n, e, &a, &an);
            *w += text_width(a, an, size, 0);
            return e;
        }
    if (is_command(c, len, "texttt") || is_command(c, len, "mathtt")) {
        e = argument(s, n, e, &a, &an);
        *w += text_width(a, an, size, 1);
    } else if (is_command(c, len, "frac") || is_command(c, len, "dfrac") ||
               is_command(c, len, "tfrac")) {
        e = argument(s, n, e, &a, &an);
        e = argument(s, n, e, &b, &bn);
        double inner = display || c[0] == 'd' ? size : (size > 0.7 ? 0.7 : 0.5);
        double wa = math_width(a, an, inner, 0), wb = math_width(b, bn, inner, 0);
        *w += (wa > wb ? wa : wb) + 2.4 * size;
    } else if (is_command(c, len, "left") || is_command(c, len, "right") ||
               is_command(c, len, "bigl") || is_command(c, len, "bigr") ||
               is_command(c, len, "Bigl") || is_command(c, len, "Bigr")) {
        e = argument(s, n, e, &a, &an);
        /* \lceil and \lfloor around a fraction (steps = ceil(D/(B T))) grow wider */
        int corner = an > 2 && (strncmp(a, "\\lc", 3) == 0 || strncmp(a, "\\rc", 3) == 0 ||
                                strncmp(a, "\\lf", 3) == 0 || strncmp(a, "\\rf", 3) == 0);
        *w += (c[0] == 'B' ? 8.0 : c[0] == 'b' ? 4.7 : corner ? 9.0 : W_DELIM) * size;
    } else if (is_command(c, len, "cdot") || is_command(c, len, "times")) {
        *w += (size >= 1 ? W_BIN : 7.8 * size);
    } else if (is_command(c, len, ",")) {
        *w += 1.7 * size;
    } else if (is_command(c, len, ";")) {
        *w += 2.8 * size;
    } else if (is_command(c, len, ":") || is_command(c, len, " ")) {
        *w += 3.4 * size;
    } else if (is_command(c, len, "!")) {
        *w -= 1.6 * size;
    } else if (is_command(c, len, "quad")) {
        *w += 10.0 * size;
    } else if (is_command(c, len, "qquad")) {
        *w += 20.0 * size;
    } else if (is_command(c, len, "min") || is_command(c, len, "max") ||
               is_command(c, len, "log") || is_command(c, len, "exp")) {
        *w += 17.0 * size;
    } else if (is_command(c, len, "ldots") || is_command(c, len, "cdots") ||
               is_command(c, len, "dots")) {
        *w += 13.5 * size;
    } else if (len == 1 && !(c[0] >= 'a' && c[0] <= 'z') && !(c[0] >= 'A' && c[0] <= 'Z')) {
        *w += 5.0 * size; /* \_ \{ \% ... */
    } else {
        *w += 8.0 * size;
    }
    return e;
}

/* The estimated width of math s[0..n) at a size; in display style fractions keep it. */
static double math_width(const char *s, size_t n, double size, int display)
{
    double w = 0;
    const char *a;
    size_t an;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '\\') {
            i = command_width(s, n, i + 1, size, display, &w);
            continue;
        }
        if (c == '^' || c == '_') {
            i = argument(s, n, i + 1, &a, &an);
            w += math_width(a, an, size > 0.7 ? 0.7 : 0.5, 0) + 0.6;
            continue;
        }
        if (c == '{') {
            size_t e = group_end(s, n, i);
            w += math_width(s + i + 1, e - i - 2, size, display);
            i = e;
            continue;
        }
        i++;
        if (c == ' ' || c == '}' || c == '&')
            continue;
        if (c == '+' || c == '-')
            w += size >= 1 ? W_BIN : 7.8 * size;
        else if (c == '=' || c == '<' || c == '>')
            w += size >= 1 ? W_REL : 7.8 * size;
        else if (c == '(' || c == ')' || c == '[' || c == ']')
            w += W_PAREN * size;
        else if (c == ',' || c == ';')
            w += (2.8 + 1.7) * size;
        else if (c >= '0' && c <= '9')
            w += W_DIGIT * size;
        else if (c >= 'A' && c <= 'Z')
            w += W_UPPER * size;
        else if (c == '.')
            w += 2.8 * size;
        else
            w += W_LOWER * size;
    }
    return w;
}

double wr_tex_width(const char *s, int display)
{
    return math_width(s, strlen(s), 1.0, display);
}

double wr_tex_text_width(const char *s)
{
    return text_width(s, strlen(s), 1.0, 0);
}

/* ---- breaking ---------------------------------------------------------------------- */

/* A piece of a formula that stays on one line: a term with its sign, or the part of a
 * term before or after an opened group. Pieces are owned copies. */
typedef struct {
    char **v;
    size_t n, cap;
    int failed;
} pieces;

static void push(pieces *p, const char *s, size_t n)
{
    if (p->failed)
        return;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        char **v = lm_realloc(p->v, cap * sizeof *v);
        if (!v) {
            p->failed = 1;
            return;
        }
        p->v = v, p->cap = cap;
    }
    char *copy = lm_strndup(s, n);
    if (!copy)
        p->failed = 1;
    else
        p->v[p->n++] = copy;
}

static void pieces_clear(pieces *p)
{
    for (size_t i = 0; i < p->n; i++)
        lm_free(p->v[i]);
    lm_free(p->v);
}

/* A group opened into lines: inner's pieces to out, the first after head and the last
 * before tail; then head, tail and inner are cleared. */
static void push_opened(pieces *out, lm_buf *head, pieces *inner, lm_buf *tail)
{
    lm_buf b;
    lm_buf_init(&b);
    for (size_t k = 0; k < inner->n; k++) {
        lm_buf_reset(&b);
        if (k == 0)
            lm_buf_puts(&b, lm_buf_str(head));
        lm_buf_puts(&b, inner->v[k]);
        if (k + 1 == inner->n)
            lm_buf_puts(&b, lm_buf_str(tail));
        push(out, lm_buf_str(&b), b.len);
    }
    if (b.failed || head->failed || tail->failed || inner->failed)
        out->failed = 1;
    lm_buf_clear(&b), lm_buf_clear(head), lm_buf_clear(tail);
    pieces_clear(inner);
}

/* Depth of s[i]: braces and \left ... \right. Returns the change at i and skips a
 * command's name (*i moves to its last character). */
static int depth_step(const char *s, size_t n, size_t *i)
{
    if (s[*i] == '{')
        return 1;
    if (s[*i] == '}')
        return -1;
    if (s[*i] != '\\')
        return 0;
    size_t len = command_len(s, n, *i + 1);
    int d = is_command(s + *i + 1, len, "left") ? 1 : is_command(s + *i + 1, len, "right") ? -1 : 0;
    *i += len;
    return d;
}

/* Cut s[0..n) before each top-level " + " and " - " (and after each top-level ", " when
 * `commas`: the arguments of a min or max); the pieces go to out in order. */
static void split_terms_at(const char *s, size_t n, pieces *out, int commas)
{
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (commas && depth == 0 && s[i] == ',' && i + 1 < n && s[i + 1] == ' ') {
            push(out, s + start, i + 1 - start);
            start = i + 2;
            i++;
            continue;
        }
        if (depth == 0 && i > start && s[i] == ' ' && i + 2 < n &&
            (s[i + 1] == '+' || s[i + 1] == '-') && s[i + 2] == ' ') {
            push(out, s + start, i - start);
            start = i + 1;
            continue;
        }
        depth += depth_step(s, n, &i);
    }
    if (n > start)
        push(out, s + start, n - start);
}

static void split_terms(const char *s, size_t n, pieces *out)
{
    split_terms_at(s, n, out, 0);
}

/* Does s[0..n) hold a fraction or a \left group, which opening it would bring to the top? */
static int has_openable(const char *s, size_t n)
{
    for (size_t i = 0; i + 5 <= n; i++)
        if (strncmp(s + i, "\\frac", 5) == 0 || strncmp(s + i, "\\left", 5) == 0)
            return 1;
    return 0;
}

/* The widest top-level \left ... \right group of s whose inside has a top-level sign (or,
 * when `relaxed`, a fraction or a group, as the argument of a ceiling may):
 * [*open, *close) spans "\left(" to the end of "\right)"; 0 when there is none. */
static int widest_group(const char *s, size_t n, size_t *open, size_t *close, int relaxed)
{
    int depth = 0, found = 0;
    double best = 0;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        size_t at = i;
        int d = depth_step(s, n, &i);
        int left = d == 1 && s[at] == '\\';
        if (left && depth == 0)
            start = at;
        depth += d;
        if (d == -1 && s[at] == '\\' && depth == 0) {
            size_t end = i + 1;
            while (end < n && s[end] == ' ')
                end++;
            const char *a;
            size_t an;
            end = argument(s, n, end, &a, &an); /* the delimiter */
            pieces inner = {0};
            size_t body = start + 5;
            body = argument(s, n, body, &a, &an);
            split_terms_at(s + body, at - body, &inner, relaxed);
            double w = math_width(s + start, end - start, 1.0, 1);
            int ok = inner.n > 1 || (relaxed && has_openable(s + body, at - body));
            if (ok && w > best)
                best = w, *open = start, *close = end, found = 1;
            pieces_clear(&inner);
        }
    }
    return found;
}

/* A top-level \frac{N}{D} of s whose numerator is a sum: [*at, *end) spans it, N is
 * [*num, *num + *nn) and D [*den, *den + *dn); 0 when there is none. */
static int sum_fraction(const char *s, size_t n, size_t *at, size_t *end, const char **num,
                        size_t *nn, const char **den, size_t *dn, int relaxed)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (depth == 0 && strncmp(s + i, "\\frac{", 6) == 0) {
            *at = i;
            *end = argument(s, n, argument(s, n, i + 5, num, nn), den, dn);
            pieces terms = {0};
            split_terms(*num, *nn, &terms);
            size_t k = terms.n;
            pieces_clear(&terms);
            if (k > 1 || (relaxed && has_openable(*num, *nn)))
                return 1;
            i = *end - 1;
            continue;
        }
        depth += depth_step(s, n, &i);
    }
    return 0;
}

/* A fraction whose numerator is too wide: \frac{1}{D} \Bigl( N \Bigr), N cut into its
 * terms as open_group cuts a group (when `relaxed`, also a numerator of one term that holds
 * a fraction or a group, to be opened next). */
static int open_fraction(const char *p, pieces *out, int relaxed)
{
    size_t n = strlen(p), at, end, nn, dn;
    const char *num, *den;
    if (!sum_fraction(p, n, &at, &end, &num, &nn, &den, &dn, relaxed))
        return 0;
    pieces inner = {0};
    split_terms(num, nn, &inner);
    lm_buf head, tail;
    lm_buf_init(&head), lm_buf_init(&tail);
    lm_buf_putn(&head, p, at);
    lm_buf_puts(&head, "\\frac{1}{");
    lm_buf_putn(&head, den, dn);
    lm_buf_puts(&head, "} \\Bigl( ");
    lm_buf_puts(&tail, " \\Bigr)");
    lm_buf_puts(&tail, p + end);
    push_opened(out, &head, &inner, &tail);
    return 1;
}

/* A fraction whose denominator holds a sum or a group: \frac{N}{D} becomes
 * N \Bigl( D \Bigr)^{-1}, D cut into its terms, so that D can be broken in turn. */
static int open_denominator(const char *p, pieces *out)
{
    size_t n = strlen(p);
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (depth == 0 && strncmp(p + i, "\\frac{", 6) == 0) {
            const char *num, *den;
            size_t nn, dn;
            size_t end = argument(p, n, argument(p, n, i + 5, &num, &nn), &den, &dn);
            pieces inner = {0};
            split_terms(den, dn, &inner);
            if (inner.n < 2 && !has_openable(den, dn)) {
                pieces_clear(&inner);
                i = end - 1;
                continue;
            }
            lm_buf head, tail;
            lm_buf_init(&head), lm_buf_init(&tail);
            lm_buf_putn(&head, p, i);
            if (!(nn == 1 && num[0] == '1')) {
                lm_buf_putn(&head, num, nn);
                lm_buf_putc(&head, ' ');
            }
            lm_buf_puts(&head, "\\Bigl( ");
            lm_buf_puts(&tail, " \\Bigr)^{-1}");
            lm_buf_puts(&tail, p + end);
            push_opened(out, &head, &inner, &tail);
            return 1;
        }
        depth += depth_step(p, n, &i);
    }
    return 0;
}

/* Open the widest group of piece p: the part before it and its first term, its middle
 * terms, and its last term with the part after it, \left and \right becoming \bigl and
 * \bigr (\Bigl when it holds a fraction or another group). The pieces go to out in order;
 * 0 when p has no group to open. */
static int open_group(const char *p, pieces *out, int relaxed)
{
    size_t n = strlen(p), open, close;
    if (!widest_group(p, n, &open, &close, relaxed))
        return 0;
    const char *a;
    size_t an;
    size_t body = argument(p, n, open + 5, &a, &an); /* after "\left(" */
    const char *odelim = a;
    size_t on = an;
    size_t rt = close; /* find "\right" of this group: the last one before close */
    while (rt > body && strncmp(p + rt, "\\right", 6) != 0)
        rt--;
    pieces inner = {0};
    split_terms_at(p + body, rt - body, &inner, relaxed);
    const char *cdelim;
    size_t cn;
    argument(p, n, rt + 6, &cdelim, &cn);
    int tall = 0;
    for (size_t i = body; i < rt; i++)
        if (strncmp(p + i, "\\frac", 5) == 0 || strncmp(p + i, "\\left", 5) == 0)
            tall = 1;
    lm_buf head, tail;
    lm_buf_init(&head), lm_buf_init(&tail);
    lm_buf_putn(&head, p, open);
    lm_buf_puts(&head, tall ? "\\Bigl" : "\\bigl");
    lm_buf_putn(&head, odelim, on);
    lm_buf_putc(&head, ' ');
    lm_buf_puts(&tail, tall ? " \\Bigr" : " \\bigr");
    lm_buf_putn(&tail, cdelim, cn);
    lm_buf_puts(&tail, p + close);
    push_opened(out, &head, &inner, &tail);
    return 1;
}

/* Greedy lines: each piece goes on the current line if it fits, else starts the next; a
 * piece wider than a whole line has its widest group opened. A line after the first that
 * starts with a sign gets "{}" before it, so that the sign stays binary. Lines end with
 * '\n'. Returns the number of lines, -1 when out of memory. */
int wr_tex_break(lm_buf *out, const char *s, double first, double rest)
{
    pieces todo = {0}, terms = {0};
    split_terms(s, strlen(s), &terms);
    for (size_t i = terms.n; i-- > 0;) /* a stack: the next piece on top */
        push(&todo, terms.v[i], strlen(terms.v[i]));
    int lines = 0;
    double used = 0;
    lm_buf line;
    lm_buf_init(&line);
    while (todo.n && !todo.failed) {
        char *p = todo.v[--todo.n];
        double w = math_width(p, strlen(p), 1.0, 1);
        double limit = lines ? rest : first;
        if (line.len && used + w > limit) {
            lm_buf_printf(out, "%s\n", lm_buf_str(&line));
            lm_buf_reset(&line);
            lines++, used = 0;
            limit = rest;
        }
        if (!line.len && w > limit) {
            pieces opened = {0};
            /* a sum first; failing that, a fraction or group that holds one */
            if (open_group(p, &opened, 0) || open_fraction(p, &opened, 0) ||
                open_group(p, &opened, 1) || open_fraction(p, &opened, 1) ||
                open_denominator(p, &opened)) {
                for (size_t i = opened.n; i-- > 0;)
                    push(&todo, opened.v[i], strlen(opened.v[i]));
                todo.failed |= opened.failed;
                pieces_clear(&opened);
                lm_free(p);
                continue;
            }
            pieces_clear(&opened);
        }
        if (!line.len && lines && (p[0] == '+' || p[0] == '-'))
            lm_buf_puts(&line, "{} ");
        else if (line.len)
            lm_buf_putc(&line, ' ');
        lm_buf_puts(&line, p);
        used += w;
        lm_free(p);
    }
    if (line.len) {
        lm_buf_printf(out, "%s\n", lm_buf_str(&line));
        lines++;
    }
    int failed = todo.failed || terms.failed || line.failed;
    lm_buf_clear(&line);
    pieces_clear(&todo);
    pieces_clear(&terms);
    return failed ? -1 : lines;
}

/* ---- displays ---------------------------------------------------------------------- */

#define GAP 10.0    /* amsmath's \multlinegap */
#define SAFETY 4.0  /* points kept free on every line */

/* "\text{label} \;[\text{unit}]": the left side of a formula. */
static void put_lhs(lm_buf *b, const wr_tex_formula *f)
{
    lm_buf_puts(b, "\\text{");
    wr_put_latex_text(b, f->label ? f->label : "");
    lm_buf_puts(b, "}");
    if (f->unit && *f->unit) {
        lm_buf_puts(b, " \\;[\\text{");
        wr_put_latex_unit_text(b, f->unit);
        lm_buf_puts(b, "}]");
    }
}

/* One formula too long for a line: multline*, the left side on its first line (alone, when
 * it would leave that line too little room). */
static void multline(lm_buf *b, const char *lhs, double wl, const char *latex, double width)
{
    double first = width - GAP - wl - W_REL - SAFETY, rest = width - GAP - SAFETY;
    int alone = first < width / 3;
    lm_buf lines;
    lm_buf_init(&lines);
    int n = wr_tex_break(&lines, latex, alone ? rest : first, rest);
    if (n < 0) {
        b->failed = 1;
    } else if (n == 1 && !alone) {
        lm_buf_printf(b, "\\begin{equation*}\n%s = %s\\end{equation*}\n", lhs, lm_buf_str(&lines));
    } else {
        lm_buf_printf(b, "\\begin{multline*}\n%s =%s", lhs, alone ? " \\\\\n" : " ");
        const char *s = lm_buf_str(&lines);
        for (int i = 0; i < n; i++) {
            size_t len = strcspn(s, "\n");
            lm_buf_putn(b, s, len);
            lm_buf_puts(b, i + 1 < n ? " \\\\\n" : "\n");
            s += len + 1;
        }
        lm_buf_puts(b, "\\end{multline*}\n");
    }
    lm_buf_clear(&lines);
}

#define TEX_MAX_LINES 60 /* a formula broken into more lines is not typeset */

/* The lines of one formula in an align* group whose right side has `room` points: the
 * first after the left side, the others indented by a quad, never parted by a page unless
 * the formula is longer than half a page (a closed form of many lines) and cannot help it. */
static void aligned(lm_buf *b, const char *lhs, const char *latex, double room)
{
    lm_buf lines;
    lm_buf_init(&lines);
    int n = wr_tex_break(&lines, latex, room, room - 10.0);
    if (n > 20) { /* deep nesting, where the estimate errs most: a wider margin */
        lm_buf_reset(&lines);
        n = wr_tex_break(&lines, latex, room * 0.8, room * 0.8 - 10.0);
    }
    if (n < 0)
        b->failed = 1;
    if (n > TEX_MAX_LINES) { /* a closed form no reader follows over pages: say so instead */
        lm_buf_printf(b, "%s &= \\text{(a closed form of %d lines, not typeset: "
                         "\\texttt{-F plain} prints it)}", lhs, n);
        lm_buf_clear(&lines);
        return;
    }
    const char *s = lm_buf_str(&lines);
    for (int i = 0; i < n; i++) {
        size_t len = strcspn(s, "\n");
        lm_buf_puts(b, !i ? lhs : n > 20 ? " \\\\\n&\\quad " : " \\\\*\n&\\quad ");
        lm_buf_puts(b, i ? "" : " &= ");
        lm_buf_putn(b, s, len);
        s += len + 1;
    }
    lm_buf_clear(&lines);
}

void wr_tex_formulas(lm_buf *b, const wr_tex_formula *f, size_t n, const char *unit,
                     double width)
{
    lm_buf *lhs = lm_calloc(n + 1, sizeof *lhs);
    double *wl = lm_calloc(n + 1, sizeof *wl);
    if (!lhs || !wl) {
        b->failed = 1;
        lm_free(lhs), lm_free(wl);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        wr_tex_formula g = f[i];
        if (unit && g.unit && strcmp(unit, g.unit) == 0)
            g.unit = NULL;
        lm_buf_init(&lhs[i]);
        put_lhs(&lhs[i], &g);
        wl[i] = wr_tex_width(lm_buf_str(&lhs[i]), 1);
    }
    for (size_t i = 0; i < n;) {
        if (wl[i] > width / 2) { /* a long name: the whole width for its formula */
            multline(b, lm_buf_str(&lhs[i]), wl[i], f[i].latex ? f[i].latex : "", width);
            i++;
            continue;
        }
        size_t end = i;
        double max_l = 0;
        for (; end < n && wl[end] <= width / 2; end++)
            max_l = wl[end] > max_l ? wl[end] : max_l;
        lm_buf_puts(b, "\\begin{align*}\n");
        for (size_t k = i; k < end; k++) {
            aligned(b, lm_buf_str(&lhs[k]), f[k].latex ? f[k].latex : "",
                    width - max_l - W_REL - SAFETY);
            lm_buf_puts(b, k + 1 < end ? " \\\\\n" : "\n");
        }
        lm_buf_puts(b, "\\end{align*}\n");
        i = end;
    }
    for (size_t i = 0; i < n; i++) {
        if (lhs[i].failed)
            b->failed = 1;
        lm_buf_clear(&lhs[i]);
    }
    lm_free(lhs), lm_free(wl);
}

void wr_tex_inline(lm_buf *b, const char *latex, double width)
{
    if (wr_tex_width(latex, 0) <= width - SAFETY) {
        lm_buf_printf(b, "$%s$", latex);
        return;
    }
    lm_buf lines;
    lm_buf_init(&lines);
    int n = wr_tex_break(&lines, latex, width - SAFETY, width - 10.0 - SAFETY);
    if (n < 0)
        b->failed = 1;
    lm_buf_puts(b, "$\\begin{aligned}[t]\n");
    const char *s = lm_buf_str(&lines);
    for (int i = 0; i < n; i++) {
        size_t len = strcspn(s, "\n");
        lm_buf_puts(b, i ? "&\\quad " : "&");
        lm_buf_putn(b, s, len);
        lm_buf_puts(b, i + 1 < n ? " \\\\\n" : "\n");
        s += len + 1;
    }
    lm_buf_puts(b, "\\end{aligned}$");
    lm_buf_clear(&lines);
}
