// The HTML report in a real browser (headless Chromium): it opens from a file with no network,
// the three charts draw pixels, the swimlanes and the incident show, and it prints. Screenshots
// and a PDF go to test-artifacts/.

import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFor } from '../helpers/html-report.js';
import { artifactPath, launchBrowser, skipBrowserTests } from '../helpers/browser.js';

describe.skipIf(skipBrowserTests())('HTML report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const external: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const file = artifactPath('seed-elb-health-check.html');
    writeFileSync(file, reportFor('seed-elb-health-check.json').html);
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => (message.type() === 'error' ? errors.push(message.text()) : undefined));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-charts="3"]', { timeout: 10_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads without errors or network requests', () => {
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });

  it('draws every chart: a canvas with pixels on it and a legend naming the series', async () => {
    for (const id of ['chart-requests', 'chart-gateway', 'chart-latency']) {
      const painted = await page.$eval(`#${id}`, (el) => {
        const canvas = el.querySelector('canvas');
        if (!canvas) return 0;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) count += 1;
        return count;
      });
      expect(painted, id).toBeGreaterThan(1000);
    }
    expect(await page.textContent('#chart-gateway .u-legend')).toContain('503 NoHealthyInstances');
    expect(await page.textContent('#chart-latency .u-legend')).toContain('p99');
  });

  it('shows the swimlanes and the incidents with their detection lag', async () => {
    expect(await page.locator('.instance').count()).toBe(2);
    expect(await page.locator('.lane-actual .s-hung').count()).toBe(2);
    expect(await page.locator('#incidents-table tr.incident').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#incidents-table tr.incident').first().textContent()).toContain('NoHealthyInstances');
    expect(await page.locator('#incidents-table .lag').first().isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('html-report.png'), fullPage: true });
  });

  it('prints: charts fit the page, and a PDF comes out', async () => {
    await page.emulateMedia({ media: 'print' });
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    const widest = await page.$$eval('canvas', (canvases) => Math.max(...canvases.map((c) => c.getBoundingClientRect().width)));
    expect(widest).toBeLessThanOrEqual(700);
    await page.screenshot({ path: artifactPath('html-report-print.png'), fullPage: true });
    const pdf = await page.pdf({ path: artifactPath('html-report.pdf'), format: 'A4', printBackground: true });
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'screen' });
  });
});
