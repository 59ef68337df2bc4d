import { test, expect } from '@playwright/test';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (error) => {
    throw error;
  });
});

test('opens on the four bundled transcripts with the first shown as turns', async ({ page }) => {
  await page.goto('/');
  const library = page.getByRole('navigation', { name: 'Library' }).getByRole('button');
  await expect(library).toHaveCount(4);
  await expect(library.first()).toHaveAttribute('aria-current', 'true');

  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.first().locator('.speaker')).toHaveText('Unknown');
  await expect(turns.nth(1).locator('.speaker')).toHaveText('Sam Altman');
  await expect(turns.first()).toContainText('Welcome to OpenAI Dev Day');
  expect(await turns.count()).toBeGreaterThan(20);
});

test('a pasted three-line transcript shows three turns with their speakers', async ({ page }) => {
  await page.goto('/');
  await page
    .getByLabel('Paste a transcript')
    .fill('Marta Ruiz: Thanks for joining us today.\nLeo Park: Happy to be here.\nMarta Ruiz: Let us start with the launch.');
  await page.getByRole('button', { name: 'Explore' }).click();

  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns).toHaveCount(3);
  await expect(turns.locator('.speaker')).toHaveText(['Marta Ruiz', 'Leo Park', 'Marta Ruiz']);
  await expect(turns.nth(1)).toContainText('Happy to be here.');
  await expect(page.getByRole('navigation', { name: 'Library' }).getByRole('button')).toHaveCount(5);
});

test('an empty paste says so and keeps the open transcript', async ({ page }) => {
  await page.goto('/');
  const heading = page.locator('.transcript-header h2');
  const before = await heading.textContent();
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(page.getByRole('alert')).toContainText('empty');
  await expect(heading).toHaveText(before ?? '');
});
