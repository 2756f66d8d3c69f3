import { AppError } from '../errors/app-error.js';

/** What a database URL names: a SQLite file or a PostgreSQL database (and optionally a schema in it). */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly connectionString: string; readonly schema: string | undefined };

/** The schema names accepted: unquoted lowercase identifiers, so they need no quoting anywhere. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Reads a database URL (see openDatabase) without opening anything. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const text = url.trim();
  if (text === '') throw invalid(url, 'The database URL is empty');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { dialect: 'sqlite', path: text }; // a plain path (a one-letter "scheme" is a drive)
  if (scheme === 'sqlite') {
    const path = text.startsWith('sqlite://') ? text.slice('sqlite://'.length) : text.slice('sqlite:'.length);
    if (path === '') throw invalid(url, 'The sqlite: URL names no file');
    return { dialect: 'sqlite', path };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgresUrl(text);
  throw invalid(url, `The database URL scheme '${scheme}:' is not supported`);
}

function parsePostgresUrl(text: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw invalid(text, 'The PostgreSQL URL is malformed');
  }
  const schemas = parsed.searchParams.getAll('schema');
  if (schemas.length > 1) throw invalid(text, 'The PostgreSQL URL names more than one schema');
  const schema = schemas[0];
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw invalid(text, `The schema '${schema}' is not a lowercase identifier of at most 63 letters, digits and underscores`);
  }
  // pg does not know `schema`: pass it the URL without it.
  parsed.searchParams.delete('schema');
  return { dialect: 'postgres', connectionString: parsed.toString(), schema };
}

/** The URL with its password replaced, fit for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/@?#]*:)[^@/?#]*@/, '$1***@');
}

function invalid(url: string, detail: string): AppError {
  return new AppError('DATABASE_URL_INVALID', `${detail}: ${redactDatabaseUrl(url)}`, { url: redactDatabaseUrl(url) });
}
