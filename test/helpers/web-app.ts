// The web app as `lbsim serve` builds it, over the bundled lessons: shared by the inject() tests
// and the real-browser tests.

import { join } from 'node:path';
import { loadChartAssets } from '../../src/cli/output/chart-assets.js';
import { buildWebApp } from '../../src/live/web-app.js';

export const webApp = () => buildWebApp({ scenariosDir: join(import.meta.dirname, '..', '..', 'scenarios'), assets: loadChartAssets() });
