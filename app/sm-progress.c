/* sm-progress.c: progress reports coalesced into one idle callback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-progress.h"

struct _SmProgress
{
  GObject  parent_instance;

  /* Guarded by lock: written by workers, read by the idle callback. */
  GMutex   lock;
  double   fraction;
  char    *stage;
  GArray  *values;
  guint    idle_id;

  /* Main thread only. */
  double   shown_fraction;
  gboolean active;
};

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_STAGE,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SmProgress, sm_progress, G_TYPE_OBJECT)

static void
sm_progress_finalize (GObject *object)
{
  SmProgress *self = SM_PROGRESS (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_free (self->stage);
  g_array_unref (self->values);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sm_progress_parent_class)->finalize (object);
}

static void
sm_progress_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SmProgress *self = SM_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->shown_fraction);
      break;
    case PROP_STAGE:
      g_value_take_string (value, sm_progress_dup_stage (self));
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_progress_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ACTIVE:
      sm_progress_set_active (SM_PROGRESS (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_progress_class_init (SmProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sm_progress_finalize;
  object_class->get_property = sm_progress_get_property;
  object_class->set_property = sm_progress_set_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAGE] =
    g_param_spec_string ("stage", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sm_progress_init (SmProgress *self)
{
  g_mutex_init (&self->lock);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
}

void
sm_progress_push_value (SmProgress *self,
                        double      value)
{
  g_return_if_fail (SM_IS_PROGRESS (self));
  g_mutex_lock (&self->lock);
  g_array_append_val (self->values, value);
  g_mutex_unlock (&self->lock);
}

GArray *
sm_progress_dup_values (SmProgress *self)
{
  GArray *copy;

  g_mutex_lock (&self->lock);
  copy = g_array_sized_new (FALSE, FALSE, sizeof (double), self->values->len);
  g_array_append_vals (copy, self->values->data, self->values->len);
  g_mutex_unlock (&self->lock);
  return copy;
}

SmProgress *
sm_progress_new (void)
{
  return g_object_new (SM_TYPE_PROGRESS, NULL);
}

static gboolean
publish_cb (gpointer data)
{
  SmProgress *self = data;

  g_mutex_lock (&self->lock);
  self->idle_id = 0;
  self->shown_fraction = self->fraction;
  g_mutex_unlock (&self->lock);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
  return G_SOURCE_REMOVE;
}

void
sm_progress_set (SmProgress *self,
                 double      fraction,
                 const char *stage)
{
  g_return_if_fail (SM_IS_PROGRESS (self));

  g_mutex_lock (&self->lock);
  self->fraction = CLAMP (fraction, 0.0, 1.0);
  if (stage != NULL && g_strcmp0 (stage, self->stage) != 0)
    {
      g_free (self->stage);
      self->stage = g_strdup (stage);
    }
  /* One pending idle at most: a worker reporting per block must not flood the main loop.
   * The idle holds a reference so that the object outlives it. */
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, publish_cb, g_object_ref (self),
                                     g_object_unref);
  g_mutex_unlock (&self->lock);
}

double
sm_progress_get_fraction (SmProgress *self)
{
  return self->shown_fraction;
}

char *
sm_progress_dup_stage (SmProgress *self)
{
  char *stage;

  g_mutex_lock (&self->lock);
  stage = g_strdup (self->stage);
  g_mutex_unlock (&self->lock);
  return stage;
}

gboolean
sm_progress_get_active (SmProgress *self)
{
  return self->active;
}

void
sm_progress_set_active (SmProgress *self,
                        gboolean    active)
{
  g_return_if_fail (SM_IS_PROGRESS (self));
  if (self->active == !!active)
    return;
  self->active = !!active;
  if (active)
    {
      g_mutex_lock (&self->lock);
      self->fraction = 0.0;
      self->shown_fraction = 0.0;
      g_array_set_size (self->values, 0);
      g_mutex_unlock (&self->lock);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

int
sm_progress_core_cb (double  fraction,
                     void   *data)
{
  SmProgressScope *scope = data;

  if (scope->progress != NULL)
    sm_progress_set (scope->progress, scope->from + fraction * scope->span, NULL);
  return g_cancellable_is_cancelled (scope->cancellable);
}
