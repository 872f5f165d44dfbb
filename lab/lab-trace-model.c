/* lab-trace-model.c — see lab-trace-model.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run monitor appends the pool's trace events as they are recorded; the
 * model works each one out once: its lane (one per thread, named once and
 * for good), whether it is a region inside a task on the same thread, and
 * the hand-off links to the UI thread. Nothing is recomputed for events
 * already seen, except that a task arriving claims the regions recorded
 * inside it just before (a thread records a region's end before its task's
 * end), which ::items-changed reports as a change from the first of them.
 *
 * Signals, as GListModel's: ::items-changed (position, removed, added) over
 * the items (the links follow the items), and ::lanes-changed when a lane
 * appears or the rows move.
 *
 * The hand-off heuristic: a continuation on the UI scheduler enters the
 * scheduler's queue (queued_us, posted with g_idle_add) right after the
 * task it continues ends, on that task's thread. So for each task on the UI
 * lane that came from a queue, the source is the task, work item or I/O on
 * another lane whose end is closest before queued_us, between 5 ms before
 * and 0.5 ms after it (two threads read the clock at slightly different
 * moments). No such completion, no link: a UI task queued by the UI thread
 * itself gets none. A posted callback on the UI lane (the code after an
 * await, which is no task) carries no queue time: its start stands for it,
 * so it is linked only when the UI thread took it up at once. That guess
 * is only for traces without instants (version-1 run files): with them,
 * lab-trace-hand-offs.c draws each link from the queue and link instants.
 *
 * Instants (queued, status, waits, links…) are kept apart from the items,
 * in position order: every reader of the items sees spans only.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-trace-model-private.h"

#define MAX_ITEMS          200000      /* beyond this, items are counted, not kept */
#define MAX_INSTANTS       (2 * MAX_ITEMS)   /* beyond this, instants are not kept */
#define LINK_BEFORE_US     (5 * 1000)
#define LINK_AFTER_US      500

typedef struct
{
  gint64 end_us;
  guint  item;
} Completion;

typedef struct
{
  guint from_task_id;
  guint to_task_id;
} TaskLink;

struct _LabTraceModel
{
  GObject      parent_instance;

  gint64       origin_us;
  gint64       end_us;
  gint64       work_start_us;  /* 0: not known (no baseline) */
  gboolean     guess_hand_offs;

  GArray      *items;          /* LabTraceItem, in trace order */
  guint        n_dropped;
  GArray      *lanes;          /* LabTraceLane, in order of appearance */
  GPtrArray   *lane_items;     /* per lane: GArray of guint item indices */
  guint        ui_lane;        /* G_MAXUINT until there is one */
  guint        io_lane;
  GHashTable  *worker_lanes;   /* worker index + 1 → lane + 1 */
  GHashTable  *thread_lanes;   /* thread serial → lane + 1 (dedicated, other) */
  guint        n_dedicated;
  guint        n_other;

  GArray      *completions;    /* Completion, by end time: hand-off sources */
  GHashTable  *task_items;     /* task id → item + 1 */
  GArray      *task_links;     /* TaskLink, not yet resolved */
  GArray      *links;          /* LabTraceLink */

  GArray      *instants;       /* PoolTraceEvent, the instants in position order */
  gboolean     has_instants;   /* then hand-offs are exact, not guessed */
  LabTraceHandOffs *hand_offs;
};

G_DEFINE_FINAL_TYPE (LabTraceModel, lab_trace_model, G_TYPE_OBJECT)

enum {
  ITEMS_CHANGED,
  LANES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lane_clear (gpointer data)
{
  g_clear_pointer (&((LabTraceLane *) data)->title, g_free);
}

static void
lab_trace_model_finalize (GObject *object)
{
  LabTraceModel *self = LAB_TRACE_MODEL (object);

  g_array_unref (self->items);
  g_array_unref (self->lanes);
  g_ptr_array_unref (self->lane_items);
  g_hash_table_unref (self->worker_lanes);
  g_hash_table_unref (self->thread_lanes);
  g_array_unref (self->completions);
  g_hash_table_unref (self->task_items);
  g_array_unref (self->task_links);
  g_array_unref (self->links);
  g_array_unref (self->instants);
  _lab_trace_hand_offs_free (self->hand_offs);

  G_OBJECT_CLASS (lab_trace_model_parent_class)->finalize (object);
}

static void
lab_trace_model_class_init (LabTraceModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_trace_model_finalize;

  /**
   * LabTraceModel::items-changed:
   * @position: the first item that changed
   * @removed: items removed from there
   * @added: items added there
   */
  signals[ITEMS_CHANGED] =
    g_signal_new ("items-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  /* a lane appeared (and rows may have moved) */
  signals[LANES_CHANGED] =
    g_signal_new ("lanes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lab_trace_model_init (LabTraceModel *self)
{
  self->items = g_array_new (FALSE, FALSE, sizeof (LabTraceItem));
  self->lanes = g_array_new (FALSE, TRUE, sizeof (LabTraceLane));
  g_array_set_clear_func (self->lanes, lane_clear);
  self->lane_items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->ui_lane = G_MAXUINT;
  self->io_lane = G_MAXUINT;
  self->worker_lanes = g_hash_table_new (NULL, NULL);
  self->thread_lanes = g_hash_table_new (NULL, NULL);
  self->completions = g_array_new (FALSE, FALSE, sizeof (Completion));
  self->task_items = g_hash_table_new (NULL, NULL);
  self->task_links = g_array_new (FALSE, FALSE, sizeof (TaskLink));
  self->links = g_array_new (FALSE, FALSE, sizeof (LabTraceLink));
  self->guess_hand_offs = TRUE;
  self->instants = g_array_new (FALSE, FALSE, sizeof (PoolTraceEvent));
  self->hand_offs = _lab_trace_hand_offs_new ();
}

/* ---- lanes ---------------------------------------------------------------- */

static int
lane_compare (gconstpointer a,
              gconstpointer b)
{
  const LabTraceLane *la = *(const LabTraceLane * const *) a;
  const LabTraceLane *lb = *(const LabTraceLane * const *) b;

  if (la->kind != lb->kind)
    return la->kind < lb->kind ? -1 : 1;
  return la->sort_key < lb->sort_key ? -1 : la->sort_key > lb->sort_key;
}

static void
assign_rows (LabTraceModel *self)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (self->lanes->len);

  for (guint i = 0; i < self->lanes->len; i++)
    g_ptr_array_add (sorted, &g_array_index (self->lanes, LabTraceLane, i));
  g_ptr_array_sort (sorted, lane_compare);
  for (guint row = 0; row < sorted->len; row++)
    ((LabTraceLane *) g_ptr_array_index (sorted, row))->row = row;
}

static guint
add_lane (LabTraceModel *self,
          LabLaneKind    kind,
          guint          thread_serial,
          guint          sort_key,
          char          *title)
{
  LabTraceLane lane = { kind, thread_serial, title, 0, sort_key };

  g_array_append_val (self->lanes, lane);
  g_ptr_array_add (self->lane_items, g_array_new (FALSE, FALSE, sizeof (guint)));
  assign_rows (self);
  g_signal_emit (self, signals[LANES_CHANGED], 0);
  return self->lanes->len - 1;
}

static guint
ensure_ui_lane (LabTraceModel *self,
                guint          thread_serial)
{
  if (self->ui_lane == G_MAXUINT)
    self->ui_lane = add_lane (self, LAB_LANE_UI, thread_serial, 0, g_strdup ("UI thread"));
  return self->ui_lane;
}

/* The lane @event belongs to, added (and named, for good) if it is new. */
static guint
lane_for_event (LabTraceModel        *self,
                const PoolTraceEvent *event)
{
  gpointer found;
  guint lane;

  if (event->kind == POOL_TRACE_KIND_IO)
    {
      if (self->io_lane == G_MAXUINT)
        {
          ensure_ui_lane (self, 0);
          self->io_lane = add_lane (self, LAB_LANE_IO, 0, 0, g_strdup ("I/O (no thread)"));
        }
      return self->io_lane;
    }

  switch (event->role)
    {
    case POOL_THREAD_ROLE_UI:
      lane = ensure_ui_lane (self, event->thread_serial);
      /* a lane made before the UI thread recorded anything learns its serial now */
      if (g_array_index (self->lanes, LabTraceLane, lane).thread_serial == 0)
        g_array_index (self->lanes, LabTraceLane, lane).thread_serial = event->thread_serial;
      return lane;

    case POOL_THREAD_ROLE_WORKER:
      {
        guint index = (guint) MAX (event->worker_index, 0);

        found = g_hash_table_lookup (self->worker_lanes, GUINT_TO_POINTER (index + 1));
        if (found != NULL)
          return GPOINTER_TO_UINT (found) - 1;
        ensure_ui_lane (self, 0);
        lane = add_lane (self, LAB_LANE_WORKER, event->thread_serial, index,
                         g_strdup_printf ("Worker %u", index + 1));
        g_hash_table_insert (self->worker_lanes, GUINT_TO_POINTER (index + 1),
                             GUINT_TO_POINTER (lane + 1));
        return lane;
      }

    case POOL_THREAD_ROLE_DEDICATED:
    case POOL_THREAD_ROLE_OTHER:
    default:
      found = g_hash_table_lookup (self->thread_lanes, GUINT_TO_POINTER (event->thread_serial));
      if (found != NULL)
        return GPOINTER_TO_UINT (found) - 1;
      ensure_ui_lane (self, 0);
      if (event->role == POOL_THREAD_ROLE_DEDICATED)
        {
          self->n_dedicated++;
          lane = add_lane (self, LAB_LANE_DEDICATED, event->thread_serial, self->n_dedicated,
                           g_strdup_printf ("Dedicated %u", self->n_dedicated));
        }
      else
        {
          self->n_other++;
          lane = add_lane (self, LAB_LANE_OTHER, event->thread_serial, self->n_other,
                           g_strdup_printf ("Thread %u", self->n_other));
        }
      g_hash_table_insert (self->thread_lanes, GUINT_TO_POINTER (event->thread_serial),
                           GUINT_TO_POINTER (lane + 1));
      return lane;
    }
}

/* ---- items ---------------------------------------------------------------- */

static LabTraceItem *
item_at (LabTraceModel *self,
         guint          index)
{
  return &g_array_index (self->items, LabTraceItem, index);
}

/* A task or item just arrived: the regions recorded inside it on its thread
 * (they ended before it did) become its own. Returns the first index that
 * changed, or G_MAXUINT. */
static guint
claim_regions (LabTraceModel *self,
               guint          index)
{
  LabTraceItem *outer = item_at (self, index);
  GArray *on_lane = g_ptr_array_index (self->lane_items, outer->lane);
  guint first_changed = G_MAXUINT;
  gint64 first_start = G_MAXINT64;

  /* the lane's items before this one, newest first; one thread's items end
   * in order, so the scan stops at the first that ended before it began */
  for (guint k = on_lane->len - 1; k-- > 0;)
    {
      guint i = g_array_index (on_lane, guint, k);
      LabTraceItem *inner = item_at (self, i);

      if (inner->event.end_us < outer->event.start_us)
        break;
      if (inner->event.kind != POOL_TRACE_KIND_REGION || inner->container != G_MAXUINT ||
          inner->event.start_us < outer->event.start_us || inner->event.end_us > outer->event.end_us)
        continue;
      inner->container = index;
      first_changed = MIN (first_changed, i);
      if (inner->event.start_us < first_start)
        {
          first_start = inner->event.start_us;
          outer->region = inner->event.label;
        }
    }
  return first_changed;
}

static void
add_completion (LabTraceModel *self,
                guint          index)
{
  Completion completion = { item_at (self, index)->event.end_us, index };
  guint at = self->completions->len;

  while (at > 0 && g_array_index (self->completions, Completion, at - 1).end_us > completion.end_us)
    at--;
  g_array_insert_val (self->completions, at, completion);
}

static void
add_link (LabTraceModel    *self,
          LabTraceLinkKind  kind,
          guint             from_item,
          guint             to_item)
{
  LabTraceLink link = { kind, from_item, to_item };

  g_array_append_val (self->links, link);
}

/* See the top of this file. */
static void
guess_hand_off (LabTraceModel *self,
                guint          index)
{
  const PoolTraceEvent *target = &item_at (self, index)->event;
  /* a task knows when it was queued; a posted callback (the code after an
   * await, which is no task) is dated by its start, which on an idle UI
   * thread follows its post at once */
  gint64 queued_us = target->kind == POOL_TRACE_KIND_WORK_ITEM && target->queued_us <= 0
                     ? target->start_us : target->queued_us;
  gint64 latest = queued_us + LINK_AFTER_US;
  guint low = 0, high = self->completions->len;
  const Completion *best;

  if (target->kind == POOL_TRACE_KIND_REGION || target->kind == POOL_TRACE_KIND_IO ||
      queued_us <= 0 || target->inlined)
    return;
  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (g_array_index (self->completions, Completion, mid).end_us <= latest)
        low = mid + 1;
      else
        high = mid;
    }
  if (low == 0)
    return;
  best = &g_array_index (self->completions, Completion, low - 1);
  if (best->end_us >= queued_us - LINK_BEFORE_US)
    add_link (self, LAB_TRACE_LINK_HAND_OFF, best->item, index);
}

static void
resolve_task_links (LabTraceModel *self)
{
  for (guint i = 0; i < self->task_links->len;)
    {
      const TaskLink *pending = &g_array_index (self->task_links, TaskLink, i);
      gpointer from = g_hash_table_lookup (self->task_items, GUINT_TO_POINTER (pending->from_task_id));
      gpointer to = g_hash_table_lookup (self->task_items, GUINT_TO_POINTER (pending->to_task_id));

      if (from == NULL || to == NULL)
        {
          i++;
          continue;
        }
      add_link (self, LAB_TRACE_LINK_TASK, GPOINTER_TO_UINT (from) - 1, GPOINTER_TO_UINT (to) - 1);
      g_array_remove_index (self->task_links, i);
    }
}

/* Takes one span event (task, work item, region, I/O) into the model;
 * returns the first index that changed. */
static guint
add_item (LabTraceModel        *self,
          const PoolTraceEvent *event)
{
  LabTraceItem item = { *event, 0, G_MAXUINT, NULL };
  guint index = self->items->len, first_changed = index;

  item.lane = lane_for_event (self, event);
  g_array_append_val (self->items, item);
  g_array_append_val (g_ptr_array_index (self->lane_items, item.lane), index);
  self->end_us = MAX (self->end_us, event->end_us);

  switch (event->kind)
    {
    case POOL_TRACE_KIND_TASK:
      g_hash_table_insert (self->task_items, GUINT_TO_POINTER (event->task_id),
                           GUINT_TO_POINTER (index + 1));
      G_GNUC_FALLTHROUGH;
    case POOL_TRACE_KIND_WORK_ITEM:
      {
        guint claimed_from = claim_regions (self, index);

        first_changed = MIN (first_changed, claimed_from);
      }
      if (item.lane == self->ui_lane)
        {
          if (self->has_instants)
            _lab_trace_hand_offs_note_target (self->hand_offs, self, index);
          else if (self->guess_hand_offs)
            guess_hand_off (self, index);
        }
      else
        add_completion (self, index);
      break;
    case POOL_TRACE_KIND_IO:
      add_completion (self, index);
      break;
    case POOL_TRACE_KIND_REGION:
    default:
      break;
    }
  return first_changed;
}

static gboolean
is_span (const PoolTraceEvent *event)
{
  switch (event->kind)
    {
    case POOL_TRACE_KIND_TASK:
    case POOL_TRACE_KIND_WORK_ITEM:
    case POOL_TRACE_KIND_REGION:
    case POOL_TRACE_KIND_IO:
      return TRUE;
    default:
      return FALSE;
    }
}

/* ---- public --------------------------------------------------------------- */

/**
 * lab_trace_model_new:
 * @origin_us: the run's start (time 0), g_get_monotonic_time()
 * @ui_thread_serial: the UI thread's serial, to give it a lane from the
 *   start (an empty UI lane is what a responsive run looks like), or 0
 */
LabTraceModel *
lab_trace_model_new (gint64 origin_us,
                     guint  ui_thread_serial)
{
  LabTraceModel *self = g_object_new (LAB_TYPE_TRACE_MODEL, NULL);

  self->origin_us = origin_us;
  self->end_us = origin_us;
  if (ui_thread_serial != 0)
    ensure_ui_lane (self, ui_thread_serial);
  return self;
}

/**
 * lab_trace_model_append:
 * @events: (array length=n_events): the next events of the trace, oldest first
 *
 * Takes events as the run records them: spans become items, instants are
 * kept apart (lab_trace_model_get_instant()). New instants alone, or new
 * links, emit ::items-changed with nothing added, for views that read them.
 */
void
lab_trace_model_append (LabTraceModel        *self,
                        const PoolTraceEvent *events,
                        guint                 n_events)
{
  guint old_n = self->items->len, first_changed = G_MAXUINT, changed;
  gboolean nudge = FALSE;

  g_return_if_fail (LAB_IS_TRACE_MODEL (self));
  g_return_if_fail (events != NULL || n_events == 0);

  /* before any span: a trace with instants links exactly from the first */
  for (guint i = 0; i < n_events && !self->has_instants; i++)
    self->has_instants = !is_span (&events[i]);
  for (guint i = 0; i < n_events; i++)
    {
      if (!is_span (&events[i]))
        {
          if (self->instants->len >= MAX_INSTANTS)
            continue;
          g_array_append_val (self->instants, events[i]);
          _lab_trace_hand_offs_note_instant (self->hand_offs, &events[i]);
          nudge = TRUE;
          continue;
        }
      if (self->items->len >= MAX_ITEMS)
        {
          self->n_dropped++;
          continue;
        }
      changed = add_item (self, &events[i]);
      first_changed = MIN (first_changed, changed);
    }
  if (self->task_links->len > 0)
    resolve_task_links (self);
  if (self->has_instants && _lab_trace_hand_offs_resolve (self->hand_offs, self))
    nudge = TRUE;
  if (first_changed == G_MAXUINT && nudge)
    first_changed = old_n;
  if (first_changed != G_MAXUINT)
    g_signal_emit (self, signals[ITEMS_CHANGED], 0, first_changed, old_n - first_changed,
                   self->items->len - first_changed);
}

/**
 * lab_trace_model_add_task_link:
 * @from_task_id: the task whose end hands a result over
 * @to_task_id: the task that receives it
 *
 * An exact link, drawn once both tasks are in the model.
 */
void
lab_trace_model_add_task_link (LabTraceModel *self,
                               guint          from_task_id,
                               guint          to_task_id)
{
  TaskLink link = { from_task_id, to_task_id };

  g_return_if_fail (LAB_IS_TRACE_MODEL (self));

  g_array_append_val (self->task_links, link);
  resolve_task_links (self);
  g_signal_emit (self, signals[ITEMS_CHANGED], 0, self->items->len, 0, 0);
}

/* Whether to guess hand-offs to the UI thread (on by default); set it before
 * appending events. */
void
lab_trace_model_set_guess_hand_offs (LabTraceModel *self,
                                     gboolean       guess)
{
  g_return_if_fail (LAB_IS_TRACE_MODEL (self));

  self->guess_hand_offs = !!guess;
}

gint64
lab_trace_model_get_origin (LabTraceModel *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0);

  return self->origin_us;
}

/**
 * lab_trace_model_set_work_start:
 * @at_us: when the scenario's work started: from the origin up to it, the
 *   run watched its idle UI thread (the baseline, LAB_BASELINE_MS)
 */
void
lab_trace_model_set_work_start (LabTraceModel *self,
                                gint64         at_us)
{
  g_return_if_fail (LAB_IS_TRACE_MODEL (self));
  g_return_if_fail (at_us >= self->origin_us);

  self->work_start_us = at_us;
  g_signal_emit (self, signals[ITEMS_CHANGED], 0, self->items->len, 0, 0);
}

/* When the scenario's work started, or 0 when not known. */
gint64
lab_trace_model_get_work_start (LabTraceModel *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0);

  return self->work_start_us;
}

/* The end of the last span so far (the origin when there is none). */
gint64
lab_trace_model_get_end (LabTraceModel *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0);

  return self->end_us;
}

guint
lab_trace_model_get_n_items (LabTraceModel *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0);

  return self->items->len;
}

const LabTraceItem *
lab_trace_model_get_item (LabTraceModel *self,
                          guint          index)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return item_at (self, index);
}

/* Spans past the model's bound (a very long trace), counted only. */
guint
lab_trace_model_get_n_dropped (LabTraceModel *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0);

  return self->n_dropped;
}

/* The instants (queued, dequeued, stolen, status, waits, links) appended
 * so far, in position order; none for a version-1 run file. At most
 * MAX_INSTANTS are kept. */
guint
lab_trace_model_get_n_instants (LabTraceModel *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0);

  return self->instants->len;
}

const PoolTraceEvent *
lab_trace_model_get_instant (LabTraceModel *self,
                             guint          index)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->instants->len, NULL);

  return &g_array_index (self->instants, PoolTraceEvent, index);
}

guint
lab_trace_model_get_n_lanes (LabTraceModel *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0);

  return self->lanes->len;
}

const LabTraceLane *
lab_trace_model_get_lane (LabTraceModel *self,
                          guint          index)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->lanes->len, NULL);

  return &g_array_index (self->lanes, LabTraceLane, index);
}

const LabTraceLane *
lab_trace_model_get_lane_at_row (LabTraceModel *self,
                                 guint          row)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), NULL);

  for (guint i = 0; i < self->lanes->len; i++)
    if (g_array_index (self->lanes, LabTraceLane, i).row == row)
      return &g_array_index (self->lanes, LabTraceLane, i);
  return NULL;
}

/**
 * lab_trace_model_get_thread_name:
 * @thread_serial: a thread's serial in the trace
 *
 * Returns: (nullable): the name its lane has, or %NULL for a thread that
 *   recorded nothing yet
 */
const char *
lab_trace_model_get_thread_name (LabTraceModel *self,
                                 guint          thread_serial)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), NULL);

  for (guint i = 0; i < self->lanes->len; i++)
    {
      const LabTraceLane *lane = &g_array_index (self->lanes, LabTraceLane, i);

      if (lane->kind != LAB_LANE_IO && lane->thread_serial == thread_serial)
        return lane->title;
    }
  return NULL;
}

guint
lab_trace_model_get_n_links (LabTraceModel *self)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), 0);

  return self->links->len;
}

const LabTraceLink *
lab_trace_model_get_link (LabTraceModel *self,
                          guint          index)
{
  g_return_val_if_fail (LAB_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->links->len, NULL);

  return &g_array_index (self->links, LabTraceLink, index);
}

/* ---- for lab-trace-hand-offs.c ----------------------------------------- */

guint
_lab_trace_model_get_ui_lane (LabTraceModel *self)
{
  return self->ui_lane;
}

/* The item of @task_id's TASK span, or G_MAXUINT. */
guint
_lab_trace_model_get_task_item (LabTraceModel *self,
                                guint          task_id)
{
  gpointer found = g_hash_table_lookup (self->task_items, GUINT_TO_POINTER (task_id));

  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : G_MAXUINT;
}

/* The indices of @lane's items, in trace order. */
GArray *
_lab_trace_model_get_lane_items (LabTraceModel *self,
                                 guint          lane)
{
  return g_ptr_array_index (self->lane_items, lane);
}

void
_lab_trace_model_add_hand_off (LabTraceModel *self,
                               guint          from_item,
                               guint          to_item)
{
  add_link (self, LAB_TRACE_LINK_HAND_OFF, from_item, to_item);
}
