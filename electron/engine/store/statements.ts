import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';

const CACHE = new WeakMap<Db, Map<string, Statement>>();

/** Prepared statements reused per connection: preparing costs more than a label write itself. */
export function getStatement(db: Db, sql: string): Statement {
  let m = CACHE.get(db);
  if (!m) CACHE.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
