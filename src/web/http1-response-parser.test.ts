import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Http1ResponseParser, HttpFramingError, type ParsedResponse } from './http1-response-parser.js';

/** Feeds `text` in the pieces `cuts` makes (positions in the bytes) and returns what the parser gave back. */
function feed(text: string, cuts: readonly number[] = [], method = 'POST'): { res: ParsedResponse | undefined; parser: Http1ResponseParser } {
  const bytes = Buffer.from(text, 'utf8');
  const parser = new Http1ResponseParser(method);
  let res: ParsedResponse | undefined;
  let from = 0;
  for (const at of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b).concat(bytes.length)) {
    res = parser.push(bytes.subarray(from, at)) ?? res;
    from = at;
  }
  return { res, parser };
}

const JSON_BODY = '{"serverId":"p1","stamps":[{"requestId":"é-1"}]}';
const byLength = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(JSON_BODY)}\r\n\r\n${JSON_BODY}`;
const chunked = `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{"ser\r\n${(Buffer.byteLength(JSON_BODY) - 5).toString(16)};ext=1\r\n${JSON_BODY.slice(5)}\r\n0\r\nx-trailer: 1\r\n\r\n`;

describe('Http1ResponseParser', () => {
  it('reads a content-length answer: status, headers by lower-case name, body, reusable', () => {
    const { res } = feed(byLength);
    expect(res?.status).toBe(200);
    expect(res?.headers.get('content-type')).toBe('application/json');
    expect(res?.body.toString('utf8')).toBe(JSON_BODY);
    expect(res?.reusable).toBe(true);
  });

  it('reads the same answer whatever pieces it arrives in, content-length or chunked', () => {
    for (const text of [byLength, chunked]) {
      const size = Buffer.byteLength(text);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: size - 1 }), { maxLength: 12 }), (cuts) => {
          const { res } = feed(text, cuts);
          expect(res?.body.toString('utf8')).toBe(JSON_BODY);
          expect(res?.reusable).toBe(true);
        }),
      );
    }
  });

  it('is not done while the body is short, and end() then reports it cut off', () => {
    const { res, parser } = feed(byLength.slice(0, -3));
    expect(res).toBeUndefined();
    expect(parser.end()).toBeUndefined();
  });

  it('a body without length or chunking ends with the connection, which is then not reusable', () => {
    const { res, parser } = feed('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"a":');
    expect(res).toBeUndefined();
    parser.push(Buffer.from('1}'));
    const done = parser.end();
    expect(done?.body.toString()).toBe('{"a":1}');
    expect(done?.reusable).toBe(false);
  });

  it('connection: close, HTTP/1.0 and bytes past the body make the connection not reusable', () => {
    expect(feed('HTTP/1.1 200 OK\r\nConnection: close\r\ncontent-length: 2\r\n\r\n{}').res?.reusable).toBe(false);
    expect(feed('HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\n{}').res?.reusable).toBe(false);
    expect(feed('HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 2\r\n\r\n{}').res?.reusable).toBe(true);
    expect(feed('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}HTTP/1.1').res?.reusable).toBe(false);
  });

  it('204 and answers to HEAD have no body; 1xx interim answers are skipped', () => {
    expect(feed('HTTP/1.1 204 No Content\r\n\r\n').res).toMatchObject({ status: 204, reusable: true });
    expect(feed('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n', [], 'HEAD').res?.body.length).toBe(0);
    const res = feed(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\n${byLength}`, [20, 50]).res;
    expect(res?.status).toBe(200);
    expect(res?.body.toString('utf8')).toBe(JSON_BODY);
  });

  it('refuses what breaks framing: another protocol, bad headers, conflicting lengths, bad chunks, a head too long', () => {
    const bad = [
      'SMTP 220 hello\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}',
      'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabc\r\n',
      'HTTP/1.1 101 Switching Protocols\r\n\r\n',
      `HTTP/1.1 200 OK\r\nx: ${'a'.repeat(20_000)}`,
    ];
    for (const text of bad) expect(() => feed(text), text.slice(0, 40)).toThrow(HttpFramingError);
  });

  it('repeated content-length headers with one value are accepted', () => {
    expect(feed('HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 2\r\n\r\n{}').res?.body.toString()).toBe('{}');
  });
});
