// The in-place byte parsers (Classic ELB, ALB, lbsim access lines) against the text parsers, which
// define the formats: on every line of a cross product of awkward times, numbers, requests and
// clients, a line the byte parser reads must give exactly what the text parser gives (same doubles,
// same kind, same client id), and the plain lines of real logs must be read in place, not declined.
import { describe, expect, it } from 'vitest';
import { hashText } from '../../src/model/algorithms/support/hash.js';
import { REPLAY_CLIENT_IDS } from '../../src/model/traffic/replay-traffic.js';
import { byteLineParser, lineParser } from '../../src/replay/formats/index.js';
import { KindTable } from '../../src/replay/kind-table.js';
import type { PlacedLine } from '../../src/replay/line-bytes.js';

const times = [
  '2026-01-01T00:00:00Z',
  '2026-01-01T00:00:00.000996Z',
  '2026-03-14T09:05:59.123456789Z',
  '2024-02-29T23:59:59.999999Z',
  '2026-01-01T00:00:00.1Z',
  '2026-01-01T00:00:00.Z',
  '2026-01-01T00:00:00+01:00',
  '2026-13-01T00:00:00Z',
  '2026-01-01T00:00:00.12a4Z',
  '2026-01-01 00:00:00Z',
];
const seconds = ['0.000339', '0.048', '12', '1.5', '0.1234567890123', '0.12345678901234567', '-1', '-', '-0.5', '1e3', '.5', '5.', '.', '0x10', '1.2.3'];
const requests = [
  'GET http://bench:80/products HTTP/1.1',
  'POST https://www.example.com:443/api/items?id=7 HTTP/2.0',
  'GET /a/b?x=1 HTTP/1.1',
  '- - -',
  'GET h HTTP/1.1',
  'GET http://host HTTP/1.1',
  'GET ?q HTTP/1.1',
  'GET  HTTP/1.1',
  'GET',
  ' GET / HTTP/1.1',
  'GET /a?b://c/d HTTP/1.1',
  'GET http://h/caf\u00e9 HTTP/1.1',
  'GET /with\\"quote HTTP/1.1',
];
const clients = ['10.0.0.1:1024', '-', '::1', '2001:db8::1:443', 'host', ':80', '[::1]:80', '10.0.0.9'];

function clbLines(): string[] {
  const lines: string[] = [];
  for (const time of times)
    for (const service of seconds)
      for (const request of requests)
        for (const client of clients) lines.push(`${time} bench ${client} i-1:80 0.000000 ${service} 0.000000 200 200 0 0 "${request}" "lbsim" - -`);
  return lines;
}

function albLines(): string[] {
  const lines: string[] = [];
  for (const time of times)
    for (const service of seconds)
      for (const request of requests.slice(0, 8))
        for (const client of clients.slice(0, 4))
          lines.push(
            `http 2018-07-02T22:23:00.186641Z app/lb/50dc ${client} 10.0.0.1:80 0.000 ${service} 0.000 200 200 34 366 "${request}" "curl/7.46.0" - - arn:tg "Root=1-5" "-" "-" 0 ${time} "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"`,
          );
  return lines;
}

/** Each line through both parsers: how many the byte parser read (each checked against the text parser's reading). */
function compare(format: 'clb' | 'alb' | 'lbsim', lines: string[]): number {
  const text = lineParser({ format, logFormat: null });
  const bytes = byteLineParser(format)!;
  const kinds = new KindTable();
  const out: PlacedLine = { timeMs: 0, serviceMs: 0, client: 0, kind: 0 };
  let read = 0;
  for (const line of lines) {
    const buffer = Buffer.from(`xx${line}yy`);
    const end = buffer.length - 2;
    if (!bytes(buffer, 2, end, kinds, out)) continue;
    read++;
    const expected = text(line);
    if (expected === null || typeof expected === 'string') throw new Error(`read in place, but the text parser says ${String(expected)}: ${line}`);
    const kind = kinds.kinds[out.kind]!;
    expect({ line, timeMs: out.timeMs, serviceMs: out.serviceMs, method: kind.method, path: kind.path, client: out.client }).toStrictEqual({
      line,
      timeMs: expected.timeMs,
      serviceMs: expected.serviceMs,
      method: expected.method,
      path: expected.path,
      client: expected.client === '' ? -1 : (hashText(expected.client) >>> 0) % REPLAY_CLIENT_IDS,
    });
  }
  return read;
}

describe('byte parsers', () => {
  it('read Classic ELB lines exactly as the text parser does, or leave them to it', () => {
    const lines = clbLines();
    const read = compare('clb', lines);
    // Counted by hand from the lists: times on the ISO fast path (6 of 10: not +01:00, month 13, a
    // letter in the fraction, a space for the T), numbers of plain digits or -/-1 (9 of 15), requests
    // of ASCII without escapes and starting with a method (9 of 13), clients without brackets (7 of 8).
    expect(read).toBe(6 * 9 * 9 * 7);
  });

  it('read ALB lines exactly as the text parser does, or leave them to it', () => {
    const read = compare('alb', albLines());
    // The same counts over the first 8 requests (all plain) and 4 clients.
    expect(read).toBe(6 * 9 * 8 * 4);
  });

  it('read lbsim access lines as Classic ELB and leave its --events lines to the text parser', () => {
    const events = ['{"type":"request","arrival":1.5,"latency":0.01,"reason":null,"method":"GET","path":"/"}'];
    expect(compare('lbsim', events)).toBe(0);
    expect(compare('lbsim', clbLines().slice(0, 200))).toBeGreaterThan(0);
  });
});
