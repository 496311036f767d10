/* serve_web.h: the page's files (web/index.html, app.js, app.css), put
 * into the program at build time (tools/embed-web.sh writes serve_web.c
 * under the build folder); the server reads nothing from disk for them. */
#ifndef WQ_SERVE_WEB_H
#define WQ_SERVE_WEB_H

#include <stddef.h>

struct serve_asset {
    const char *path;           /* "/index.html" */
    const char *type;           /* its Content-Type */
    const unsigned char *data;  /* LEN bytes and a NUL after them */
    size_t len;
};

extern const struct serve_asset serve_assets[];
extern const size_t serve_n_assets;

/* The asset served at URL, or NULL. */
const struct serve_asset *serve_asset_find(const char *url);

#endif
