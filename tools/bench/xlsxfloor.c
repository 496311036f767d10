/* xlsxfloor: the floor for reading a worksheet: libzip inflates
 * xl/worksheets/sheet1.xml and expat parses it with empty handlers, the
 * least any reader built on those two libraries can do (make bench).
 *
 *   xlsxfloor FILE.xlsx...     prints the number of <row> elements seen */
#include <expat.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    if (!strcmp(name, "row"))
        ++*(unsigned long *)ud;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    (void)ud;
    (void)name;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    (void)ud;
    (void)s;
    (void)len;
}

int main(int argc, char **argv)
{
    unsigned long rows = 0;
    static char buf[1 << 16];
    for (int i = 1; i < argc; i++) {
        int code;
        zip_t *z = zip_open(argv[i], ZIP_RDONLY, &code);
        zip_file_t *f = z ? zip_fopen(z, "xl/worksheets/sheet1.xml", 0) : NULL;
        XML_Parser p = XML_ParserCreate(NULL);
        if (!f || !p) {
            fprintf(stderr, "xlsxfloor: cannot read %s\n", argv[i]);
            return 66;
        }
        XML_SetUserData(p, &rows);
        XML_SetElementHandler(p, on_start, on_end);
        XML_SetCharacterDataHandler(p, on_text);
        zip_int64_t n;
        while ((n = zip_fread(f, buf, sizeof buf)) > 0)
            if (XML_Parse(p, buf, (int)n, 0) == XML_STATUS_ERROR)
                return 65;
        if (n < 0 || XML_Parse(p, NULL, 0, 1) == XML_STATUS_ERROR)
            return 65;
        XML_ParserFree(p);
        zip_fclose(f);
        zip_discard(z);
    }
    printf("%lu\n", rows);
    return 0;
}
