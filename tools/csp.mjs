// Trunk post_build hook: fills the Content-Security-Policy in the built
// index.html with the SHA-256 of every inline script Trunk wrote into it
// (the wasm loader, and the live-reload script under `trunk serve`).
//
// Why a hook: the loader names the hashed file names of this build, so its
// hash changes with every build, and a static host cannot send a header or a
// nonce. The policy itself is written once, in index.html; this only
// replaces the `'sha256-TRUNK-INLINE-SCRIPTS'` placeholder. The build fails if
// the placeholder or the policy is missing, so a page without its policy is
// never produced.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDER = "'sha256-TRUNK-INLINE-SCRIPTS'";
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('csp.mjs: TRUNK_STAGING_DIR is not set (this runs as a Trunk post_build hook)');
  process.exit(1);
}
const file = join(staging, 'index.html');
const html = readFileSync(file, 'utf8');

if (!html.includes('http-equiv="Content-Security-Policy"') || !html.includes(PLACEHOLDER)) {
  console.error(`csp.mjs: ${file} has no Content-Security-Policy meta tag with ${PLACEHOLDER}`);
  process.exit(1);
}

// Inline scripts only: a <script> with a src is covered by 'self'.
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  const digest = createHash('sha256').update(m[1], 'utf8').digest('base64');
  hashes.push(`'sha256-${digest}'`);
}
if (hashes.length === 0) {
  console.error(`csp.mjs: no inline script found in ${file}; Trunk's loader should be there`);
  process.exit(1);
}

writeFileSync(file, html.replace(PLACEHOLDER, [...new Set(hashes)].join(' ')));
console.log(`csp.mjs: ${hashes.length} inline script hash(es) in the Content-Security-Policy`);
