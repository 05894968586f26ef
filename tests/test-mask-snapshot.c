/* test-mask-snapshot.c: a snapshot reads the mask as it was, while another thread goes on
 * editing it, and copies only what that thread edits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <string.h>

#define N_FRAMES 1000   /* not a multiple of SM_MASK_SNAPSHOT_FRAMES: a short last run */
#define N_BINS   129

static SmMask *
random_mask (GRand *rand)
{
  SmMask *mask = sm_mask_new (N_FRAMES, N_BINS, 0.0f, NULL);

  g_assert_nonnull (mask);
  for (size_t i = 0; i < N_FRAMES * (size_t) N_BINS; i++)
    mask->levels[i] = (SmMaskLevel) g_rand_int_range (rand, 0, 256);
  return mask;
}

/* Frames [t0, t1), bins [f0, f1) of @mask, packed. */
static SmMaskLevel *
cut (const SmMask *mask,
     size_t        t0,
     size_t        t1,
     int           f0,
     int           f1)
{
  SmMaskLevel *out = g_new (SmMaskLevel, (t1 - t0) * (size_t) (f1 - f0));

  for (size_t t = t0; t < t1; t++)
    memcpy (out + (t - t0) * (size_t) (f1 - f0), mask->levels + t * N_BINS + f0,
            (size_t) (f1 - f0));
  return out;
}

static void
assert_reads (SmMaskSnapshot *snapshot,
              const SmMask   *expected,
              size_t          t0,
              size_t          t1,
              int             f0,
              int             f1)
{
  g_autofree SmMaskLevel *want = cut (expected, t0, t1, f0, f1);
  g_autofree SmMaskLevel *got = g_new (SmMaskLevel, (t1 - t0) * (size_t) (f1 - f0));

  g_assert_cmpint (sm_mask_snapshot_read (snapshot, t0, t1, f0, f1, got), ==, SM_OK);
  g_assert_cmpmem (got, (t1 - t0) * (size_t) (f1 - f0), want, (t1 - t0) * (size_t) (f1 - f0));
}

/* One thread: edits after the snapshot, each preserved first, are not seen; only the runs
 * of frames they reach are copied. */
static void
test_copy_on_write (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  SmMask *live = random_mask (rand);
  SmMask *before = sm_mask_copy (live);
  SmMaskSnapshot *snapshot = sm_mask_snapshot_new (live);
  const SmRect dab = { 130, 140, 20, 40 };
  const SmRect tail = { 990, 1000, 0, N_BINS };

  g_assert_nonnull (snapshot);
  g_assert_cmpuint (sm_mask_snapshot_n_frames (snapshot), ==, N_FRAMES);
  g_assert_cmpint (sm_mask_snapshot_n_bins (snapshot), ==, N_BINS);
  g_assert_cmpuint (sm_mask_snapshot_copied_bytes (snapshot), ==, 0);

  /* A dab within frames [128, 192): one run copied, whatever the bins. */
  sm_mask_snapshot_preserve (snapshot, dab);
  sm_mask_rectangle (live, dab, 1.0f, NULL);
  g_assert_cmpuint (sm_mask_snapshot_copied_bytes (snapshot), ==,
                    SM_MASK_SNAPSHOT_FRAMES * N_BINS);
  /* Again in the same run: nothing more, and the first copy stays the one read. */
  sm_mask_snapshot_preserve (snapshot, dab);
  sm_mask_rectangle (live, dab, 0.0f, NULL);
  g_assert_cmpuint (sm_mask_snapshot_copied_bytes (snapshot), ==,
                    SM_MASK_SNAPSHOT_FRAMES * N_BINS);
  /* The short last run: 1000 - 960 frames. */
  sm_mask_snapshot_preserve (snapshot, tail);
  sm_mask_fill (live, 0.5f, NULL);   /* unpreserved elsewhere: see below */
  g_assert_cmpuint (sm_mask_snapshot_copied_bytes (snapshot), ==,
                    (SM_MASK_SNAPSHOT_FRAMES + 40) * N_BINS);

  /* Preserved runs read as before; the rest reads live (the fill above broke the rule on
   * purpose, to tell the two apart). */
  assert_reads (snapshot, before, 128, 192, 0, N_BINS);
  assert_reads (snapshot, before, 135, 137, 25, 26);
  assert_reads (snapshot, before, 960, 1000, 0, N_BINS);
  assert_reads (snapshot, live, 0, 128, 0, N_BINS);
  assert_reads (snapshot, live, 192, 960, 3, 9);

  /* Outside the mask. */
  {
    SmMaskLevel out[4];

    g_assert_cmpint (sm_mask_snapshot_read (snapshot, 5, 5, 0, 1, out), ==, SM_ERROR_BAD_ARG);
    g_assert_cmpint (sm_mask_snapshot_read (snapshot, 999, 1001, 0, 1, out), ==,
                     SM_ERROR_BAD_ARG);
    g_assert_cmpint (sm_mask_snapshot_read (snapshot, 0, 1, 128, 130, out), ==,
                     SM_ERROR_BAD_ARG);
    g_assert_cmpint (sm_mask_snapshot_read (snapshot, 0, 1, -1, 1, out), ==, SM_ERROR_BAD_ARG);
  }
  g_assert_null (sm_mask_snapshot_new (NULL));

  sm_mask_snapshot_unref (snapshot);
  sm_mask_free (&before);
  sm_mask_free (&live);
}

/* The editor drops its mask: the snapshot keeps it, and frees it with itself (valgrind
 * and LeakSanitizer check that). */
static void
test_adopt (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);
  SmMask *live = random_mask (rand);
  SmMask *before = sm_mask_copy (live);
  SmMaskSnapshot *snapshot = sm_mask_snapshot_new (live);
  SmMaskSnapshot *reader = sm_mask_snapshot_ref (snapshot);
  const SmRect edit = { 300, 420, 0, 60 };

  sm_mask_snapshot_preserve (snapshot, edit);
  sm_mask_rectangle (live, edit, 1.0f, NULL);
  sm_mask_snapshot_adopt (snapshot, live);
  sm_mask_snapshot_unref (snapshot);   /* the editor's reference */
  assert_reads (reader, before, 0, N_FRAMES, 0, N_BINS);
  sm_mask_snapshot_unref (reader);
  sm_mask_free (&before);
}

typedef struct
{
  SmMaskSnapshot *snapshot;
  const SmMask   *before;
  gint            stop;
  guint           reads;
} Reader;

static gpointer
read_while_edited (gpointer data)
{
  Reader *r = data;
  g_autoptr (GRand) rand = g_rand_new_with_seed (13);

  while (!g_atomic_int_get (&r->stop) || r->reads < 50)
    {
      size_t t0 = (size_t) g_rand_int_range (rand, 0, N_FRAMES);
      size_t length = (size_t) g_rand_int_range (rand, 1, 300);   /* MIN() reads it twice */
      size_t t1 = MIN (t0 + length, N_FRAMES);
      int f0 = g_rand_int_range (rand, 0, N_BINS);
      int f1 = g_rand_int_range (rand, f0 + 1, N_BINS + 1);

      assert_reads (r->snapshot, r->before, t0, t1, f0, f1);
      r->reads++;
    }
  return NULL;
}

/* Two threads: every read, wherever it falls among the edits, gives the mask as it was. */
static void
test_concurrent_edits (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  SmMask *live = random_mask (rand);
  SmMask *before = sm_mask_copy (live);
  Reader reader = { sm_mask_snapshot_new (live), before, 0, 0 };
  GThread *thread = g_thread_new ("reader", read_while_edited, &reader);

  for (int i = 0; i < 400; i++)
    {
      size_t t0 = (size_t) g_rand_int_range (rand, 0, N_FRAMES);
      int f0 = g_rand_int_range (rand, 0, N_BINS);
      size_t frames = (size_t) g_rand_int_range (rand, 1, 40);
      int bins = g_rand_int_range (rand, 1, 40);
      SmRect rect = { t0, MIN (t0 + frames, N_FRAMES), f0, MIN (f0 + bins, N_BINS) };

      sm_mask_snapshot_preserve (reader.snapshot, rect);
      sm_mask_rectangle (live, rect, (float) g_rand_double (rand), NULL);
      if (i % 50 == 0)
        g_usleep (1000);
    }
  g_atomic_int_set (&reader.stop, 1);
  g_thread_join (thread);
  g_test_message ("%u reads during 400 edits", reader.reads);
  g_assert_cmpuint (reader.reads, >=, 50);
  /* The live mask did change. */
  g_assert_true (memcmp (live->levels, before->levels, N_FRAMES * (size_t) N_BINS) != 0);

  sm_mask_snapshot_unref (reader.snapshot);
  sm_mask_free (&before);
  sm_mask_free (&live);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/mask-snapshot/copy-on-write", test_copy_on_write);
  g_test_add_func ("/core/mask-snapshot/adopt", test_adopt);
  g_test_add_func ("/core/mask-snapshot/concurrent-edits", test_concurrent_edits);
  return g_test_run ();
}
