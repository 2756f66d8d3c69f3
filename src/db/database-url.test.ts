import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactDatabaseUrl } from './database-url.js';
import { codeOf } from '../testing/error-code.js';

describe('parseDatabaseUrl', () => {
  it('reads sqlite: URLs and plain paths as SQLite files', () => {
    expect(parseDatabaseUrl('sqlite:/var/lib/indicia/vendor.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/indicia/vendor.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/indicia/vendor.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/indicia/vendor.db' });
    expect(parseDatabaseUrl('sqlite:data/vendor.db')).toEqual({ dialect: 'sqlite', path: 'data/vendor.db' });
    expect(parseDatabaseUrl('SQLITE::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('./data/vendor.db')).toEqual({ dialect: 'sqlite', path: './data/vendor.db' });
    expect(parseDatabaseUrl(' /tmp/x.db ')).toEqual({ dialect: 'sqlite', path: '/tmp/x.db' });
    expect(parseDatabaseUrl('C:\\data\\vendor.db')).toEqual({ dialect: 'sqlite', path: 'C:\\data\\vendor.db' });
  });

  it('reads postgres:// and postgresql:// URLs, taking the schema out of the query', () => {
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/test')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://postgres@127.0.0.1:5432/test',
      schema: undefined,
    });
    expect(parseDatabaseUrl('postgresql://u:p%40ss@db.example:6432/vendor?schema=vendor_eu&sslmode=require')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://u:p%40ss@db.example:6432/vendor?sslmode=require',
      schema: 'vendor_eu',
    });
  });

  it('refuses empty, unknown, malformed and unsafe URLs with DATABASE_URL_INVALID', () => {
    for (const bad of [
      '',
      '   ',
      'sqlite:',
      'mysql://root@localhost/x',
      'postgres://[::1',
      'postgres://h/db?schema=Bad-Name',
      'postgres://h/db?schema=x;drop',
      'postgres://h/db?schema=a&schema=b',
    ]) {
      expect(codeOf(() => parseDatabaseUrl(bad)), bad).toBe('DATABASE_URL_INVALID');
    }
  });

  it('never puts a password into the error message', () => {
    try {
      parseDatabaseUrl('postgres://vendor:s3cret@h/db?schema=NO');
      expect.unreachable('the schema is invalid');
    } catch (err) {
      expect(String(err)).not.toContain('s3cret');
      expect(String(err)).toContain('vendor:***@h');
    }
  });
});

describe('redactDatabaseUrl', () => {
  it('replaces the password and leaves URLs without one alone', () => {
    expect(redactDatabaseUrl('postgres://u:pw@h:5432/d')).toBe('postgres://u:***@h:5432/d');
    expect(redactDatabaseUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
    expect(redactDatabaseUrl('sqlite:/a/b.db')).toBe('sqlite:/a/b.db');
  });
});
