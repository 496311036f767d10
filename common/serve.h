/* serve.h: `wres serve` / `wdes serve`: the inclusion manager's page, a
 * local web app over the same engine (docs/serve.md). */
#ifndef WQ_SERVE_H
#define WQ_SERVE_H

#include "standard.h"

/* Run the server for ARGV ("serve" at ARGV[1]); returns the exit status
 * (64 for a bad option, 73 when the port cannot be opened). It runs until
 * SIGINT or SIGTERM, which remove every request's temporary folder and
 * end the process by that signal. */
int serve_main(int argc, char **argv, const struct standard *std);

#endif
