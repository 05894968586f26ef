/* sm-viewport-widget.c: the "viewport" property and its "changed" connection, shared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-viewport-widget.h"

typedef struct
{
  /* owned */
  SmViewport *viewport;

  /* state */
  gulong      changed_id;
} SmViewportWidgetPrivate;

enum {
  PROP_0,
  PROP_VIEWPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SmViewportWidget, sm_viewport_widget, GTK_TYPE_WIDGET)

static void
sm_viewport_widget_real_viewport_changed (SmViewportWidget *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
changed_cb (SmViewport       *viewport,
            SmViewportWidget *self)
{
  SM_VIEWPORT_WIDGET_GET_CLASS (self)->viewport_changed (self);
}

static void
sm_viewport_widget_dispose (GObject *object)
{
  SmViewportWidget *self = SM_VIEWPORT_WIDGET (object);
  SmViewportWidgetPrivate *priv = sm_viewport_widget_get_instance_private (self);

  if (priv->viewport != NULL)
    g_clear_signal_handler (&priv->changed_id, priv->viewport);
  g_clear_object (&priv->viewport);
  G_OBJECT_CLASS (sm_viewport_widget_parent_class)->dispose (object);
}

static void
sm_viewport_widget_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SmViewportWidget *self = SM_VIEWPORT_WIDGET (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      g_value_set_object (value, sm_viewport_widget_get_viewport (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_viewport_widget_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SmViewportWidget *self = SM_VIEWPORT_WIDGET (object);

  switch (prop_id)
    {
    case PROP_VIEWPORT:
      sm_viewport_widget_set_viewport (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_viewport_widget_class_init (SmViewportWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sm_viewport_widget_dispose;
  object_class->get_property = sm_viewport_widget_get_property;
  object_class->set_property = sm_viewport_widget_set_property;
  klass->viewport_changed = sm_viewport_widget_real_viewport_changed;

  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL, SM_TYPE_VIEWPORT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sm_viewport_widget_init (SmViewportWidget *self)
{
}

SmViewport *
sm_viewport_widget_get_viewport (SmViewportWidget *self)
{
  SmViewportWidgetPrivate *priv;

  g_return_val_if_fail (SM_IS_VIEWPORT_WIDGET (self), NULL);

  priv = sm_viewport_widget_get_instance_private (self);
  return priv->viewport;
}

void
sm_viewport_widget_set_viewport (SmViewportWidget *self,
                                 SmViewport       *viewport)
{
  SmViewportWidgetPrivate *priv;

  g_return_if_fail (SM_IS_VIEWPORT_WIDGET (self));
  g_return_if_fail (viewport == NULL || SM_IS_VIEWPORT (viewport));

  priv = sm_viewport_widget_get_instance_private (self);
  if (viewport == priv->viewport)
    return;
  if (priv->viewport != NULL)
    g_clear_signal_handler (&priv->changed_id, priv->viewport);
  g_set_object (&priv->viewport, viewport);
  if (viewport != NULL)
    priv->changed_id = g_signal_connect (viewport, "changed", G_CALLBACK (changed_cb), self);
  SM_VIEWPORT_WIDGET_GET_CLASS (self)->viewport_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWPORT]);
}
