// `lbsim serve` in a real browser (headless Chromium): open a lesson, break a field and see the
// error at its line, run it with its progress bar, view its report, compare two lessons. Screenshots go to test-artifacts/.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, skipBrowserTests } from '../helpers/browser.js';
import { webApp } from '../helpers/web-app.js';

describe.skipIf(skipBrowserTests())('web app in Chromium', () => {
  const app = webApp();
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(address);
    await page.waitForSelector('body[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await app.close();
  });

  it('opens a lesson in the editor, valid', async () => {
    await page.click('tr[data-file="seed-elb-health-check.json"] a');
    await page.waitForSelector('#errors .ok');
    expect(await page.inputValue('#editor')).toContain('my-load-balancer');
  });

  it('shows a bad edit at its field: a mark at the line, with the JSON path', async () => {
    const text = await page.inputValue('#editor');
    await page.fill('#editor', text.replace('"Interval": 30', '"Interval": 3'));
    const mark = await page.waitForSelector('#gutter .err-mark[data-path="HealthCheck.Interval"]');
    const line = text.split('\n').findIndex((l) => l.includes('"Interval": 30')) + 1;
    expect(await mark.getAttribute('data-line')).toBe(String(line));
    expect(await page.textContent('#errors')).toContain('HealthCheck.Interval');
    // Clicking the error takes the editor to the field; the mark then sits beside that line.
    await page.click('#errors .field-error[data-path="HealthCheck.Interval"]');
    await page.waitForTimeout(100);
    const [markBox, editorBox] = [await mark.boundingBox(), await page.locator('#editor').boundingBox()];
    expect(markBox!.y).toBeGreaterThanOrEqual(editorBox!.y);
    expect(markBox!.y + markBox!.height).toBeLessThanOrEqual(editorBox!.y + editorBox!.height);
    await page.screenshot({ path: artifactPath('web-app-error.png') });
    await page.fill('#editor', text);
    await page.waitForSelector('#errors .ok');
  });

  it('runs it with a progress bar, then lists the incidents', async () => {
    await page.click('#run');
    await page.waitForSelector('#run-progress', { state: 'visible' });
    await page.waitForFunction("document.getElementById('run-progress').value === 100");
    expect(await page.textContent('#run-percent')).toBe('100%');
    await page.waitForSelector('#result tr.incident');
    expect(await page.textContent('#result')).toContain('NoHealthyInstances');
  });

  it('shows the report with its charts', async () => {
    await page.click('#view-report');
    const frame = page.frameLocator('#report-frame');
    await frame.locator('body[data-charts="3"]').waitFor({ timeout: 15_000 });
    expect(await frame.locator('#incidents-table tr.incident').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('web-app-report.png') });
  });

  it('compares two lessons side by side', async () => {
    await page.click("nav button:has-text('Lessons')");
    await page.click('tr[data-file="seed-elb-health-check.json"] button:has-text("as A")');
    await page.click('tr[data-file="hang-vs-idle-timeout.json"] button:has-text("as B")');
    await page.waitForFunction("document.getElementById('cmp-b').value.length > 0");
    await page.click("nav button:has-text('Compare')");
    await page.click('#compare-run');
    await page.waitForSelector('#compare-table');
    expect(await page.textContent('#compare-table')).toContain('gatewayErrors.total');
    await page.screenshot({ path: artifactPath('web-app-compare.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
