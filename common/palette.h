/* palette.h: the colours of the board report (html.c's stylesheet), its
 * charts (chart.c) and the page of `serve` (web/app.css uses them as CSS
 * variables from /palette.css, which the server writes from this table):
 * one place, so that the page and the report cannot drift apart. NHS
 * identity colours. */
#ifndef WQ_PALETTE_H
#define WQ_PALETTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "text.h"

#define PALETTE_BLUE "#005EB8"         /* banner, links, borders; the focus group */
#define PALETTE_DARK_BLUE "#003087"    /* headings; the comparator */
#define PALETTE_TEXT "#212B32"         /* text */
#define PALETTE_SECONDARY "#4C6272"    /* secondary text */
#define PALETTE_GREY_1 "#768692"       /* rules, axes */
#define PALETTE_GREY_3 "#AEB7BD"
#define PALETTE_GREY_4 "#D8DDE0"       /* table rules */
#define PALETTE_GREY_5 "#E8EDEE"       /* table heads, the non-adverse band */
#define PALETTE_PALE "#F0F4F5"         /* pale backgrounds */
#define PALETTE_RED "#8A1538"          /* "worse", errors, outside the limits */
#define PALETTE_GREEN "#007F3B"        /* "better", actions, the main button */
#define PALETTE_GREEN_HOVER "#00662F"
#define PALETTE_GREEN_DARK "#00401E"
#define PALETTE_YELLOW "#FFB81C"       /* highlights, focus, small numbers */
#define PALETTE_PALE_YELLOW "#FFF9E6"  /* notes */
#define PALETTE_LIGHT_YELLOW "#FFEB99" /* the "not for publication" banner */
#define PALETTE_AQUA_GREEN "#00A499"   /* the comparator series in charts */
#define PALETTE_WHITE "#FFFFFF"

struct palette_colour {
    const char *name;   /* "dark-blue": --dark-blue in CSS, $dark-blue$ in html.c */
    const char *hex;    /* "#003087" */
};

extern const struct palette_colour palette[];
extern const size_t palette_n;

/* S onto F with every $NAME$ replaced by NAME's colour (an unknown name is
 * written as it is). */
void palette_put(FILE *f, const char *s);

/* The page's stylesheet of the palette into B: ":root{--blue:#005EB8;...}".
 * False when out of memory. */
bool palette_css(struct strbuf *b);

#endif
