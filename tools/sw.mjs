// Trunk post_build hook (after csp.mjs): minifies the two hand-written
// scripts the build copies (library.js, sw.js: their comments stay in
// assets/), then fills the service worker with the list of the build's
// files and a version made of their hash, so that every build is a new
// worker with its own cache and nothing is missing offline. Paths are
// relative to the worker, so the build works below any PUBLIC_URL.
import { transformSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('sw.mjs: TRUNK_STAGING_DIR is not set (this runs as a Trunk post_build hook)');
  process.exit(1);
}
const minify = (name) => {
  const file = join(staging, name);
  writeFileSync(file, transformSync(readFileSync(file, 'utf8'), { minify: true, target: 'es2020', legalComments: 'none' }).code);
};
minify('library.js');
minify('sw.js');
const walk = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const files = walk(staging)
  .map((f) => relative(staging, f).split('\\').join('/'))
  .filter((f) => f !== 'sw.js')
  .sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(staging, f)));
const version = hash.digest('hex').slice(0, 16);
const sw = join(staging, 'sw.js');
const text = readFileSync(sw, 'utf8');
// esbuild writes the placeholders with double quotes.
if (!text.includes('"BUILD-FILES"') || !text.includes('"BUILD-VERSION"')) {
  console.error(`sw.mjs: ${sw} has no "BUILD-FILES" and "BUILD-VERSION" placeholders`);
  process.exit(1);
}
writeFileSync(sw, text.replace('"BUILD-FILES"', files.map((f) => JSON.stringify(f)).join(',')).replace('"BUILD-VERSION"', JSON.stringify(version)));
