/* board.c: board membership by group (WRES 9, WDES 10). One row per
 * member: voting and executive (Yes/No), ethnic origin, disability. No name
 * is needed, and any name column is never read. */
#include "inputs.h"

#include <string.h>

#include "extract.h"
#include "vocab.h"

enum bcol { B_VOTING, B_EXECUTIVE, B_ETHNICITY, B_DISABILITY, B_N };
static const char *const a_voting[] = {"Voting", "Voting Member", "Voting Rights", NULL};
static const char *const a_executive[] = {"Executive", "Executive Member", "Exec", NULL};

struct bctx {
    struct workforce *w;
    const struct wq_options *o;
    struct extract x;
    int col[B_N];
};

size_t board_specs(const struct wq_options *o, struct col_spec *out)
{
    bool wres = o->std->characteristic == CHAR_ETHNICITY;
    const struct col_spec specs[B_N] = {
        [B_VOTING] = {"voting", a_voting, true, NULL},
        [B_EXECUTIVE] = {"executive", a_executive, true, NULL},
        [B_ETHNICITY] = {"ethnicity", extract_ethnicity_aliases, wres, NULL},
        [B_DISABILITY] = {"disability", extract_disability_aliases, !wres, NULL},
    };
    memcpy(out, specs, sizeof specs);
    return B_N;
}

static int on_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct bctx *c = ud;
    struct workforce *w = c->w;
    struct input_account *a = c->x.acc;
    bool wres = w->std->characteristic == CHAR_ETHNICITY;
    if (!c->x.n_header) {
        struct col_spec specs[B_N];
        board_specs(c->o, specs);
        int st = extract_header(&c->x, row, specs, B_N, c->col, err);
        if (!st && c->x.n_header)
            extract_unknown_column(&c->x, wres ? VK_ETHNICITY : VK_DISABILITY,
                                   c->col[wres ? B_ETHNICITY : B_DISABILITY]);
        return st;
    }
    bool skip;
    int st = extract_begin_row(&c->x, row, &skip, err);
    if (st || skip)
        return st;
    int yn[2];
    const int cols[2] = {c->col[B_VOTING], c->col[B_EXECUTIVE]};
    for (int k = 0; k < 2; k++) {
        yn[k] = extract_yes_no(extract_field(row, cols[k]));
        if (yn[k] < 0)
            return extract_bad_row(&c->x, row, cols[k], err, "expected Yes or No, not '%.40s'",
                                   extract_field(row, cols[k]));
    }
    int ch;
    if (extract_characteristic(&c->x, w, extract_field(row, c->col[wres ? B_ETHNICITY : B_DISABILITY]),
                               &ch))
        return wq_fail(err, WQ_ENOMEM, NULL, "out of memory");
    int g = workforce_group_of(w, ch);
    w->board[BOARD_TOTAL][g]++;
    if (yn[0])
        w->board[BOARD_VOTING][g]++;
    if (yn[1])
        w->board[BOARD_EXECUTIVE][g]++;
    a->rows_used++;
    return WQ_OK;
}

int board_load(struct workforce *w, const struct wq_options *o, struct wq_error *err)
{
    struct input_account *a = &w->acc[IN_BOARD];
    struct bctx c = {.w = w, .o = o};
    a->role = "board members";
    a->file = wq_input_name(o->board);
    a->shown = wq_input_shown(o->board);
    a->present = true;
    c.x.o = o;
    c.x.acc = a;
    for (int k = 0; k < B_N; k++)
        c.col[k] = -1;
    int st = extract_read(&c.x, o->board, on_row, &c, err);
    extract_free(&c.x);
    return st;
}
