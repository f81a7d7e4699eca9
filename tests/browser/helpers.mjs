// Shared helpers of the browser tests: the built site and bundle handed over
// by scripts/test.sh, Chromium from Debian's package, and a page that records
// every console error, script error, failed load and request leaving file://.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

/** A required environment variable naming an existing path; never skips. */
export function requiredPath(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run these tests through scripts/test.sh, which builds the demo site and bundle first`,
    );
  }
  if (!fs.existsSync(value)) throw new Error(`${name}=${value} does not exist`);
  return path.resolve(value);
}

/** The built demo site folder (MINUTEBOOK_SITE). */
export const siteDir = () => requiredPath("MINUTEBOOK_SITE");
/** The demo bundle zip (MINUTEBOOK_BUNDLE). */
export const bundleZip = () => requiredPath("MINUTEBOOK_BUNDLE");

/** A fresh temporary folder. */
export function tempDir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `minutebook-browser-${tag}-`));
}

/** Unzips the bundle into a temporary folder; returns the site's top folder. */
export function unzipBundle() {
  const dir = tempDir("bundle");
  execFileSync("unzip", ["-q", bundleZip(), "-d", dir]);
  const tops = fs.readdirSync(dir);
  if (tops.length !== 1) throw new Error(`the bundle has ${tops.length} top entries: ${tops}`);
  const top = path.join(dir, tops[0]);
  if (!fs.existsSync(path.join(top, "index.html"))) throw new Error(`no index.html in ${top}`);
  return top;
}

export const fileUrl = (dir, rel) => pathToFileURL(path.join(dir, rel)).href;

/** Launches Debian's Chromium, headless, with no network chatter of its own. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A browser context whose pages record problems: console errors, uncaught
 * script errors, failed loads and any request that is not file:// (http(s)
 * requests are also aborted, so a page cannot reach the network).
 */
export async function watchedContext(browser, options = {}) {
  const context = await browser.newContext(options);
  const problems = [];
  await context.route(/^(https?|wss?|ftp):/i, (route) => {
    problems.push(`request outside the site: ${route.request().url()}`);
    return route.abort();
  });
  const watch = (page) => {
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
    page.on("request", (r) => {
      const u = r.url();
      if (!/^(file|data|about|blob):/i.test(u)) problems.push(`request outside the site: ${u}`);
    });
    page.on("requestfailed", (r) => {
      const why = r.failure()?.errorText ?? "";
      // ERR_ABORTED: a load still in flight (often the favicon) cancelled by
      // the test navigating on; a missing file is ERR_FILE_NOT_FOUND.
      if (why.includes("ERR_ABORTED")) return;
      problems.push(`failed load on ${page.url()}: ${r.url()} (${why})`);
    });
  };
  context.on("page", watch);
  return { context, problems };
}

/** The file a file:// URL names, without query and fragment. */
export function fileOf(url) {
  const u = new URL(url);
  u.hash = "";
  u.search = "";
  return fileURLToPath(u.href);
}

/** The page kinds of a built site: one representative relative path each. */
export function pageKinds(site) {
  const first = (dir) => {
    const p = path.join(site, dir);
    const subs = fs
      .readdirSync(p, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    if (!subs.length) throw new Error(`no page under ${dir}/`);
    return `${dir}/${subs[subs.length - 1]}/index.html`;
  };
  const clause = (() => {
    const base = path.join(site, "clauses");
    const catalog = fs
      .readdirSync(base, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()[0];
    const item = fs.existsSync(path.join(base, catalog, "9.3.2", "index.html")) ? "9.3.2" : fs.readdirSync(path.join(base, catalog)).sort()[0];
    return `clauses/${catalog}/${item}/index.html`;
  })();
  return {
    dashboard: "index.html",
    reviews: "reviews/index.html",
    review: first("reviews"),
    actions: "actions/index.html",
    action: first("actions"),
    clauses: "clauses/index.html",
    clause,
    people: "people/index.html",
    person: first("people"),
    evidence: "evidence/index.html",
    records: "records/index.html",
    record: first("records"),
    audit: "audit/index.html",
    report: "report/index.html",
    search: "search/index.html",
    notFound: "404.html",
  };
}
