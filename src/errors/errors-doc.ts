import { ERROR_SECTIONS } from './catalogue.js';
import { HTTP_STATUS } from './http-status.js';

/** Renders docs/errors.md from the catalogue, so the documentation cannot drift from the code. */
export function renderErrorsDoc(): string {
  const lines: string[] = [
    '# Error catalogue',
    '',
    'Generated from `src/errors/catalogue.ts` by `npm run docs:errors`; a test fails when this file is out of date.',
    '',
    'Every error response of every server has one shape:',
    '',
    '```json',
    '{ "statusCode": 409, "code": "PSD_FUNDS_EXHAUSTED", "error": "Conflict", "message": "…", "requestId": "…" }',
    '```',
    '',
    'The command line prints `error CODE: message` and exits with status 2 for input errors, 1 otherwise.',
    '',
  ];
  for (const section of ERROR_SECTIONS) {
    lines.push(`## ${section.title}`, '', '| code | HTTP | what went wrong | what to do |', '|---|---:|---|---|');
    for (const [code, def] of Object.entries(section.codes)) {
      lines.push(`| \`${code}\` | ${HTTP_STATUS[def.kind]} | ${def.message}. | ${def.fix}. |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
