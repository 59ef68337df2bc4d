// The JavaScript peers of the in-browser benchmark, bundled for the browser
// by esbuild (run.mjs) into out/peers.js, which sets `globalThis.peers`.
// Only synchronous, in-memory APIs are used: what a web app would call.
import { WebVTTParser } from 'webvtt-parser';
import { parseSync as subtitleParseSync } from 'subtitle';
import MiniSearch from 'minisearch';
import { Index as FlexIndex, Charset as FlexCharset } from 'flexsearch';
import { parse as plussubParse } from '@plussub/srt-vtt-parser';
import { parseText as mediaCaptionsParseText } from 'media-captions';
import LZString from 'lz-string';
import { deflateRaw, inflateRaw } from 'pako';

globalThis.peers = {
  WebVTTParser,
  subtitleParseSync,
  plussubParse,
  mediaCaptionsParseText,
  MiniSearch,
  FlexIndex,
  FlexCharset,
  LZString,
  deflateRaw,
  inflateRaw,
};
