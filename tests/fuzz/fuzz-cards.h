/*
 * What the fuzz targets that write a summary and read it back agree on:
 * when the cards that came back are the cards that went in.
 */

#ifndef FUZZ_CARDS_H
#define FUZZ_CARDS_H

#include "recall.h"

int	fuzz_same_string(const char *, const char *);
void	fuzz_same_cards(const struct summary *, const struct summary *);

#endif
