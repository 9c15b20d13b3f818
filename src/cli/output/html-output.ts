// `--html FILE`: collects the run's requests into fixed time buckets as they finish (memory stays
// flat however long the run), then writes the self-contained HTML report once the run is over.

import type { RequestEvent } from '../../model/run/events.js';
import { renderHtml, type HtmlReportInput } from '../../report/html/html-report.js';
import { TimeSeriesRecorder } from '../../report/html/time-series.js';
import { loadChartAssets } from './chart-assets.js';
import { LineFile } from './line-file.js';

export class HtmlOutput {
  private readonly recorder: TimeSeriesRecorder;

  /** Checks now that the file can be written and the chart library is installed, before a long run. */
  constructor(private readonly path: string, durationMs: number) {
    new LineFile(path, '--html').close();
    loadChartAssets();
    this.recorder = new TimeSeriesRecorder(durationMs);
  }

  add(event: RequestEvent): void {
    this.recorder.add(event);
  }

  write(input: Omit<HtmlReportInput, 'series' | 'assets'>): void {
    const file = new LineFile(this.path, '--html');
    try {
      file.writeLine(renderHtml({ ...input, series: this.recorder.result(), assets: loadChartAssets() }));
    } finally {
      file.close();
    }
  }
}
