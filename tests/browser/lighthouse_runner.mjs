// Lighthouse runs, one after another, in one Node process and one Chromium (tests/browser/test_lighthouse.py).
//
// Why: each `lighthouse URL` command starts Node, loads Lighthouse's modules and launches
// Chromium before it audits anything, and stops them afterwards: about 5 of its 13 seconds
// per page.  This does what the command does (cli/run.js: chrome-launcher, then the
// `lighthouse()` function given the browser's debugging port, which opens a new tab for the
// run, clears the origin's cache and storage first, and closes the tab afterwards), once per
// requested URL, with the modules loaded and the browser started once.
//
// Usage: node lighthouse_runner.mjs LIGHTHOUSE_PACKAGE_DIR CHROMIUM_FLAGS CATEGORIES
// then one JSON request per line on stdin, {"url": ..., "out": ...}; each answer is one JSON
// line on stdout, {"ok": true} once the report (the CLI's --output=json) is in `out`, or
// {"ok": false, "error": ...}.  Closing stdin stops Chromium and the process.

import {writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {pathToFileURL} from 'node:url';

const [packageDir, chromeFlags, categories] = process.argv.slice(2);
// Lighthouse is installed under .cache/lighthouse, not beside this file: resolve from there.
const require = createRequire(path.join(packageDir, 'package.json'));
const load = name => import(pathToFileURL(require.resolve(name)).href);
const {default: lighthouse} = await load('lighthouse');
const chromeLauncher = await load('chrome-launcher');

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: chromeFlags.split(' ').filter(Boolean),
  logLevel: 'silent',
});
const flags = {
  port: chrome.port,
  output: 'json',
  logLevel: 'silent',
  onlyCategories: categories.split(','),
  channel: 'cli',
  // An image of the whole page for the HTML report's element thumbnails; no audit reads it
  // (core/runner.js only copies it into the report) and it costs a second per page.
  disableFullPageScreenshot: true,
};
const answer = reply => process.stdout.write(JSON.stringify(reply) + '\n');

for await (const line of createInterface({input: process.stdin})) {
  if (!line.trim()) continue;
  const {url, out} = JSON.parse(line);
  try {
    const result = await lighthouse(url, flags);
    if (!result) throw new Error('Lighthouse returned no result');
    await writeFile(out, result.report);
    // The CLI exits non-zero on a runtime error (the page did not load, …): so does a request.
    const failure = result.lhr.runtimeError;
    answer(failure ? {ok: false, error: `${failure.code}: ${failure.message}`} : {ok: true});
  } catch (error) {
    answer({ok: false, error: String(error && error.stack || error)});
  }
}
await chrome.kill();
