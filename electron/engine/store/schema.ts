/**
 * Review-set schema as forward-only migrations. Migration i takes the database from version i to
 * i + 1; `PRAGMA user_version` holds the version and `schema_migrations` records when each ran.
 * Never edit a shipped migration: append a new one.
 */
export const ECG_STORE_APPLICATION_ID = 0x45434752; // 'ECGR': tells a review set from any SQLite file

export const STORE_MIGRATIONS: readonly string[] = [
  /* 0 → 1 */ `
  CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE images (
    key INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    dpi REAL,
    kind TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'partial', 'refused')),
    reasons TEXT NOT NULL DEFAULT '[]',
    added_at TEXT NOT NULL
  );

  CREATE TABLE leads (
    key INTEGER PRIMARY KEY,
    image_key INTEGER NOT NULL REFERENCES images(key) ON DELETE CASCADE,
    name TEXT NOT NULL,
    fs REAL NOT NULL CHECK (fs > 0),
    start_time REAL NOT NULL DEFAULT 0,
    n_samples INTEGER NOT NULL,
    samples BLOB NOT NULL,            -- Float32 little-endian mV, NaN = gap
    pixel_map TEXT,                   -- PixelMap JSON
    quality TEXT,                     -- LeadQuality JSON
    UNIQUE (image_key, name)
  );

  -- id is the stable identity <sha256>:<lead>:<rSample>; key is only a local join handle.
  -- pred_*, final_label, disagreement and flagged are derived (from predictions and the label log)
  -- and kept here so the grid can filter and sort 100k beats through indexes.
  CREATE TABLE beats (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    image_key INTEGER NOT NULL REFERENCES images(key) ON DELETE CASCADE,
    lead_key INTEGER NOT NULL REFERENCES leads(key) ON DELETE CASCADE,
    r_sample INTEGER NOT NULL,
    fs REAL NOT NULL,
    window_start INTEGER NOT NULL,
    window_end INTEGER NOT NULL,
    rhythm TEXT,                      -- RhythmContext JSON or NULL
    reference TEXT,
    thumb BLOB,                       -- Float32 decimated window for the grid
    pred_class INTEGER,               -- index into AAMI_CLASSES, so 'class' sorts N,S,V,F,Q
    pred_entropy REAL,
    pred_abstain INTEGER NOT NULL DEFAULT 0,
    final_label TEXT,
    disagreement INTEGER NOT NULL DEFAULT 0,  -- bit 1: reviewers disagree, bit 2: a reviewer disagrees with the model
    flagged INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX beats_position ON beats (image_key, lead_key, r_sample);
  CREATE INDEX beats_uncertainty ON beats (pred_entropy DESC, key);
  CREATE INDEX beats_class ON beats (pred_class, pred_entropy DESC, key);
  CREATE INDEX beats_final ON beats (final_label);
  CREATE INDEX beats_disagreement ON beats (disagreement, pred_entropy DESC) WHERE disagreement <> 0;
  CREATE INDEX beats_flagged ON beats (key) WHERE flagged <> 0;

  CREATE TABLE models (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    manifest TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE predictions (
    beat_key INTEGER NOT NULL REFERENCES beats(key) ON DELETE CASCADE,
    model_key INTEGER NOT NULL REFERENCES models(key) ON DELETE CASCADE,
    predicted TEXT NOT NULL,
    probs TEXT NOT NULL,
    fold_probs TEXT NOT NULL,
    entropy REAL NOT NULL,
    mutual_info REAL NOT NULL,
    abstain INTEGER NOT NULL,
    rhythm_used INTEGER NOT NULL,
    saliency BLOB,
    PRIMARY KEY (beat_key, model_key)
  ) WITHOUT ROWID;

  CREATE TABLE embeddings (
    beat_key INTEGER NOT NULL REFERENCES beats(key) ON DELETE CASCADE,
    model_key INTEGER NOT NULL REFERENCES models(key) ON DELETE CASCADE,
    vec BLOB NOT NULL,
    PRIMARY KEY (model_key, beat_key)
  ) WITHOUT ROWID;

  CREATE TABLE reviewers (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'adjudicator')),
    added_at TEXT NOT NULL
  );

  -- The append-only log. Nothing updates or deletes a row (the triggers below refuse it).
  CREATE TABLE label_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,         -- global identity, so merges never duplicate an event
    beat_id TEXT NOT NULL REFERENCES beats(id),
    reviewer TEXT NOT NULL REFERENCES reviewers(name),
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'adjudicator')),
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('label', 'accept', 'undo', 'redo', 'comment', 'flag', 'unflag', 'adjudicate')),
    from_label TEXT,
    to_label TEXT,
    text TEXT,
    action INTEGER                    -- local undo group (one user action); NULL after a merge
  );
  CREATE INDEX label_events_beat ON label_events (beat_id, reviewer, id);
  CREATE INDEX label_events_reviewer ON label_events (reviewer, id);
  CREATE INDEX label_events_action ON label_events (action) WHERE action IS NOT NULL;
  CREATE TRIGGER label_events_no_update BEFORE UPDATE ON label_events
    BEGIN SELECT RAISE(ABORT, 'label_events is append-only'); END;
  CREATE TRIGGER label_events_no_delete BEFORE DELETE ON label_events
    BEGIN SELECT RAISE(ABORT, 'label_events is append-only'); END;

  -- The current label of each reviewer per beat, straight from the log (the definition).
  CREATE VIEW current_label_view AS
    SELECT e.beat_id, e.reviewer, e.role, e.to_label AS label, e.at, e.id AS event_id
    FROM label_events e
    WHERE e.kind IN ('label', 'accept', 'undo', 'redo', 'adjudicate')
      AND e.to_label IS NOT NULL
      AND e.id = (SELECT max(e2.id) FROM label_events e2
                  WHERE e2.beat_id = e.beat_id AND e2.reviewer = e.reviewer
                    AND e2.kind IN ('label', 'accept', 'undo', 'redo', 'adjudicate'));

  -- The same, materialised in the transaction that appends each event (fast filters on "my label").
  CREATE TABLE current_labels (
    beat_key INTEGER NOT NULL REFERENCES beats(key) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    role TEXT NOT NULL,
    label TEXT NOT NULL,
    at TEXT NOT NULL,
    event_id INTEGER NOT NULL,
    PRIMARY KEY (beat_key, reviewer)
  ) WITHOUT ROWID;
  CREATE INDEX current_labels_reviewer ON current_labels (reviewer, label);

  -- Undo/redo stacks per reviewer: one row per user action; undoing appends events and flips state.
  CREATE TABLE reviewer_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reviewer TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('done', 'undone', 'dropped')),
    seq INTEGER NOT NULL              -- bumped on every undo/redo so the stacks stay ordered
  );
  CREATE INDEX reviewer_actions_stack ON reviewer_actions (reviewer, state, seq);
  CREATE INDEX reviewer_actions_seq ON reviewer_actions (seq);
  `,
  /* 1 → 2 */ `
  -- Files of a batch that never became an image (not an image, unreadable, cut short, duplicates),
  -- so the review set can show every file's outcome, not only the images'.
  CREATE TABLE refused_files (
    path TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
  );
  `,
  /* 2 → 3 */ `
  -- Record level (a whole 12-lead sheet). Predictions of record models, one row per image and model;
  -- record models are not beat models, so they are named by id here rather than in \`models\`.
  CREATE TABLE record_predictions (
    image_key INTEGER NOT NULL REFERENCES images(key) ON DELETE CASCADE,
    model_id TEXT NOT NULL,
    probs TEXT NOT NULL,              -- JSON, RECORD_CLASSES order
    predicted TEXT NOT NULL,
    entropy REAL NOT NULL,
    abstain INTEGER NOT NULL,
    saliency TEXT NOT NULL,           -- LeadSaliency[] JSON
    at TEXT NOT NULL,
    PRIMARY KEY (image_key, model_id)
  ) WITHOUT ROWID;

  -- The record-label log, append-only like label_events; undo groups share reviewer_actions with it.
  CREATE TABLE record_label_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    image_sha256 TEXT NOT NULL REFERENCES images(sha256),
    reviewer TEXT NOT NULL REFERENCES reviewers(name),
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'adjudicator')),
    at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('label', 'accept', 'undo', 'redo', 'adjudicate')),
    from_label TEXT,
    to_label TEXT,
    action INTEGER
  );
  CREATE INDEX record_label_events_image ON record_label_events (image_sha256, reviewer, id);
  CREATE INDEX record_label_events_action ON record_label_events (action) WHERE action IS NOT NULL;
  CREATE TRIGGER record_label_events_no_update BEFORE UPDATE ON record_label_events
    BEGIN SELECT RAISE(ABORT, 'record_label_events is append-only'); END;
  CREATE TRIGGER record_label_events_no_delete BEFORE DELETE ON record_label_events
    BEGIN SELECT RAISE(ABORT, 'record_label_events is append-only'); END;

  CREATE VIEW current_record_label_view AS
    SELECT e.image_sha256, e.reviewer, e.role, e.to_label AS label, e.at, e.id AS event_id
    FROM record_label_events e
    WHERE e.to_label IS NOT NULL
      AND e.id = (SELECT max(e2.id) FROM record_label_events e2
                  WHERE e2.image_sha256 = e.image_sha256 AND e2.reviewer = e.reviewer);

  CREATE TABLE current_record_labels (
    image_key INTEGER NOT NULL REFERENCES images(key) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    role TEXT NOT NULL,
    label TEXT NOT NULL,
    at TEXT NOT NULL,
    event_id INTEGER NOT NULL,
    PRIMARY KEY (image_key, reviewer)
  ) WITHOUT ROWID;
  `,
];

export const ECG_STORE_SCHEMA_VERSION = STORE_MIGRATIONS.length;
