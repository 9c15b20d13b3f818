// How reports name a balancer's routing in one phrase: the algorithm with what changes it
// (`least-outstanding (3 choices)`, `maglev by path, sticky 1h`); a plain algorithm is its name.

import { formatMs } from '../../sim/time.js';
import type { AlgorithmName, RoutingConfig } from '../config.js';

export function algorithmLabel(algorithm: AlgorithmName, routing: RoutingConfig): string {
  let name: string = algorithm;
  if (algorithm === 'least-outstanding' && routing.choices !== null) name += ` (${routing.choices} choices)`;
  if (algorithm === 'consistent-hash' || algorithm === 'maglev') {
    const key = routing.hashKey;
    name += ` by ${key.by === 'header' ? `header ${key.name}` : key.by}`;
  }
  const parts = [name];
  if (routing.stickinessMs !== null) parts.push(`sticky ${formatMs(routing.stickinessMs)}`);
  if (routing.slowStartMs !== null) parts.push(`slow start ${formatMs(routing.slowStartMs)}`);
  return parts.join(', ');
}
