/* lab-application-actions.c — open an image, about, quit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-application-private.h"
#include "lab-event-log.h"
#include "lab-preferences-window.h"

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
        _lab_application_report_error (self, _("TaskLab can open local files only."));
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

  dialog = gtk_file_chooser_native_new (_("Open Image"), GTK_WINDOW (self->window),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The About window's debugging information: which renderer draws the
 * window, and why (a presenter on a machine without a GPU can check that
 * TaskLab's drawing does not compete with the work it measures). */
static char *
dup_debug_info (LabApplication *self)
{
  GString *info = g_string_new (NULL);
  GskRenderer *renderer = self->window != NULL ? gtk_native_get_renderer (GTK_NATIVE (self->window))
                                               : NULL;

  g_string_append_printf (info, "TaskLab %s, GTK %u.%u.%u, libadwaita %u.%u.%u\n",
                          PACKAGE_VERSION, gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (), adw_get_major_version (),
                          adw_get_minor_version (), adw_get_micro_version ());
  if (self->renderer_line != NULL)
    g_string_append_printf (info, "%s\n", self->renderer_line);
  if (renderer != NULL)
    g_string_append_printf (info, "Renderer in use: %s\n", G_OBJECT_TYPE_NAME (renderer));
  return g_string_free (info, FALSE);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       data)
{
  LabApplication *self = LAB_APPLICATION (data);
  static const char *developers[] = { "The TaskLab developers", NULL };
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  g_autofree char *debug_info = NULL;

  gtk_window_set_transient_for (GTK_WINDOW (about),
                                self->window != NULL ? GTK_WINDOW (self->window) : NULL);
  adw_about_window_set_application_name (about, "TaskLab");
  adw_about_window_set_application_icon (about, "org.tasklab.TaskLab");
  adw_about_window_set_comments (about, _("How work reaches threads: the .NET Task Parallel "
                                          "Library, mirrored in C and measured live."));
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("The TaskLab developers"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  debug_info = dup_debug_info (self);
  adw_about_window_set_debug_info (about, debug_info);
  gtk_window_present (GTK_WINDOW (about));
}

static gboolean
seconds_to_ms (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      data)
{
  g_value_set_int (to, (int) (g_value_get_double (from) * 1000.0 + 0.5));
  return TRUE;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       data)
{
  LabApplication *self = LAB_APPLICATION (data);
  GtkWidget *preferences = lab_preferences_window_new (self->window != NULL ? GTK_WINDOW (self->window)
                                                                            : NULL);
  const char *path = lab_settings_get_image_path (self->settings);
  g_autofree char *name = path != NULL ? g_filename_display_basename (path)
                                       : g_strdup (_("The bundled picture"));

  g_object_set (preferences,
                "freeze-seconds", lab_settings_get_freeze_ms (self->settings) / 1000.0,
                "image-name", name,
                NULL);
  g_object_bind_property_full (preferences, "freeze-seconds", self->settings, "freeze-ms",
                               G_BINDING_DEFAULT, seconds_to_ms, NULL, NULL, NULL);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
bundled_image_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       data)
{
  _lab_application_use_bundled_image (LAB_APPLICATION (data));
}

static void
log_activation (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       prefix)
{
  lab_event_log_write ("action %s.%s", (const char *) prefix, g_action_get_name (G_ACTION (action)));
}

/**
 * _lab_application_log_activations:
 * @prefix: "app" or "win"
 *
 * With the event log on (the e2e tests), writes "action PREFIX.NAME" each
 * time one of @map's actions is activated, so a test can tell that a key
 * reached its action.
 */
void
_lab_application_log_activations (GActionMap *map,
                                  const char *prefix)
{
  g_auto(GStrv) names = NULL;

  if (!lab_event_log_is_enabled ())
    return;
  names = g_action_group_list_actions (G_ACTION_GROUP (map));
  for (guint i = 0; names[i] != NULL; i++)
    {
      GAction *action = g_action_map_lookup_action (map, names[i]);

      if (G_IS_SIMPLE_ACTION (action))
        g_signal_connect (action, "activate", G_CALLBACK (log_activation), (gpointer) prefix);
    }
}

void
_lab_application_init_actions (LabApplication *self)
{
  static const GActionEntry actions[] = {
    { "quit", quit_action },
    { "open", open_action },
    { "about", about_action },
    { "preferences", preferences_action },
    { "bundled-image", bundled_image_action },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  _lab_application_log_activations (G_ACTION_MAP (self), "app");
}
