// The values on server lines, checked as HAProxy checks them: times in ms by default (inter,
// fastinter, downinter, slowstart), rise/fall ≥ 1, weight 0–256, check port 1–65535.

import { Notebook, paramText, wordSpot } from './notebook.js';
import type { Param, ServerSpec } from './servers.js';
import { parseHaproxyTimeMs, parseInteger, TIME_EXPECTED } from './values.js';

export const TIME_PARAMS = ['inter', 'fastinter', 'downinter', 'slowstart'] as const;
const INTEGER_PARAMS: Record<string, { min: number; max: number; expected: string }> = {
  rise: { min: 1, max: 2_147_483_647, expected: 'an integer ≥ 1' },
  fall: { min: 1, max: 2_147_483_647, expected: 'an integer ≥ 1' },
  weight: { min: 0, max: 256, expected: 'an integer 0–256' },
  port: { min: 1, max: 65535, expected: 'a port 1–65535' },
};

/** Reads each server's numeric parameters once per written token; errors go to the notebook. */
export class ServerValues {
  private readonly cache = new Map<Param, number | null>();

  constructor(private readonly notes: Notebook) {}

  private parse(param: Param): number | null {
    if (this.cache.has(param)) return this.cache.get(param)!;
    const keyword = param.keyword.text;
    const spot = wordSpot(param.line, param.value ?? param.keyword);
    let value: number | null = null;
    if (param.value === null) {
      this.notes.error(spot, keyword, `${keyword} needs a value`, (TIME_PARAMS as readonly string[]).includes(keyword) ? TIME_EXPECTED : INTEGER_PARAMS[keyword]?.expected, 'nothing');
    } else if ((TIME_PARAMS as readonly string[]).includes(keyword)) {
      value = parseHaproxyTimeMs(param.value.text);
      if (value === null) this.notes.error(spot, keyword, 'invalid time', TIME_EXPECTED, param.value.text);
      else if (value === 0 && keyword !== 'slowstart') {
        this.notes.error(spot, keyword, 'must be greater than 0', TIME_EXPECTED, param.value.text);
        value = null;
      }
    } else {
      const range = INTEGER_PARAMS[keyword]!;
      value = parseInteger(param.value.text, range.min, range.max);
      if (value === null) this.notes.error(spot, keyword, `invalid ${keyword}`, range.expected, param.value.text);
    }
    this.cache.set(param, value);
    return value;
  }

  /** The server's value for a keyword, undefined when not given (or invalid: the error is recorded). */
  of(server: ServerSpec, keyword: string): number | undefined {
    const param = server.params.get(keyword);
    if (param === undefined) return undefined;
    return this.parse(param) ?? undefined;
  }

  /** Checks every numeric parameter of a server, so errors are reported even for servers left out. */
  checkAll(server: ServerSpec): void {
    for (const keyword of [...TIME_PARAMS, ...Object.keys(INTEGER_PARAMS)]) this.of(server, keyword);
  }

  text(server: ServerSpec, keyword: string): string {
    const param = server.params.get(keyword);
    return param === undefined ? keyword : paramText(param.keyword, param.value);
  }
}
