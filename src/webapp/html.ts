// Safe HTML text for the server-rendered pages: every value that is not markup written here goes
// through escapeHtml.

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
