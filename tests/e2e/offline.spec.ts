import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, watch, Page } from './fixtures';

// Offline and installable: after one visit the service worker has every
// file of the build, so with the network off the app reloads, opens a
// bundled transcript, takes a paste, searches, shares and exports, and
// nothing reaches the network. The manifest and worker pass Chromium's
// installability check.

const library = (page: Page) => page.getByRole('navigation', { name: 'Library' });
const turns = (page: Page) => page.getByRole('list', { name: 'Turns' }).getByRole('listitem');

/** Waits until the service worker controls the page (it claims it on its first activation). */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('after one visit the app works with the network off, and nothing reaches the network', async ({ page, context }) => {
  await page.goto('/');
  await expect(turns(page).first()).toBeVisible();
  await controlled(page);

  await context.setOffline(true);
  const network: string[] = [];
  page.on('response', (response) => {
    if (!response.fromServiceWorker()) network.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => network.push(`failed ${request.url()}`));

  await page.reload();
  await expect(turns(page).first()).toBeVisible();
  // A bundled transcript.
  await library(page).getByRole('button', { name: 'All transcripts' }).click();
  await library(page).locator('.library-item').nth(1).click();
  await expect(turns(page).first()).toBeVisible();
  // A paste (read by the worker, which came from the cache too).
  await page.locator('details.add').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await page.getByLabel('Paste a transcript').fill('Ana: Offline and fine.\nBen: The budget is settled.\nAna: Good.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 1');
  // Search.
  await page.getByRole('searchbox', { name: 'Search' }).fill('budget');
  await expect(turns(page)).toHaveCount(1);
  // Share: the link is made in the worker.
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Share link' })).toHaveValue(/#v1/);
  // Export.
  await page.getByLabel('Export this view as').selectOption({ label: 'Markdown' });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  expect(readFileSync(await (await download).path(), 'utf8')).toContain('The budget is settled.');

  // Reload again: the paste was kept, and the view (the search) with it.
  await page.reload();
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 1');
  await expect(turns(page).locator('.text')).toHaveText(['The budget is settled.']);
  expect(network).toEqual([]);
  await context.setOffline(false);
});

test('the manifest and service worker make the app installable', async ({ baseURL }) => {
  // Not in an incognito context (Playwright's default), which Chromium never installs from.
  const profile = mkdtempSync(join(tmpdir(), 'te-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    baseURL,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await controlled(page);
    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest.start_url).toBe('./');
    expect(manifest.scope).toBe('./');
    expect(manifest.share_target.action).toBe('share-target');
    expect(Object.values(manifest.file_handlers[0].accept).flat()).toEqual(expect.arrayContaining(['.vtt', '.srt', '.txt', '.md', '.json', '.html']));
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('a new version waits, is announced quietly, and is taken on reload', async ({ browser, guard }) => {
  // The page registers the worker through its Trusted Types policy; this
  // test registers "another build" itself, so it runs without the CSP.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await watch(page, guard);
  await page.goto('/');
  await controlled(page);
  // Another script URL for the same scope: a new worker, installed beside the running one.
  await page.evaluate(() => navigator.serviceWorker.register('sw.js?next'));
  const line = page.locator('.update');
  await expect(line).toHaveText('A new version is ready: reload');
  expect((await new AxeBuilder({ page }).include('.update').analyze()).violations).toEqual([]);
  // It waits: the page is still run by the first one.
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/);
  await Promise.all([page.waitForEvent('load'), line.getByRole('button', { name: 'reload' }).click()]);
  await expect(turns(page).first()).toBeVisible();
  // The new version runs the page now. (The page registers sw.js again as
  // it loads, another URL than this test's: that installs a next worker,
  // which a real build, always at sw.js, never does.)
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js\?next$/);
  await context.close();
});

test('text shared to the installed app opens as a new transcript', async ({ page }) => {
  await page.goto('/');
  await controlled(page);
  // What Chromium posts to the share_target action, made by a form in the page's scope.
  await page.evaluate(() => {
    const body = new FormData();
    body.set('title', 'Standup');
    body.set('text', 'Ana: Shared from another app.\nBen: Received.');
    return fetch('share-target', { method: 'POST', body, redirect: 'manual' });
  });
  await page.reload();
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 1');
  await expect(turns(page).locator('.text')).toHaveText(['Shared from another app.', 'Received.']);
});

test('a file shared to the installed app opens like a dropped file', async ({ page }) => {
  await page.goto('/');
  await controlled(page);
  await page.evaluate(() => {
    const body = new FormData();
    body.append('file', new File(['WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Cy>Shared as a file.\n'], 'shared call.vtt', { type: 'text/vtt' }));
    return fetch('share-target', { method: 'POST', body, redirect: 'manual' });
  });
  await page.reload();
  await expect(page.locator('.transcript-header h2')).toHaveText('shared call.vtt');
  await expect(turns(page).locator('.text')).toHaveText(['Shared as a file.']);
  // Taken once: not again on the next start.
  await page.reload();
  await expect(page.locator('.library-item')).toHaveCount(6);
});

test('files opened with the installed app (file handlers) open as transcripts', async ({ page }) => {
  // Chromium hands them to the page's launchQueue consumer; this stands in for it.
  await page.addInitScript(() => {
    const w = window as unknown as { launch?: (p: unknown) => void };
    Object.defineProperty(window, 'launchQueue', {
      configurable: true,
      value: { setConsumer: (consumer: (p: unknown) => void) => (w.launch = consumer) },
    });
  });
  await page.goto('/');
  await expect(turns(page).first()).toBeVisible();
  await page.evaluate(() =>
    (window as unknown as { launch: (p: unknown) => void }).launch({
      files: [{ getFile: async () => new File(['1\n00:00:01,000 --> 00:00:02,000\nAna: Opened from the desktop.\n'], 'notes.srt') }],
    }),
  );
  await expect(page.locator('.transcript-header h2')).toHaveText('notes.srt');
  await expect(turns(page).locator('.text')).toHaveText(['Opened from the desktop.']);
});
