/* test-image-load.h — what the loader tests share: the check that a
 * refusal is a clear LabImageError, and the tests each file adds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-image.c registers every test (formats, and LabImage's own limits);
 * the others live by subject: test-image-damaged.c (good files made bad),
 * test-image-png.c (PNGs built chunk by chunk), test-image-files.c (what
 * the file system can hand the loader).
 */
#pragma once

#include "test-image-util.h"

/* A refusal is a LabImageError with a message of one line. */
static inline void
assert_refused (GError *error,
                int     code)
{
  g_assert_error (error, LAB_IMAGE_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_null (strchr (error->message, '\n'));
}

/* test-image-damaged.c */
void test_load_truncated                  (void);
void test_load_corrupted                  (void);
void test_load_empty                      (void);
void test_load_not_an_image               (void);
void test_load_huge_dimensions            (void);
void test_load_jpeg_undefined_table       (void);
void test_load_pnm_maxval                 (void);

/* test-image-png.c */
void test_load_png_bomb                   (void);
void test_load_png_short_data             (void);
void test_load_png_crc                    (void);

/* test-image-files.c */
void test_load_file_errors                (void);
void test_load_not_regular                (void);
void test_load_control_characters_in_name (void);
