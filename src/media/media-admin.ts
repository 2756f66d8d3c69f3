// The operator's handle on the media registry of a web database, for `indicia media`.
import { openWebAdmin, type WebAdmin } from '../web/admin.js';
import { MediaService } from './media.service.js';

/** The web admin and the media service over its database. */
export interface MediaAdmin {
  readonly admin: WebAdmin;
  readonly media: MediaService;
  close(): Promise<void>;
}

/** Opens and migrates the web database (every web migration, the media registry's included) for `indicia media`. */
export async function openMediaAdmin(databaseUrl: string): Promise<MediaAdmin> {
  const admin = await openWebAdmin(databaseUrl);
  return { admin, media: new MediaService(admin.db), close: () => admin.close() };
}
