/* lab-queue-view.c — the scheduler queues at one moment of a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per queue, as lab_queue_snapshot_at() gives them: the UI
 * thread's, the global one, then each worker's local one. A row is the
 * queue's name and its items as chips, oldest first ("Task 3", "await");
 * an empty queue says so. When the time moves forward a little, what
 * entered since is marked, and what left stays one step longer, faded,
 * saying where it went: "→ Worker 2", or "stolen by Worker 3" for a steal
 * from a local queue (.NET's work stealing).
 *
 * Compact (presenter mode, where the stage is short), the rows of empty
 * queues are hidden and one line says the others are empty; the height
 * stays that of the most rows shown since the model was set (the rows are
 * drawn at the top), so that a queue filling or emptying is only redrawn.
 *
 * The snapshot is taken once per change of the time or of the model, in an
 * idle (the replay may move the time several times per frame), and a row's
 * chips are rebuilt only when what it shows changed. They are drawn, not
 * made of widgets (lab-queue-view-draw.c): a change of content is redrawn,
 * and only a new row changes the size, unless room was kept for it (a live
 * run keeps room for its first workers' queues).
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-queue-snapshot.h"
#include "lab-queue-view-draw-private.h"
#include "lab-queue-view-private.h"

#define MAX_CHIPS       12     /* per row; then "+N" */
#define MAX_LEAVING     6      /* per row */
#define MAX_STEP_EVENTS 400    /* a longer jump shows no comings and goings */
#define LIVE_REFRESH_MS 250    /* live, a snapshot costs a pass over the instants */

G_DEFINE_FINAL_TYPE (LabQueueView, lab_queue_view, GTK_TYPE_WIDGET)

static char *
entry_key (guint   task_id,
           guint64 item_id)
{
  return task_id != 0 ? g_strdup_printf ("t%u", task_id)
                      : g_strdup_printf ("i%" G_GUINT64_FORMAT, item_id);
}

static char *
entry_text (const LabQueueEntry *entry)
{
  if (entry->task_id != 0)
    return g_strdup_printf (_("Task %u"), entry->task_id);
  if (entry->label != NULL)
    return g_strdup (entry->label);
  return g_strdup_printf (_("Work item %" G_GUINT64_FORMAT), entry->item_id);
}

static void
add_chip (QueueRow   *row,
          const char *text,
          ChipStyle   style)
{
  Chip chip = { g_strdup (text), style, NULL };

  g_array_append_val (row->chips, chip);
}

/* Where the thread that recorded @event is: "Worker 2", "the UI thread". */
static char *
thread_title (LabTraceModel        *model,
              const PoolTraceEvent *event)
{
  const char *name = lab_trace_model_get_thread_name (model, event->thread_serial);

  if (name != NULL)
    return g_strdup (name);
  if (event->role == POOL_THREAD_ROLE_WORKER)
    return g_strdup_printf (_("Worker %d"), event->worker_index + 1);
  return g_strdup (_("a thread"));
}

typedef struct
{
  char *text;
  guint row;
  gboolean stolen;
} Leaving;

static void
leaving_clear (gpointer data)
{
  g_free (((Leaving *) data)->text);
}

/* What left the queues shown at shown_at_us, up to at_us: one step of a
 * replay, not a jump (then nothing). */
static GArray *
collect_leaving (LabQueueView *self,
                 gint64        at_us)
{
  GArray *leaving = g_array_new (FALSE, TRUE, sizeof (Leaving));
  guint n = lab_trace_model_get_n_instants (self->model), seen = 0;

  g_array_set_clear_func (leaving, leaving_clear);
  if (self->shown_at_us == G_MININT64 || at_us <= self->shown_at_us)
    return leaving;
  for (guint i = 0; i < n && seen < MAX_STEP_EVENTS; i++)
    {
      const PoolTraceEvent *event = lab_trace_model_get_instant (self->model, i);
      g_autofree char *key = NULL, *who = NULL, *what = NULL;
      guint row;
      Leaving left;

      if (event->start_us <= self->shown_at_us || event->start_us > at_us)
        continue;
      if (++seen == MAX_STEP_EVENTS)
        {
          g_array_set_size (leaving, 0);
          break;
        }
      if (event->kind != POOL_TRACE_KIND_DEQUEUED && event->kind != POOL_TRACE_KIND_STOLEN)
        continue;
      key = entry_key (event->task_id, event->item_id);
      row = GPOINTER_TO_UINT (g_hash_table_lookup (self->shown, key));
      if (row == 0)
        continue;
      who = thread_title (self->model, event);
      what = event->task_id != 0 ? g_strdup_printf (_("Task %u"), event->task_id)
             : g_strdup (event->label != NULL ? event->label : _("Work item"));
      left.row = row - 1;
      left.stolen = event->kind == POOL_TRACE_KIND_STOLEN;
      /* TRANSLATORS: a task taken from another worker's local queue */
      left.text = left.stolen ? g_strdup_printf (_("%s stolen by %s"), what, who)
                              : g_strdup_printf ("%s → %s", what, who);
      g_array_append_val (leaving, left);
    }
  return leaving;
}

static void
ensure_rows (LabQueueView *self,
             guint         n_rows)
{
  self->dirty = self->dirty || self->rows->len != n_rows;
  if (self->rows->len > n_rows)
    g_array_set_size (self->rows, n_rows);
  while (self->rows->len < n_rows)
    {
      QueueRow row = { NULL, };

      row.title = g_strdup ("");
      row.chips = g_array_new (FALSE, TRUE, sizeof (Chip));
      g_array_set_clear_func (row.chips, lab_queue_view_chip_clear);
      row.placed = g_array_new (FALSE, TRUE, sizeof (PlacedChip));
      g_array_set_clear_func (row.placed, lab_queue_view_placed_chip_clear);
      g_array_append_val (self->rows, row);
    }
  self->peak_rows = MAX (self->peak_rows, n_rows);
}

static void
set_row_title (LabQueueView *self,
               QueueRow     *row,
               const char   *title)
{
  if (g_strcmp0 (row->title, title) == 0)
    return;
  self->dirty = TRUE;
  g_free (row->title);
  row->title = g_strdup (title);
  g_clear_object (&row->title_layout);
}

static void
fill_row (LabQueueView   *self,
          guint           index,
          const LabQueue *queue,
          GArray         *leaving,
          gint64          entered_after_us)
{
  QueueRow *row = &g_array_index (self->rows, QueueRow, index);
  g_autoptr(GString) signature = g_string_new (queue->title);
  guint shown = MIN (queue->entries->len, MAX_CHIPS), n_leaving = 0;

  for (guint i = 0; i < shown; i++)
    {
      const LabQueueEntry *entry = &g_array_index (queue->entries, LabQueueEntry, i);

      g_string_append_printf (signature, "|%u/%" G_GUINT64_FORMAT "%s", entry->task_id,
                              entry->item_id, entry->queued_us > entered_after_us ? "+" : "");
    }
  g_string_append_printf (signature, "|n%u", queue->entries->len);
  for (guint i = 0; i < leaving->len; i++)
    if (g_array_index (leaving, Leaving, i).row == index)
      g_string_append_printf (signature, "|-%s", g_array_index (leaving, Leaving, i).text);
  if (g_strcmp0 (signature->str, row->signature) == 0)
    return;
  g_free (row->signature);
  row->signature = g_string_free (g_steal_pointer (&signature), FALSE);
  self->dirty = TRUE;

  set_row_title (self, row, queue->title);
  g_array_set_size (row->chips, 0);
  row->n_entries = queue->entries->len;
  for (guint i = 0; i < shown; i++)
    {
      const LabQueueEntry *entry = &g_array_index (queue->entries, LabQueueEntry, i);
      g_autofree char *text = entry_text (entry);

      add_chip (row, text, entry->queued_us > entered_after_us ? CHIP_ENTERING
                           : entry->task_id != 0 ? CHIP_TASK : CHIP_ITEM);
    }
  if (queue->entries->len > shown)
    {
      g_autofree char *more = g_strdup_printf (_("+%u more"), queue->entries->len - shown);

      add_chip (row, more, CHIP_MORE);
    }
  for (guint i = 0; i < leaving->len && n_leaving < MAX_LEAVING; i++)
    {
      const Leaving *left = &g_array_index (leaving, Leaving, i);

      if (left->row != index)
        continue;
      add_chip (row, left->text, left->stolen ? CHIP_STOLEN : CHIP_LEAVING);
      n_leaving++;
    }
  row->empty = queue->entries->len == 0 && n_leaving == 0;
  if (row->empty)
    add_chip (row, _("empty"), CHIP_EMPTY);
}

/* Compact, only the rows of queues that hold something, and a line for
 * the others. */
static void
show_rows (LabQueueView *self)
{
  const char *summary;
  guint n_empty = 0;

  for (guint i = 0; i < self->rows->len; i++)
    n_empty += g_array_index (self->rows, QueueRow, i).empty;
  self->peak_shown = MAX (self->peak_shown, self->rows->len - n_empty);
  summary = !self->compact || n_empty == 0 ? NULL
            : n_empty == self->rows->len ? _("Every queue is empty")
            : _("The other queues are empty");
  self->dirty = self->dirty || summary != self->summary;
  self->summary = summary;
  lab_queue_view_update_size (self);
}

/* What the rows say, for accessibility (the text is drawn, not in labels). */
static void
describe (LabQueueView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint r = 0; r < self->rows->len; r++)
    {
      const QueueRow *row = &g_array_index (self->rows, QueueRow, r);

      if (r > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s: ", row->title);
      for (guint i = 0; i < row->chips->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                                g_array_index (row->chips, Chip, i).text);
    }
  if (g_strcmp0 (text->str, self->description) == 0)
    return;
  g_free (self->description);
  self->description = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
}

/* Before the first snapshot of a model: the queues every run has (the UI
 * thread's, the global one), so that the first refresh of a live run adds
 * no row; the size starts over. */
static void
reserve_rows (LabQueueView *self)
{
  const char *titles[] = { _("UI thread's queue"), _("Global queue") };
  guint n = self->model != NULL ? G_N_ELEMENTS (titles) : 0;

  self->peak_rows = 0;
  self->peak_shown = 0;
  ensure_rows (self, n);
  for (guint r = 0; r < n; r++)
    {
      QueueRow *row = &g_array_index (self->rows, QueueRow, r);

      set_row_title (self, row, titles[r]);
      g_clear_pointer (&row->signature, g_free);
      g_array_set_size (row->chips, 0);
      row->n_entries = 0;
      row->empty = TRUE;
      self->dirty = TRUE;
      add_chip (row, _("empty"), CHIP_EMPTY);
    }
  show_rows (self);
  describe (self);
}

/* The latest moment of the run so far: its last span's end or last instant. */
static gint64
latest (LabTraceModel *model)
{
  guint n = lab_trace_model_get_n_instants (model);
  gint64 end = lab_trace_model_get_end (model);

  return n > 0 ? MAX (end, lab_trace_model_get_instant (model, n - 1)->start_us) : end;
}

static void
refresh (LabQueueView *self)
{
  g_autoptr(GPtrArray) queues = NULL;
  g_autoptr(GArray) leaving = NULL;
  gint64 at_us, entered_after_us;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->model == NULL)
    {
      ensure_rows (self, 0);
      g_hash_table_remove_all (self->shown);
      self->shown_at_us = G_MININT64;
      show_rows (self);
      describe (self);
      return;
    }
  at_us = self->at_us != G_MININT64 ? self->at_us : latest (self->model);
  queues = lab_queue_snapshot_at (self->model, at_us);
  leaving = collect_leaving (self, at_us);
  entered_after_us = leaving != NULL && self->shown_at_us != G_MININT64 && at_us > self->shown_at_us
                     ? self->shown_at_us : G_MAXINT64;
  ensure_rows (self, queues->len);
  g_hash_table_remove_all (self->shown);
  for (guint q = 0; q < queues->len; q++)
    {
      const LabQueue *queue = g_ptr_array_index (queues, q);

      fill_row (self, q, queue, leaving, entered_after_us);
      for (guint i = 0; i < queue->entries->len; i++)
        {
          const LabQueueEntry *entry = &g_array_index (queue->entries, LabQueueEntry, i);

          g_hash_table_insert (self->shown, entry_key (entry->task_id, entry->item_id),
                               GUINT_TO_POINTER (q + 1));
        }
    }
  self->shown_at_us = at_us;
  self->shown_instants = lab_trace_model_get_n_instants (self->model);
  show_rows (self);
  describe (self);
}

static gboolean
refresh_cb (gpointer data)
{
  LabQueueView *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (LabQueueView *self,
               guint         delay_ms)
{
  if (self->refresh_id != 0)
    return;
  self->refresh_id = delay_ms == 0 ? g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL)
                                   : g_timeout_add (delay_ms, refresh_cb, self);
}

static void
on_items_changed (LabTraceModel *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  LabQueueView  *self)
{
  guint n = lab_trace_model_get_n_instants (model);

  if (self->at_us == G_MININT64)
    {
      queue_refresh (self, LIVE_REFRESH_MS);
      return;
    }
  /* a moment in the past changes only with late events at or before it */
  for (guint i = self->shown_instants; i < n; i++)
    if (lab_trace_model_get_instant (model, i)->start_us <= self->at_us)
      {
        queue_refresh (self, 0);
        return;
      }
  self->shown_instants = n;
}

static void
lab_queue_view_dispose (GObject *object)
{
  LabQueueView *self = LAB_QUEUE_VIEW (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  G_OBJECT_CLASS (lab_queue_view_parent_class)->dispose (object);
}

static void
lab_queue_view_finalize (GObject *object)
{
  LabQueueView *self = LAB_QUEUE_VIEW (object);

  g_array_unref (self->rows);
  g_hash_table_unref (self->shown);
  g_free (self->description);
  g_clear_object (&self->summary_layout);
  g_hash_table_unref (self->chip_layouts);
  g_clear_pointer (&self->font, pango_font_description_free);

  G_OBJECT_CLASS (lab_queue_view_parent_class)->finalize (object);
}

static void
lab_queue_view_class_init (LabQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_queue_view_dispose;
  object_class->finalize = lab_queue_view_finalize;
  lab_queue_view_class_init_draw (widget_class);
  gtk_widget_class_set_css_name (widget_class, "queueview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
lab_queue_view_init (LabQueueView *self)
{
  self->at_us = G_MININT64;
  self->shown_at_us = G_MININT64;
  self->rows = g_array_new (FALSE, TRUE, sizeof (QueueRow));
  g_array_set_clear_func (self->rows, lab_queue_view_row_clear);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->chip_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What waits in each queue"), -1);
}

GtkWidget *
lab_queue_view_new (void)
{
  return g_object_new (LAB_TYPE_QUEUE_VIEW, NULL);
}

/**
 * lab_queue_view_set_model:
 * @model: (nullable): the run's trace model (with instants)
 *
 * Shows @model's queues at the time set with lab_queue_view_set_time().
 */
void
lab_queue_view_set_model (LabQueueView  *self,
                          LabTraceModel *model)
{
  g_return_if_fail (LAB_IS_QUEUE_VIEW (self));
  g_return_if_fail (model == NULL || LAB_IS_TRACE_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
  self->shown_at_us = G_MININT64;
  g_hash_table_remove_all (self->shown);
  reserve_rows (self);
  queue_refresh (self, 0);
}

LabTraceModel *
lab_queue_view_get_model (LabQueueView *self)
{
  g_return_val_if_fail (LAB_IS_QUEUE_VIEW (self), NULL);

  return self->model;
}

/**
 * lab_queue_view_set_time:
 * @at_us: a moment of the run (g_get_monotonic_time() clock), or
 *   %G_MININT64 for the latest one (live)
 *
 * The rows follow in an idle, once however often this is called meanwhile.
 */
void
lab_queue_view_set_time (LabQueueView *self,
                         gint64        at_us)
{
  g_return_if_fail (LAB_IS_QUEUE_VIEW (self));

  if (self->at_us == at_us)
    return;
  self->at_us = at_us;
  queue_refresh (self, 0);
}

gint64
lab_queue_view_get_time (LabQueueView *self)
{
  g_return_val_if_fail (LAB_IS_QUEUE_VIEW (self), G_MININT64);

  return self->at_us;
}

/**
 * lab_queue_view_set_compact:
 * @compact: whether to show only the queues that hold something
 *
 * Compact, the rows of empty queues are hidden and one line says that the
 * other queues are empty: for a short stage (presenter mode).
 */
void
lab_queue_view_set_compact (LabQueueView *self,
                            gboolean      compact)
{
  g_return_if_fail (LAB_IS_QUEUE_VIEW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  self->dirty = TRUE;
  show_rows (self);
}

gboolean
lab_queue_view_get_compact (LabQueueView *self)
{
  g_return_val_if_fail (LAB_IS_QUEUE_VIEW (self), FALSE);

  return self->compact;
}

/**
 * lab_queue_view_set_reserved_workers:
 * @n_workers: the pool's workers, or 0
 *
 * Makes room beforehand for @n_workers local queues (below the UI thread's
 * and the global one), so that the row of a worker's queue, which appears
 * when the worker is first seen, is drawn in the room kept for it instead
 * of resizing the view: on X11 a resize lays out the whole window again,
 * waiting for the X server, in the middle of a live run. Compact, the room
 * is for the first queue that fills (the stage is short). The size never
 * gets smaller than the rows shown since the model was set; 0 (the default)
 * keeps no room.
 */
void
lab_queue_view_set_reserved_workers (LabQueueView *self,
                                     guint         n_workers)
{
  g_return_if_fail (LAB_IS_QUEUE_VIEW (self));

  if (self->reserved_workers == n_workers)
    return;
  self->reserved_workers = n_workers;
  lab_queue_view_update_size (self);
}

guint
lab_queue_view_get_reserved_workers (LabQueueView *self)
{
  g_return_val_if_fail (LAB_IS_QUEUE_VIEW (self), 0);

  return self->reserved_workers;
}

/* ---- for tests ------------------------------------------------------------ */

/* The line for the empty queues when compact, or NULL when it is hidden. */
const char *
lab_queue_view_get_summary (LabQueueView *self)
{
  lab_queue_view_flush (self);
  return self->summary;
}

/* Whether @row is shown (compact, the rows of empty queues are not). */
gboolean
lab_queue_view_get_row_visible (LabQueueView *self,
                                guint         row)
{
  lab_queue_view_flush (self);
  g_return_val_if_fail (row < self->rows->len, FALSE);

  return lab_queue_view_row_is_shown (self, row);
}

/* Shows what is pending now rather than in an idle. */
void
lab_queue_view_flush (LabQueueView *self)
{
  if (self->refresh_id != 0)
    refresh (self);
}

guint
lab_queue_view_get_n_rows (LabQueueView *self)
{
  lab_queue_view_flush (self);
  return self->rows->len;
}

const char *
lab_queue_view_get_row_title (LabQueueView *self,
                              guint         row)
{
  lab_queue_view_flush (self);
  g_return_val_if_fail (row < self->rows->len, NULL);

  return g_array_index (self->rows, QueueRow, row).title;
}

/* The chips of @row, as "text" or "text [style]" for a chip with a style
 * other than task/item, in order; free with g_strfreev(). These are the
 * row's chips whatever the width: drawn, those that do not fit on the line
 * are counted in a "+N more". */
GStrv
lab_queue_view_dup_row_chips (LabQueueView *self,
                              guint         row)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  static const char * const styles[] = {
    [CHIP_TASK] = NULL, [CHIP_ITEM] = NULL, [CHIP_ENTERING] = "entering", [CHIP_MORE] = "more",
    [CHIP_LEAVING] = "leaving", [CHIP_STOLEN] = "stolen", [CHIP_EMPTY] = "empty",
  };
  GArray *chips;

  lab_queue_view_flush (self);
  g_return_val_if_fail (row < self->rows->len, NULL);
  chips = g_array_index (self->rows, QueueRow, row).chips;
  for (guint i = 0; i < chips->len; i++)
    {
      const Chip *chip = &g_array_index (chips, Chip, i);

      if (styles[chip->style] != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%s [%s]", chip->text, styles[chip->style]);

          g_strv_builder_add (builder, text);
        }
      else
        g_strv_builder_add (builder, chip->text);
    }
  return g_strv_builder_end (builder);
}
