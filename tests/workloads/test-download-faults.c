/* test-download-faults.c — every download form the scenarios use, against
 * every fault the slow server commits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The forms: awaited (curl multi on this thread's main loop), blocking in a
 * pool task (Task.Run) while this thread's main loop runs, and blocking on
 * this thread with the UI-thread bound (LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS).
 * For each fault each form must end with a clear error — one line, naming
 * the URL, never "Out of memory" nor a claim about the URL's protocol —
 * within a bounded time, and the main loop must keep iterating for the two
 * forms that do not block it. The unbounded forms are also cancelled
 * mid-fault with the default limits: they end Canceled promptly.
 *
 * Time bounds are generous (this runs on busy machines and under
 * sanitizers): they tell "ends by its limit" from "runs for minutes".
 */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include <dlfcn.h>
#include <netdb.h>
#include <string.h>

#include <pool.h>

#include "lab-download.h"
#include "lab-slow-server.h"

/* The limits the two unbounded forms get here (the scenarios may give
 * longer ones; cancellation is tested with the defaults). */
#define FORM_TIMEOUT_MS    3000
#define FORM_LOW_SPEED_S   2
/* How long past its limit a form may take, on a busy machine. */
#define SLACK_MS           5000
/* The longest the main loop may go without iterating in the non-blocking
 * forms (a heartbeat every 10 ms). */
#define MAX_LOOP_GAP_MS    1000
#define CANCEL_AFTER_MS    300
#define CANCEL_WITHIN_MS   3000

static LabSlowServer *server;

typedef enum
{
  FORM_ASYNC,      /* await: curl multi on the main loop */
  FORM_POOL,       /* Task.Run (() => blocking download) */
  FORM_BOUNDED,    /* blocking on this thread, the UI-thread bound */
} Form;

static const char *const form_names[] = { "async", "pool", "bounded" };

typedef struct
{
  const char       *name;
  const char       *path;
  int               code;      /* -1: success expected */
  const char       *message;   /* a part of the message, or NULL */
  gsize             size;      /* for success: the body's size */
} Fault;

static const Fault faults[] = {
  /* A trickle just over curl's low-speed limit (1500 > 1024 B/s): only the
   * total timeout ends it. */
  { "trickle", "/x?size=10000000&rate=1500", LAB_DOWNLOAD_ERROR_TIMED_OUT, "Timed out after", 0 },
  /* Headers, then nothing, the connection open. */
  { "stall-after-head", "/x?size=1000&stall_after_head=1", LAB_DOWNLOAD_ERROR_TIMED_OUT,
    "Timed out after", 0 },
  /* Headers that trickle in and never end. */
  { "slow-endless-head", "/x?endless_head=1&rate=1500", LAB_DOWNLOAD_ERROR_TIMED_OUT,
    "Timed out after", 0 },
  /* Headers that pour in and never end: the header cap. */
  { "endless-head", "/x?endless_head=1", LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
    "more than 256 KiB of headers", 0 },
  /* One header line of 200 KB: over curl's 100 KB, not "Out of memory". */
  { "huge-header", "/x?size=1000&header_bytes=200000", LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
    "header line longer than curl accepts", 0 },
  /* No status line: not "Only http and https URLs". */
  { "http09", "/x?size=1000&http09=1", LAB_DOWNLOAD_ERROR_BAD_RESPONSE, "no status line", 0 },
  /* 1 GiB gzip-encoded: the cap counts decoded bytes. */
  { "gzip-bomb", "/x?size=1073741824&encoding=gzip", LAB_DOWNLOAD_ERROR_TOO_LARGE,
    "larger than 16 MiB once decompressed", 0 },
  { "deflate-bomb", "/x?size=1073741824&encoding=deflate", LAB_DOWNLOAD_ERROR_TOO_LARGE,
    "larger than 16 MiB once decompressed", 0 },
  /* Content-Length longer than the body: truncated. */
  { "length-longer", "/x?size=1000&length=5000", LAB_DOWNLOAD_ERROR_TRUNCATED,
    "closed before the whole body arrived (1000 of 5000 bytes)", 0 },
  /* Content-Length shorter than the body: HTTP says the body is that long. */
  { "length-shorter", "/x?size=1000&length=500", -1, NULL, 500 },
  /* A server that accepts and never answers. */
  { "hang", "/x?hang=1", LAB_DOWNLOAD_ERROR_TIMED_OUT, "Timed out", 0 },
  /* An answer that comes after a minute. */
  { "latency", "/x?size=10&latency_ms=60000", LAB_DOWNLOAD_ERROR_TIMED_OUT, "Timed out", 0 },
  /* "Content-Encoding: gzip" over bytes that are not: cannot be decompressed. */
  { "broken-gzip", "/x?size=1000&encoding=broken", LAB_DOWNLOAD_ERROR_BAD_RESPONSE,
    "cannot be decompressed", 0 },
  /* A gzip body that is honest decodes to the right bytes. */
  { "gzip-ok", "/x?size=300000&encoding=gzip", -1, NULL, 300000 },
  { "deflate-ok", "/x?size=300000&encoding=deflate", -1, NULL, 300000 },
};

/* Heartbeat: the largest gap between two ticks of a 10 ms timeout. */
typedef struct
{
  gint64 last_us;
  gint64 max_gap_us;
  guint  ticks;
} Heartbeat;

static gboolean
on_heartbeat (gpointer data)
{
  Heartbeat *heartbeat = data;
  gint64 now = g_get_monotonic_time ();

  if (heartbeat->last_us != 0)
    heartbeat->max_gap_us = MAX (heartbeat->max_gap_us, now - heartbeat->last_us);
  heartbeat->last_us = now;
  heartbeat->ticks++;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  char                  *url;
  LabDownloadLimits      limits;
  PoolCancellationToken *token;
} Job;

static gpointer
blocking_job (gpointer   data,
              GError   **error)
{
  Job *job = data;

  return lab_download_blocking (job->url, &job->limits, job->token, error);
}

/* Runs @job in @form; iterates the default context for the non-blocking
 * forms, with a heartbeat. Returns the body or sets @error. */
static GBytes *
run_form (Form       form,
          Job       *job,
          Heartbeat *heartbeat,
          GError   **error)
{
  g_autoptr(PoolTask) task = NULL;
  GBytes *body;
  guint beat;
  gint64 give_up = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  if (form == FORM_BOUNDED)
    return lab_download_blocking (job->url, &job->limits, job->token, error);

  beat = g_timeout_add (10, on_heartbeat, heartbeat);
  heartbeat->last_us = g_get_monotonic_time ();
  if (form == FORM_ASYNC)
    task = lab_download_async (job->url, &job->limits, job->token, NULL);
  else
    task = pool_task_run (blocking_job, job, NULL);
  while (!pool_task_is_completed (task))
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
    }
  g_source_remove (beat);
  on_heartbeat (heartbeat);   /* the gap up to the end */

  body = pool_task_get_result (task, error);
  if (body == NULL)
    return NULL;
  /* the async task owns its result; the pool task's delegate result is ours */
  return form == FORM_ASYNC ? g_bytes_ref (body) : body;
}

static void
assert_clear_message (const GError *error)
{
  const char *message = error->message;

  g_assert_true (g_utf8_validate (message, -1, NULL));
  for (const char *p = message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
  g_assert_null (strstr (message, "Out of memory"));
  g_assert_null (strstr (message, "Only http and https"));
  g_assert_null (strstr (message, "out of memory"));
}

typedef struct
{
  const Fault *fault;
  Form         form;
} FaultTest;

/* The fault ends with its clear error (or its body), in bounded time, and
 * the main loop kept iterating in the non-blocking forms. */
static void
test_fault (gconstpointer data)
{
  const FaultTest *test = data;
  Job job = { lab_slow_server_get_url (server, test->fault->path), { 0 }, NULL };
  Heartbeat heartbeat = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 start, elapsed_ms;
  guint limit_ms;

  if (test->form == FORM_BOUNDED)
    job.limits.timeout_ms = limit_ms = LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS;
  else
    {
      job.limits.timeout_ms = limit_ms = FORM_TIMEOUT_MS;
      job.limits.low_speed_time_s = FORM_LOW_SPEED_S;
    }

  start = g_get_monotonic_time ();
  body = run_form (test->form, &job, &heartbeat, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("%s, %s: %" G_GINT64_FORMAT " ms, loop gap %" G_GINT64_FORMAT " ms: %s",
                  test->fault->name, form_names[test->form], elapsed_ms,
                  heartbeat.max_gap_us / 1000, error != NULL ? error->message : "body");

  g_assert_cmpint (elapsed_ms, <, limit_ms + SLACK_MS);
  if (test->form != FORM_BOUNDED)
    {
      g_assert_cmpuint (heartbeat.ticks, >, 0);
      g_assert_cmpint (heartbeat.max_gap_us / 1000, <, MAX_LOOP_GAP_MS);
    }

  if (test->fault->code < 0)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (body), ==, test->fault->size);
      for (gsize i = 0; i < test->fault->size; i++)
        g_assert_cmpuint (((const guint8 *) g_bytes_get_data (body, NULL))[i], ==,
                          LAB_SLOW_SERVER_GENERATED_BYTE (i));
    }
  else
    {
      g_assert_null (body);
      g_assert_error (error, LAB_DOWNLOAD_ERROR, test->fault->code);
      assert_clear_message (error);
      g_assert_nonnull (strstr (error->message, "http://127.0.0.1:"));
      g_assert_nonnull (strstr (error->message, test->fault->message));
    }
  g_free (job.url);
}

static gboolean
on_cancel_due (gpointer data)
{
  pool_cancellation_token_source_cancel (data);
  return G_SOURCE_REMOVE;
}

/* With the default limits, the two forms that do not block the main loop
 * stay cancellable whatever the fault: Canceled within a few seconds of
 * the token firing, the loop iterating all along. */
static void
test_fault_canceled (gconstpointer data)
{
  const FaultTest *test = data;
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  Job job = { lab_slow_server_get_url (server, test->fault->path), { 0 },
              pool_cancellation_token_source_get_token (source) };
  Heartbeat heartbeat = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 start, elapsed_ms;

  g_timeout_add (CANCEL_AFTER_MS, on_cancel_due, source);
  start = g_get_monotonic_time ();
  body = run_form (test->form, &job, &heartbeat, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("%s, %s, canceled: %" G_GINT64_FORMAT " ms, loop gap %" G_GINT64_FORMAT
                  " ms: %s", test->fault->name, form_names[test->form], elapsed_ms,
                  heartbeat.max_gap_us / 1000, error != NULL ? error->message : "body");

  g_assert_cmpint (elapsed_ms, <, CANCEL_AFTER_MS + CANCEL_WITHIN_MS);
  g_assert_cmpint (heartbeat.max_gap_us / 1000, <, MAX_LOOP_GAP_MS);
  if (body == NULL)
    {
      /* Canceled: the token's error; or the fault's own error when it came
       * before the token */
      if (!g_error_matches (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED) &&
          error->domain != POOL_CANCELED_ERROR)
        {
          g_assert_error (error, LAB_DOWNLOAD_ERROR, test->fault->code);
          assert_clear_message (error);
        }
    }
  /* the main loop may still hold the cancel source when the fault ended first */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_free (job.url);
}

/* A name server that takes 10 s to answer for one name: this program's
 * getaddrinfo() comes before the C library's for libcurl's resolver thread
 * (the executable's symbols are looked up first), and passes every other
 * name on. The wait ends early when the test is over. */
#define SLOW_DNS_HOST "slow-dns.tasklab.invalid"
#define SLOW_DNS_MS   10000

static int slow_dns_released;   /* atomic */

int
getaddrinfo (const char             *node,
             const char             *service,
             const struct addrinfo  *hints,
             struct addrinfo       **result)
{
  static int (*next) (const char *, const char *, const struct addrinfo *, struct addrinfo **);

  if (node != NULL && strcmp (node, SLOW_DNS_HOST) == 0)
    {
      gint64 end = g_get_monotonic_time () + SLOW_DNS_MS * 1000;

      while (g_get_monotonic_time () < end && !g_atomic_int_get (&slow_dns_released))
        g_usleep (10000);
      return EAI_NONAME;
    }
  if (next == NULL)
    next = dlsym (RTLD_NEXT, "getaddrinfo");
  return next (node, service, hints, result);
}

/* A name that takes long to resolve: the bounded form returns by its bound
 * (curl's resolver thread is left to finish on its own, not waited for). */
static void
test_slow_dns_bounded (void)
{
  LabDownloadLimits limits = { .timeout_ms = LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 start = g_get_monotonic_time (), elapsed_ms;

  body = lab_download_blocking ("http://" SLOW_DNS_HOST "/image.png", &limits, NULL, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("%" G_GINT64_FORMAT " ms: %s", elapsed_ms, error->message);
  g_assert_null (body);
  g_assert_error (error, LAB_DOWNLOAD_ERROR, LAB_DOWNLOAD_ERROR_TIMED_OUT);
  assert_clear_message (error);
  g_assert_nonnull (strstr (error->message, "Timed out after 3000 ms resolving host " SLOW_DNS_HOST));
  g_assert_cmpint (elapsed_ms, <, LAB_DOWNLOAD_UI_THREAD_TIMEOUT_MS + SLACK_MS);
  g_assert_cmpint (elapsed_ms, <, SLOW_DNS_MS - 1000);
}

/* Cancelling an awaited download while its name resolves: Canceled
 * promptly, and the main loop never waits for the resolver. */
static void
test_slow_dns_async_canceled (void)
{
  g_autoptr(PoolCancellationTokenSource) source = pool_cancellation_token_source_new ();
  Job job = { g_strdup ("http://" SLOW_DNS_HOST "/image.png"), { 0 },
              pool_cancellation_token_source_get_token (source) };
  Heartbeat heartbeat = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 start, elapsed_ms;

  g_timeout_add (CANCEL_AFTER_MS, on_cancel_due, source);
  start = g_get_monotonic_time ();
  body = run_form (FORM_ASYNC, &job, &heartbeat, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("%" G_GINT64_FORMAT " ms, loop gap %" G_GINT64_FORMAT " ms: %s", elapsed_ms,
                  heartbeat.max_gap_us / 1000, error != NULL ? error->message : "body");
  g_assert_null (body);
  g_assert_error (error, POOL_TASK_ERROR, POOL_TASK_ERROR_CANCELED);
  g_assert_cmpint (elapsed_ms, <, CANCEL_AFTER_MS + CANCEL_WITHIN_MS);
  g_assert_cmpint (heartbeat.max_gap_us / 1000, <, MAX_LOOP_GAP_MS);
  g_free (job.url);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  FaultTest *tests = g_new0 (FaultTest, G_N_ELEMENTS (faults) * 3);
  int status;

  g_test_init (&argc, &argv, NULL);
  server = lab_slow_server_new (&error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    for (Form form = FORM_ASYNC; form <= FORM_BOUNDED; form++)
      {
        FaultTest *test = &tests[i * 3 + form];
        g_autofree char *path = g_strdup_printf ("/app/download/faults/%s/%s", form_names[form],
                                                 faults[i].name);

        test->fault = &faults[i];
        test->form = form;
        g_test_add_data_func (path, test, test_fault);
        if (form != FORM_BOUNDED && faults[i].code == LAB_DOWNLOAD_ERROR_TIMED_OUT)
          {
            g_autofree char *cancel_path = g_strdup_printf ("/app/download/faults/%s/%s/canceled",
                                                            form_names[form], faults[i].name);

            g_test_add_data_func (cancel_path, test, test_fault_canceled);
          }
      }

  g_test_add_func ("/app/download/faults/bounded/slow-dns", test_slow_dns_bounded);
  g_test_add_func ("/app/download/faults/async/slow-dns/canceled", test_slow_dns_async_canceled);

  status = g_test_run ();
  /* let resolver threads still waiting end now */
  g_atomic_int_set (&slow_dns_released, 1);
  lab_slow_server_free (server);
  g_free (tests);
  return status;
}
