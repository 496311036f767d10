/* serve_api.c: POST /api/columns (`columns FILE --as INPUT`, as JSON) and
 * POST /api/config (what an INI file sets). */
#include <string.h>

#include "diag.h"
#include "serve_internal.h"

void serve_columns(const struct serve *s, struct serve_form *form, struct serve_answer *a)
{
    struct serve_error e;
    (void)s, (void)form;
    serve_error_set(&e, 501, WQ_EUSAGE, "not yet");
    if (!serve_error_answer(a, &e))
        a->status = 0;
}

void serve_config(const struct serve *s, struct serve_form *form, struct serve_answer *a)
{
    struct serve_error e;
    (void)s, (void)form;
    serve_error_set(&e, 501, WQ_EUSAGE, "not yet");
    if (!serve_error_answer(a, &e))
        a->status = 0;
}
