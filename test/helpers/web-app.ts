// The web app as `lbsim serve` builds it, over the bundled lessons: shared by the inject() tests
// and the real-browser tests. Options (files folder, extra hosts, run timeout) as the command line's flags.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadChartAssets } from '../../src/cli/output/chart-assets.js';
import { buildWebApp, type WebAppOptions } from '../../src/live/web-app.js';

export const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');

export const webApp = (options: Partial<Omit<WebAppOptions, 'scenariosDir' | 'assets'>> = {}) => buildWebApp({ scenariosDir, assets: loadChartAssets(), ...options });

/** The header of every JSON post to the app. */
export const JSON_TYPE = { 'content-type': 'application/json' };

/** A bundled lesson's text, as a user's page would post it. */
export const seedText = readFileSync(join(scenariosDir, 'seed-elb-health-check.json'), 'utf8');
