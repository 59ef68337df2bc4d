import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, watch, openFile, storedLibrary, Page } from './fixtures';

// The library as one file, and two tabs on one library.

const library = (page: Page) => page.getByRole('navigation', { name: 'Library' });
const names = (page: Page) => library(page).locator('.library-item');
const turns = (page: Page) => page.getByRole('list', { name: 'Turns' }).getByRole('listitem');

async function paste(page: Page, text: string) {
  await page.locator('details.add').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await page.getByLabel('Paste a transcript').fill(text);
  // The worker reads it: wait until it is in the library (and open).
  const items = page.locator('.library-item');
  const before = await items.count();
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(items).toHaveCount(before + 1);
}

async function renameSpeaker(page: Page, from: string, to: string) {
  await page.locator('details', { hasText: 'Rename or merge speakers' }).evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await page.getByRole('button', { name: `Rename ${from}` }).click();
  await page.getByLabel(`New name for ${from}`).fill(to);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(turns(page).locator('.speaker').first()).toBeVisible();
}

/** Everything the app keeps in IndexedDB, in library order. */
const stored = storedLibrary;

test('the library exports to one file and imports back to the identical state', async ({ page, browser, guard }) => {
  await page.goto('/');
  // A bundled transcript with a renamed speaker, and two added ones, one renamed.
  await renameSpeaker(page, 'Unknown', 'Host');
  await paste(page, 'Ana: First point.\nBen: Second point.');
  await renameSpeaker(page, 'Ben', 'Ben Okafor');
  await openFile(page, 'call.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Cy>Hello there.\n');
  await expect(page.locator('.transcript-header h2')).toHaveText('call.vtt');
  await library(page).getByRole('button', { name: 'Rename call.vtt' }).click();
  await page.getByLabel('New name for call.vtt').fill('Weekly call');
  await library(page).getByRole('button', { name: 'Save' }).click();
  const before = await names(page).allTextContents();
  // Writes are committed a moment after the page shows them: wait for the last.
  await expect.poll(async () => (await stored(page)).map((e) => e.name)).toEqual(['devday-2024-altman-interview.txt', 'Pasted transcript 1', 'Weekly call']);
  await expect.poll(async () => JSON.stringify(await stored(page))).toContain('Ben Okafor');
  const storedBefore = await stored(page);
  expect(JSON.stringify(storedBefore)).toContain('Host');

  const [download] = await Promise.all([page.waitForEvent('download'), library(page).getByRole('button', { name: 'Export library' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^transcript-library-\d{4}-\d{2}-\d{2}\.json$/);
  const file = readFileSync(await download.path());
  const parsed = JSON.parse(file.toString());
  expect(parsed.format).toBe('transcript-explorer-library');
  expect(parsed.entries.map((e: { name: string }) => e.name)).toEqual(['devday-2024-altman-interview.txt', 'Pasted transcript 1', 'Weekly call']);

  // A browser with nothing stored: import, and it is the same library.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  await watch(fresh, guard);
  await fresh.goto('/');
  await expect(names(fresh)).toHaveCount(5);
  await library(fresh).getByLabel('Import library').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: file });
  await expect(fresh.getByRole('status').filter({ hasText: 'Imported 3 transcripts' })).toBeVisible();
  await expect(names(fresh)).toHaveText(before);
  await expect.poll(() => stored(fresh)).toEqual(storedBefore);
  await library(fresh).getByRole('button', { name: 'Pasted transcript 1', exact: true }).click();
  await expect(turns(fresh).locator('.speaker')).toHaveText(['Ana', 'Ben Okafor']);
  await fresh.reload();
  await expect(names(fresh)).toHaveText(before);
  await library(fresh).getByRole('button', { name: 'devday-2024-altman-interview.txt', exact: true }).click();
  await expect(turns(fresh).first().locator('.speaker')).toHaveText('Host');

  // The same file dropped on the page, as a transcript would be, is imported
  // again, and adds nothing.
  const dataTransfer = await fresh.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'backup.json'));
    return dt;
  }, file.toString());
  await fresh.dispatchEvent('.app', 'dragover', { dataTransfer });
  await fresh.dispatchEvent('.app', 'drop', { dataTransfer });
  await expect(fresh.getByRole('status').filter({ hasText: '3 were already in the library' })).toBeVisible();
  await expect(names(fresh)).toHaveText(before);
  expect(await stored(fresh)).toEqual(storedBefore);

  // A file that is not a library says so and changes nothing.
  await library(fresh).getByLabel('Import library').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"segments":[]}') });
  await expect(fresh.getByRole('alert')).toContainText('notes.json: this file is not a Transcript Explorer library');
  expect(await stored(fresh)).toEqual(storedBefore);
  const axe = await new AxeBuilder({ page: fresh }).analyze();
  expect(axe.violations).toEqual([]);
  await context.close();
});

test('two tabs on one library follow each other and never write over each other', async ({ page, context, guard }) => {
  await page.goto('/');
  const other = await context.newPage();
  await watch(other, guard);
  await other.goto('/');

  // Added in one tab: listed in the other without a reload.
  await paste(page, 'Ana: From the first tab.\nBen: Indeed.');
  await expect(library(other).getByRole('button', { name: 'Pasted transcript 1', exact: true })).toBeVisible();

  // Speaker edits made in turn in each tab both survive.
  await library(page).getByRole('button', { name: 'devday-2024-altman-interview.txt', exact: true }).click();
  await renameSpeaker(page, 'Unknown', 'Host');
  await other.getByRole('button', { name: 'devday-2024-altman-interview.txt', exact: true }).click();
  await expect(turns(other).first().locator('.speaker')).toHaveText('Host');
  await renameSpeaker(other, 'Sam Altman', 'Sam A.');
  await expect(turns(page).nth(1).locator('.speaker')).toHaveText('Sam A.');
  await expect(turns(page).first().locator('.speaker')).toHaveText('Host');

  // Each tab adds one: both are kept.
  await paste(other, 'Cy: From the second tab.');
  await paste(page, 'Di: Also from the first tab.');
  await expect(names(page)).toHaveCount(8);
  await expect(names(other)).toHaveCount(8);

  // Removed in one tab: gone from the other.
  await library(other).getByRole('button', { name: 'Remove Pasted transcript 1' }).click();
  await library(other).getByRole('button', { name: 'Yes, remove' }).click();
  await expect(library(page).getByRole('button', { name: 'Pasted transcript 1', exact: true })).toHaveCount(0);

  await page.reload();
  await other.reload();
  for (const tab of [page, other]) {
    await expect(names(tab)).toHaveCount(7);
    await tab.getByRole('button', { name: 'devday-2024-altman-interview.txt', exact: true }).click();
    await expect(turns(tab).first().locator('.speaker')).toHaveText('Host');
    await expect(turns(tab).nth(1).locator('.speaker')).toHaveText('Sam A.');
  }
});

test('a browser that refuses storage (a private window) says so, and the app still works', async ({ page }) => {
  await page.addInitScript(() => {
    for (const name of ['indexedDB', 'localStorage']) {
      Object.defineProperty(window, name, {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    }
  });
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('does not let the page store data');
  await expect(turns(page).first()).toBeVisible();
  await paste(page, 'Ana: Still readable.\nBen: Just not kept.');
  await expect(turns(page).locator('.speaker')).toHaveText(['Ana', 'Ben']);
  await expect(page.getByRole('alert')).toContainText('not kept');
  await expect(names(page)).toHaveCount(6);
});

test('an imported entry that no longer reads is left out and named; the rest comes in', async ({ page }) => {
  await page.goto('/');
  const file = JSON.stringify({
    format: 'transcript-explorer-library',
    version: 1,
    entries: [
      { id: 'u-good', name: 'Good one', text: 'Ana: Fine.\nBen: Yes.' },
      { id: 'u-blank', name: 'Blank one', text: '   ' },
    ],
  });
  await library(page).getByLabel('Import library').setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1 transcript.' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('old.json: Blank one could not be read and was not imported.');
  await expect(names(page)).toHaveCount(6);
  await page.reload();
  await expect(library(page).getByRole('button', { name: 'Good one', exact: true })).toBeVisible();
  await expect(names(page)).toHaveCount(6);
});
