/*
 * What the fuzz targets share: normalized tags, and when the cards a
 * summary gave, written and read back, are the cards that went in.
 */

#ifndef FUZZ_CARDS_H
#define FUZZ_CARDS_H

#include "recall.h"

int		 fuzz_same_string(const char *, const char *);
int		 fuzz_normalized(const char *);
struct summary	*fuzz_write_read(const struct summary *, const char *, char **);
void		 fuzz_same_cards(const struct summary *, const struct summary *);

#endif
