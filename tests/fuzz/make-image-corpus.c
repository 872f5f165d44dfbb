/* make-image-corpus.c — the fuzzer's seeds: a small image in every format
 * TaskLab reads, written into the folder given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "../workloads/test-image-util.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LabImage) small = test_image_new (8, 6);
  g_autoptr(LabImage) wider = test_image_new (37, 5);

  if (argc != 2)
    {
      g_printerr ("usage: make-image-corpus FOLDER\n");
      return 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (test_formats); i++)
    {
      LabImage *images[] = { small, wider };

      for (guint k = 0; k < G_N_ELEMENTS (images); k++)
        {
          g_autoptr(GBytes) bytes = test_encode (images[k], test_formats[i].name);
          g_autofree char *name = g_strdup_printf ("seed-%u-%s", k, test_formats[i].name);
          g_autofree char *path = g_build_filename (argv[1], name, NULL);
          g_autoptr(GError) error = NULL;

          if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes), &error))
            {
              g_printerr ("make-image-corpus: %s\n", error->message);
              return 1;
            }
        }
    }
  return 0;
}
