import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';

const CACHE = new WeakMap<Db, Map<string, Statement>>();

/**
 * Prepared statements reused per connection: preparing costs more than a label write itself.
 * `pluck()`/`raw()` change a statement in place, so a cached one is handed out in its default row
 * mode every time; otherwise one caller's `.pluck()` would turn another's rows into bare values.
 */
export function getStatement(db: Db, sql: string): Statement {
  let m = CACHE.get(db);
  if (!m) CACHE.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  else if (s.reader) s.pluck(false).raw(false).expand(false);
  return s;
}
