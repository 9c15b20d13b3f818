// Reads the charting library's browser build and stylesheet from node_modules, for the HTML
// report to inline: the report layer stays free of I/O and receives them as strings.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChartAssets } from '../../report/html/html-report.js';

const require = createRequire(import.meta.url);
let cached: ChartAssets | null = null;

export function loadChartAssets(): ChartAssets {
  cached ??= {
    script: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
  return cached;
}
