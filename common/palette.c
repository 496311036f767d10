/* palette.c: the one table of colours (palette.h). */
#include "palette.h"

#include <string.h>

const struct palette_colour palette[] = {
    {"blue", PALETTE_BLUE},
    {"dark-blue", PALETTE_DARK_BLUE},
    {"text", PALETTE_TEXT},
    {"secondary", PALETTE_SECONDARY},
    {"grey-1", PALETTE_GREY_1},
    {"grey-3", PALETTE_GREY_3},
    {"grey-4", PALETTE_GREY_4},
    {"grey-5", PALETTE_GREY_5},
    {"pale", PALETTE_PALE},
    {"red", PALETTE_RED},
    {"green", PALETTE_GREEN},
    {"green-hover", PALETTE_GREEN_HOVER},
    {"green-dark", PALETTE_GREEN_DARK},
    {"yellow", PALETTE_YELLOW},
    {"pale-yellow", PALETTE_PALE_YELLOW},
    {"light-yellow", PALETTE_LIGHT_YELLOW},
    {"aqua-green", PALETTE_AQUA_GREEN},
    {"white", PALETTE_WHITE},
};
const size_t palette_n = sizeof palette / sizeof *palette;

void palette_put(FILE *f, const char *s)
{
    for (const char *p = s; *p;) {
        const char *d = strchr(p, '$');
        const char *e = d ? strchr(d + 1, '$') : NULL;
        if (!e) {
            fputs(p, f);
            return;
        }
        fwrite(p, 1, (size_t)(d - p), f);
        size_t k = 0;
        while (k < palette_n && (strlen(palette[k].name) != (size_t)(e - d - 1) ||
                                 strncmp(palette[k].name, d + 1, (size_t)(e - d - 1))))
            k++;
        if (k < palette_n) {
            fputs(palette[k].hex, f);
            p = e + 1;
        } else {
            fputc('$', f);
            p = d + 1;
        }
    }
}

bool palette_css(struct strbuf *b)
{
    bool ok = strbuf_puts(b, "/* The colours of the board report (common/palette.c). */\n:root {\n");
    for (size_t k = 0; k < palette_n && ok; k++)
        ok = strbuf_printf(b, "  --%s: %s;\n", palette[k].name, palette[k].hex);
    return ok && strbuf_puts(b, "}\n");
}
