/* tools/bench/zipshim.c: a measuring instrument for make bench, never used by
 * the toolkit. Loaded with LD_PRELOAD into `wres report`, it replaces the
 * deflate level that libxlsxwriter 1.1.4 passes to minizip for every part of
 * the workbook (zlib's default, 6, fixed in its packager.c; the library has
 * no option for it) with ZIPSHIM_LEVEL: 1 (zlib's fastest) or 0 (stored, no
 * compression at all). So the benchmark can show how much of report's time
 * over metrics the workbook's compression is, and what is left without it:
 * the floor of writing the workbook with libxlsxwriter. */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <stdlib.h>

typedef void *zipFile;
typedef struct zip_fileinfo zip_fileinfo;
typedef int (*open_fn)(zipFile, const char *, const zip_fileinfo *, const void *, unsigned,
                       const void *, unsigned, const char *, int, int, int, int, int, int,
                       const char *, unsigned long, unsigned long, unsigned long, int);

/* minizip's zipOpenNewFileInZip4_64 (zip.h), the call libxlsxwriter makes. */
int zipOpenNewFileInZip4_64(zipFile file, const char *name, const zip_fileinfo *info,
                            const void *extra_local, unsigned n_extra_local,
                            const void *extra_global, unsigned n_extra_global,
                            const char *comment, int method, int level, int raw, int window_bits,
                            int mem_level, int strategy, const char *password,
                            unsigned long crc, unsigned long made_by, unsigned long flags,
                            int zip64)
{
    static open_fn real;
    if (!real) {
        *(void **)&real = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
        if (!real)
            abort();
    }
    const char *want = getenv("ZIPSHIM_LEVEL");
    if (want && *want) {
        level = atoi(want);
        if (level == 0)
            method = 0; /* stored */
    }
    return real(file, name, info, extra_local, n_extra_local, extra_global, n_extra_global,
                comment, method, level, raw, window_bits, mem_level, strategy, password, crc,
                made_by, flags, zip64);
}
