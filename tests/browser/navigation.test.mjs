// (a) The bundle works offline from file://: every link of the dashboard's
// main content and navigation loads without errors or network requests, and
// search finds a word of the demo and leads to the heading it names.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launch, watchedContext, unzipBundle, fileUrl, fileOf } from "./helpers.mjs";

let browser;
let site;

before(async () => {
  site = unzipBundle();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (site) fs.rmSync(path.dirname(site), { recursive: true, force: true });
});

test("every link of the dashboard's main content and navigation loads from file://", async () => {
  const { context, problems } = await watchedContext(browser);
  const page = await context.newPage();
  const start = fileUrl(site, "index.html");
  await page.goto(start, { waitUntil: "load" });
  const links = await page.$$eval("main a[href], nav a[href]", (as) =>
    as.map((a) => ({ href: a.href, raw: a.getAttribute("href"), text: a.textContent.trim() })),
  );
  assert.ok(links.length >= 15, `only ${links.length} links found on the dashboard`);
  const seen = new Set();
  const failures = [];
  let visited = 0;
  for (const link of links) {
    if (seen.has(link.href)) continue;
    seen.add(link.href);
    const what = `link "${link.text}" (${link.raw})`;
    if (!link.href.startsWith("file://")) {
      failures.push(`${what} leaves the site: ${link.href}`);
      continue;
    }
    const file = fileOf(link.href);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      failures.push(`${what}: no file ${file}`);
      continue;
    }
    if (!file.endsWith(".html")) continue; // a download (csv, ics, evidence): existence is enough
    const before = problems.length;
    const response = await page.goto(link.href, { waitUntil: "load" });
    if (response && !response.ok()) failures.push(`${what} failed to load`);
    const url = new URL(link.href);
    if (url.hash.length > 1) {
      const id = decodeURIComponent(url.hash.slice(1));
      const found = await page.evaluate((i) => document.getElementById(i) !== null, id);
      if (!found) failures.push(`${what}: no element id="${id}" in the target page`);
    }
    if (!(await page.title()).trim()) failures.push(`${what}: the page has no <title>`);
    for (const p of problems.slice(before)) failures.push(`${what}: ${p}`);
    visited++;
  }
  assert.deepEqual(failures, [], "broken links from the dashboard");
  assert.ok(visited >= 10, `only ${visited} pages visited`);
  await context.close();
});

test("search finds a word of the demo and opens the heading it names", async () => {
  const { context, problems } = await watchedContext(browser);
  const page = await context.newPage();
  await page.goto(fileUrl(site, "search/index.html"), { waitUntil: "load" });
  await page.fill("#search-q", "phishing");
  await page.click("#search-form [type=submit]");
  // Results are grouped by document; the sections found are listed under it.
  await page.waitForSelector("#search-results .search-result__part a", { timeout: 10_000 });
  const count = await page.$$eval("#search-results li", (li) => li.length);
  assert.ok(count > 0, "no search result for 'phishing'");
  const status = await page.textContent("#search-status");
  assert.match(status, /result/, `search status: ${status}`);
  const first = page.locator("#search-results .search-result__part a").first();
  const href = await first.getAttribute("href");
  assert.match(href, /#./, `the first result (${href}) does not name a heading anchor`);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith("/search/index.html")), first.click()]);
  const url = new URL(page.url());
  assert.equal(url.protocol, "file:");
  assert.match(url.pathname, /\/index\.html$/, `result opened ${page.url()}`);
  assert.ok(url.hash.length > 1, `result URL has no heading anchor: ${page.url()}`);
  const id = decodeURIComponent(url.hash.slice(1));
  const tag = await page.evaluate((i) => document.getElementById(i)?.tagName ?? null, id);
  assert.ok(tag, `the result's anchor #${id} names no element in ${url.pathname}`);
  const text = await page.evaluate((i) => document.getElementById(i).textContent, id);
  assert.ok(text.trim().length > 0, `the element #${id} is empty`);
  assert.deepEqual(problems, []);
  await context.close();
});
