/* lab-preferences-window.c — the freeze length and the image to blur.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view of two properties the application binds to its settings:
 * "freeze-seconds" and "image-name". Choosing an image goes through the
 * application's actions (app.open, app.bundled-image), as Ctrl+O does.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-preferences-window.h"

struct _LabPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  GtkAdjustment        *freeze_adjustment;
  AdwActionRow         *image_row;
};

G_DEFINE_FINAL_TYPE (LabPreferencesWindow, lab_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_FREEZE_SECONDS,
  PROP_IMAGE_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lab_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LabPreferencesWindow *self = LAB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FREEZE_SECONDS:
      g_value_set_double (value, gtk_adjustment_get_value (self->freeze_adjustment));
      break;
    case PROP_IMAGE_NAME:
      g_value_set_string (value, adw_action_row_get_subtitle (self->image_row));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  LabPreferencesWindow *self = LAB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FREEZE_SECONDS:
      gtk_adjustment_set_value (self->freeze_adjustment, g_value_get_double (value));
      break;
    case PROP_IMAGE_NAME:
      adw_action_row_set_subtitle (self->image_row, g_value_get_string (value));
      g_object_notify_by_pspec (object, properties[PROP_IMAGE_NAME]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_freeze_changed (GtkAdjustment        *adjustment,
                   LabPreferencesWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREEZE_SECONDS]);
}

static void
lab_preferences_window_class_init (LabPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lab_preferences_window_get_property;
  object_class->set_property = lab_preferences_window_set_property;

  properties[PROP_FREEZE_SECONDS] =
    g_param_spec_double ("freeze-seconds", NULL, NULL, 0.5, 10.0, 2.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE_NAME] =
    g_param_spec_string ("image-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/tasklab/TaskLab/lab-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LabPreferencesWindow, freeze_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LabPreferencesWindow, image_row);
}

static void
lab_preferences_window_init (LabPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->freeze_adjustment, "value-changed", G_CALLBACK (on_freeze_changed), self);
}

GtkWidget *
lab_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (LAB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
}
