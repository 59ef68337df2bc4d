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

const vtt = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.000',
  '<v Marta Ruiz>Welcome back to the show.',
  '',
  '00:00:04.500 --> 00:00:07.000',
  '<v Leo Park>Glad to be here &amp; ready.',
  '',
].join('\n');

test('a file picked with "Open a file" is parsed and opened with its times', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Open a file').setInputFiles({
    name: 'episode-12.vtt',
    mimeType: 'text/vtt',
    buffer: Buffer.from(vtt),
  });
  await expect(page.locator('.transcript-header h2')).toHaveText('episode-12.vtt');
  await expect(page.locator('.transcript-header .facts')).toContainText('WebVTT');
  const turns = page.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns.locator('.speaker')).toHaveText(['Marta Ruiz', 'Leo Park']);
  await expect(turns.locator('.start')).toHaveText(['0:01', '0:04']);
  await expect(turns.nth(1).locator('.text')).toHaveText('Glad to be here & ready.');
});

test('a file dropped anywhere on the page opens, and a binary one gets a message', async ({ page }) => {
  await page.goto('/');
  const drop = async (name: string, bytes: number[]) => {
    const dataTransfer = await page.evaluateHandle(
      ([name, bytes]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes as number[])], name as string));
        return dt;
      },
      [name, bytes],
    );
    await page.dispatchEvent('.app', 'dragover', { dataTransfer });
    await page.dispatchEvent('.app', 'drop', { dataTransfer });
  };
  await drop('notes.txt', [...Buffer.from('Ana: First point.\nBen: Second point.\n')]);
  await expect(page.locator('.transcript-header h2')).toHaveText('notes.txt');
  await expect(page.getByRole('list', { name: 'Turns' }).locator('.speaker')).toHaveText(['Ana', 'Ben']);

  await drop('photo.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  await expect(page.getByRole('alert')).toContainText('photo.png: This looks like a binary file');
  await expect(page.locator('.transcript-header h2')).toHaveText('notes.txt');
});
