/* lab-application-actions.c — open an image, about, quit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-application-private.h"

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  g_application_quit (G_APPLICATION (data));
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  LabApplication  *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->window != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        _lab_application_open_image_file (self, path);
      else
        _lab_application_report_error (self, "TaskLab can open local files only.");
    }
  g_object_unref (dialog);
}

static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  LabApplication *self = LAB_APPLICATION (data);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->window == NULL)
    return;

  dialog = gtk_file_chooser_native_new ("Open Image", GTK_WINDOW (self->window),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, "_Open", "_Cancel");
  gtk_file_filter_set_name (filter, "Images");
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       data)
{
  LabApplication *self = LAB_APPLICATION (data);
  static const char *authors[] = { "The TaskLab developers", NULL };

  gtk_show_about_dialog (self->window != NULL ? GTK_WINDOW (self->window) : NULL,
                         "program-name", "TaskLab",
                         "logo-icon-name", "org.tasklab.TaskLab",
                         "comments", "How work reaches threads: the .NET Task Parallel Library, "
                                     "mirrored in C and measured live.",
                         "version", PACKAGE_VERSION,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         NULL);
}

void
_lab_application_init_actions (LabApplication *self)
{
  static const GActionEntry actions[] = {
    { "quit", quit_action },
    { "open", open_action },
    { "about", about_action },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.open", open_accels);
}
