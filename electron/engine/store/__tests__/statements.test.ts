import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { getStatement } from '../statements';

describe('getStatement', () => {
  it('hands out a cached statement in row mode even after another caller plucked it', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE t (key INTEGER PRIMARY KEY, sha TEXT)`);
    getStatement(db, `INSERT INTO t (sha) VALUES (?)`).run('a');
    const sql = `SELECT key FROM t WHERE sha = ?`;
    expect(getStatement(db, sql).pluck().get('a')).toBe(1);
    expect(getStatement(db, sql).get('a')).toEqual({ key: 1 });
    expect(getStatement(db, sql).raw().get('a')).toEqual([1]);
    expect(getStatement(db, sql).get('a')).toEqual({ key: 1 });
    expect(getStatement(db, sql)).toBe(getStatement(db, sql));
    db.close();
  });
});
