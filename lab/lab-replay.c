/* lab-replay.c — a finished run, played back moment by moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A replay walks a finished run's trace by its moments: every instant
 * (queued, dequeued, stolen, a status change, a wait, a link) and the start
 * and the end of every span (a task, a work item, a region, I/O). The cursor
 * is a time between the run's start and its end; the current event is the
 * last moment at or before it. Playing moves the cursor at a fraction of
 * real time (0.25× by default: a 2 s run takes 8 s, slow enough to follow),
 * driven by the caller's frame clock through lab_replay_advance(), so an
 * idle window does no work for it.
 *
 * The last events of a run come in after it finished (the continuation that
 * finished it); the moments are gathered again whenever the model grew.
 */
#define G_LOG_DOMAIN "Lab"


#include "lab-event-words.h"
#include "lab-replay.h"

#define DEFAULT_SPEED 0.25

/* Small (16 bytes): a run of a million items keeps 200 000 spans and
 * 400 000 instants, so 800 000 moments. The event stays in the model. */
typedef struct
{
  gint64         at_us;
  guint          index;       /* of the model's item, or instant */
  guint          is_instant : 1;
  guint          is_end : 1;  /* a span's end (else its start) */
  guint          order : 30;  /* ties keep the order they were gathered in */
} Moment;

struct _LabReplay
{
  GObject        parent_instance;

  /* owned */
  LabRunMonitor *monitor;
  GArray        *moments;       /* of Moment, by time */
  guint          n_items_seen;
  guint          n_instants_seen;
  gint64         cursor;
  double         speed;
  double         carry_us;      /* the fraction of a µs advance() left over */
  gboolean       playing;
  gboolean       cursor_set;    /* FALSE: the cursor follows the end */
};

enum {
  PROP_0,
  PROP_CURSOR,
  PROP_SPEED,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LabReplay, lab_replay, G_TYPE_OBJECT)

static int
compare_moments (gconstpointer a,
                 gconstpointer b)
{
  const Moment *x = a, *y = b;

  if (x->at_us != y->at_us)
    return x->at_us < y->at_us ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static void
add_moment (GArray   *moments,
            gint64    at_us,
            guint     index,
            gboolean  is_instant,
            gboolean  is_end)
{
  Moment moment = { at_us, index, !!is_instant, !!is_end, moments->len & 0x3fffffff };

  g_array_append_val (moments, moment);
}

static const PoolTraceEvent *
moment_event (LabReplay    *self,
              const Moment *moment)
{
  LabTraceModel *model = lab_run_monitor_get_trace_model (self->monitor);

  if (moment->is_instant)
    return lab_trace_model_get_instant (model, moment->index);
  return &lab_trace_model_get_item (model, moment->index)->event;
}

/* Gathers the moments again if the model grew since the last time. */
static void
refresh (LabReplay *self)
{
  LabTraceModel *model = lab_run_monitor_get_trace_model (self->monitor);
  guint n_items = model != NULL ? lab_trace_model_get_n_items (model) : 0;
  guint n_instants = model != NULL ? lab_trace_model_get_n_instants (model) : 0;

  if (self->moments != NULL && n_items == self->n_items_seen &&
      n_instants == self->n_instants_seen)
    return;

  g_clear_pointer (&self->moments, g_array_unref);
  self->moments = g_array_sized_new (FALSE, FALSE, sizeof (Moment), 2 * n_items + n_instants);
  for (guint i = 0; i < n_items; i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;

      add_moment (self->moments, event->start_us, i, FALSE, FALSE);
      add_moment (self->moments, event->end_us, i, FALSE, TRUE);
    }
  for (guint i = 0; i < n_instants; i++)
    {
      add_moment (self->moments, lab_trace_model_get_instant (model, i)->start_us, i, TRUE, FALSE);
    }
  g_array_sort (self->moments, compare_moments);
  self->n_items_seen = n_items;
  self->n_instants_seen = n_instants;
}

static void
lab_replay_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LabReplay *self = LAB_REPLAY (object);

  switch (prop_id)
    {
    case PROP_CURSOR:
      g_value_set_int64 (value, lab_replay_get_cursor (self));
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_replay_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LabReplay *self = LAB_REPLAY (object);

  switch (prop_id)
    {
    case PROP_CURSOR:
      lab_replay_set_cursor (self, g_value_get_int64 (value));
      break;
    case PROP_SPEED:
      lab_replay_set_speed (self, g_value_get_double (value));
      break;
    case PROP_PLAYING:
      lab_replay_set_playing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lab_replay_finalize (GObject *object)
{
  LabReplay *self = LAB_REPLAY (object);

  g_clear_pointer (&self->moments, g_array_unref);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (lab_replay_parent_class)->finalize (object);
}

static void
lab_replay_class_init (LabReplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = lab_replay_get_property;
  object_class->set_property = lab_replay_set_property;
  object_class->finalize = lab_replay_finalize;

  properties[PROP_CURSOR] =
    g_param_spec_int64 ("cursor", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.01, 100.0, DEFAULT_SPEED,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lab_replay_init (LabReplay *self)
{
  self->speed = DEFAULT_SPEED;
}

/**
 * lab_replay_new:
 * @monitor: a finished run (live or opened from a file)
 *
 * The cursor starts at the run's end, so the whole run shows until the
 * speaker steps back or plays it (playing from the end starts over).
 */
LabReplay *
lab_replay_new (LabRunMonitor *monitor)
{
  LabReplay *self;

  g_return_val_if_fail (LAB_IS_RUN_MONITOR (monitor), NULL);

  self = g_object_new (LAB_TYPE_REPLAY, NULL);
  self->monitor = g_object_ref (monitor);
  refresh (self);
  return self;
}

LabRunMonitor *
lab_replay_get_monitor (LabReplay *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY (self), NULL);

  return self->monitor;
}

gint64
lab_replay_get_start (LabReplay *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY (self), 0);

  return lab_run_monitor_get_start_time (self->monitor);
}

/* The run's end, or its last moment if that came later. */
gint64
lab_replay_get_end (LabReplay *self)
{
  gint64 end;

  g_return_val_if_fail (LAB_IS_REPLAY (self), 0);

  refresh (self);
  end = MAX (lab_run_monitor_get_end_time (self->monitor), lab_replay_get_start (self));
  if (self->moments->len > 0)
    end = MAX (end, g_array_index (self->moments, Moment, self->moments->len - 1).at_us);
  return end;
}

gint64
lab_replay_get_cursor (LabReplay *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY (self), 0);

  return self->cursor_set ? self->cursor : lab_replay_get_end (self);
}

/* Moves the cursor to @at_us, kept between the start and the end. */
void
lab_replay_set_cursor (LabReplay *self,
                       gint64     at_us)
{
  gint64 old;

  g_return_if_fail (LAB_IS_REPLAY (self));

  old = lab_replay_get_cursor (self);
  at_us = CLAMP (at_us, lab_replay_get_start (self), lab_replay_get_end (self));
  self->cursor = at_us;
  self->cursor_set = TRUE;
  if (old != at_us)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
}

/* The index of the last moment at or before @at_us, or -1. */
static int
find_moment (LabReplay *self,
             gint64     at_us)
{
  guint low = 0, high = self->moments->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (self->moments, Moment, middle).at_us <= at_us)
        low = middle + 1;
      else
        high = middle;
    }
  return (int) low - 1;
}

/**
 * lab_replay_step:
 * @direction: 1 for the next event moment, -1 for the previous one
 *
 * Moves the cursor to the next (or previous) time at which something
 * happened. Moments at the same microsecond are one step.
 *
 * Returns: %FALSE if there was none that way (the cursor stays)
 */
gboolean
lab_replay_step (LabReplay *self,
                 int        direction)
{
  gint64 cursor;
  int index;

  g_return_val_if_fail (LAB_IS_REPLAY (self), FALSE);
  g_return_val_if_fail (direction == 1 || direction == -1, FALSE);

  refresh (self);
  cursor = lab_replay_get_cursor (self);
  index = find_moment (self, cursor);
  if (direction > 0)
    {
      if ((guint) (index + 1) >= self->moments->len)
        return FALSE;
      lab_replay_set_cursor (self, g_array_index (self->moments, Moment, index + 1).at_us);
      return TRUE;
    }
  /* past the moments exactly at the cursor, to the one before them */
  while (index >= 0 && g_array_index (self->moments, Moment, index).at_us >= cursor)
    index--;
  if (index < 0)
    return FALSE;
  lab_replay_set_cursor (self, g_array_index (self->moments, Moment, index).at_us);
  return TRUE;
}

static const Moment *
current_moment (LabReplay *self)
{
  int index;

  refresh (self);
  index = find_moment (self, lab_replay_get_cursor (self));
  return index >= 0 ? &g_array_index (self->moments, Moment, index) : NULL;
}

/* Returns: (nullable): the last event at or before the cursor (the model's
 * own, good until the model grows) */
const PoolTraceEvent *
lab_replay_get_current_event (LabReplay *self)
{
  const Moment *moment;

  g_return_val_if_fail (LAB_IS_REPLAY (self), NULL);

  moment = current_moment (self);
  return moment != NULL ? moment_event (self, moment) : NULL;
}

/* Whether the current event's moment is the end of its span. */
gboolean
lab_replay_get_current_is_end (LabReplay *self)
{
  const Moment *moment;

  g_return_val_if_fail (LAB_IS_REPLAY (self), FALSE);

  moment = current_moment (self);
  return moment != NULL && moment->is_end;
}

/* The C# line (1-based) the current event belongs to, 0 if none. */
guint
lab_replay_get_current_line (LabReplay *self)
{
  const PoolTraceEvent *event;

  g_return_val_if_fail (LAB_IS_REPLAY (self), 0);

  event = lab_replay_get_current_event (self);
  return event != NULL ? lab_run_monitor_get_csharp_line (self->monitor, event) : 0;
}

/* How many moments the replay steps over (for tests). */
guint
lab_replay_get_n_moments (LabReplay *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY (self), 0);

  refresh (self);
  return self->moments->len;
}

double
lab_replay_get_speed (LabReplay *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY (self), DEFAULT_SPEED);

  return self->speed;
}

/* @speed: the fraction of real time playing takes (0.1, 0.25, 0.5, 1) */
void
lab_replay_set_speed (LabReplay *self,
                      double     speed)
{
  g_return_if_fail (LAB_IS_REPLAY (self));
  g_return_if_fail (speed > 0);

  if (self->speed == speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

gboolean
lab_replay_get_playing (LabReplay *self)
{
  g_return_val_if_fail (LAB_IS_REPLAY (self), FALSE);

  return self->playing;
}

/* Playing from the end starts over from the run's start. */
void
lab_replay_set_playing (LabReplay *self,
                        gboolean   playing)
{
  g_return_if_fail (LAB_IS_REPLAY (self));

  playing = !!playing;
  if (self->playing == playing)
    return;
  if (playing && lab_replay_get_cursor (self) >= lab_replay_get_end (self))
    lab_replay_set_cursor (self, lab_replay_get_start (self));
  self->playing = playing;
  self->carry_us = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/**
 * lab_replay_advance:
 * @elapsed_us: real time since the last frame
 *
 * While playing, moves the cursor by @elapsed_us times the speed; at the
 * end it stops playing. Does nothing while paused.
 */
void
lab_replay_advance (LabReplay *self,
                    gint64     elapsed_us)
{
  double move;
  gint64 whole, end;

  g_return_if_fail (LAB_IS_REPLAY (self));

  if (!self->playing || elapsed_us <= 0)
    return;
  move = elapsed_us * self->speed + self->carry_us;
  whole = (gint64) move;
  self->carry_us = move - whole;
  end = lab_replay_get_end (self);
  lab_replay_set_cursor (self, MIN (end, lab_replay_get_cursor (self) + whole));
  if (lab_replay_get_cursor (self) >= end)
    lab_replay_set_playing (self, FALSE);
}

/* Returns: (transfer full) (nullable): the current event in words */
char *
lab_replay_describe_current (LabReplay *self)
{
  const Moment *moment;

  g_return_val_if_fail (LAB_IS_REPLAY (self), NULL);

  moment = current_moment (self);
  if (moment == NULL)
    return NULL;
  return lab_event_words_describe (lab_run_monitor_get_trace_model (self->monitor),
                                   moment_event (self, moment), moment->is_end);
}
