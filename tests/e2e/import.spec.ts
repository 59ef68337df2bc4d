import { test, expect, openFile, storedLibrary } from './fixtures';

// Opening a large transcript: the steps show as they happen, the work is
// done in a Web Worker (the page falls back to doing it itself when no
// worker can run), and Cancel stops at once with nothing added.

function bigFile(): Buffer {
  const lines = Array.from({ length: 100000 }, (_, i) => `${i % 2 ? 'Ben' : 'Ana'}: Line number ${i} about scaling laws and compute.`);
  return Buffer.from(lines.join('\n'));
}

test('a large file shows its steps, and the page answers between them', async ({ page }) => {
  await page.goto('/');
  // Record every step the progress line shows.
  await page.evaluate(() => {
    (window as any).steps = [];
    new MutationObserver(() => {
      const label = document.querySelector('.import-progress label');
      const steps = (window as any).steps as string[];
      if (label && steps[steps.length - 1] !== label.textContent) steps.push(label.textContent ?? '');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await openFile(page, 'long.txt', bigFile());
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first()).toHaveAttribute('aria-setsize', '100000');
  await expect(page.locator('.import-progress')).toHaveCount(0);
  const steps = await page.evaluate(() => (window as any).steps as string[]);
  expect(steps).toEqual([
    'Opening “long.txt”: reading the transcript (step 1 of 4)…',
    'Opening “long.txt”: indexing it for search (step 2 of 4)…',
    'Opening “long.txt”: finding its topics (step 3 of 4)…',
    'Opening “long.txt”: finding repeated passages (step 4 of 4)…',
  ]);
  // The steps ran in the worker: its script was loaded, and the page only
  // took its result (the page marks each part it takes).
  const used = await page.evaluate(() => ({
    scripts: performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()),
    taken: performance.getEntriesByType('measure').map((m) => m.name),
  }));
  expect(used.scripts).toContain('core_worker_loader.js');
  expect(used.taken).toContain("import: take the worker's result (transcript)");
});

// The worker's script, or its wasm, cannot be loaded: the page does not
// parse on its own (it carries no parsers), so the reader is told why, the
// library is as it was, and the bundled transcripts still read and search.
// Without the service worker, which would have cached the file on its own.
test.describe('without a worker file', () => {
  test.use({ serviceWorkers: 'block' });
  for (const missing of ['core_worker_loader.js', 'core_worker_bg.wasm']) {
    test(`without ${missing} an import says why and changes nothing`, async ({ page }) => {
      await page.route(`**/${missing}`, (route) => route.abort());
      await page.goto('/');
      const library = page.getByRole('navigation', { name: 'Library' }).locator('.library-item');
      await expect(library).toHaveCount(5);
      const before = await page.locator('.transcript-header h2').textContent();
      await openFile(page, 'long.txt', bigFile());
      await expect(page.getByRole('alert')).toContainText('Opening “long.txt” needs a Web Worker');
      await expect(library).toHaveCount(5);
      await expect(page.locator('.transcript-header h2')).toHaveText(before!);
      await expect(page.locator('.import-progress')).toHaveCount(0);
      // Reading goes on: search works on the page.
      await page.getByRole('searchbox', { name: 'Search' }).fill('agents');
      await expect(page.locator('mark').first()).toBeVisible();
      const taken = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => m.name));
      expect(taken.filter((n) => n.startsWith('import: take'))).toEqual([]);
    });
  }
});

test('Cancel stops an import before its next step and adds nothing', async ({ page }) => {
  await page.goto('/');
  const library = page.getByRole('navigation', { name: 'Library' }).locator('.library-item');
  await expect(library).toHaveCount(5);
  // Press Cancel the moment the second step shows: the file is parsed by
  // then, and nothing of it may be kept. (Playwright's own click waits for
  // animation frames, which a busy step holds back, so the reader's click is
  // made from the page.)
  await page.evaluate(() => {
    new MutationObserver((_, observer) => {
      const progress = document.querySelector('.import-progress');
      if (progress?.textContent?.includes('step 2 of 4')) {
        (window as any).sawProgressbar = !!progress.querySelector('progress');
        progress.querySelector('button')?.click();
        observer.disconnect();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await openFile(page, 'long.txt', bigFile());
  await expect(page.getByRole('alert')).toContainText('Opening “long.txt” was cancelled: nothing was added.');
  expect(await page.evaluate(() => (window as any).sawProgressbar)).toBe(true);
  await expect(page.locator('.import-progress')).toHaveCount(0);
  await expect(library).toHaveCount(5);
  await expect(page.locator('.transcript-header h2')).toHaveText('devday-2024-altman-interview.txt');
  expect(await storedLibrary(page)).toEqual([]);
  // The stopped worker is replaced on the next import.
  await openFile(page, 'short.txt', 'Ana: Hello.\nBen: Hi there.\n');
  await expect(page.locator('.transcript-header h2')).toHaveText('short.txt');
  await expect(library).toHaveCount(6);
});
