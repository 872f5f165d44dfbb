/* lab-settings.c — the preferences a speaker sets once: kept between runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two values, "freeze-ms" (how long a frozen scenario freezes) and
 * "image-path" (the picture to blur instead of the bundled one, or none),
 * kept in a small key file ($XDG_CONFIG_HOME/tasklab/settings.ini), written
 * whole and atomically (g_file_set_contents) when one changes. A missing or
 * unreadable file means the defaults; a value out of range is ignored.
 * Scripted runs (--run) make settings without a file: they use only what
 * the command line says, the same on every machine.
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gstdio.h>

#include "lab-settings.h"

#define GROUP "TaskLab"
#define DEFAULT_FREEZE_MS 2000
#define MIN_FREEZE_MS 500
#define MAX_FREEZE_MS 10000

struct _LabSettings
{
  GObject  parent_instance;

  char    *path;          /* NULL: not kept */
  int      freeze_ms;
  char    *image_path;
};

G_DEFINE_FINAL_TYPE (LabSettings, lab_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FREEZE_MS,
  PROP_IMAGE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
save (LabSettings *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  if (self->path == NULL)
    return;
  g_key_file_set_integer (file, GROUP, "freeze-ms", self->freeze_ms);
  if (self->image_path != NULL)
    g_key_file_set_string (file, GROUP, "image-path", self->image_path);
  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_key_file_save_to_file (file, self->path, &error))
    g_warning ("The preferences could not be saved in %s: %s", self->path,
               error != NULL ? error->message : g_strerror (errno));
}

static void
load (LabSettings *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  int freeze_ms;

  if (self->path == NULL || !g_key_file_load_from_file (file, self->path, G_KEY_FILE_NONE, NULL))
    return;
  freeze_ms = g_key_file_get_integer (file, GROUP, "freeze-ms", &error);
  if (error == NULL && freeze_ms >= MIN_FREEZE_MS && freeze_ms <= MAX_FREEZE_MS)
    self->freeze_ms = freeze_ms;
  g_free (self->image_path);
  self->image_path = g_key_file_get_string (file, GROUP, "image-path", NULL);
}

static void
lab_settings_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LabSettings *self = LAB_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_FREEZE_MS:
      g_value_set_int (value, self->freeze_ms);
      break;
    case PROP_IMAGE_PATH:
      g_value_set_string (value, self->image_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_settings_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LabSettings *self = LAB_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_FREEZE_MS:
      lab_settings_set_freeze_ms (self, g_value_get_int (value));
      break;
    case PROP_IMAGE_PATH:
      lab_settings_set_image_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_settings_finalize (GObject *object)
{
  LabSettings *self = LAB_SETTINGS (object);

  g_free (self->path);
  g_free (self->image_path);

  G_OBJECT_CLASS (lab_settings_parent_class)->finalize (object);
}

static void
lab_settings_class_init (LabSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lab_settings_get_property;
  object_class->set_property = lab_settings_set_property;
  object_class->finalize = lab_settings_finalize;

  properties[PROP_FREEZE_MS] =
    g_param_spec_int ("freeze-ms", NULL, NULL, MIN_FREEZE_MS, MAX_FREEZE_MS, DEFAULT_FREEZE_MS,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGE_PATH] =
    g_param_spec_string ("image-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lab_settings_init (LabSettings *self)
{
  self->freeze_ms = DEFAULT_FREEZE_MS;
}

/* Where the preferences are kept for this user. */
char *
lab_settings_dup_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "tasklab", "settings.ini", NULL);
}

/**
 * lab_settings_new:
 * @path: (nullable): the key file to read and keep them in; %NULL keeps
 *   nothing (scripted runs)
 */
LabSettings *
lab_settings_new (const char *path)
{
  LabSettings *self = g_object_new (LAB_TYPE_SETTINGS, NULL);

  self->path = g_strdup (path);
  load (self);
  return self;
}

int
lab_settings_get_freeze_ms (LabSettings *self)
{
  g_return_val_if_fail (LAB_IS_SETTINGS (self), DEFAULT_FREEZE_MS);

  return self->freeze_ms;
}

void
lab_settings_set_freeze_ms (LabSettings *self,
                            int          freeze_ms)
{
  g_return_if_fail (LAB_IS_SETTINGS (self));

  freeze_ms = CLAMP (freeze_ms, MIN_FREEZE_MS, MAX_FREEZE_MS);
  if (self->freeze_ms == freeze_ms)
    return;
  self->freeze_ms = freeze_ms;
  save (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREEZE_MS]);
}

/* (nullable): the picture to blur, or NULL for the bundled one */
const char *
lab_settings_get_image_path (LabSettings *self)
{
  g_return_val_if_fail (LAB_IS_SETTINGS (self), NULL);

  return self->image_path;
}

void
lab_settings_set_image_path (LabSettings *self,
                             const char  *path)
{
  g_return_if_fail (LAB_IS_SETTINGS (self));

  if (g_strcmp0 (self->image_path, path) == 0)
    return;
  g_free (self->image_path);
  self->image_path = g_strdup (path);
  save (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE_PATH]);
}
