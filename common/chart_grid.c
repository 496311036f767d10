/* chart_grid.c: small multiples, built charts laid out as panels of one
 * picture (chart_grid, chart_grid.h). */
#include "chart_grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define GRID_MARGIN 14.0
#define GRID_TITLE_SIZE 13.0
#define GRID_NOTE_SIZE 9.0

/* ARR (N_ARR items of SIZE bytes) grown by the N items of SRC: the new
 * array (*N_ARR updated), or NULL on allocation failure (ARR unchanged).
 * N must be at least 1. */
static void *append(void *arr, size_t *n_arr, const void *src, size_t n, size_t size)
{
    if (*n_arr > ((size_t)-1) / size - n)
        return NULL;
    char *grown = realloc(arr, (*n_arr + n) * size);
    if (!grown)
        return NULL;
    memcpy(grown + *n_arr * size, src, n * size);
    *n_arr += n;
    return grown;
}

/* Move the N items of P's array FIELD to G's; false on allocation failure. */
#define MOVE(g, p, field, n)                                                                  \
    do {                                                                                      \
        if ((p)->n) {                                                                         \
            void *grown_ = append((g)->field, &(g)->n, (p)->field, (p)->n, sizeof *(p)->field); \
            if (!grown_)                                                                      \
                return false;                                                                 \
            (g)->field = grown_;                                                              \
            (p)->n = 0;                                                                       \
        }                                                                                     \
    } while (0)

static void shift(double *v, size_t n, double by)
{
    for (size_t i = 0; i < n; i++)
        v[i] += by;
}

/* Move P's drawing into G, shifted by (DX, DY); P keeps only its texts'
 * owners when this fails (false). */
static bool move_panel(struct chart *g, struct chart *p, double dx, double dy)
{
    for (size_t i = 0; i < p->n_areas; i++) {
        shift(p->areas[i].x, p->areas[i].n, dx);
        shift(p->areas[i].y, p->areas[i].n, dy);
    }
    for (size_t i = 0; i < p->n_lines; i++) {
        shift(p->lines[i].x, p->lines[i].n, dx);
        shift(p->lines[i].y, p->lines[i].n, dy);
    }
    for (size_t i = 0; i < p->n_marks; i++) {
        struct chart_mark *m = &p->marks[i];
        m->x += dx, m->x_low += dx, m->x_high += dx; /* NaN stays NaN */
        m->y += dy, m->y_low += dy, m->y_high += dy;
    }
    for (size_t i = 0; i < p->n_texts; i++)
        p->texts[i].x += dx, p->texts[i].y += dy;
    MOVE(g, p, areas, n_areas);
    MOVE(g, p, lines, n_lines);
    MOVE(g, p, marks, n_marks);
    MOVE(g, p, texts, n_texts);
    return true;
}

/* One line of text at (X, Y); false on allocation failure. */
static bool add_text(struct chart *g, double x, double y, const char *s, double size,
                     enum chart_colour colour, bool bold)
{
    struct chart_text t = {x, y, text_dup(s), size, colour, -1, bold};
    struct chart_text *grown = t.text ? append(g->texts, &g->n_texts, &t, 1, sizeof t) : NULL;
    if (!grown) {
        free(t.text);
        return false;
    }
    g->texts = grown;
    return true;
}

/* TEXT wrapped at word boundaries to WIDTH points, from baseline *Y down;
 * *Y ends below the last line. False on allocation failure. */
static bool add_wrapped(struct chart *g, const char *text, double size, enum chart_colour colour,
                        bool bold, double width, double *y)
{
    size_t len = strlen(text);
    char *line = malloc(len + 1);
    if (!line)
        return false;
    const char *s = text;
    bool ok = true;
    while (ok && *s) {
        size_t take = 0, fit = 0;
        while (s[take]) {
            size_t next = take;
            while (s[next] == ' ')
                next++;
            while (s[next] && s[next] != ' ')
                next++;
            memcpy(line, s, next);
            line[next] = '\0';
            if (fit && chart_text_width(line, size, bold) > width)
                break;
            fit = take = next;
        }
        memcpy(line, s, fit);
        line[fit] = '\0';
        ok = add_text(g, GRID_MARGIN, *y, line, size, colour, bold);
        *y += size * 1.3;
        s += fit;
        while (*s == ' ')
            s++;
    }
    free(line);
    return ok;
}

int chart_grid(struct chart *g, struct chart *panels, size_t n, size_t cols, const char *title,
               const char *footnote)
{
    memset(g, 0, sizeof *g);
    if (cols == 0)
        cols = 1;
    size_t used_cols = n < cols ? (n ? n : 1) : cols;
    double cell_w = 0;
    for (size_t i = 0; i < n; i++)
        cell_w = panels[i].width > cell_w ? panels[i].width : cell_w;
    if (cell_w <= 0)
        cell_w = CHART_WIDTH;
    g->width = used_cols * cell_w;
    double text_w = g->width - 2 * GRID_MARGIN, y = GRID_MARGIN + GRID_TITLE_SIZE;
    g->title = text_dup(title ? title : "");
    g->footnote = text_dup(footnote ? footnote : "");
    bool ok = g->title && g->footnote &&
              add_wrapped(g, g->title, GRID_TITLE_SIZE, COL_DARK_BLUE, true, text_w, &y);
    double top = y;
    for (size_t r = 0; ok && r * cols < n; r++) {
        double row_h = 0;
        for (size_t k = r * cols; k < n && k < (r + 1) * cols; k++) {
            ok = ok && move_panel(g, &panels[k], (k - r * cols) * cell_w, top);
            row_h = panels[k].height > row_h ? panels[k].height : row_h;
        }
        top += row_h;
    }
    y = top + GRID_NOTE_SIZE + 4;
    ok = ok && add_wrapped(g, g->footnote, GRID_NOTE_SIZE, COL_BLACK, false, text_w, &y);
    g->height = y + GRID_MARGIN;
    g->alt = text_dup(title ? title : "");
    if (!ok || !g->alt) {
        chart_free(g);
        return WQ_ENOMEM;
    }
    return WQ_OK;
}
