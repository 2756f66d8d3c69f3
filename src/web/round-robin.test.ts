import { describe, expect, it } from 'vitest';
import type { ProcessingServerRecord } from './processing-server.repository.js';
import { RoundRobinSelector } from './round-robin.js';

function server(id: string, position: number): ProcessingServerRecord {
  return { id, name: id, url: `http://${id}`, state: 'enabled', healthy: true, lastHealthCheckAtMs: null, position };
}

describe('RoundRobinSelector', () => {
  it('takes the servers in position order and wraps around', () => {
    const servers = [server('a', 1), server('b', 2), server('c', 3)];
    const rr = new RoundRobinSelector(() => servers);
    expect(Array.from({ length: 7 }, () => rr.next()?.id)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('skips excluded servers without losing its place', () => {
    const servers = [server('a', 1), server('b', 2), server('c', 3)];
    const rr = new RoundRobinSelector(() => servers);
    expect(rr.next()?.id).toBe('a');
    expect(rr.next(new Set(['b']))?.id).toBe('c');
    expect(rr.next()?.id).toBe('a');
    expect(rr.next(new Set(['a', 'b', 'c']))).toBeUndefined();
  });

  it('peek names the next server and does not advance', () => {
    const servers = [server('a', 1), server('b', 2)];
    const rr = new RoundRobinSelector(() => servers);
    expect(rr.peek()?.id).toBe('a');
    expect(rr.peek()?.id).toBe('a');
    expect(rr.next()?.id).toBe('a');
    expect(rr.peek()?.id).toBe('b');
  });

  it('keeps its place when servers come and go between picks', () => {
    let servers = [server('a', 1), server('b', 2), server('c', 3)];
    const rr = new RoundRobinSelector(() => servers);
    expect(rr.next()?.id).toBe('a');
    expect(rr.next()?.id).toBe('b');
    servers = [server('a', 1), server('c', 3), server('d', 4)]; // b went down, d was added
    expect(rr.next()?.id).toBe('c');
    expect(rr.next()?.id).toBe('d');
    expect(rr.next()?.id).toBe('a');
    servers = [];
    expect(rr.next()).toBeUndefined();
  });

  it('orders servers of equal position by id', () => {
    const servers = [server('x', 1), server('y', 1)];
    const rr = new RoundRobinSelector(() => servers);
    expect([rr.next()?.id, rr.next()?.id, rr.next()?.id]).toEqual(['x', 'y', 'x']);
  });
});
