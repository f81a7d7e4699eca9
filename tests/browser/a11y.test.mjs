// (b) axe-core on the main page kinds: no violation of impact serious or
// critical. Every violation found is printed, whatever its impact.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { launch, watchedContext, siteDir, fileUrl, pageKinds } from "./helpers.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let browser;
let site;
let kinds;

before(async () => {
  site = siteDir();
  kinds = pageKinds(site);
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const PAGES = ["dashboard", "review", "actions", "clauses", "evidence", "audit"];

for (const kind of PAGES) {
  test(`axe: no serious or critical violation on the ${kind} page`, async () => {
    const rel = kinds[kind];
    const { context, problems } = await watchedContext(browser);
    const page = await context.newPage();
    await page.goto(fileUrl(site, rel), { waitUntil: "load" });
    await page.addScriptTag({ path: axePath });
    const { rules, violations } = await page.evaluate(async () => {
      // preload: false keeps axe from fetching the stylesheets by XHR, which
      // file:// forbids (and which would be axe's request, not the page's).
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ["violations"], preload: false });
      const rules = r.passes.length + r.violations.length + r.incomplete.length;
      return { rules, violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ")}`),
      })) };
    });
    assert.ok(rules > 20, `axe applied only ${rules} rules to ${rel}`);
    console.log(`[${rel}] axe: ${rules} rules applied, ${violations.length} violation(s)`);
    for (const v of violations) {
      console.log(`[${rel}] ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s))`);
      for (const n of v.nodes.slice(0, 5)) console.log(`    ${n}`);
      if (v.nodes.length > 5) console.log(`    … ${v.nodes.length - 5} more`);
    }
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(
      bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes[0]}`),
      [],
      `${rel}: serious or critical accessibility violations`,
    );
    assert.deepEqual(problems, []);
    await context.close();
  });
}
