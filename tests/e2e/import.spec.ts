import { test, expect } from './fixtures';

// Opening a large transcript: the steps show as they happen, and Cancel
// stops before the next step with nothing added.

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
  await page.getByLabel('Open a file').setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: bigFile() });
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
  await page.getByLabel('Open a file').setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: bigFile() });
  await expect(page.getByRole('alert')).toContainText('Opening “long.txt” was cancelled: nothing was added.');
  expect(await page.evaluate(() => (window as any).sawProgressbar)).toBe(true);
  await expect(page.locator('.import-progress')).toHaveCount(0);
  await expect(library).toHaveCount(5);
  await expect(page.locator('.transcript-header h2')).toHaveText('devday-2024-altman-interview.txt');
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('/t/')))).toEqual([]);
});
