/* lab-chips.c — a row of short labels that wraps, left to right.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The measured facts under the verdict ("Ran on: Worker 1", "Longest
 * stall: 38 ms", …): as many on a line as fit, each at its natural width,
 * the next line below (GtkFlowBox would align them in columns, one a line
 * when they differ in width). At most "max-lines" lines: the chips that do
 * not fit are left out and a last chip says how many ("+3", its tooltip
 * lists them), so the stage below keeps its room.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-chips.h"

#define SPACING_X 8
#define SPACING_Y 6

struct _LabChips
{
  GtkWidget  parent_instance;

  GtkWidget *more;         /* the "+N" chip, always the last child */
  guint      max_lines;    /* 0: no limit */
};

G_DEFINE_FINAL_TYPE (LabChips, lab_chips, GTK_TYPE_WIDGET)

typedef struct
{
  int x, y, line_height;
  guint line;
} Cursor;

/* Where a chip of @w × @h goes next: on this line, or at the start of the next. */
static void
place (Cursor *cursor,
       int     width,
       int     w,
       int     h,
       int    *x,
       int    *y)
{
  if (cursor->x > 0 && cursor->x + w > width)
    {
      cursor->x = 0;
      cursor->y += cursor->line_height + SPACING_Y;
      cursor->line_height = 0;
      cursor->line++;
    }
  *x = cursor->x;
  *y = cursor->y;
  cursor->x += w + SPACING_X;
  cursor->line_height = MAX (cursor->line_height, h);
}

static void
natural_size (GtkWidget *child,
              int        width,
              int       *w,
              int       *h)
{
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, w, NULL, NULL);
  *w = MIN (*w, MAX (width, 1));
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, *w, NULL, h, NULL, NULL);
}

/* The "+N" chip's size saying @n: its label holds the last count shown
 * (the text is set only while allocating), so its width is corrected by
 * the difference of the two texts. Measuring and allocating then agree, and
 * a wider count never wraps onto a line past max-lines. */
static void
more_size (LabChips *self,
           guint     n,
           int       width,
           int      *w,
           int      *h)
{
  g_autofree char *text = g_strdup_printf ("+%u", n);
  g_autoptr(PangoLayout) shown =
    gtk_widget_create_pango_layout (self->more, gtk_label_get_label (GTK_LABEL (self->more)));
  g_autoptr(PangoLayout) wanted = gtk_widget_create_pango_layout (self->more, text);
  int shown_w, wanted_w;

  natural_size (self->more, width, w, h);
  pango_layout_get_pixel_size (shown, &shown_w, NULL);
  pango_layout_get_pixel_size (wanted, &wanted_w, NULL);
  *w = CLAMP (*w + wanted_w - shown_w, 1, MAX (width, 1));
}

/* Whether a "+N" chip saying at most @n would still fit after a chip ending at @cursor. */
static gboolean
room_for_more (LabChips *self,
               Cursor   *cursor,
               guint     n,
               int       width)
{
  Cursor after = *cursor;
  int w, h, x, y;

  more_size (self, n, width, &w, &h);
  place (&after, width, w, h, &x, &y);
  return after.line < self->max_lines;
}

/* Lays the chips out in @width, as many as max-lines allows; returns the height. */
static int
flow (LabChips *self,
      int       width,
      gboolean  allocate)
{
  Cursor cursor = { 0, 0, 0, 0 };
  guint hidden = 0, n_chips = 0, n_all;
  g_autoptr(GString) left_out = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != self->more;
       child = gtk_widget_get_next_sibling (child))
    n_chips++;
  n_all = n_chips;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != self->more;
       child = gtk_widget_get_next_sibling (child), n_chips--)
    {
      Cursor next = cursor;
      int w, h, x, y;

      natural_size (child, width, &w, &h);
      place (&next, width, w, h, &x, &y);
      /* the last one needs no room for "+N" after it */
      if (hidden > 0 || (self->max_lines > 0 &&
                         (next.line >= self->max_lines ||
                          (n_chips > 1 && !room_for_more (self, &next, n_all, width)))))
        {
          hidden++;
          g_string_append_printf (left_out, "%s%s", left_out->len > 0 ? "\n" : "",
                                  gtk_label_get_label (GTK_LABEL (child)));
          if (allocate)
            gtk_widget_set_child_visible (child, FALSE);
          continue;
        }
      cursor = next;
      if (allocate)
        {
          gtk_widget_set_child_visible (child, TRUE);
          gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, w, h }, -1);
        }
    }

  if (allocate)
    gtk_widget_set_child_visible (self->more, hidden > 0);
  if (hidden > 0)
    {
      g_autofree char *text = g_strdup_printf ("+%u", hidden);
      int w, h, x, y;

      if (allocate)
        {
          gtk_label_set_label (GTK_LABEL (self->more), text);
          gtk_widget_set_tooltip_text (self->more, left_out->str);
        }
      more_size (self, hidden, width, &w, &h);
      place (&cursor, width, w, h, &x, &y);
      if (allocate)
        gtk_widget_size_allocate (self->more, &(GtkAllocation) { x, y, w, h }, -1);
    }
  return cursor.y + cursor.line_height;
}

static GtkSizeRequestMode
lab_chips_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
lab_chips_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  LabChips *self = LAB_CHIPS (widget);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != self->more;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural += child_nat + (*natural > 0 ? SPACING_X : 0);
        }
    }
  else
    *minimum = *natural = flow (self, for_size < 0 ? G_MAXINT / 2 : for_size, FALSE);
}

static void
lab_chips_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  flow (LAB_CHIPS (widget), width, TRUE);
}

static void
lab_chips_dispose (GObject *object)
{
  GtkWidget *child;

  LAB_CHIPS (object)->more = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (lab_chips_parent_class)->dispose (object);
}

static void
lab_chips_class_init (LabChipsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lab_chips_dispose;
  widget_class->get_request_mode = lab_chips_get_request_mode;
  widget_class->measure = lab_chips_measure;
  widget_class->size_allocate = lab_chips_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "chips");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
lab_chips_init (LabChips *self)
{
  self->more = gtk_label_new ("+");
  gtk_widget_add_css_class (self->more, "chip");
  gtk_widget_add_css_class (self->more, "more");
  gtk_widget_set_parent (self->more, GTK_WIDGET (self));
  gtk_widget_set_child_visible (self->more, FALSE);
}

GtkWidget *
lab_chips_new (void)
{
  return g_object_new (LAB_TYPE_CHIPS, NULL);
}

/**
 * lab_chips_set_texts:
 * @texts: (nullable): the chips' texts, %NULL-terminated; %NULL for none
 */
void
lab_chips_set_texts (LabChips           *self,
                     const char * const *texts)
{
  GtkWidget *child;

  g_return_if_fail (LAB_IS_CHIPS (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != self->more)
    gtk_widget_unparent (child);
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      GtkWidget *chip = gtk_label_new (texts[i]);

      gtk_label_set_wrap (GTK_LABEL (chip), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (chip), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (chip), 0);
      gtk_widget_add_css_class (chip, "chip");
      gtk_widget_insert_before (chip, GTK_WIDGET (self), self->more);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
lab_chips_get_n_chips (LabChips *self)
{
  guint n = 0;

  g_return_val_if_fail (LAB_IS_CHIPS (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != self->more;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* At most @max_lines lines of chips (0: no limit); the rest are counted in "+N". */
void
lab_chips_set_max_lines (LabChips *self,
                         guint     max_lines)
{
  g_return_if_fail (LAB_IS_CHIPS (self));

  self->max_lines = max_lines;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
