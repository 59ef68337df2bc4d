import AxeBuilder from '@axe-core/playwright';
import { test, expect, Page } from './fixtures';

// "Read as…": a text whose automatic reading is wrong (meeting notes whose
// "Decision:" lines look like speaker labels) is corrected by the reader;
// the choice is kept after a reload and travels in a share link.

const notes = [
  'Agenda: budget review and hiring for the spring.',
  'Decision: we keep the current plan for now.',
  'Action: Ana sends the numbers by Friday.',
  'Risk: the vendor may raise prices again.',
  'Decision: hiring waits until March.',
].join('\n');

const turns = (page: Page) => page.getByRole('list', { name: 'Turns' }).getByRole('listitem');

test('a wrong guess is corrected through Read as…, kept after a reload and in a share link', async ({ page, browser }) => {
  await page.goto('/');
  const items = page.locator('.library-item');
  await expect(items).toHaveCount(5);
  await page.getByLabel('Paste a transcript').fill(notes);
  await page.getByRole('button', { name: 'Explore' }).click();
  await expect(items).toHaveCount(6);
  // The guess: a script whose "speakers" are Decision, Action and Risk.
  const summary = page.locator('.reading-summary');
  await expect(summary).toContainText('Speaker-labelled text');
  await expect(page.getByRole('checkbox', { name: /^Decision/ })).toHaveCount(1);

  await page.getByText('Read as…').click();
  const format = page.getByLabel('Format', { exact: true });
  await expect(format).toHaveValue('plain-script');
  // The label shapes found in the text are offered, with an example line.
  await expect(page.getByRole('group', { name: 'Speaker labels found in the text' })).toContainText('Decision: we keep the current plan');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await format.selectOption({ label: 'Plain paragraphs' });
  await page.getByRole('radio', { name: 'As the format says' }).check();
  await page.getByRole('button', { name: 'Read again' }).click();

  await expect(summary).toContainText('Plain text');
  await expect(page.getByRole('checkbox', { name: /^Decision/ })).toHaveCount(0);
  await expect(turns(page).first()).toContainText('Decision: we keep the current plan for now.');
  await expect(items).toHaveCount(6);
  const read = await turns(page).locator('.text').allTextContents();

  // Kept with the library entry.
  await page.reload();
  await expect(items).toHaveCount(6);
  await items.nth(4).click();
  await expect(page.locator('.reading-summary')).toContainText('Plain text');
  await expect(page.getByRole('checkbox', { name: /^Decision/ })).toHaveCount(0);
  expect(await turns(page).locator('.text').allTextContents()).toEqual(read);

  // And in a link: the receiver sees the corrected reading.
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Share link' });
  await expect(box).toHaveValue(/#v1/);
  const link = await box.inputValue();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByRole('region', { name: 'Shared transcript' })).toBeVisible();
  await expect(turns(other).first()).toContainText('Decision: we keep the current plan for now.');
  expect(await turns(other).locator('.text').allTextContents()).toEqual(read);
  await expect(other.getByRole('checkbox', { name: /^Decision/ })).toHaveCount(0);
  await fresh.close();
});
