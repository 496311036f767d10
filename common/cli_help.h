/* cli_help.h: the calculators' --help text, overall and per command. */
#ifndef WQ_CLI_HELP_H
#define WQ_CLI_HELP_H

#include <stdbool.h>
#include <stdio.h>

#include "standard.h"

/* The overall help of STD's calculator: commands, every option, exit codes. */
void cli_usage(FILE *f, const struct standard *std);

/* The help of one COMMAND (its options only); false if there is no such
 * command (nothing printed). */
bool cli_command_usage(FILE *f, const struct standard *std, const char *command);

#endif
