import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../common/schemas/errors';
import { getLogger } from '../util/log';
import { ECG_STORE_APPLICATION_ID, ECG_STORE_SCHEMA_VERSION, STORE_MIGRATIONS } from './schema';

const log = getLogger('store');

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Create the file (and its schema) when absent; otherwise a missing file is E_NOT_FOUND. */
  create?: boolean;
  /**
   * Read only (exports, merge inputs): no migration, and `query_only` refuses any write. SQLite still
   * opens the file read-write when it can, so closing removes the -wal/-shm files as usual.
   */
  readonly?: boolean;
  /** Clock for the migration record. */
  now?: () => Date;
}

const SQLITE_HEADER = 'SQLite format 3\0';
/** Page cache per connection: the grid's indexes and beat rows of a 100k-beat set stay in memory. */
export const ECG_STORE_CACHE_KIB = 64 * 1024;
/** 10,000 pages (~40 MB at 4 KiB) of WAL before SQLite checkpoints inside a commit. */
export const ECG_STORE_WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Check the 100-byte SQLite header before SQLite sees the file: a review set cut short by a failed
 * copy opens "fine" in SQLite and only fails on the first read of a missing page, possibly mid-session.
 */
function checkFileHeader(file: string): { userVersion: number; appId: number } {
  const size = statSync(file).size;
  if (size === 0) throw new AppError('E_CORRUPT_DATABASE', `${file} is empty, not a review set`);
  const buf = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, buf, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || buf.toString('latin1', 0, 16) !== SQLITE_HEADER) {
    throw new AppError('E_CORRUPT_DATABASE', `${file} is not a SQLite review set (bad or truncated header)`);
  }
  const rawPageSize = buf.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = buf.readUInt32BE(28);
  const changeCounter = buf.readUInt32BE(24);
  const validFor = buf.readUInt32BE(92);
  // The in-header page count is trustworthy only when "version-valid-for" matches the change counter.
  if (pages > 0 && validFor === changeCounter && size < pages * pageSize) {
    throw new AppError(
      'E_CORRUPT_DATABASE',
      `${file} is truncated: ${size} bytes on disk, the header promises ${pages * pageSize}`,
    );
  }
  return { userVersion: buf.readUInt32BE(60), appId: buf.readUInt32BE(68) };
}

function refuseNewerSchema(file: string, version: number): never {
  throw new AppError(
    'E_SCHEMA_TOO_NEW',
    `${file} was written by a newer ECG Review Desk (schema ${version}; this version reads up to ${ECG_STORE_SCHEMA_VERSION}). Update the app to open it.`,
  );
}

function translateSqliteError(file: string, err: unknown): never {
  if (err instanceof AppError) throw err;
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_CORRUPT' || e.code === 'SQLITE_NOTADB') {
    throw new AppError('E_CORRUPT_DATABASE', `${file} is damaged: ${e.message ?? e.code}`);
  }
  throw new AppError('E_IO', `cannot open ${file}: ${e.message ?? String(err)}`);
}

function setCommonPragmas(db: Db): void {
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${ECG_STORE_CACHE_KIB}`);
}

function readVersion(db: Db): { version: number; appId: number; tables: number } {
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  const { n } = db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number };
  return { version, appId, tables: n };
}

/** Apply every migration above `from`, each in its own transaction with its version bump. */
function migrate(db: Db, from: number, now: () => Date): void {
  for (let v = from; v < ECG_STORE_SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(STORE_MIGRATIONS[v]!);
      db.prepare(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`).run(v + 1, now().toISOString());
      db.pragma(`user_version = ${v + 1}`);
      if (v === 0) {
        db.pragma(`application_id = ${ECG_STORE_APPLICATION_ID}`);
        db.prepare(`INSERT INTO meta (key, value) VALUES ('createdAt', ?)`).run(now().toISOString());
      }
    })();
    log.info(`review set migrated to schema ${v + 1}`);
  }
}

/**
 * Open a review set: refuse damaged files, files that are not review sets and schemas newer than this
 * build (before anything is written), migrate older ones forward, then switch on WAL, FULL sync and
 * foreign keys.
 */
export function openReviewDatabase(file: string, opts: OpenDatabaseOptions = {}): Db {
  const exists = existsSync(file);
  if (!exists && !opts.create) throw new AppError('E_NOT_FOUND', `review set not found: ${file}`);
  if (exists) {
    const header = checkFileHeader(file);
    // Without a WAL the header is the whole truth: refuse before SQLite creates -wal/-shm files.
    const walSize = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
    if (walSize === 0 && header.userVersion > ECG_STORE_SCHEMA_VERSION) refuseNewerSchema(file, header.userVersion);
  }
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: !opts.create || Boolean(opts.readonly) });
    const { version, appId, tables } = readVersion(db);
    if (tables > 0 && appId !== ECG_STORE_APPLICATION_ID) {
      throw new AppError('E_INVALID_INPUT', `${file} is a SQLite database but not an ECG review set`);
    }
    if (version > ECG_STORE_SCHEMA_VERSION) refuseNewerSchema(file, version);
    if (opts.readonly) {
      if (version < ECG_STORE_SCHEMA_VERSION) {
        throw new AppError(
          'E_INVALID_INPUT',
          `${file} has the older schema ${version}; open it once for writing to migrate it to ${ECG_STORE_SCHEMA_VERSION}`,
        );
      }
      db.pragma('query_only = ON');
      setCommonPragmas(db);
      return db;
    }
    db.pragma('journal_mode = WAL');
    // FULL: a commit returns only after the WAL is fsynced, so an acknowledged label survives power loss.
    db.pragma('synchronous = FULL');
    setCommonPragmas(db);
    // Checkpoints mostly run when the reviewer is idle (ReviewStore); this is only the backstop, kept
    // high so a checkpoint's extra fsyncs rarely land inside a label write.
    db.pragma(`wal_autocheckpoint = ${ECG_STORE_WAL_AUTOCHECKPOINT_PAGES}`);
    if (version < ECG_STORE_SCHEMA_VERSION) migrate(db, version, opts.now ?? (() => new Date()));
    return db;
  } catch (err) {
    db?.close();
    translateSqliteError(file, err);
  }
}

/** `PRAGMA integrity_check` as a list of problems (empty = ok). Reads every page: slow on big sets. */
export function checkDatabaseIntegrity(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const msgs = rows.map((r) => r.integrity_check);
  return msgs.length === 1 && msgs[0] === 'ok' ? [] : msgs;
}

/** Refresh the query planner's statistics where tables changed a lot (cheap: analysis_limit). */
export function optimizeDatabase(db: Db): void {
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize');
}

export function isQueryOnly(db: Db): boolean {
  return db.readonly || db.pragma('query_only', { simple: true }) === 1;
}
