// The fault registry: the only file that lists every fault implementation.

import type { FaultName } from '../config.js';
import { crash } from './crash.js';
import { errors } from './errors.js';
import type { Fault } from './fault.js';
import { hang } from './hang.js';
import { recover } from './recover.js';
import { slow } from './slow.js';

export const FAULTS: Record<FaultName, Fault> = { crash, hang, slow, errors, recover };
