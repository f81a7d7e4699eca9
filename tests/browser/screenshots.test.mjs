// (d) Every page kind at a desktop (1280 px) and a phone (390 px) width,
// screenshotted into a temporary folder (not kept in the repository) with no
// script error, console error, failed load or request outside the site, and
// no page wider than the viewport (the page body never scrolls sideways; the
// coverage matrix scrolls inside its own region). Both themes: screens.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { launch, watchedContext, siteDir, fileUrl, pageKinds, tempDir } from "./helpers.mjs";

let browser;
let site;
let shots;

before(async () => {
  site = siteDir();
  browser = await launch();
  shots = process.env.MINUTEBOOK_SCREENSHOTS || tempDir("screenshots");
  fs.mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  console.log(`screenshots in ${shots}`);
});

for (const [label, width, height] of [
  ["desktop", 1280, 800],
  ["phone", 390, 844],
]) {
  test(`every page kind renders at ${width} px without errors`, async () => {
    const { context, problems } = await watchedContext(browser, {
      viewport: { width, height },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    const kinds = pageKinds(site);
    const overflow = [];
    for (const [kind, rel] of Object.entries(kinds)) {
      await page.goto(fileUrl(site, rel), { waitUntil: "load" });
      const file = path.join(shots, `${label}-${kind}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 1000, `${file} is empty`);
      // The page itself must not scroll sideways (wide tables scroll in their own box).
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 1) overflow.push(`${rel}: ${wide}px wider than the ${width}px viewport`);
      // Nor does a data table inside its box (a clipped column at 1280 px, a
      // table that is not cards at 390 px); only the coverage matrix may.
      const tables = await page.evaluate(() =>
        Array.from(document.querySelectorAll(".table-wrap:not(.table-wrap--matrix)"))
          .map((w) => [w.querySelector("caption")?.textContent.trim().slice(0, 50), w.scrollWidth - w.clientWidth])
          .filter(([, px]) => px > 1),
      );
      for (const [caption, px] of tables) overflow.push(`${rel}: table "${caption}" scrolls sideways by ${px}px`);
    }
    assert.deepEqual(overflow, [], `horizontal overflow at ${width}px`);
    assert.deepEqual(problems, [], `problems at ${width}px`);
    await context.close();
  });
}
