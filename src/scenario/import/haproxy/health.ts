// The HTTP check request and pass rule: `option httpchk [<method>] [<uri>] [<version>]`, the 2.2+
// `http-check send meth M uri U`, and `http-check expect [!] status|rstatus <pattern>` as a Matcher.
// HAProxy's defaults: method OPTIONS, URI "/", 2xx and 3xx pass (configuration.txt "option httpchk").

import { ANY_MATCHER_LIMITS, parseMatcher } from '../../../model/health/health-rules.js';
import type { ConfigLine, Word } from './tokenize.js';

export interface CheckRequest {
  method: Word | null;
  uri: Word | null;
  /** Words lbsim's probe does not send (version, Host, headers, body), for a note. */
  extras: Word[];
}

/** `option httpchk` (the words after `httpchk`). */
export function readHttpchk(line: ConfigLine, start: number): CheckRequest {
  const args = line.words.slice(start);
  if (args.length === 1) return { method: null, uri: args[0]!, extras: [] };
  return { method: args[0] ?? null, uri: args[1] ?? null, extras: args.slice(2) };
}

/** `http-check send meth GET uri /health ver HTTP/1.1 hdr Host example.com`. */
export function readCheckSend(line: ConfigLine): CheckRequest {
  const words = line.words.slice(2);
  const request: CheckRequest = { method: null, uri: null, extras: [] };
  for (let i = 0; i < words.length; i++) {
    const key = words[i]!.text;
    const value = words[i + 1] ?? null;
    // `hdr` takes a name and a value; every other send argument takes one value.
    const width = key === 'hdr' ? 2 : value === null ? 0 : 1;
    if (key === 'meth') request.method = value;
    else if (key === 'uri' || key === 'uri-lf') request.uri = value;
    else request.extras.push(...words.slice(i, i + 1 + width));
    i += width;
  }
  return request;
}

export type Expectation = { matcher: string } | { notModelled: string };

const PATTERN_KEYWORDS = new Set(['status', 'rstatus', 'hdr', 'fhdr', 'string', 'rstring', 'custom']);

/** Consecutive codes as `200-299,301`; the codes a regex accepts are counted over 100–599. */
function rangesText(codes: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < codes.length; ) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === codes[j]! + 1) j++;
    parts.push(i === j ? `${codes[i]}` : `${codes[i]}-${codes[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function regexCodes(pattern: string): number[] | null {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return null;
  }
  const codes: number[] = [];
  for (let code = 100; code <= 599; code++) if (regex.test(String(code))) codes.push(code);
  return codes;
}

/** `http-check expect ...` as a Matcher, or why it cannot be one. */
export function readExpect(line: ConfigLine): Expectation {
  const words = line.words.slice(2).map((w) => w.text);
  const at = words.findIndex((w) => PATTERN_KEYWORDS.has(w));
  if (at < 0) return { notModelled: 'no status, rstatus, string or header rule found' };
  const negated = words[at - 1] === '!';
  const kind = words[at]!;
  const pattern = words[at + 1] ?? '';
  if (kind !== 'status' && kind !== 'rstatus') return { notModelled: `matching the response ${kind.includes('hdr') ? 'headers' : 'body'}: lbsim judges a check by its status` };
  if (negated) return { notModelled: `a negated ${kind} rule: lbsim's Matcher lists the codes that pass` };
  const text = kind === 'status' ? pattern : (() => {
    const codes = regexCodes(pattern);
    return codes === null || codes.length === 0 ? null : rangesText(codes);
  })();
  if (text === null) return { notModelled: `rstatus ${pattern}: matches no HTTP code lbsim can list` };
  const parsed = parseMatcher(text, ANY_MATCHER_LIMITS);
  if ('error' in parsed) return { notModelled: `${kind} ${pattern}: ${parsed.error}` };
  return { matcher: text };
}
