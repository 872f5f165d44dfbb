/* lab-slow-server-files.c — the files the server serves, by path: a table
 * any thread may add to, read on the server thread, under the server's lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-slow-server-private.h"

typedef struct
{
  GBytes *content;
  char   *content_type;
} ServedFile;

static void
served_file_free (gpointer data)
{
  ServedFile *file = data;

  g_bytes_unref (file->content);
  g_free (file->content_type);
  g_free (file);
}

/* The table of @server->files: decoded path → ServedFile. */
GHashTable *
_lab_slow_server_files_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, served_file_free);
}

/* The file served at @path: TRUE with its @content (a reference) and
 * @content_type (a copy), FALSE when there is none. Takes the lock. */
gboolean
_lab_slow_server_files_lookup (LabSlowServer  *server,
                               const char     *path,
                               GBytes        **content,
                               char          **content_type)
{
  ServedFile *file;

  pthread_mutex_lock (&server->lock);
  file = g_hash_table_lookup (server->files, path);
  if (file != NULL)
    {
      *content = g_bytes_ref (file->content);
      *content_type = g_strdup (file->content_type);
    }
  pthread_mutex_unlock (&server->lock);
  return file != NULL;
}

/**
 * lab_slow_server_add_file:
 * @path: the URL path it is served at, unescaped ("/images/sample.jpg")
 * @content: the bytes served
 * @content_type: (nullable): the Content-Type; %NULL for
 *   application/octet-stream
 *
 * Serves @content at @path from now on, replacing what was there. Any
 * thread may call it.
 */
void
lab_slow_server_add_file (LabSlowServer *server,
                          const char    *path,
                          GBytes        *content,
                          const char    *content_type)
{
  ServedFile *file;

  g_return_if_fail (server != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (content != NULL);
  g_return_if_fail (content_type == NULL ||
                    !_lab_slow_server_has_control_characters (content_type));

  file = g_new0 (ServedFile, 1);
  file->content = g_bytes_ref (content);
  file->content_type = g_strdup (content_type != NULL ? content_type : "application/octet-stream");

  pthread_mutex_lock (&server->lock);
  g_hash_table_replace (server->files, g_strdup (path), file);
  pthread_mutex_unlock (&server->lock);
}

/**
 * lab_slow_server_add_resources:
 * @path_prefix: the URL path they are served under, ending in "/"
 * @resource_dir: a GResource folder, ending in "/"
 *
 * Serves each file of @resource_dir (not its subfolders) at @path_prefix
 * followed by its name, with a Content-Type guessed from name and content.
 *
 * Returns: how many files were added (0 when the folder does not exist)
 */
guint
lab_slow_server_add_resources (LabSlowServer *server,
                               const char    *path_prefix,
                               const char    *resource_dir)
{
  g_auto(GStrv) names = NULL;
  guint added = 0;

  g_return_val_if_fail (server != NULL, 0);
  g_return_val_if_fail (path_prefix != NULL && g_str_has_suffix (path_prefix, "/"), 0);
  g_return_val_if_fail (resource_dir != NULL && g_str_has_suffix (resource_dir, "/"), 0);

  names = g_resources_enumerate_children (resource_dir, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *resource_path = g_strconcat (resource_dir, names[i], NULL);
      g_autofree char *path = g_strconcat (path_prefix, names[i], NULL);
      g_autoptr(GBytes) content = NULL;
      g_autofree char *type = NULL;
      g_autofree char *mime = NULL;
      gsize size;
      gconstpointer data;

      if (g_str_has_suffix (names[i], "/"))
        continue;
      content = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (content == NULL)
        continue;
      data = g_bytes_get_data (content, &size);
      type = g_content_type_guess (names[i], data, MIN (size, 4096), NULL);
      mime = type != NULL ? g_content_type_get_mime_type (type) : NULL;
      lab_slow_server_add_file (server, path, content, mime);
      added++;
    }
  return added;
}
