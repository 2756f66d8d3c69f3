// Where the user system keeps its files: $XDG_CONFIG_HOME/indicia, else ~/.config/indicia (the XDG base
// directory rule: a relative XDG_CONFIG_HOME is ignored).
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The user system's folder for credentials and the stamp journal. */
export function userConfigDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME?.trim() || homedir(), '.config');
  return join(base, 'indicia');
}

/** The credentials file in that folder. */
export function credentialsPath(configDir: string): string {
  return join(configDir, 'credentials.json');
}

/** The stamp journal in that folder. */
export function journalPath(configDir: string): string {
  return join(configDir, 'stamps.jsonl');
}
