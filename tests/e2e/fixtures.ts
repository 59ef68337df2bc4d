// The test every end-to-end spec uses: Playwright's, plus a guard that fails
// the test if the page opened a dialog (alert, confirm, prompt), reported a
// Content-Security-Policy violation, or threw. Hostile payloads try to do all
// three; the app's own code must never do any of them.
import { test as base, expect, Page } from '@playwright/test';

export { expect };
export type { Page };

export type Guard = {
  /** Dialogs the page opened, as "type: message". */
  dialogs: string[];
  /** CSP violations: "directive blocked-uri" from the page's own event, or Chromium's console line. */
  violations: string[];
  /** Set to false by a test that provokes a violation on purpose. */
  enforce: boolean;
};

/** Records dialogs and CSP violations of `page` into `guard`, and fails on a page error. */
export async function watch(page: Page, guard: Guard) {
  page.on('dialog', (dialog) => {
    guard.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => {
    throw error;
  });
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('csp-violation ') || /Content Security Policy|Trusted Type/i.test(text)) {
      guard.violations.push(text);
    }
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`csp-violation ${e.effectiveDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
}

/** Opens `text` (or bytes) as a file named `name` with "Open a file". */
export async function openFile(page: Page, name: string, text: string | Buffer) {
  const mimeType = name.endsWith('.vtt') ? 'text/vtt' : 'text/plain';
  const buffer = typeof text === 'string' ? Buffer.from(text) : text;
  await page.getByLabel('Open a file').setInputFiles({ name, mimeType, buffer });
}

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ page }, use) => {
      const guard: Guard = { dialogs: [], violations: [], enforce: true };
      await watch(page, guard);
      await use(guard);
      if (guard.enforce) {
        expect(guard.dialogs, 'the page opened a dialog').toEqual([]);
        expect(guard.violations, 'the page broke its Content-Security-Policy').toEqual([]);
      }
    },
    { auto: true },
  ],
});

/** A library entry as the app keeps it in IndexedDB (its text read back from its Blob). */
export type StoredEntry = {
  id: string;
  name: string;
  text: string;
  edits: { renames: Record<string, string>; merges: Record<string, number> };
  link?: string;
  read_as?: string;
};

/**
 * What the app keeps in IndexedDB, read in the page: every entry in library
 * order (when each was first stored) with its text, or (`sizes`) each
 * entry's name and the size of its text in bytes, without reading the text
 * back. Never creates the database: where the app has not made it yet, the
 * library is empty.
 */
function readStored(page: Page, sizes: boolean): Promise<unknown[]> {
  return page.evaluate(
    (sizes) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('transcript-explorer');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction('entries').objectStore('entries').getAll();
          all.onerror = () => (sizes ? resolve([]) : reject(all.error));
          all.onsuccess = async () => {
            db.close();
            const records = all.result as Array<Record<string, unknown>>;
            if (sizes) {
              resolve(records.map((r) => ({ name: r.name, bytes: r.text instanceof Blob ? r.text.size : String(r.text).length })));
              return;
            }
            records.sort((a, b) => (a.added as number) - (b.added as number));
            resolve(
              await Promise.all(
                records.map(async ({ added: _added, text, ...rest }) => ({
                  ...rest,
                  text: text instanceof Blob ? await text.text() : String(text),
                })),
              ),
            );
          };
        };
      }),
    sizes,
  );
}

/** Every entry the app keeps in IndexedDB, in library order, with its text. */
export function storedLibrary(page: Page): Promise<StoredEntry[]> {
  return readStored(page, false) as Promise<StoredEntry[]>;
}

/** Each stored entry's name and the size of its text in bytes (without reading the text back). */
export function storedSizes(page: Page): Promise<Array<{ name: string; bytes: number }>> {
  return readStored(page, true) as Promise<Array<{ name: string; bytes: number }>>;
}
