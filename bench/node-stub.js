// `subtitle` imports Node's streams for its streaming API; the benchmark only
// calls its synchronous `parseSync`, which never touches them. esbuild maps
// `stream`, `multipipe` and `split2` here so the bundle runs in a browser.
export class Transform {}
export class Duplex {}
export default function unused() {
  throw new Error('streams are not available in the browser benchmark');
}
