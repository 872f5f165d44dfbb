/* Attached children: StartNew waits, Task.Run does not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two parent tasks each start two child tasks with
 * TaskCreationOptions.AttachedToParent, then return at once. The parent
 * started with Task.Factory.StartNew accepts the attachment: when its own
 * code is done it waits in the WaitingForChildrenToComplete state and only
 * completes after both children. The parent started with Task.Run refuses
 * it, because Task.Run always adds DenyChildAttach: it completes straight
 * away and its "children" run on as ordinary, detached tasks. The report
 * lists the six tasks in the order they completed.
 */
#include <glib/gi18n.h>
#include <pthread.h>

#include "lab-scenario-run.h"

#define N_TASKS 6

typedef struct
{
  LabScenarioRun *run;
  gint64          start_us;
  pthread_mutex_t lock;             /* pthread, not GMutex: ThreadSanitizer sees it */
  JsonArray      *order;            /* @lock: {"task", "at_ms"}, in completion order */
  guint           n_completed;      /* @lock */
  PoolTask       *start_new_parent;
  PoolTask       *run_parent;
  GPtrArray      *start_new_seen;   /* UI thread: statuses the sampler saw, in order */
  GPtrArray      *run_seen;
  guint           sampler_id;
} Family;

typedef struct
{
  Family     *family;
  const char *name;
} Member;

static void
family_free (Family *family)
{
  g_clear_handle_id (&family->sampler_id, g_source_remove);
  g_clear_pointer (&family->order, json_array_unref);
  g_clear_pointer (&family->start_new_parent, pool_task_unref);
  g_clear_pointer (&family->run_parent, pool_task_unref);
  g_clear_pointer (&family->start_new_seen, g_ptr_array_unref);
  g_clear_pointer (&family->run_seen, g_ptr_array_unref);
  pthread_mutex_destroy (&family->lock);
  g_clear_object (&family->run);
  g_free (family);
}

static Member *
member_new (Family     *family,
            const char *name)
{
  Member *member = g_new0 (Member, 1);

  member->family = family;
  member->name = name;
  return member;
}

static void
note_status (GPtrArray *seen,
             PoolTask  *task)
{
  const char *status = pool_task_status_to_string (pool_task_get_status (task));

  if (seen->len == 0 || g_strcmp0 (g_ptr_array_index (seen, seen->len - 1), status) != 0)
    g_ptr_array_add (seen, (gpointer) status);
}

/* Every 5 ms on the UI thread: the parents' statuses. */
static gboolean
sample_parents (gpointer data)
{
  Family *family = data;

  note_status (family->start_new_seen, family->start_new_parent);
  note_status (family->run_seen, family->run_parent);
  return G_SOURCE_CONTINUE;
}

static JsonNode *
strings_node (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  return json_node_init_array (json_node_alloc (), array);
}

/* On the UI thread, once all six have completed. */
static void
report_order (gpointer   state,
              GError   **error)
{
  Family *family = state;
  LabScenarioRun *run = family->run;
  GString *order = g_string_new (NULL);

  g_clear_handle_id (&family->sampler_id, g_source_remove);
  note_status (family->start_new_seen, family->start_new_parent);
  note_status (family->run_seen, family->run_parent);

  for (guint i = 0; i < json_array_get_length (family->order); i++)
    {
      JsonObject *entry = json_array_get_object_element (family->order, i);

      g_string_append_printf (order, "%s%s", i > 0 ? " → " : "",
                              json_object_get_string_member (entry, "task"));
    }
  lab_scenario_run_set_status (run, "StartNew parent",
                               pool_task_get_status (family->start_new_parent));
  lab_scenario_run_set_status (run, "Task.Run parent", pool_task_get_status (family->run_parent));
  lab_scenario_run_add_detail_node (run, "completion_order",
                                    json_node_init_array (json_node_alloc (), family->order));
  lab_scenario_run_add_detail_node (run, "start_new_parent_statuses_seen",
                                    strings_node (family->start_new_seen));
  lab_scenario_run_add_detail_node (run, "run_parent_statuses_seen",
                                    strings_node (family->run_seen));
  lab_scenario_run_set_summary (run, "Completed in this order: %s", order->str);
  g_string_free (order, TRUE);

  lab_scenario_run_complete (run, NULL, NULL);
  family_free (family);
}

/* Each task's completion, on the thread that completed it. */
static gpointer
note_completion (PoolTask  *task,
                 gpointer   data,
                 GError   **error)
{
  Member *member = data;
  Family *family = member->family;
  JsonObject *entry = json_object_new ();
  gboolean last;

  json_object_set_string_member (entry, "task", member->name);
  json_object_set_double_member (entry, "at_ms",
                                 (g_get_monotonic_time () - family->start_us) / 1000.0);
  pthread_mutex_lock (&family->lock);
  json_array_add_object_element (family->order, entry);
  last = ++family->n_completed == N_TASKS;
  pthread_mutex_unlock (&family->lock);

  if (last)
    pool_main_context_scheduler_post (lab_scenario_run_get_ui_scheduler (family->run),
                                      report_order, family);
  return NULL;
}

static void
note_when_completed (PoolTask   *task,
                     Family     *family,
                     const char *name,
                     const char *csharp_needle)
{
  /* the continuation may run at once and be the last: @family may go */
  g_autoptr(LabScenarioRun) run = g_object_ref (family->run);
  g_autoptr(PoolTask) done = NULL;

  done = pool_task_continue_with_options (task, note_completion, member_new (family, name), g_free,
                                          POOL_TASK_CONTINUATION_EXECUTE_SYNCHRONOUSLY);
  lab_scenario_run_mark_task (run, done, csharp_needle);
}

/* A child's work: a short blur. */
static gpointer
child_blur (gpointer   data,
            GError   **error)
{
  LabImage *blurred = lab_blur_job_run (data);

  g_clear_pointer (&blurred, lab_image_unref);
  return NULL;
}

typedef struct
{
  Family     *family;
  const char *child_names[2];
} Parent;

/* [snippet] */
/* The parent's body: start two children attached to it, and return. */
static gpointer
start_children (gpointer   data,
                GError   **error)
{
  Parent *parent = data;
  LabScenarioRun *run = parent->family->run;
  LabImage *image = lab_scenario_run_get_source (run);

  /* foreach (var n in new[] { 1, 2 }) */
  for (guint i = 0; i < 2; i++)
    {
      LabBlurJob *job = lab_scenario_run_new_blur_job_for_image (run, image, 0.15);
      /* Task.Factory.StartNew(() => Blur(image), None, AttachedToParent, Default) */
      g_autoptr(PoolTask) child =
        pool_task_factory_start_new_full (child_blur, job, (GDestroyNotify) lab_blur_job_free,
                                          NULL, POOL_TASK_CREATION_ATTACHED_TO_PARENT,
                                          pool_scheduler_get_default ());
      lab_scenario_run_mark_task (run, child, "Task.Factory.StartNew(() => Blur(image)");

      /* .ContinueWith(_ => Done($"{parent} child {n}"), sync) */
      note_when_completed (child, parent->family, parent->child_names[i],
                           ".ContinueWith(_ => Done($\"{parent} child {n}\"), sync);");
    }
  return NULL;
}

static void
launch (Family *family,
        Parent *start_new,
        Parent *task_run)
{
  /* var a = Task.Factory.StartNew(..., None, None, Default): accepts attached children */
  family->start_new_parent = pool_task_factory_start_new_full (start_children, start_new, g_free,
                                                               NULL, POOL_TASK_CREATION_NONE,
                                                               pool_scheduler_get_default ());
  /* var b = Task.Run(...): DenyChildAttach, completes without them */
  family->run_parent = pool_task_run (start_children, task_run, g_free);
  lab_scenario_run_mark_task (family->run, family->start_new_parent,
                              "var a = Task.Factory.StartNew(");
  lab_scenario_run_mark_task (family->run, family->run_parent, "var b = Task.Run(");

  note_when_completed (family->start_new_parent, family, "StartNew parent",
                       "a.ContinueWith(_ => Done(\"StartNew parent\"), sync);");
  note_when_completed (family->run_parent, family, "Task.Run parent",
                       "b.ContinueWith(_ => Done(\"Task.Run parent\"), sync);");
}
/* [/snippet] */

static void
start (LabScenarioRun *run)
{
  Family *family = g_new0 (Family, 1);
  Parent *start_new = g_new0 (Parent, 1), *task_run = g_new0 (Parent, 1);

  family->run = g_object_ref (run);
  family->start_us = g_get_monotonic_time ();
  family->order = json_array_new ();
  family->start_new_seen = g_ptr_array_new ();
  family->run_seen = g_ptr_array_new ();
  pthread_mutex_init (&family->lock, NULL);
  *start_new = (Parent) { family, { "StartNew child 1", "StartNew child 2" } };
  *task_run = (Parent) { family, { "Task.Run child 1", "Task.Run child 2" } };

  /* (the report of the order, posted home after the last Done) */
  lab_scenario_run_mark_label (run, NULL, "// Done: notes the order");
  launch (family, start_new, task_run);
  /* what the report shows besides the order: the parents' statuses over time */
  family->sampler_id = g_timeout_add (5, sample_parents, family);
}

const LabScenario LAB_SCENARIO = {
  LAB_SCENARIO_FROM_CATALOGUE,
  .group = LAB_GROUP_TRAPS,
  .title = N_("Attached children: StartNew waits, Task.Run does not"),
  .summary = N_("Two parents each start two children with AttachedToParent. The StartNew parent "
                "waits for them (WaitingForChildrenToComplete) and completes last; the Task.Run "
                "parent has DenyChildAttach, so it completes first and its children run detached. "
                "The report gives the completion order."),
  .csharp =
    "var sync = TaskContinuationOptions.ExecuteSynchronously;\n"
    "void StartChildren(string parent)\n"
    "{\n"
    "    foreach (var n in new[] { 1, 2 })\n"
    "        Task.Factory.StartNew(() => Blur(image), CancellationToken.None,\n"
    "            TaskCreationOptions.AttachedToParent, TaskScheduler.Default)\n"
    "          .ContinueWith(_ => Done($\"{parent} child {n}\"), sync);\n"
    "}\n"
    "\n"
    "// StartNew waits for its attached children; Task.Run denies them.\n"
    "var a = Task.Factory.StartNew(() => StartChildren(\"StartNew\"),\n"
    "    CancellationToken.None, TaskCreationOptions.None,\n"
    "    TaskScheduler.Default);\n"
    "var b = Task.Run(() => StartChildren(\"Task.Run\"));\n"
    "a.ContinueWith(_ => Done(\"StartNew parent\"), sync);  // Done: notes the order\n"
    "b.ContinueWith(_ => Done(\"Task.Run parent\"), sync);\n",
  .expected = { LAB_VERDICT_RESPONSIVE },
  .start = start,
};
