/* cli.h: the command line shared by wres and wdes (docs/design.md, section 2). */
#ifndef WQ_CLI_H
#define WQ_CLI_H

#include "standard.h"

/* Run the calculator for STD with ARGV; returns the process exit status
 * (0, or one of enum wq_status). Prints results to stdout and messages to
 * stderr; all output is built in memory first, so a failed run prints no
 * partial result. */
int cli_main(int argc, char **argv, const struct standard *std);

#endif
