/* lab-timeline-legend.c — the timeline's legend: what each colour, hatch,
 * mark and arrow means, only for what the trace has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include <math.h>

#include "lab-timeline-layout-private.h"

/* Which of the legend's entries the trace has something of. */
static void
styles_in_use (LabTimelineLayout *layout,
               LabTraceModel     *model,
               gboolean          *used)
{
  gboolean instants = lab_trace_model_get_n_instants (model) > 0;

  for (guint i = 0; i < lab_trace_model_get_n_items (model); i++)
    {
      const PoolTraceEvent *event = &lab_trace_model_get_item (model, i)->event;

      used[SWATCH_RUN] = TRUE;
      used[SWATCH_WAIT] |= !instants && event->queued_us > 0 && event->queued_us < event->start_us;
      used[SWATCH_INLINE] |= event->inlined;
      used[SWATCH_IO] |= event->kind == POOL_TRACE_KIND_IO;
    }
  used[SWATCH_HAND_OFF] = lab_trace_model_get_n_links (model) > 0;
  if (instants)
    lab_timeline_states_used (layout->states, used);
}

/* The legend of what the trace shows, wrapped into lines within @width;
 * returns its height. The states use .NET's names (TaskStatus). */
float
lab_timeline_layout_legend (LabTimelineLayout *layout,
               LabTraceModel     *model,
               float              left,
               float              width)
{
  static const struct { SwatchStyle style; const char *text; } entries[] = {
    { SWATCH_QUEUE_UI, N_("queued: UI thread's queue") },
    { SWATCH_QUEUE_GLOBAL, N_("queued: global queue") },
    { SWATCH_QUEUE_LOCAL, N_("queued: local queue") },
    { SWATCH_WAIT, N_("waiting in a queue") },
    { SWATCH_RUN, N_("Running") },
    { SWATCH_CHILDREN, N_("WaitingForChildrenToComplete") },
    { SWATCH_DONE, N_("RanToCompletion") },
    { SWATCH_CANCELED, N_("Canceled") },
    { SWATCH_FAULTED, N_("Faulted") },
    { SWATCH_INLINE, N_("ran inline") },
    { SWATCH_BLOCKED, N_("blocked in Wait()/.Result") },
    { SWATCH_WAIT_LINK, N_("waits for") },
    { SWATCH_CYCLE, N_("wait cycle (deadlock)") },
    { SWATCH_HAND_OFF, N_("hand-off") },
    { SWATCH_CHILD_LINK, N_("parent → attached child") },
    { SWATCH_IO, N_("I/O, no thread") },
  };
  float x = left, top = roundf (layout->em * 0.15f);
  float swatch_w = roundf (layout->em * 1.4f), swatch_h = roundf (layout->em * 0.7f);
  float line_h;
  gboolean used[N_SWATCHES] = { FALSE, };

  styles_in_use (layout, model, used);
  lab_layout_size (lab_timeline_cached_label (layout, "<small>Mg</small>"), NULL, &line_h);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<small>%s</small>", _(entries[i].text));
      PangoLayout *label = lab_timeline_cached_label (layout, markup);
      SwatchStyle style = entries[i].style;
      float y, w;

      if (!used[style])
        continue;

      lab_layout_size (label, &w, NULL);
      if (x > left && x + swatch_w + layout->em * 0.35f + w > left + width)
        {
          x = left;
          top += roundf (layout->em * LEGEND_LINE);
        }
      y = roundf (top + (line_h - swatch_h) / 2);

      if (style >= SWATCH_HAND_OFF)
        lab_timeline_add_arrow (layout, &GRAPHENE_POINT_INIT (x + layout->em * 0.2f, y + swatch_h),
                                &GRAPHENE_POINT_INIT (x + swatch_w, y),
                                style == SWATCH_CYCLE ? ARROW_CYCLE
                                : style == SWATCH_WAIT_LINK ? ARROW_WAIT
                                : style == SWATCH_CHILD_LINK ? ARROW_CHILD : ARROW_HAND_OFF);
      else
        {
          Swatch swatch = { GRAPHENE_RECT_INIT (x, y, swatch_w, swatch_h), style };

          g_array_append_val (layout->swatches, swatch);
        }
      g_ptr_array_add (layout->legend, g_strdup (_(entries[i].text)));
      lab_timeline_add_text (layout, label, x + swatch_w + layout->em * 0.35f, top);
      x += swatch_w + layout->em * 0.35f + w + layout->em * 1.2f;
    }
  return top - roundf (layout->em * 0.15f) + roundf (layout->em * LEGEND_LINE);
}
