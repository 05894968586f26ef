/* test-project.c: project files: round trips, relative paths, atomic saving, errors and
 * autosaves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-core-glib.h"
#include "sm-mask-png.h"
#include "sm-project.h"
#include "sm-test-util.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

/* ----- Helpers ----- */

static SmMask *
random_binary_mask (size_t  n_frames,
                    int     n_bins,
                    guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  SmMask *mask = sm_mask_new (n_frames, n_bins, 0.0f, NULL);

  g_assert_nonnull (mask);
  for (size_t i = 0; i < n_frames * (size_t) n_bins; i++)
    mask->levels[i] = g_rand_boolean (rand) ? SM_MASK_LEVEL_MAX : 0;
  return mask;
}

static void
assert_masks_equal (const SmMask *a,
                    const SmMask *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->n_frames, ==, b->n_frames);
  g_assert_cmpint (a->n_bins, ==, b->n_bins);
  g_assert_cmpmem (a->levels, a->n_frames * (size_t) a->n_bins,
                   b->levels, b->n_frames * (size_t) b->n_bins);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @dir, sorted and separated by spaces, hidden ones included. */
static char *
folder_listing (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
read_text (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* The error is @code in SM_PROJECT_ERROR and its message names @path and holds @needle. */
static void
assert_project_error (const GError *error,
                      int           code,
                      const char   *path,
                      const char   *needle)
{
  g_autofree char *display = g_filename_display_name (path);

  g_assert_error (error, SM_PROJECT_ERROR, code);
  if (strstr (error->message, display) == NULL)
    g_error ("“%s” does not name %s", error->message, display);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention %s", error->message, needle);
}

/* The member at @pointer ("audio/mix") of the JSON in @path, as a string. */
static char *
json_string_at (const char *path,
                const char *pointer)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) parts = g_strsplit (pointer, "/", -1);
  JsonNode *node;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  node = json_parser_get_root (parser);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      node = json_object_get_member (json_node_get_object (node), parts[i]);
      g_assert_nonnull (node);
    }
  return json_node_dup_string (node);
}

/* A project with a mix in @dir and a small mask on a 64-point grid. */
static SmProject *
small_project (const char *dir,
               size_t      n_frames,
               guint32     seed)
{
  SmProject *project = sm_project_new ();

  project->mix_path = g_build_filename (dir, "mix.wav", NULL);
  sm_stft_params_default (&project->stft, 8000);
  project->stft.n_fft = 64;
  project->stft.hop = 16;
  project->mask = random_binary_mask (n_frames, 33, seed);
  return project;
}

/* Runs sm_project_save() with files limited to @limit bytes, as on a nearly full disk
 * (which root cannot ignore, unlike permissions). */
static gboolean
save_with_file_limit (const SmProject  *project,
                      const char       *path,
                      rlim_t            limit,
                      GError          **error)
{
  struct rlimit saved, small;
  void (*saved_handler) (int);
  gboolean ok;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = limit;
  /* Without SIGXFSZ ignored, crossing the limit would kill the test. */
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  ok = sm_project_save (project, path, error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);
  return ok;
}

/* ----- Round trips ----- */

static void
test_mask_path (void)
{
  const struct { const char *project, *mask; } cases[] = {
    { "/a/song.specmask", "/a/song.mask.png" },
    { "rel/x.y.specmask", "rel/x.y.mask.png" },
    { "/a/song.json", "/a/song.json.mask.png" },
    { "/a/.specmask", "/a/.specmask.mask.png" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *mask = sm_project_get_mask_path (cases[i].project);

      g_assert_cmpstr (mask, ==, cases[i].mask);
    }
}

static void
test_roundtrip (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "song.specmask", NULL);
  g_autofree char *mask_path = g_build_filename (dir, "song.mask.png", NULL);
  g_autoptr (SmProject) project = sm_project_new ();
  g_autoptr (SmProject) loaded = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonNode) saved_separation = NULL;
  g_autoptr (JsonNode) loaded_separation = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *mask_member = NULL;
  const char *separation_json =
    "{\"method\": \"nmf\", \"rank\": 12, \"beta\": 0.1, "
    "\"nested\": {\"list\": [1, 2.5, \"x\", null, true, {}]}, \"empty\": []}";

  project->mix_path = g_build_filename (dir, "mix.wav", NULL);
  project->target_path = g_build_filename (dir, "refs", "voice.wav", NULL);
  project->interferer_path = g_build_filename (dir, "refs", "band.wav", NULL);
  g_strfreev (project->training_paths);
  project->training_paths = g_new0 (char *, 4);
  project->training_paths[0] = g_build_filename (dir, "train", "b.wav", NULL);
  project->training_paths[1] = g_build_filename (dir, "train", "a.wav", NULL);
  project->training_paths[2] = g_build_filename (dir, "train", "c d é.wav", NULL);
  project->stft = (SmStftParams) {
    .window = SM_WINDOW_BLACKMAN, .n_fft = 512, .hop = 128,
    .pad = SM_PAD_REFLECT, .scaling = SM_SCALE_WINDOW_SUM,
  };
  g_free (project->view.colormap);
  g_free (project->view.freq_scale);
  g_free (project->view.overlay_color);
  project->view = (SmProjectView) {
    .colormap = g_strdup ("magma"), .floor_db = -80.3, .ceiling_db = 3.25,
    .freq_scale = g_strdup ("mel"), .overlay_color = g_strdup ("#12ab34cd"),
    .overlay_opacity = 0.1,
  };
  project->mask_settings = (SmProjectMaskSettings) {
    .threshold_db = -42.123456789, .relative = TRUE, .lc_db = 3.5, .floor_db = 45.0,
  };
  g_assert_true (json_parser_load_from_data (parser, separation_json, -1, &error));
  g_assert_no_error (error);
  project->separation = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  project->mask = random_binary_mask (301, 257, 1);

  g_assert_true (sm_project_save (project, path, &error));
  g_assert_no_error (error);
  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "song.mask.png song.specmask");
  mask_member = json_string_at (path, "mask");
  g_assert_cmpstr (mask_member, ==, "song.mask.png");

  loaded = sm_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpint (loaded->format_version, ==, SM_PROJECT_FORMAT_VERSION);
  g_assert_cmpstr (loaded->mix_path, ==, project->mix_path);
  g_assert_cmpstr (loaded->target_path, ==, project->target_path);
  g_assert_cmpstr (loaded->interferer_path, ==, project->interferer_path);
  g_assert_cmpstrv (loaded->training_paths, project->training_paths);
  g_assert_cmpmem (&loaded->stft, sizeof loaded->stft, &project->stft, sizeof project->stft);
  g_assert_cmpstr (loaded->view.colormap, ==, "magma");
  g_assert_cmpfloat (loaded->view.floor_db, ==, -80.3);
  g_assert_cmpfloat (loaded->view.ceiling_db, ==, 3.25);
  g_assert_cmpstr (loaded->view.freq_scale, ==, "mel");
  g_assert_cmpstr (loaded->view.overlay_color, ==, "#12ab34cd");
  g_assert_cmpfloat (loaded->view.overlay_opacity, ==, 0.1);
  g_assert_cmpfloat (loaded->mask_settings.threshold_db, ==, -42.123456789);
  g_assert_true (loaded->mask_settings.relative);
  g_assert_cmpfloat (loaded->mask_settings.lc_db, ==, 3.5);
  g_assert_cmpfloat (loaded->mask_settings.floor_db, ==, 45.0);
  g_assert_nonnull (loaded->separation);
  saved_separation = json_node_init_object (json_node_alloc (), project->separation);
  loaded_separation = json_node_init_object (json_node_alloc (), loaded->separation);
  g_assert_true (json_node_equal (saved_separation, loaded_separation));
  assert_masks_equal (project->mask, loaded->mask);

  /* Saving what was loaded changes nothing, byte for byte. */
  {
    g_autofree char *first = read_text (path);
    g_autofree char *second = NULL;

    g_assert_true (sm_project_save (loaded, path, &error));
    g_assert_no_error (error);
    second = read_text (path);
    g_assert_cmpstr (first, ==, second);
  }
  g_assert_true (g_file_test (mask_path, G_FILE_TEST_IS_REGULAR));
  sm_test_rm_rf (dir);
}

/* Optional members missing, unknown ones present: defaults, no complaint. */
static void
test_defaults (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "min.specmask", NULL);
  g_autofree char *mask_path = g_build_filename (dir, "min.mask.png", NULL);
  g_autofree char *mix_path = g_build_filename (dir, "m.wav", NULL);
  g_autoptr (SmProject) defaults = sm_project_new ();
  g_autoptr (SmProject) loaded = NULL;
  g_autoptr (SmMask) mask = random_binary_mask (5, defaults->stft.n_fft / 2 + 1, 2);
  g_autoptr (GError) error = NULL;
  const char *json =
    "{\"audio\": {\"mix\": \"m.wav\", \"target\": null, \"future\": 1},"
    " \"view\": {\"colormap\": \"plasma-2030\", \"sparkle\": true},"
    " \"hologram\": {\"depth\": [1, 2]}}";

  g_assert_true (sm_mask_png_save (mask, mask_path, &error));
  g_assert_no_error (error);
  sm_test_write_bytes (path, json, strlen (json));

  loaded = sm_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->format_version, ==, 1);
  g_assert_cmpstr (loaded->mix_path, ==, mix_path);
  g_assert_null (loaded->target_path);
  g_assert_null (loaded->interferer_path);
  g_assert_nonnull (loaded->training_paths);
  g_assert_cmpuint (g_strv_length (loaded->training_paths), ==, 0);
  g_assert_cmpmem (&loaded->stft, sizeof loaded->stft, &defaults->stft, sizeof defaults->stft);
  /* Kept as written: a newer version may know it. */
  g_assert_cmpstr (loaded->view.colormap, ==, "plasma-2030");
  g_assert_cmpfloat (loaded->view.floor_db, ==, defaults->view.floor_db);
  g_assert_cmpfloat (loaded->view.ceiling_db, ==, defaults->view.ceiling_db);
  g_assert_cmpstr (loaded->view.freq_scale, ==, defaults->view.freq_scale);
  g_assert_cmpstr (loaded->view.overlay_color, ==, defaults->view.overlay_color);
  g_assert_cmpfloat (loaded->view.overlay_opacity, ==, defaults->view.overlay_opacity);
  g_assert_cmpmem (&loaded->mask_settings, sizeof loaded->mask_settings,
                   &defaults->mask_settings, sizeof defaults->mask_settings);
  g_assert_null (loaded->separation);
  assert_masks_equal (mask, loaded->mask);
  sm_test_rm_rf (dir);
}

/* ----- Paths ----- */

/* A project in a/ keeps audio in a/ and a/sub/ as "x.wav" and "sub/z.wav", audio in the
 * sibling b/ as "../b/y.wav", and audio that shares only the root with it as is. */
static void
test_relative_paths (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "a", "p.specmask", NULL);
  g_autofree char *folder_a = g_build_filename (dir, "a", NULL);
  g_autofree char *folder_b = g_build_filename (dir, "b", NULL);
  g_autofree char *far = g_build_filename (G_DIR_SEPARATOR_S, "specmask-elsewhere", "w.wav",
                                           NULL);
  g_autoptr (SmProject) project = small_project (folder_a, 10, 3);
  g_autoptr (SmProject) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *mix = NULL;
  g_autofree char *target = NULL;
  g_autofree char *interferer = NULL;
  g_autofree char *x_wav = g_build_filename (folder_a, "x.wav", NULL);

  g_assert_cmpint (g_mkdir (folder_a, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (folder_b, 0755), ==, 0);
  g_free (project->mix_path);
  /* Not canonical on purpose: "." and ".." are resolved before comparing. */
  project->mix_path = g_build_filename (folder_b, "..", "a", ".", "x.wav", NULL);
  project->target_path = g_build_filename (folder_b, "y.wav", NULL);
  project->interferer_path = g_strdup (far);
  g_strfreev (project->training_paths);
  project->training_paths = g_new0 (char *, 2);
  project->training_paths[0] = g_build_filename (folder_a, "sub", "z.wav", NULL);

  g_assert_true (sm_project_save (project, path, &error));
  g_assert_no_error (error);
  mix = json_string_at (path, "audio/mix");
  target = json_string_at (path, "audio/target");
  interferer = json_string_at (path, "audio/interferer");
  g_assert_cmpstr (mix, ==, "x.wav");
  g_assert_cmpstr (target, ==, "../b/y.wav");
  g_assert_cmpstr (interferer, ==, far);

  loaded = sm_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->mix_path, ==, x_wav);
  g_assert_cmpstr (loaded->target_path, ==, project->target_path);
  g_assert_cmpstr (loaded->interferer_path, ==, far);
  g_assert_cmpstrv (loaded->training_paths, project->training_paths);
  sm_test_rm_rf (dir);
}

/* Moving the folder that holds the project and its audio keeps the project whole. */
static void
test_move_folder (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *before = g_build_filename (dir, "session", NULL);
  g_autofree char *after = g_build_filename (dir, "renamed", "deeper", NULL);
  g_autofree char *parent = g_build_filename (dir, "renamed", NULL);
  g_autofree char *path = g_build_filename (before, "p.specmask", NULL);
  g_autofree char *moved = g_build_filename (after, "p.specmask", NULL);
  g_autofree char *moved_mix = g_build_filename (after, "mix.wav", NULL);
  g_autofree char *moved_target = g_build_filename (after, "refs", "t.wav", NULL);
  g_autoptr (SmProject) project = small_project (before, 40, 4);
  g_autoptr (SmProject) loaded = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir (before, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (parent, 0755), ==, 0);
  project->target_path = g_build_filename (before, "refs", "t.wav", NULL);
  g_assert_true (sm_project_save (project, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_rename (before, after), ==, 0);

  loaded = sm_project_load (moved, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->mix_path, ==, moved_mix);
  g_assert_cmpstr (loaded->target_path, ==, moved_target);
  assert_masks_equal (project->mask, loaded->mask);
  sm_test_rm_rf (dir);
}

/* ----- Saving safely ----- */

/* Where no file can be created, saving fails, names the file and leaves nothing behind.
 * Built from paths rather than permissions, which root ignores. */
static void
test_save_unwritable (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *file = g_build_filename (dir, "plain.txt", NULL);
  g_autofree char *in_file = g_build_filename (file, "p.specmask", NULL);
  g_autofree char *in_missing = g_build_filename (dir, "no-such-folder", "p.specmask", NULL);
  g_autoptr (SmProject) project = small_project (dir, 10, 5);
  g_autofree char *listing = NULL;
  const char *paths[] = { in_file, in_missing };

  sm_test_write_bytes (file, "x", 1);
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (sm_project_save (project, paths[i], &error));
      assert_project_error (error, SM_PROJECT_ERROR_IO, paths[i], NULL);
    }
  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "plain.txt");
  sm_test_rm_rf (dir);
}

/* Saving over a project replaces both files and leaves no temporaries or backups. */
static void
test_save_replaces (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "p.specmask", NULL);
  g_autoptr (SmProject) first = small_project (dir, 10, 6);
  g_autoptr (SmProject) second = small_project (dir, 77, 7);
  g_autoptr (SmProject) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_true (sm_project_save (first, path, &error));
  g_assert_no_error (error);
  second->mask_settings.lc_db = 9.0;
  g_assert_true (sm_project_save (second, path, &error));
  g_assert_no_error (error);
  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "p.mask.png p.specmask");
  loaded = sm_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (loaded->mask_settings.lc_db, ==, 9.0);
  assert_masks_equal (second->mask, loaded->mask);
  sm_test_rm_rf (dir);
}

/* The disk fills up while the mask is written (here, while the JSON is): the old project
 * stays as it was, both files byte for byte, and no temporary is left. */
static void
test_save_write_fails (gconstpointer data)
{
  gboolean json_fails = GPOINTER_TO_INT (data);
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "p.specmask", NULL);
  g_autofree char *mask_path = g_build_filename (dir, "p.mask.png", NULL);
  g_autoptr (SmProject) old = small_project (dir, 10, 8);
  /* Random bits do not compress: a mask of 2000 x 33 takes over 8 KiB. */
  g_autoptr (SmProject) next = small_project (dir, json_fails ? 12 : 2000, 9);
  g_autoptr (SmProject) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *old_json = NULL;
  g_autofree char *old_png = NULL;
  g_autofree char *now_json = NULL;
  g_autofree char *now_png = NULL;
  g_autofree char *listing = NULL;
  gsize old_png_len, now_png_len;

  g_assert_true (sm_project_save (old, path, &error));
  g_assert_no_error (error);
  old_json = read_text (path);
  g_assert_true (g_file_get_contents (mask_path, &old_png, &old_png_len, NULL));
  g_assert_cmpuint (strlen (old_json), <, 4096);
  g_assert_cmpuint (old_png_len, <, 4096);

  if (json_fails)
    {
      g_autofree char *padding = g_strnfill (8192, 'x');

      next->separation = json_object_new ();
      json_object_set_string_member (next->separation, "padding", padding);
    }
  g_assert_false (save_with_file_limit (next, path, 4096, &error));
  assert_project_error (error, SM_PROJECT_ERROR_IO, path, NULL);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "p.mask.png p.specmask");
  now_json = read_text (path);
  g_assert_cmpstr (now_json, ==, old_json);
  g_assert_true (g_file_get_contents (mask_path, &now_png, &now_png_len, NULL));
  g_assert_cmpmem (now_png, now_png_len, old_png, old_png_len);
  loaded = sm_project_load (path, &error);
  g_assert_no_error (error);
  assert_masks_equal (old->mask, loaded->mask);
  sm_test_rm_rf (dir);
}

/* A folder where the mask should go is found before anything is written. */
static void
test_save_folder_in_the_way (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "p.specmask", NULL);
  g_autofree char *mask_path = g_build_filename (dir, "p.mask.png", NULL);
  g_autoptr (SmProject) project = small_project (dir, 10, 10);
  g_autoptr (GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_cmpint (g_mkdir (mask_path, 0755), ==, 0);
  g_assert_false (sm_project_save (project, path, &error));
  assert_project_error (error, SM_PROJECT_ERROR_IO, mask_path, NULL);
  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "p.mask.png");
  sm_test_rm_rf (dir);
}

/* A project that would not load back is refused before anything is written. */
static void
test_save_invalid (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "p.specmask", NULL);
  g_autofree char *listing = NULL;

  for (int i = 0; i < 6; i++)
    {
      g_autoptr (SmProject) project = small_project (dir, 10, 11);
      g_autoptr (GError) error = NULL;
      const char *needle = NULL;

      switch (i)
        {
        case 0: g_clear_pointer (&project->mix_path, g_free); needle = "mix"; break;
        case 1: sm_mask_free (&project->mask); needle = "mask"; break;
        case 2: project->stft.n_fft = 128; needle = "bins"; break;
        case 3: project->view.floor_db = NAN; needle = "view.floor_db"; break;
        case 4: project->view.overlay_opacity = 1.5; needle = "overlay_opacity"; break;
        case 5:
          g_free (project->view.overlay_color);
          project->view.overlay_color = g_strdup ("red");
          needle = "overlay_color";
          break;
        default: g_assert_not_reached ();
        }
      g_assert_false (sm_project_save (project, path, &error));
      assert_project_error (error, SM_PROJECT_ERROR_INVALID, path, needle);
    }
  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "");
  sm_test_rm_rf (dir);
}

/* ----- Loading errors ----- */

#define MIX "\"audio\": {\"mix\": \"m.wav\"}"

static void
test_load_invalid (void)
{
  const struct { const char *json; int code; const char *needle; } cases[] = {
    { "{\"audio\": {\"mix\": \"m.wav\"", SM_PROJECT_ERROR_PARSE, "JSON" },
    { "", SM_PROJECT_ERROR_PARSE, "empty" },
    { " \n ", SM_PROJECT_ERROR_PARSE, "empty" },
    { "[1, 2]", SM_PROJECT_ERROR_INVALID, "not an object" },
    { "{\"format_version\": 2, " MIX "}", SM_PROJECT_ERROR_VERSION, "newer" },
    { "{\"format_version\": 99, \"audio\": 5}", SM_PROJECT_ERROR_VERSION, "format 99" },
    { "{\"format_version\": \"1\", " MIX "}", SM_PROJECT_ERROR_INVALID, "“format_version”" },
    { "{\"format_version\": 0, " MIX "}", SM_PROJECT_ERROR_INVALID, "“format_version”" },
    { "{\"format_version\": 1}", SM_PROJECT_ERROR_INVALID, "“audio.mix”" },
    { "{\"audio\": [\"m.wav\"]}", SM_PROJECT_ERROR_INVALID, "“audio” must be an object" },
    { "{\"audio\": {\"mix\": 5}}", SM_PROJECT_ERROR_INVALID, "“audio.mix” must be a string" },
    { "{\"audio\": {\"mix\": \"\"}}", SM_PROJECT_ERROR_INVALID, "“audio.mix”" },
    { "{\"audio\": {\"mix\": \"m.wav\", \"training\": \"t.wav\"}}", SM_PROJECT_ERROR_INVALID,
      "“audio.training”" },
    { "{\"audio\": {\"mix\": \"m.wav\", \"training\": [\"t.wav\", 3]}}",
      SM_PROJECT_ERROR_INVALID, "“audio.training”" },
    { "{" MIX ", \"stft\": {\"n_fft\": 512.5}}", SM_PROJECT_ERROR_INVALID,
      "“stft.n_fft” must be an integer" },
    { "{" MIX ", \"stft\": {\"n_fft\": 1e30}}", SM_PROJECT_ERROR_INVALID, "“stft.n_fft”" },
    { "{" MIX ", \"stft\": {\"n_fft\": 100, \"hop\": 0}}", SM_PROJECT_ERROR_INVALID, "stft" },
    { "{" MIX ", \"stft\": {\"window\": \"kaiser\"}}", SM_PROJECT_ERROR_INVALID,
      "“stft.window”" },
    { "{" MIX ", \"stft\": {\"pad\": \"mirror\"}}", SM_PROJECT_ERROR_INVALID, "“stft.pad”" },
    { "{" MIX ", \"stft\": {\"scaling\": 1}}", SM_PROJECT_ERROR_INVALID, "“stft.scaling”" },
    { "{" MIX ", \"view\": {\"floor_db\": \"loud\"}}", SM_PROJECT_ERROR_INVALID,
      "“view.floor_db” must be a number" },
    { "{" MIX ", \"view\": {\"ceiling_db\": 1e999}}", SM_PROJECT_ERROR_INVALID,
      "“view.ceiling_db”" },
    { "{" MIX ", \"view\": {\"overlay_color\": \"red\"}}", SM_PROJECT_ERROR_INVALID,
      "“view.overlay_color”" },
    { "{" MIX ", \"view\": {\"overlay_opacity\": 2}}", SM_PROJECT_ERROR_INVALID,
      "“view.overlay_opacity”" },
    { "{" MIX ", \"view\": {\"colormap\": {}}}", SM_PROJECT_ERROR_INVALID,
      "“view.colormap” must be a string" },
    { "{" MIX ", \"mask_settings\": {\"relative\": 1}}", SM_PROJECT_ERROR_INVALID,
      "“mask_settings.relative” must be true or false" },
    { "{" MIX ", \"separation\": [1]}", SM_PROJECT_ERROR_INVALID,
      "“separation” must be an object" },
    { "{" MIX ", \"mask\": 3}", SM_PROJECT_ERROR_INVALID, "“mask”" },
  };
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "bad.specmask", NULL);
  g_autofree char *mask_path = g_build_filename (dir, "bad.mask.png", NULL);
  g_autoptr (SmMask) mask = random_binary_mask (4, 1025, 12);
  g_autoptr (GError) png_error = NULL;

  /* A good mask for the default grid, so that only the JSON can be at fault. */
  g_assert_true (sm_mask_png_save (mask, mask_path, &png_error));
  g_assert_no_error (png_error);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SmProject) project = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, cases[i].json);
      sm_test_write_bytes (path, cases[i].json, strlen (cases[i].json));
      project = sm_project_load (path, &error);
      g_assert_null (project);
      g_test_message ("  -> %s", error->message);
      assert_project_error (error, cases[i].code, path, cases[i].needle);
    }
  sm_test_rm_rf (dir);
}

static void
test_load_files (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "p.specmask", NULL);
  g_autofree char *mask_path = g_build_filename (dir, "p.mask.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "nothing.specmask", NULL);
  g_autoptr (SmProject) project = small_project (dir, 10, 13);
  g_autoptr (SmMask) tall = random_binary_mask (10, 65, 14);
  g_autoptr (GError) error = NULL;

  /* No project file at all. */
  g_assert_null (sm_project_load (missing, &error));
  assert_project_error (error, SM_PROJECT_ERROR_IO, missing, NULL);
  g_clear_error (&error);

  /* A folder instead of a file. */
  g_assert_null (sm_project_load (dir, &error));
  assert_project_error (error, SM_PROJECT_ERROR_IO, dir, NULL);
  g_clear_error (&error);

  /* The mask image is gone. */
  g_assert_true (sm_project_save (project, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (mask_path), ==, 0);
  g_assert_null (sm_project_load (path, &error));
  assert_project_error (error, SM_PROJECT_ERROR_MASK, path, mask_path);
  g_assert_true (strstr (error->message, "missing") != NULL);
  g_clear_error (&error);

  /* It is not an image. */
  sm_test_write_bytes (mask_path, "GIF89a", 6);
  g_assert_null (sm_project_load (path, &error));
  assert_project_error (error, SM_PROJECT_ERROR_MASK, path, mask_path);
  g_clear_error (&error);

  /* It is a mask for another STFT: 65 bins where 64 points give 33. */
  g_assert_true (sm_mask_png_save (tall, mask_path, &error));
  g_assert_no_error (error);
  g_assert_null (sm_project_load (path, &error));
  assert_project_error (error, SM_PROJECT_ERROR_MASK, path, "33 bins");
  sm_test_rm_rf (dir);
}

/* ----- Autosave ----- */

static void
test_autosave (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *expected_dir = g_build_filename (state, "specmask", "autosave", NULL);
  g_autofree char *autosave_dir = NULL;
  g_autofree char *project_key = g_build_filename (dir, "work", "song.specmask", NULL);
  g_autofree char *mix_key = g_build_filename (dir, "work", "unsaved-mix.wav", NULL);
  g_autofree char *project_autosave = NULL;
  g_autofree char *mix_autosave = NULL;
  g_autofree char *junk = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *stored_mix = NULL;
  g_autoptr (SmProject) first = small_project (dir, 20, 15);
  g_autoptr (SmProject) second = small_project (dir, 30, 16);
  g_autoptr (SmProject) loaded = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) start = g_date_time_new_now_local ();
  GStatBuf info;
  SmProjectAutosave *entry;

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  autosave_dir = sm_project_get_autosave_dir ();
  g_assert_cmpstr (autosave_dir, ==, expected_dir);

  /* Nothing yet, not even the folder. */
  list = sm_project_list_autosaves (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  project_autosave = sm_project_autosave_path (project_key);
  mix_autosave = sm_project_autosave_path (mix_key);
  g_assert_true (g_str_has_prefix (project_autosave, expected_dir));
  g_assert_true (g_str_has_suffix (project_autosave, SM_PROJECT_SUFFIX));
  g_assert_cmpstr (project_autosave, !=, mix_autosave);

  g_assert_true (sm_project_write_autosave (first, project_key, &error));
  g_assert_no_error (error);
  g_usleep (20000);
  g_assert_true (sm_project_write_autosave (second, mix_key, &error));
  g_assert_no_error (error);
  /* Again under the same key: replaced, not added. */
  g_usleep (20000);
  g_assert_true (sm_project_write_autosave (second, mix_key, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (expected_dir, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);
  /* Absolute paths: the audio is nowhere near the state folder. */
  stored_mix = json_string_at (project_autosave, "audio/mix");
  g_assert_cmpstr (stored_mix, ==, first->mix_path);

  /* Things that are not autosaves: a temporary, a broken file, a plain project. */
  junk = g_build_filename (expected_dir, ".abc.specmask.X1Y2Z3", NULL);
  sm_test_write_bytes (junk, "{", 1);
  g_clear_pointer (&junk, g_free);
  junk = g_build_filename (expected_dir, "broken.specmask", NULL);
  sm_test_write_bytes (junk, "{\"autosave\": ", 13);
  g_clear_pointer (&junk, g_free);
  junk = g_build_filename (expected_dir, "plain.specmask", NULL);
  g_assert_true (sm_project_save (first, junk, &error));
  g_assert_no_error (error);

  list = sm_project_list_autosaves (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  entry = g_ptr_array_index (list, 0);
  g_assert_cmpstr (entry->path, ==, mix_autosave);
  g_assert_cmpstr (entry->key, ==, mix_key);
  g_assert_cmpint (g_date_time_compare (entry->time, start), >=, 0);
  entry = g_ptr_array_index (list, 1);
  g_assert_cmpstr (entry->path, ==, project_autosave);
  g_assert_cmpstr (entry->key, ==, project_key);
  g_assert_cmpint (g_date_time_compare (entry->time, start), >=, 0);
  g_assert_cmpint (g_date_time_compare (entry->time,
                                        ((SmProjectAutosave *) list->pdata[0])->time), <, 0);

  loaded = sm_project_load (entry->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->mix_path, ==, first->mix_path);
  assert_masks_equal (first->mask, loaded->mask);

  /* Discarding removes the JSON and its mask, and twice is fine. */
  g_assert_true (sm_project_discard_autosave (project_autosave, &error));
  g_assert_no_error (error);
  g_assert_true (sm_project_discard_autosave (project_autosave, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sm_project_list_autosaves (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((SmProjectAutosave *) list->pdata[0])->key, ==, mix_key);
  g_assert_true (sm_project_discard_autosave (mix_autosave, &error));
  g_assert_no_error (error);

  listing = folder_listing (expected_dir);
  g_assert_cmpstr (listing, ==,
                   ".abc.specmask.X1Y2Z3 broken.specmask plain.mask.png plain.specmask");
  g_unsetenv ("XDG_STATE_HOME");
  sm_test_rm_rf (dir);
}

/* The autosave folder cannot be made: the error names it. */
static void
test_autosave_unwritable (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *state = g_build_filename (dir, "state-is-a-file", NULL);
  g_autoptr (SmProject) project = small_project (dir, 10, 17);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;

  sm_test_write_bytes (state, "x", 1);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_assert_false (sm_project_write_autosave (project, "/x/p.specmask", &error));
  assert_project_error (error, SM_PROJECT_ERROR_IO, state, NULL);
  g_clear_error (&error);
  list = sm_project_list_autosaves (&error);
  assert_project_error (error, SM_PROJECT_ERROR_IO, state, NULL);
  g_assert_null (list);
  g_unsetenv ("XDG_STATE_HOME");
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/project/mask-path", test_mask_path);
  g_test_add_func ("/app/project/roundtrip", test_roundtrip);
  g_test_add_func ("/app/project/defaults", test_defaults);
  g_test_add_func ("/app/project/paths/relative", test_relative_paths);
  g_test_add_func ("/app/project/paths/move-folder", test_move_folder);
  g_test_add_func ("/app/project/save/unwritable", test_save_unwritable);
  g_test_add_func ("/app/project/save/replaces", test_save_replaces);
  g_test_add_data_func ("/app/project/save/mask-write-fails", GINT_TO_POINTER (FALSE),
                        test_save_write_fails);
  g_test_add_data_func ("/app/project/save/json-write-fails", GINT_TO_POINTER (TRUE),
                        test_save_write_fails);
  g_test_add_func ("/app/project/save/folder-in-the-way", test_save_folder_in_the_way);
  g_test_add_func ("/app/project/save/invalid", test_save_invalid);
  g_test_add_func ("/app/project/load/invalid", test_load_invalid);
  g_test_add_func ("/app/project/load/files", test_load_files);
  g_test_add_func ("/app/project/autosave/cycle", test_autosave);
  g_test_add_func ("/app/project/autosave/unwritable", test_autosave_unwritable);

  return g_test_run ();
}
