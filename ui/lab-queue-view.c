/* lab-queue-view.c — the scheduler queues at one moment of a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (Placeholder body: the rows come with lab/lab-queue-snapshot.h.)
 */
#define G_LOG_DOMAIN "Lab"

#include <glib/gi18n.h>

#include "lab-queue-view.h"

struct _LabQueueView
{
  GtkWidget      parent_instance;

  /* owned */
  LabTraceModel *model;
  GtkWidget     *box;

  gint64         at_us;        /* G_MININT64: the latest moment */
};

G_DEFINE_FINAL_TYPE (LabQueueView, lab_queue_view, GTK_TYPE_WIDGET)

static void
lab_queue_view_dispose (GObject *object)
{
  LabQueueView *self = LAB_QUEUE_VIEW (object);

  lab_queue_view_set_model (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (lab_queue_view_parent_class)->dispose (object);
}

static void
lab_queue_view_class_init (LabQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lab_queue_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queueview");
}

static void
lab_queue_view_init (LabQueueView *self)
{
  self->at_us = G_MININT64;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), gtk_label_new (_("No queues to show yet")));
}

GtkWidget *
lab_queue_view_new (void)
{
  return g_object_new (LAB_TYPE_QUEUE_VIEW, NULL);
}

void
lab_queue_view_set_model (LabQueueView  *self,
                          LabTraceModel *model)
{
  g_return_if_fail (LAB_IS_QUEUE_VIEW (self));
  g_return_if_fail (model == NULL || LAB_IS_TRACE_MODEL (model));

  g_set_object (&self->model, model);
}

LabTraceModel *
lab_queue_view_get_model (LabQueueView *self)
{
  g_return_val_if_fail (LAB_IS_QUEUE_VIEW (self), NULL);

  return self->model;
}

void
lab_queue_view_set_time (LabQueueView *self,
                         gint64        at_us)
{
  g_return_if_fail (LAB_IS_QUEUE_VIEW (self));

  self->at_us = at_us;
}

gint64
lab_queue_view_get_time (LabQueueView *self)
{
  g_return_val_if_fail (LAB_IS_QUEUE_VIEW (self), G_MININT64);

  return self->at_us;
}
