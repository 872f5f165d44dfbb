/* test-renderer.c — Cairo when GL is software-rendered; a GSK_RENDERER set is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "lab-renderer.h"

/* Mesa's software rasterizers, as their GL_RENDERER names them, in any case, get Cairo. */
static void
test_software_gets_cairo (void)
{
  static const char * const software[] = {
    "llvmpipe (LLVM 15.0.6, 256 bits)",
    "LLVMPIPE (LLVM 11.0.1, 128 bits)",
    "softpipe",
    "swrast",
    "Software Rasterizer",
    "Mesa DRI software rasterizer",
  };

  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    {
      g_test_message ("%s", software[i]);
      g_assert_cmpint (lab_renderer_decide (NULL, software[i]), ==, LAB_RENDERER_CAIRO);
    }
}

/* GL in hardware (a GPU's name, even one that mentions LLVM) is left to GTK. */
static void
test_hardware_left_to_gtk (void)
{
  static const char * const hardware[] = {
    "Mesa Intel(R) UHD Graphics 620 (KBL GT2)",
    "AMD Radeon RX 6700 XT (navi22, LLVM 15.0.6, DRM 3.49, 6.1.0-9-amd64)",
    "NVIDIA GeForce GTX 1060 6GB/PCIe/SSE2",
    "virgl (Intel(R) Xe Graphics (TGL GT2))",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hardware); i++)
    {
      g_test_message ("%s", hardware[i]);
      g_assert_cmpint (lab_renderer_decide (NULL, hardware[i]), ==, LAB_RENDERER_GTK);
    }
}

/* No GL at all (no renderer name, or an empty one): Cairo, as GTK would fall back to. */
static void
test_no_gl_gets_cairo (void)
{
  g_assert_cmpint (lab_renderer_decide (NULL, NULL), ==, LAB_RENDERER_CAIRO);
  g_assert_cmpint (lab_renderer_decide (NULL, ""), ==, LAB_RENDERER_CAIRO);
}

/* A GSK_RENDERER the user set is kept, whatever GL is; an empty one is no choice. */
static void
test_user_choice_kept (void)
{
  g_assert_cmpint (lab_renderer_decide ("gl", "llvmpipe (LLVM 15.0.6, 256 bits)"), ==,
                   LAB_RENDERER_USER);
  g_assert_cmpint (lab_renderer_decide ("cairo", "Mesa Intel(R) UHD Graphics 620 (KBL GT2)"), ==,
                   LAB_RENDERER_USER);
  g_assert_cmpint (lab_renderer_decide ("vulkan", NULL), ==, LAB_RENDERER_USER);
  g_assert_cmpint (lab_renderer_decide ("", "llvmpipe (LLVM 15.0.6, 256 bits)"), ==,
                   LAB_RENDERER_CAIRO);
  g_assert_cmpint (lab_renderer_decide ("", "NVIDIA GeForce GTX 1060 6GB/PCIe/SSE2"), ==,
                   LAB_RENDERER_GTK);
}

/* Before the display opens: llvmpipe is asked for no threads only when TaskLab
 * chooses the renderer, and an LP_NUM_THREADS the user set is kept (each case
 * in a child, as the environment is the process's). */
static void
test_before_display (void)
{
  if (g_test_subprocess ())
    {
      const char *gsk = g_getenv ("TEST_GSK_RENDERER");
      const char *lp = g_getenv ("TEST_LP_NUM_THREADS");

      g_unsetenv ("GSK_RENDERER");
      g_unsetenv ("LP_NUM_THREADS");
      if (gsk != NULL)
        g_setenv ("GSK_RENDERER", gsk, TRUE);
      if (lp != NULL)
        g_setenv ("LP_NUM_THREADS", lp, TRUE);
      lab_renderer_before_display ();
      g_print ("GSK_RENDERER=%s LP_NUM_THREADS=%s\n",
               g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(unset)",
               g_getenv ("LP_NUM_THREADS") ? g_getenv ("LP_NUM_THREADS") : "(unset)");
      return;
    }

  g_unsetenv ("TEST_GSK_RENDERER");
  g_unsetenv ("TEST_LP_NUM_THREADS");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("GSK_RENDERER=(unset) LP_NUM_THREADS=0\n");

  g_setenv ("TEST_GSK_RENDERER", "gl", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("GSK_RENDERER=gl LP_NUM_THREADS=(unset)\n");

  g_unsetenv ("TEST_GSK_RENDERER");
  g_setenv ("TEST_LP_NUM_THREADS", "4", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("GSK_RENDERER=(unset) LP_NUM_THREADS=4\n");
  g_unsetenv ("TEST_LP_NUM_THREADS");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/renderer/software-gets-cairo", test_software_gets_cairo);
  g_test_add_func ("/app/renderer/hardware-left-to-gtk", test_hardware_left_to_gtk);
  g_test_add_func ("/app/renderer/no-gl-gets-cairo", test_no_gl_gets_cairo);
  g_test_add_func ("/app/renderer/user-choice-kept", test_user_choice_kept);
  g_test_add_func ("/app/renderer/before-display", test_before_display);
  return g_test_run ();
}
