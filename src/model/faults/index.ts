// The fault registry: the only file that lists every fault implementation. `recover` is not a
// fault of its own (the timeline ends every fault in force), nor are `register`/`deregister`/`deploy`.

import type { FaultName } from '../config.js';
import { blackhole } from './blackhole.js';
import { crash } from './crash.js';
import { errors } from './errors.js';
import type { Fault, FaultKind } from './fault.js';
import { hang } from './hang.js';
import { healthFail } from './health-fail.js';
import { healthLie } from './health-lie.js';
import { malformed } from './malformed.js';
import { overload } from './overload.js';
import { reset } from './reset.js';
import { slow } from './slow.js';

export const FAULTS: Record<FaultKind, Fault> = {
  crash,
  hang,
  slow,
  errors,
  reset,
  malformed,
  'health-fail': healthFail,
  'health-lie': healthLie,
  overload,
  blackhole,
};
