// Search finds what auditors ask for (issue 20 item 5), from file:// on the
// built demo site: a clause or control id, however it is spelled, finds its
// clause page first, then the documents, actions and evidence citing it,
// one result per document with its matching sections listed under it; an
// action id finds the action; snippets are clean text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { launch, watchedContext, siteDir, fileUrl } from "./helpers.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let browser;
let site;

before(async () => {
  site = siteDir();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Searches the demo for `query`; returns the results as plain data. */
async function search(query) {
  const { context, problems } = await watchedContext(browser);
  const page = await context.newPage();
  await page.goto(`${fileUrl(site, "search/index.html")}?q=${encodeURIComponent(query)}`, {
    waitUntil: "load",
  });
  await page.waitForFunction(() => /result/.test(document.getElementById("search-status").textContent), null, {
    timeout: 10_000,
  });
  const results = await page.$$eval("#search-results > li", (lis) =>
    lis.map((li) => ({
      href: li.querySelector(".search-result__link").getAttribute("href"),
      title: li.querySelector(".search-result__link").textContent,
      kind: li.querySelector(".search-result__kind")?.textContent ?? "",
      parts: [...li.querySelectorAll(".search-result__part a")].map((a) => a.getAttribute("href")),
      snippets: [...li.querySelectorAll(".search-result__snippet")].map((p) => p.textContent),
    })),
  );
  const status = await page.textContent("#search-status");
  await context.close();
  assert.deepEqual(problems, [], `problems while searching ${query}`);
  return { results, status };
}

/** Each result's page (without anchor) appears once: grouped by document. */
function assertGrouped(results) {
  const pages = results.map((r) => r.href.split("#")[0]);
  assert.equal(new Set(pages).size, pages.length, `a page is listed twice: ${pages.join(", ")}`);
  for (const r of results) {
    for (const p of r.parts) {
      assert.equal(p.split("#")[0], r.href.split("#")[0], `section ${p} is listed under ${r.href}`);
    }
  }
}

for (const spelling of ["A.8.8", "a.8.8", "A 8.8", "A8.8", "iso27001-2022:A.8.8"]) {
  test(`searching ${spelling} finds the control page first, then what cites it`, async () => {
    const { results, status } = await search(spelling);
    assert.ok(results.length >= 3, `only ${results.length} results: ${status}`);
    assert.equal(results[0].href, "../clauses/iso27001-2022/a.8.8/index.html");
    assert.match(results[0].title, /^A\.8\.8 Management of technical vulnerabilities/);
    assert.match(results[0].kind, /Control/);
    assertGrouped(results);
    const hrefs = results.map((r) => r.href);
    // The review whose decision cites A.8.8, with that decision under it.
    const review = results.find((r) => r.href === "../reviews/mr-2024-09/index.html");
    assert.ok(review, `the review citing A.8.8 is not found: ${hrefs.join(", ")}`);
    assert.ok(
      review.parts.includes("../reviews/mr-2024-09/index.html#decision-d-2024-09-2"),
      `the citing decision is not listed under its review: ${review.parts}`,
    );
    // The action citing it (raised in MR-2025-03).
    assert.ok(hrefs.includes("../actions/a-2025-01/index.html"), `action A-2025-01 is not found: ${hrefs}`);
    // The evidence file citing it.
    assert.ok(
      hrefs.some((h) => h.includes("evidence/index.html#") && h.includes("pentest-summary-2025-01")),
      `the evidence citing A.8.8 is not found: ${hrefs.join(", ")}`,
    );
    // Not another control whose id starts alike (A.8.80 would be; A.8.29 must not rank as it).
    assert.ok(!results.slice(0, 1).some((r) => /a\.8\.2/.test(r.href)));
  });
}

test("searching 9.3.2.c finds the review input's page first, then the reviews covering it", async () => {
  const { results } = await search("9.3.2 c)");
  assert.equal(results[0].href, "../clauses/iso27001-2022/9.3.2.c/index.html");
  assertGrouped(results);
  const reviews = results.filter((r) => r.href.startsWith("../reviews/"));
  assert.ok(reviews.length >= 4, `only ${reviews.length} reviews cover 9.3.2.c`);
  // A review comes with the covering section under it, an anchor of its page.
  assert.ok(reviews.every((r) => r.parts.length >= 1 && r.parts.every((p) => p.includes("#"))));
});

test("a qualified 2013 control id finds its page first, then the 2023 review citing it", async () => {
  for (const q of ["iso27001-2013:A.12.6.1", "iso27001-2013: a 12.6.1"]) {
    const { results } = await search(q);
    assert.equal(results[0].href, "../clauses/iso27001-2013/a.12.6.1/index.html", q);
    assertGrouped(results);
    const review = results.find((r) => r.href === "../reviews/mr-2023-09/index.html");
    assert.ok(review, `MR-2023-09 citing A.12.6.1 is not found: ${results.map((r) => r.href)}`);
  }
});

test("a bare 8.8 finds the control A.8.8 as a weaker match (the catalog has no clause 8.8)", async () => {
  const { results } = await search("8.8");
  assert.equal(results[0].href, "../clauses/iso27001-2022/a.8.8/index.html");
});

test("an action id finds the action's page first", async () => {
  const { results } = await search("A-2025-01");
  assert.ok(results.length >= 1);
  assert.equal(results[0].href, "../actions/a-2025-01/index.html");
});

test("snippets are clean text: no Markdown syntax, no markup, white space folded", async () => {
  for (const q of ["A.8.8", "phishing", "MFA"]) {
    const { results } = await search(q);
    for (const s of results.flatMap((r) => r.snippets)) {
      assert.doesNotMatch(s, /\*\*|__|`|\]\(|<[a-z/]|\{#|\s{2}/i, `snippet for ${q}: ${s}`);
    }
  }
});

test("grouped results have no serious or critical accessibility violation (axe)", async () => {
  const { context, problems } = await watchedContext(browser);
  const page = await context.newPage();
  await page.goto(`${fileUrl(site, "search/index.html")}?q=${encodeURIComponent("A.8.8")}`, { waitUntil: "load" });
  await page.waitForSelector("#search-results .search-result__part a", { timeout: 10_000 });
  await page.addScriptTag({ path: axePath });
  const bad = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"], preload: false });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes[0]?.target.join(" ")}`);
  });
  assert.deepEqual(bad, []);
  assert.deepEqual(problems, []);
  await context.close();
});
