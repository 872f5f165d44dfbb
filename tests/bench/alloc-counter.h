/* alloc-counter.h — counts every heap allocation of the process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linking alloc-counter.c into an executable interposes malloc, calloc,
 * realloc and the aligned variants for the whole process (GLib included);
 * each call is counted, then passed to glibc's own allocator.
 */
#pragma once

#include <glib.h>

typedef struct
{
  guint64 allocations;
  guint64 bytes;
} AllocCount;

AllocCount alloc_counter_read (void);
