// What a consistent-hash algorithm hashes for a request (`Balancing.HashKey`): the client id, the
// path, or a header's value. Path and header hashes are cached per request kind, so a pick
// hashes no string. No key (a header the request lacks) is -1: the algorithm then picks at random.

import type { HashKeyConfig } from '../../config.js';
import type { PickRequest } from '../algorithm.js';
import { hashText, mix32 } from './hash.js';

export type RequestKey = (request: PickRequest) => number;

export function requestKey(config: HashKeyConfig): RequestKey {
  if (config.by === 'client') return (request) => (request.client < 0 ? -1 : mix32(request.client));
  const cache = new Map<PickRequest['kind'], number>();
  const header = config.by === 'header' ? config.name.toLowerCase() : '';
  const textOf = (kind: PickRequest['kind']): string | undefined => {
    if (config.by === 'path') return kind.path;
    // Header names are case-insensitive; resolve.ts stores them in lower case.
    return kind.headers?.[header];
  };
  return (request) => {
    let key = cache.get(request.kind);
    if (key === undefined) {
      const text = textOf(request.kind);
      key = text === undefined ? -1 : hashText(text);
      cache.set(request.kind, key);
    }
    return key;
  };
}
