// The web app as `lbsim serve` builds it, over the bundled lessons: shared by the inject() tests
// and the real-browser tests. Options (files folder, extra hosts, run timeout) as the command line's flags.

import { join } from 'node:path';
import { loadChartAssets } from '../../src/cli/output/chart-assets.js';
import { buildWebApp, type WebAppOptions } from '../../src/live/web-app.js';

export const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');

export const webApp = (options: Partial<Omit<WebAppOptions, 'scenariosDir' | 'assets'>> = {}) => buildWebApp({ scenariosDir, assets: loadChartAssets(), ...options });
