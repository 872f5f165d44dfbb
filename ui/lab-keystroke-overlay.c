/* lab-keystroke-overlay.c — the keys a speaker presses, shown briefly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As screencast tools do: a pill in a corner shows the last keys ("F5",
 * "Esc", "Ctrl+R") and the text being typed ("hello"), and fades out
 * SHOW_MS after the last key. It watches the window's keys in the capture
 * phase and never takes them: the window works as before.
 */
#define G_LOG_DOMAIN "Lab"

#include "lab-keystroke-overlay.h"

#define SHOW_MS    1600
#define MAX_CHARS  40

struct _LabKeystrokeOverlay
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  GString     *text;
  gboolean     last_was_typed;   /* the text ends with typed characters */
  gboolean     enabled;
  guint        hide_id;
};

G_DEFINE_FINAL_TYPE (LabKeystrokeOverlay, lab_keystroke_overlay, GTK_TYPE_WIDGET)

/**
 * lab_keystroke_overlay_describe_key:
 *
 * Returns: (transfer full) (nullable): how the key reads on screen ("F5",
 *   "Ctrl+R", "Esc", "a"), or %NULL for a modifier alone
 */
char *
lab_keystroke_overlay_describe_key (guint           keyval,
                                    GdkModifierType state)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gunichar c = gdk_keyval_to_unicode (keyval);
  const char *name;

  switch (keyval)
    {
    case GDK_KEY_Shift_L: case GDK_KEY_Shift_R: case GDK_KEY_Control_L: case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R: case GDK_KEY_Super_L: case GDK_KEY_Super_R:
    case GDK_KEY_Meta_L: case GDK_KEY_Meta_R: case GDK_KEY_ISO_Level3_Shift: case GDK_KEY_Caps_Lock:
      return NULL;
    default:
      break;
    }
  if (state & GDK_CONTROL_MASK)
    g_string_append (text, "Ctrl+");
  if (state & GDK_ALT_MASK)
    g_string_append (text, "Alt+");
  if (state & GDK_SUPER_MASK)
    g_string_append (text, "Super+");

  switch (keyval)
    {
    case GDK_KEY_Escape: name = "Esc"; break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: name = "Enter"; break;
    case GDK_KEY_BackSpace: name = "⌫"; break;
    case GDK_KEY_Tab: case GDK_KEY_ISO_Left_Tab: name = "Tab"; break;
    case GDK_KEY_space: name = text->len > 0 ? "Space" : " "; break;
    case GDK_KEY_Page_Up: name = "Page Up"; break;
    case GDK_KEY_Page_Down: name = "Page Down"; break;
    case GDK_KEY_Left: name = "←"; break;
    case GDK_KEY_Right: name = "→"; break;
    case GDK_KEY_Up: name = "↑"; break;
    case GDK_KEY_Down: name = "↓"; break;
    default: name = NULL; break;
    }
  if (name != NULL)
    g_string_append (text, name);
  else if (c != 0 && g_unichar_isprint (c))
    {
      if (text->len > 0)
        c = g_unichar_toupper (c);
      g_string_append_unichar (text, c);
    }
  else
    g_string_append (text, gdk_keyval_name (keyval) != NULL ? gdk_keyval_name (keyval) : "?");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
on_hide (gpointer data)
{
  LabKeystrokeOverlay *self = data;

  self->hide_id = 0;
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  g_string_truncate (self->text, 0);
  self->last_was_typed = FALSE;
  return G_SOURCE_REMOVE;
}

/* Typed characters run together ("hello"); other keys stand apart ("F5  Esc"). */
static void
show_key (LabKeystrokeOverlay *self,
          const char          *key)
{
  gboolean typed = g_utf8_strlen (key, -1) == 1 && !g_str_equal (key, "⌫");

  if (self->text->len > 0 && !(typed && self->last_was_typed))
    g_string_append (self->text, "  ");
  g_string_append (self->text, key);
  self->last_was_typed = typed;
  while (g_utf8_strlen (self->text->str, -1) > MAX_CHARS)
    g_string_erase (self->text, 0, g_utf8_next_char (self->text->str) - self->text->str);
  gtk_label_set_label (self->label, self->text->str);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  g_clear_handle_id (&self->hide_id, g_source_remove);
  self->hide_id = g_timeout_add (SHOW_MS, on_hide, self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LabKeystrokeOverlay   *self)
{
  g_autofree char *key = NULL;

  if (!self->enabled)
    return FALSE;
  key = lab_keystroke_overlay_describe_key (keyval, state);
  if (key != NULL)
    show_key (self, key);
  return FALSE;
}

static void
lab_keystroke_overlay_dispose (GObject *object)
{
  LabKeystrokeOverlay *self = LAB_KEYSTROKE_OVERLAY (object);

  g_clear_handle_id (&self->hide_id, g_source_remove);
  if (self->revealer != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->revealer));
      self->revealer = NULL;
    }
  if (self->text != NULL)
    g_string_free (g_steal_pointer (&self->text), TRUE);

  G_OBJECT_CLASS (lab_keystroke_overlay_parent_class)->dispose (object);
}

static void
lab_keystroke_overlay_class_init (LabKeystrokeOverlayClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lab_keystroke_overlay_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keystrokes");
}

static void
lab_keystroke_overlay_init (LabKeystrokeOverlay *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  self->text = g_string_new (NULL);
  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_CROSSFADE);
  gtk_revealer_set_child (self->revealer, label);
  gtk_widget_add_css_class (label, "keystrokes");
  self->label = GTK_LABEL (label);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_END);
}

GtkWidget *
lab_keystroke_overlay_new (void)
{
  return g_object_new (LAB_TYPE_KEYSTROKE_OVERLAY, NULL);
}

/* Shows the keys pressed in @window (in its capture phase: nothing is taken). */
void
lab_keystroke_overlay_watch (LabKeystrokeOverlay *self,
                             GtkWidget           *window)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (LAB_IS_KEYSTROKE_OVERLAY (self));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (window, keys);
}

void
lab_keystroke_overlay_set_enabled (LabKeystrokeOverlay *self,
                                   gboolean             enabled)
{
  g_return_if_fail (LAB_IS_KEYSTROKE_OVERLAY (self));

  self->enabled = !!enabled;
  if (!self->enabled)
    {
      g_clear_handle_id (&self->hide_id, g_source_remove);
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      g_string_truncate (self->text, 0);
      self->last_was_typed = FALSE;
    }
}

gboolean
lab_keystroke_overlay_get_enabled (LabKeystrokeOverlay *self)
{
  g_return_val_if_fail (LAB_IS_KEYSTROKE_OVERLAY (self), FALSE);

  return self->enabled;
}

/* What the pill shows now ("" when hidden). */
const char *
lab_keystroke_overlay_get_text (LabKeystrokeOverlay *self)
{
  g_return_val_if_fail (LAB_IS_KEYSTROKE_OVERLAY (self), NULL);

  return self->text->str;
}
