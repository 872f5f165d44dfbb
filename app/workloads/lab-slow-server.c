/* lab-slow-server.c — the built-in slow HTTP server: its thread, listening,
 * accepting, stopping, and the public API. How it works:
 * lab-slow-server-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-slow-server-private.h"

static LabSlowServer   *default_server;
static pthread_mutex_t  default_server_lock = PTHREAD_MUTEX_INITIALIZER;

static void server_destroy (LabSlowServer *server);

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           data)
{
  LabSlowServer *server = data;

  /* Over the limit: not taking a reference closes it when the service lets go. */
  if (g_hash_table_size (server->connections) >= LAB_SLOW_SERVER_MAX_CONNECTIONS)
    return TRUE;

  _lab_slow_server_connection_new (server, connection);
  return TRUE;
}

/* The server thread */

static gboolean
server_listen (LabSlowServer  *server,
               GError        **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  server->service = g_socket_service_new ();
  /* the default of 10 drops connections when a test or a demo opens many at once */
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (server->service), 256);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    return FALSE;

  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);
  return TRUE;
}

static gboolean
on_stop (gpointer data)
{
  LabSlowServer *server = data;
  g_autoptr(GList) open = g_hash_table_get_keys (server->connections);

  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  for (GList *l = open; l != NULL; l = l->next)
    _lab_slow_server_connection_close (l->data, FALSE);
  g_main_loop_quit (server->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
server_thread (gpointer data)
{
  LabSlowServer *server = data;
  GError *error = NULL;
  gboolean listening;

  g_main_context_push_thread_default (server->context);
  listening = server_listen (server, &error);

  pthread_mutex_lock (&server->lock);
  server->start_error = error;
  server->start_done = TRUE;
  pthread_cond_signal (&server->cond);
  pthread_mutex_unlock (&server->lock);

  if (listening)
    g_main_loop_run (server->loop);

  /* Every operation was cancelled in on_stop(); let their callbacks run
   * and drop their references. */
  while (server->n_alive > 0)
    g_main_context_iteration (server->context, TRUE);
  g_clear_object (&server->service);
  while (g_main_context_iteration (server->context, FALSE))
    ;
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

/**
 * lab_slow_server_new:
 *
 * Starts a server on 127.0.0.1 at a free port, on a thread of its own.
 *
 * Returns: (transfer full) (nullable): the running server, or %NULL with
 *   @error set when no port could be bound
 */
LabSlowServer *
lab_slow_server_new (GError **error)
{
  LabSlowServer *server = g_new0 (LabSlowServer, 1);
  GError *start_error;

  pthread_mutex_init (&server->lock, NULL);
  pthread_cond_init (&server->cond, NULL);
  server->files = _lab_slow_server_files_new ();
  server->connections = g_hash_table_new_full (NULL, NULL, _lab_slow_server_connection_unref,
                                               NULL);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("lab-slow-server", server_thread, server);

  pthread_mutex_lock (&server->lock);
  while (!server->start_done)
    pthread_cond_wait (&server->cond, &server->lock);
  start_error = g_steal_pointer (&server->start_error);
  pthread_mutex_unlock (&server->lock);

  if (start_error != NULL)
    {
      g_propagate_prefixed_error (error, start_error, "Could not start the slow server: ");
      server_destroy (server);
      return NULL;
    }
  return server;
}

static void
server_destroy (LabSlowServer *server)
{
  if (server->port != 0)
    {
      GSource *stop = g_idle_source_new ();

      g_source_set_static_name (stop, "[lab] slow server stop");
      g_source_set_callback (stop, on_stop, server, NULL);
      g_source_attach (stop, server->context);
      g_source_unref (stop);
    }
  g_thread_join (server->thread);

  g_assert (g_hash_table_size (server->connections) == 0);
  g_hash_table_unref (server->connections);
  g_hash_table_unref (server->files);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  pthread_cond_destroy (&server->cond);
  pthread_mutex_destroy (&server->lock);
  g_free (server);
}

/**
 * lab_slow_server_free:
 *
 * Closes every connection, stops the thread and frees the server. Clients
 * in the middle of a request see the connection close.
 */
void
lab_slow_server_free (LabSlowServer *server)
{
  gboolean is_default;

  g_return_if_fail (server != NULL);
  pthread_mutex_lock (&default_server_lock);
  is_default = server == default_server;
  pthread_mutex_unlock (&default_server_lock);
  g_return_if_fail (!is_default);

  server_destroy (server);
}

/**
 * lab_slow_server_get_default:
 *
 * The process's server, started on the first call and never stopped. It
 * serves the bundled images (GResource /org/tasklab/TaskLab/images/) under
 * /images/ when the program has them compiled in.
 *
 * Returns: (transfer none) (nullable): the server, or %NULL with @error set
 */
LabSlowServer *
lab_slow_server_get_default (GError **error)
{
  LabSlowServer *server;

  pthread_mutex_lock (&default_server_lock);
  if (default_server == NULL)
    {
      default_server = lab_slow_server_new (error);
      if (default_server != NULL)
        lab_slow_server_add_resources (default_server, "/images/", "/org/tasklab/TaskLab/images/");
    }
  server = default_server;
  pthread_mutex_unlock (&default_server_lock);
  return server;
}

guint16
lab_slow_server_get_port (LabSlowServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return server->port;
}

/**
 * lab_slow_server_get_url:
 * @path_and_query: (nullable): what follows the port, starting with "/";
 *   %NULL for "/"
 *
 * Returns: (transfer full): "http://127.0.0.1:PORT/path?query"
 */
char *
lab_slow_server_get_url (LabSlowServer *server,
                         const char    *path_and_query)
{
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (path_and_query == NULL || path_and_query[0] == '/', NULL);

  return g_strdup_printf ("http://127.0.0.1:%u%s", server->port,
                          path_and_query != NULL ? path_and_query : "/");
}

/* Connections open now (for tests: a client that left is no longer counted). */
guint
lab_slow_server_get_n_connections (LabSlowServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return (guint) g_atomic_int_get (&server->n_connections);
}

/* Requests whose head was read completely since the server started. */
guint
lab_slow_server_get_n_requests (LabSlowServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return (guint) g_atomic_int_get (&server->n_requests);
}
