// (e) Small screens and reading comfort: the dashboard, a review, the action,
// evidence and NC registers and the coverage matrix at a phone (390 px) and a
// desktop (1280 px) width, in the light and the dark theme (the browser's
// prefers-color-scheme, as a reader's system sets it). Each is screenshotted
// (MINUTEBOOK_SCREENSHOTS, as `<theme>-<width>-<page>.png`) and fails on:
// the page body scrolling sideways, a register's table scrolling sideways
// (at 1280 px: a clipped column; at 390 px: rows that are not cards), and
// axe-core violations of impact serious or critical (contrast included).
// Then the dashboard's chart labels (apart and inside their chart, as
// drawn), the theme button (keyboard, remembered across pages) and the
// live-reload overlay (its Hide button on top).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { launch, watchedContext, siteDir, fileUrl, pageKinds, tempDir } from "./helpers.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let browser;
let site;
let shots;
let pages;

before(async () => {
  site = siteDir();
  browser = await launch();
  shots = process.env.MINUTEBOOK_SCREENSHOTS || tempDir("screenshots");
  fs.mkdirSync(shots, { recursive: true });
  const k = pageKinds(site);
  pages = {
    dashboard: k.dashboard,
    review: k.review,
    actions: k.actions,
    evidence: k.evidence,
    nonconformities: "nonconformities/index.html",
    matrix: k.clauses,
  };
  for (const rel of Object.values(pages)) {
    assert.ok(fs.existsSync(path.join(site, rel)), `${rel} is not in the built site`);
  }
});

after(async () => {
  await browser?.close();
});

/** Serious and critical axe violations on the page, as readable lines. */
async function axeSerious(page) {
  await page.addScriptTag({ path: axePath });
  const { rules, bad } = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"], preload: false });
    return {
      rules: r.passes.length + r.violations.length + r.incomplete.length,
      bad: r.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, first ${v.nodes[0]?.target.join(" ")}: ${v.nodes[0]?.failureSummary?.split("\n").slice(1).join(" ")})`),
    };
  });
  assert.ok(rules > 20, `axe applied only ${rules} rules`);
  return bad;
}

/** Data tables (not the matrix) whose box scrolls sideways: [caption, px]. */
function scrollingTables(page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll(".table-wrap:not(.table-wrap--matrix)"))
      .map((w) => [w.querySelector("caption")?.textContent.trim().slice(0, 60) ?? "?", w.scrollWidth - w.clientWidth])
      .filter(([, px]) => px > 1),
  );
}

const REGISTERS = new Set(["actions", "evidence", "nonconformities"]);

for (const scheme of ["light", "dark"]) {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    test(`${scheme} theme at ${width} px: no sideways scrolling, no serious axe violation`, async () => {
      const { context, problems } = await watchedContext(browser, {
        viewport: { width, height },
        deviceScaleFactor: 1,
        colorScheme: scheme,
      });
      const page = await context.newPage();
      const failures = [];
      for (const [name, rel] of Object.entries(pages)) {
        await page.goto(fileUrl(site, rel), { waitUntil: "load" });
        // The theme the page really shows (the dark theme's page background).
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const isDark = bg === "rgb(15, 19, 25)";
        assert.equal(isDark, scheme === "dark", `${rel}: body background ${bg} in the ${scheme} theme`);
        await page.screenshot({ path: path.join(shots, `${scheme}-${width}-${name}.png`), fullPage: true });
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (wide > 0) failures.push(`${rel}: the page is ${wide}px wider than the ${width}px viewport`);
        if (REGISTERS.has(name) || name === "review") {
          for (const [caption, px] of await scrollingTables(page)) {
            failures.push(`${rel}: table "${caption}" scrolls sideways by ${px}px at ${width}px`);
          }
        }
        if (width < 640 && REGISTERS.has(name)) {
          // Cards: every body cell but the row's heading says its column.
          const unlabelled = await page.evaluate(() =>
            Array.from(document.querySelectorAll("table.data:not(.matrix) tbody td"))
              .filter((td) => !td.hidden && td.offsetParent !== null)
              .filter((td) => !getComputedStyle(td, "::before").content.replace(/^none$/, "").replace(/"/g, "").trim()).length,
          );
          if (unlabelled) failures.push(`${rel}: ${unlabelled} cell(s) shown without their column's name at ${width}px`);
        }
        for (const v of await axeSerious(page)) failures.push(`${rel} (${scheme}, ${width}px): ${v}`);
      }
      assert.deepEqual(failures, [], `${scheme} theme at ${width} px`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

// Charts keep their words apart: on the dashboard, at both widths, no two
// labels of one chart (axis ticks, the target's label, the last value)
// overlap as drawn, and none runs out of its chart.
for (const width of [1280, 390]) {
  test(`chart labels at ${width} px stay apart and inside their chart`, async () => {
    const { context, problems } = await watchedContext(browser, {
      viewport: { width, height: 900 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    await page.goto(fileUrl(site, pages.dashboard), { waitUntil: "load" });
    const { charts, bad } = await page.evaluate(() => {
      const bad = [];
      const svgs = Array.from(document.querySelectorAll("main svg")).filter((svg) => svg.querySelector("text"));
      svgs.forEach((svg, n) => {
        const name = svg.getAttribute("aria-label") || svg.querySelector("title")?.textContent || `chart ${n + 1}`;
        const box = svg.getBoundingClientRect();
        const texts = Array.from(svg.querySelectorAll("text"))
          .filter((t) => t.textContent.trim())
          .map((t) => ({ t: t.textContent.trim(), r: t.getBoundingClientRect() }));
        for (const { t, r } of texts) {
          if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
            bad.push(`${name}: "${t}" runs out of the chart`);
          }
        }
        for (let i = 0; i < texts.length; i++) {
          for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i].r;
            const b = texts[j].r;
            const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (x > 1 && y > 1) bad.push(`${name}: "${texts[i].t}" overlaps "${texts[j].t}"`);
          }
        }
      });
      return { charts: svgs.length, bad };
    });
    assert.ok(charts >= 3, `only ${charts} chart(s) with labels on the dashboard`);
    assert.deepEqual(bad, [], `chart labels at ${width} px`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("the theme button works from the keyboard, says its state and is remembered", async () => {
  const { context, problems } = await watchedContext(browser, {
    viewport: { width: 1280, height: 800 },
    colorScheme: "light",
  });
  const page = await context.newPage();
  await page.goto(fileUrl(site, pages.actions), { waitUntil: "load" });
  const button = page.locator(".theme-toggle");
  assert.equal(await button.isVisible(), true, "the theme button is shown");
  assert.equal(await button.getAttribute("aria-pressed"), "false");
  assert.match((await button.textContent()).trim(), /Dark theme/);
  await button.focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  assert.equal(await button.getAttribute("aria-pressed"), "true");
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await bg(), "rgb(15, 19, 25)");
  // Another page of the site: still dark, before and without any click.
  await page.goto(fileUrl(site, pages.dashboard), { waitUntil: "load" });
  assert.equal(await bg(), "rgb(15, 19, 25)", "the choice is remembered");
  assert.equal(await page.locator(".theme-toggle").getAttribute("aria-pressed"), "true");
  await page.keyboard.press("Tab"); // skip link
  await page.locator(".theme-toggle").press("Space");
  assert.equal(await bg(), "rgb(244, 246, 249)", "back to light");
  await page.reload({ waitUntil: "load" });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
  // A system in dark mode does not override the remembered light choice.
  await page.emulateMedia({ colorScheme: "dark" });
  assert.equal(await bg(), "rgb(244, 246, 249)");
  assert.deepEqual(problems, []);
  await context.close();
});

test("without a script the system setting alone decides the theme", async () => {
  const context = await browser.newContext({ colorScheme: "dark", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(fileUrl(site, pages.dashboard), { waitUntil: "load" });
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(15, 19, 25)");
  assert.equal(await page.locator(".theme-toggle").isVisible(), false, "no button that would do nothing");
  await context.close();
});

test("without a script a register stays a table on a phone, scrolling in its own box, not the page", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(fileUrl(site, pages.actions), { waitUntil: "load" });
  const state = await page.evaluate(() => {
    const table = document.querySelector("table.data:not(.matrix)");
    const wrap = table.closest(".table-wrap");
    return {
      display: getComputedStyle(table).display,
      labelled: document.querySelectorAll("td[data-label]").length,
      wrapScrolls: getComputedStyle(wrap).overflowX,
      pageWider: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
  assert.equal(state.display, "table", "rows are cards without the labels the script gives them");
  assert.equal(state.labelled, 0, "the build writes no labels into the cells");
  assert.equal(state.wrapScrolls, "auto", "the table scrolls in its own region");
  assert.ok(state.pageWider <= 0, `the page is ${state.pageWider}px wider than the viewport`);
  await context.close();
});

test("the live-reload overlay puts its Hide button at the top", async () => {
  const { context, problems } = await watchedContext(browser, { viewport: { width: 390, height: 844 } });
  // A stand-in for the dev server's event stream (the page is on file://).
  await context.addInitScript(() => {
    window.EventSource = class {
      constructor() {
        this.listeners = {};
        window.__mbEvents = this;
      }
      addEventListener(name, fn) {
        this.listeners[name] = fn;
      }
    };
  });
  const page = await context.newPage();
  await page.goto(fileUrl(site, pages.dashboard), { waitUntil: "load" });
  await page.addScriptTag({ path: path.resolve("../../themes/default/static/livereload.js") });
  const long = Array.from({ length: 200 }, (_, i) => `error[MB0${i % 50}]: finding ${i}`).join("\n");
  await page.evaluate((text) => {
    window.__mbEvents.listeners.findings({ data: JSON.stringify({ errors: 200, text }) });
  }, long);
  const overlay = page.locator("#mb-live-overlay");
  const hide = overlay.getByRole("button", { name: "Hide" });
  const box = await overlay.boundingBox();
  const hideBox = await hide.boundingBox();
  const preBox = await overlay.locator("pre").boundingBox();
  assert.ok(hideBox.y < preBox.y, "the Hide button comes before the findings text");
  assert.ok(hideBox.y - box.y < 120, `the Hide button is ${hideBox.y - box.y}px below the top of the overlay`);
  assert.ok(hideBox.y + hideBox.height <= 844, "the Hide button is in view without scrolling");
  // It stays in view when the long findings are scrolled.
  await overlay.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const after = await hide.boundingBox();
  assert.ok(after.y >= box.y && after.y < box.y + 120, `after scrolling the Hide button is at ${after.y}`);
  await hide.click();
  assert.equal(await overlay.count(), 0, "Hide removes the overlay");
  assert.deepEqual(problems, []);
  await context.close();
});
