import AxeBuilder from '@axe-core/playwright';
import { test, expect, storedLibrary, Page, StoredEntry } from './fixtures';

// Where the library lives: IndexedDB. A library an earlier version kept in
// localStorage moves over losslessly; 500 entries come back after a
// reload. (A full quota: app.spec.ts.)

const library = (page: Page) => page.getByRole('navigation', { name: 'Library' });
const names = (page: Page) => library(page).locator('.library-item');
const turns = (page: Page) => page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
const usage = (page: Page) => library(page).locator('.library-usage');

const noEdits = { renames: {}, merges: {} };

// What earlier versions wrote to localStorage, entry by entry, in order.
const OLD: StoredEntry[] = [
  { id: 'devday-2024', name: 'Dev Day, renamed', text: '', edits: { renames: { '0': 'Host' }, merges: {} } },
  { id: 'u18c0a1', name: 'Old one', text: 'Ana: From the old days.\nBen: Indeed they were.', edits: { renames: { '1': 'Ben Okafor' }, merges: {} } },
  { id: 'u18c0a2', name: 'Old two “quoted”', text: 'Notes without speakers.\nA second line.', edits: noEdits, read_as: 'plain-text' },
  { id: 'u18c0a3', name: 'Old three', text: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Cy>Hello there.\n', edits: noEdits },
];

test('a library kept in localStorage by an earlier version moves to IndexedDB losslessly, once', async ({ page }) => {
  await page.goto('/');
  await expect(names(page)).toHaveCount(5);
  await page.evaluate((old) => {
    localStorage.setItem('transcript-explorer/index', JSON.stringify([...old.map((e) => e.id), 'u-bad']));
    for (const entry of old) localStorage.setItem(`transcript-explorer/t/${entry.id}`, JSON.stringify(entry));
    localStorage.setItem('transcript-explorer/t/u-bad', '{not json');
  }, OLD);
  await page.reload();
  await expect(names(page)).toHaveCount(8);
  await expect(names(page).first()).toHaveText('Dev Day, renamed');
  expect((await names(page).allTextContents()).slice(4)).toEqual(['Old one', 'Old two “quoted”', 'Old three', 'All transcripts']);
  await expect(page.getByRole('alert')).toContainText('1 transcript(s) kept by an earlier version could not be read');
  // Every entry as it was, in its order.
  expect(await storedLibrary(page)).toEqual(OLD);
  // The old copy is gone, but for what could not be read.
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('transcript-explorer/')).sort()),
  ).toEqual(['transcript-explorer/index', 'transcript-explorer/t/u-bad']);
  expect(await page.evaluate(() => localStorage.getItem('transcript-explorer/index'))).toBe('["u-bad"]');
  await library(page).getByRole('button', { name: 'Old one', exact: true }).click();
  await expect(turns(page).locator('.speaker')).toHaveText(['Ana', 'Ben Okafor']);
  await library(page).getByRole('button', { name: 'Dev Day, renamed', exact: true }).click();
  await expect(turns(page).first().locator('.speaker')).toHaveText('Host');

  // A second start moves nothing again.
  await page.reload();
  await expect(names(page)).toHaveCount(8);
  expect(await storedLibrary(page)).toEqual(OLD);
});

test('a 500-entry library is kept and comes back after a reload, with its usage shown', async ({ page }) => {
  // The browser's answer to persist() is its own (headless says no): record the ask, and say yes.
  await page.addInitScript(() => {
    const w = window as unknown as { persistAsked: number };
    w.persistAsked = 0;
    navigator.storage.persist = async () => {
      w.persistAsked += 1;
      return true;
    };
  });
  await page.goto('/');
  const entries = Array.from({ length: 500 }, (_, i) => ({
    id: `u-many-${i}`,
    name: `Meeting ${String(i + 1).padStart(3, '0')}`,
    text: `Ana: Meeting ${i + 1} opens.\nBen: Item ${i} is agreed.\nAna: Closed.`,
  }));
  const file = JSON.stringify({ format: 'transcript-explorer-library', version: 1, entries });
  await library(page).getByLabel('Import library').setInputFiles({ name: 'many.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported 500 transcripts' })).toBeVisible({ timeout: 60_000 });
  await expect.poll(async () => (await storedLibrary(page)).length, { timeout: 30_000 }).toBe(500);
  // The library grew: the app asked once for persistent storage, and says it has it.
  await expect(usage(page)).toHaveText(/^Kept in this browser: [\d.]+ [KMG]B of [\d.]+ [KMG]B, persistent\.$/);
  expect(await page.evaluate(() => (window as unknown as { persistAsked: number }).persistAsked)).toBe(1);
  expect((await new AxeBuilder({ page }).include('.library').analyze()).violations).toEqual([]);

  await page.reload();
  await expect(names(page)).toHaveCount(505, { timeout: 60_000 });
  await expect(names(page).nth(4)).toHaveText('Meeting 001');
  await expect(names(page).nth(503)).toHaveText('Meeting 500');
  await library(page).getByRole('button', { name: 'Meeting 250', exact: true }).click();
  await expect(turns(page).locator('.text')).toHaveText(['Meeting 250 opens.', 'Item 249 is agreed.', 'Closed.']);
  expect((await storedLibrary(page)).map((e) => e.name)).toEqual(entries.map((e) => e.name));
});

test('a write that fails halfway keeps every earlier entry and says what was not kept', async ({ page }) => {
  // The browser takes the record, then the transaction is aborted before it commits.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value: { name?: string }, key?: IDBValidKey) {
      const request = put.call(this, value, key);
      if (value?.name === 'Pasted transcript 2') this.transaction.abort();
      return request;
    };
  });
  await page.goto('/');
  await page.locator('details.add').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await page.getByLabel('Paste a transcript').fill('Ana: The first one.\nBen: Kept.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect.poll(async () => (await storedLibrary(page)).map((e) => e.name)).toEqual(['Pasted transcript 1']);
  await page.locator('details.add').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await page.getByLabel('Paste a transcript').fill('Ana: The second one.\nBen: Lost halfway.');
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'The browser refused to store “Pasted transcript 2”: it is open but will not be kept after a reload; the rest of the library is kept.',
  );
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 2');
  expect((await storedLibrary(page)).map((e) => e.name)).toEqual(['Pasted transcript 1']);
  await page.reload();
  await expect(names(page)).toHaveCount(6);
  await library(page).getByRole('button', { name: 'Pasted transcript 1', exact: true }).click();
  await expect(turns(page).locator('.text')).toHaveText(['The first one.', 'Kept.']);
});
