/* wres: the Workforce Race Equality Standard calculator. */
#include "cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv, &standard_wres);
}
