/* fuzz_xlsx.c: libFuzzer target for the workbook reader (xlsx_reader.h).
 *
 * An input that starts with "PK" is taken as a whole .xlsx file. Any other
 * is split at its first two NUL bytes into a worksheet, shared strings and
 * styles, which are packed with a fixed workbook into a zip (libzip) so
 * that the mutations reach the XML handling rather than dying in the
 * archive's checksums. Either way the reader must return a status of its
 * contract with a message naming the file, and every row it hands out must
 * keep the row contract: a position, fields whose lengths are their string
 * lengths, at least as many fields as the header had. */
#include "fuzz_common.h"

#include <stdbool.h>
#include <zip.h>

#include "xlsx_reader.h"

/* Two scratch files: a whole input written as it is, and a path for the
 * packed workbook (libzip writes a new file and renames it over the path,
 * so that one is never written through its descriptor). */
static struct fuzz_file fuzz_xlsx_raw, fuzz_xlsx_packed;

static void fuzz_xlsx_cleanup(void)
{
    fuzz_file_remove(&fuzz_xlsx_raw);
    fuzz_file_remove(&fuzz_xlsx_packed);
}

struct fuzz_xlsx_state {
    size_t header_width;
    unsigned long rows, last_line;
};

static int fuzz_xlsx_row(const struct csv_row *row, void *ud, struct wq_error *err)
{
    struct fuzz_xlsx_state *s = ud;
    (void)err;
    FUZZ_CHECK(row->file && !strncmp(row->file, "fuzz.xlsx[", 10));
    FUZZ_CHECK(row->line >= 1 && row->n_fields >= 1);
    FUZZ_CHECK(row->record == ++s->rows);
    if (s->rows == 1)
        s->header_width = row->n_fields;
    FUZZ_CHECK(row->n_fields >= s->header_width);
    for (size_t i = 0; i < row->n_fields; i++)
        FUZZ_CHECK(strlen(row->fields[i]) == row->lens[i]);
    FUZZ_CHECK(row->lens[row->n_fields - 1] > 0 || row->n_fields == s->header_width);
    return WQ_OK;
}

static const char *const fuzz_xlsx_workbook =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr date1904=\"0\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";
static const char *const fuzz_xlsx_rels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

/* Pack the three parts of DATA into a workbook at PATH. */
static bool fuzz_xlsx_pack(const char *path, const uint8_t *data, size_t size)
{
    const char *names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"};
    const uint8_t *part[3] = {data, NULL, NULL};
    size_t len[3] = {size, 0, 0};
    for (int k = 1; k < 3; k++) {
        const uint8_t *nul = memchr(part[k - 1], 0, len[k - 1]);
        if (!nul)
            break;
        part[k] = nul + 1;
        len[k] = len[k - 1] - (size_t)(part[k] - part[k - 1]);
        len[k - 1] = (size_t)(nul - part[k - 1]);
    }
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
    if (!z)
        return false;
    bool ok = true;
    const void *bufs[5] = {fuzz_xlsx_workbook, fuzz_xlsx_rels, part[0], part[1], part[2]};
    size_t lens[5] = {strlen(fuzz_xlsx_workbook), strlen(fuzz_xlsx_rels), len[0], len[1], len[2]};
    const char *paths[5] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", names[0], names[1],
                            names[2]};
    for (int i = 0; i < 5 && ok; i++) {
        if (!bufs[i])
            continue;
        zip_source_t *src = zip_source_buffer(z, bufs[i], lens[i], 0);
        ok = src && zip_file_add(z, paths[i], src, ZIP_FL_OVERWRITE) >= 0;
        if (!ok && src)
            zip_source_free(src);
    }
    if (!ok) {
        zip_discard(z);
        return false;
    }
    return zip_close(z) == 0;
}

FUZZ_ENTRY(xlsx)
{
    static bool registered;
    if (!registered) {
        atexit(fuzz_xlsx_cleanup);
        registered = true;
    }
    const char *path;
    if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
        path = fuzz_file_write(&fuzz_xlsx_raw, "fuzz-xlsx", data, size);
    } else {
        path = fuzz_xlsx_packed.ready ? fuzz_xlsx_packed.path
                                      : fuzz_file_write(&fuzz_xlsx_packed, "fuzz-xlsx", NULL, 0);
        if (path && !fuzz_xlsx_pack(path, data, size))
            return 0;
    }
    if (!path)
        return 0;
    struct fuzz_xlsx_state s = {0};
    struct wq_error err = {0};
    int st = xlsx_read_file(path, "fuzz.xlsx", NULL, fuzz_xlsx_row, &s, &err);
    FUZZ_CHECK(st == WQ_OK || st == WQ_EDATA || st == WQ_ENOMEM);
    if (st != WQ_OK)
        FUZZ_CHECK(!strncmp(err.msg, "fuzz.xlsx", 9));
    return 0;
}
