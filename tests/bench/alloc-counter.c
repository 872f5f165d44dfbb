/* alloc-counter.c — malloc interposition that counts, for benchmarks and the
 * allocation tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An executable that defines malloc() overrides libc's for every library it
 * loads (ELF symbol interposition), so g_malloc() inside GLib lands here too.
 * The real work is done by glibc's __libc_* entry points.
 */
#include <stddef.h>
#include <errno.h>

#include "alloc-counter.h"

extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *ptr, size_t size);
extern void *__libc_memalign (size_t alignment, size_t size);
extern void  __libc_free (void *ptr);

void *malloc (size_t size);
void *calloc (size_t n, size_t size);
void *realloc (void *ptr, size_t size);
void  free (void *ptr);
void *memalign (size_t alignment, size_t size);
void *aligned_alloc (size_t alignment, size_t size);
int   posix_memalign (void **out, size_t alignment, size_t size);

static guint64 allocations;
static guint64 bytes;

static inline void
count (size_t size)
{
  __atomic_fetch_add (&allocations, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add (&bytes, size, __ATOMIC_RELAXED);
}

void *
malloc (size_t size)
{
  count (size);
  return __libc_malloc (size);
}

void *
calloc (size_t n,
        size_t size)
{
  count (n * size);
  return __libc_calloc (n, size);
}

void *
realloc (void   *ptr,
         size_t  size)
{
  count (size);
  return __libc_realloc (ptr, size);
}

void
free (void *ptr)
{
  __libc_free (ptr);
}

void *
memalign (size_t alignment,
          size_t size)
{
  count (size);
  return __libc_memalign (alignment, size);
}

void *
aligned_alloc (size_t alignment,
               size_t size)
{
  return memalign (alignment, size);
}

int
posix_memalign (void   **out,
                size_t   alignment,
                size_t   size)
{
  void *ptr = memalign (alignment, size);

  if (ptr == NULL)
    return ENOMEM;
  *out = ptr;
  return 0;
}

AllocCount
alloc_counter_read (void)
{
  AllocCount c;

  c.allocations = __atomic_load_n (&allocations, __ATOMIC_RELAXED);
  c.bytes = __atomic_load_n (&bytes, __ATOMIC_RELAXED);
  return c;
}
