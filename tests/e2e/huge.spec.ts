import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { statSync } from 'node:fs';
import { test, expect, storedSizes } from './fixtures';

// A 100 MB file: the page shows its progress and can cancel it, then opens
// it in full (parsing and analysis run in the import worker), keeps it in
// IndexedDB and has it back after a reload.

test.setTimeout(240_000);

const SPEAKERS = ['Ana Ruiz', 'Ben Okafor', 'Cy Lee'];

/** About 100 MB of `Name: text`, one turn per line, and its turn count. */
function writeHuge(path: string): number {
  const lines: string[] = [];
  let size = 0;
  while (size < 100 * 1024 * 1024) {
    const i = lines.length;
    const line = `${SPEAKERS[i % 3]}: Line ${i} is about scaling laws, compute budgets and the next model release.\n`;
    lines.push(line);
    size += line.length;
  }
  writeFileSync(path, lines.join(''));
  return lines.length;
}

test('a 100 MB file shows progress, can be cancelled, then opens in full', async ({ page }, info) => {
  const path = info.outputPath('huge.txt');
  const turnCount = writeHuge(path);
  await page.goto('/');
  const library = page.getByRole('navigation', { name: 'Library' }).locator('.library-item');
  await expect(library).toHaveCount(5);

  await page.getByLabel('Open a file').setInputFiles(path);
  const progress = page.locator('.import-progress');
  await expect(progress).toContainText('Opening “huge.txt”');
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('Opening “huge.txt” was cancelled: nothing was added.');
  await expect(progress).toHaveCount(0);
  await expect(library).toHaveCount(5);

  await page.getByLabel('Open a file').setInputFiles(path);
  await expect(progress).toBeVisible();
  // The import's progress line is a main state too.
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await expect(page.locator('.transcript-header h2')).toHaveText('huge.txt', { timeout: 180_000 });
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first()).toHaveAttribute('aria-setsize', String(turnCount));
  await expect(turns.first().locator('.speaker')).toHaveText('Ana Ruiz');
  // Kept whole: IndexedDB has no 5 MB ceiling.
  await expect.poll(() => storedSizes(page), { timeout: 60_000 }).toEqual([{ name: 'huge.txt', bytes: statSync(path).size }]);
  await expect(page.getByRole('alert')).toHaveCount(0);

  const last = turnCount - 1;
  await page.getByRole('searchbox', { name: 'Search' }).fill(`Line ${last} is`);
  await expect(turns).toHaveCount(1);
  await expect(turns.first().locator('.speaker')).toHaveText(SPEAKERS[last % 3]);
});

test('a 100 MB paste shows progress and opens in full', async ({ page }) => {
  await page.goto('/');
  // Typing 100 MB would take hours: the text is put into the box as a paste
  // would put it, then explored.
  const turnCount = await page.getByLabel('Paste a transcript').evaluate((area) => {
    const speakers = ['Ana Ruiz', 'Ben Okafor', 'Cy Lee'];
    const lines: string[] = [];
    let size = 0;
    while (size < 100 * 1024 * 1024) {
      const i = lines.length;
      const line = `${speakers[i % 3]}: Pasted line ${i} is about scaling laws and compute.\n`;
      lines.push(line);
      size += line.length;
    }
    (area as HTMLTextAreaElement).value = lines.join('');
    area.dispatchEvent(new Event('input', { bubbles: true }));
    return lines.length;
  });
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.locator('.import-progress')).toContainText('Opening “Pasted transcript 1”');
  await expect(page.locator('.transcript-header h2')).toHaveText('Pasted transcript 1', { timeout: 180_000 });
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first()).toHaveAttribute('aria-setsize', String(turnCount));
  // Kept whole, and back after a reload.
  await expect.poll(async () => (await storedSizes(page)).map((e) => e.name), { timeout: 60_000 }).toEqual(['Pasted transcript 1']);
  expect((await storedSizes(page))[0].bytes).toBeGreaterThan(100 * 1024 * 1024);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.reload();
  const item = page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: 'Pasted transcript 1', exact: true });
  await item.click({ timeout: 120_000 });
  await expect(turns.first()).toHaveAttribute('aria-setsize', String(turnCount), { timeout: 120_000 });
  await expect(turns.first().locator('.speaker')).toHaveText('Ana Ruiz');
});
