/* lab-color-scheme.c — follow the desktop's light or dark preference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 without libadwaita does not read the freedesktop appearance
 * setting itself, so ask the Settings portal (color-scheme: 0 no
 * preference, 1 dark, 2 light) and watch it change. Without a session bus
 * or portal (Xvfb, CI) nothing happens and the light style stays.
 */
#define G_LOG_DOMAIN "Lab"

#include <gtk/gtk.h>

#include "lab-color-scheme.h"

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define SETTINGS_INTERFACE "org.freedesktop.portal.Settings"

static void
apply (GVariant *value)
{
  g_autoptr(GVariant) inner = NULL;

  /* Read returns v(v(u)) on older portals, v(u) on newer ones */
  inner = g_variant_ref (value);
  while (g_variant_is_of_type (inner, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *unboxed = g_variant_get_variant (inner);

      g_variant_unref (inner);
      inner = unboxed;
    }
  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_UINT32))
    g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme",
                  g_variant_get_uint32 (inner) == 1, NULL);
}

static void
on_setting_changed (GDBusProxy *proxy,
                    const char *sender,
                    const char *signal,
                    GVariant   *parameters,
                    gpointer    data)
{
  const char *namespace, *key;
  g_autoptr(GVariant) value = NULL;

  if (g_strcmp0 (signal, "SettingChanged") != 0 ||
      !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_str_equal (namespace, "org.freedesktop.appearance") && g_str_equal (key, "color-scheme"))
    apply (value);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, NULL);
  g_autoptr(GVariant) value = NULL;

  if (reply == NULL)
    return;
  g_variant_get (reply, "(v)", &value);
  apply (value);
}

static void
on_proxy (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, NULL);

  if (proxy == NULL)
    return;
  /* kept for the life of the process, to hear changes */
  g_signal_connect (proxy, "g-signal", G_CALLBACK (on_setting_changed), NULL);
  g_dbus_proxy_call (proxy, "Read", g_variant_new ("(ss)", "org.freedesktop.appearance", "color-scheme"),
                     G_DBUS_CALL_FLAGS_NONE, 2000, NULL, on_read, NULL);
}

void
lab_color_scheme_follow_system (void)
{
  /* no session bus: no autolaunch attempt, no warning */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return;
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                            NULL, PORTAL_NAME, PORTAL_PATH, SETTINGS_INTERFACE, NULL,
                            on_proxy, NULL);
}
