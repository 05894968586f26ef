/* sm-workers.c: a count of running workers and a wait for none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-workers.h"

static GMutex lock;
static GCond done;
static int running;

void
sm_workers_hold (void)
{
  g_mutex_lock (&lock);
  running++;
  g_mutex_unlock (&lock);
}

void
sm_workers_release (void)
{
  g_mutex_lock (&lock);
  g_assert (running > 0);
  running--;
  g_cond_broadcast (&done);
  g_mutex_unlock (&lock);
}

void
sm_workers_wait_idle (void)
{
  g_mutex_lock (&lock);
  while (running > 0)
    g_cond_wait (&done, &lock);
  g_mutex_unlock (&lock);
}
