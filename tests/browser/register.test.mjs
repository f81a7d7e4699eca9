// (c) The action register sorts and filters when JavaScript runs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, watchedContext, siteDir, fileUrl } from "./helpers.mjs";

let browser;
let site;

before(async () => {
  site = siteDir();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The visible rows of the register: id, status, owner, overdue, due. */
async function visibleRows(page) {
  return page.$$eval("#action-register tbody tr", (rows) =>
    rows
      .filter((r) => !r.hidden && r.offsetParent !== null)
      .map((r) => ({
        id: r.cells[0].textContent.trim(),
        status: r.getAttribute("data-status"),
        owner: r.getAttribute("data-owner"),
        overdue: r.getAttribute("data-overdue"),
        // The due date as the sort reads it: the cell's first <time>.
        due: (r.cells[4].querySelector("time") || { textContent: "" }).textContent.trim(),
        text: r.textContent.toLowerCase(),
      })),
  );
}

async function openRegister() {
  const { context, problems } = await watchedContext(browser);
  const page = await context.newPage();
  await page.goto(fileUrl(site, "actions/index.html"), { waitUntil: "load" });
  return { context, problems, page };
}

test("the register sorts by a column, both ways", async () => {
  const { context, problems, page } = await openRegister();
  const all = await visibleRows(page);
  assert.ok(all.length >= 10, `only ${all.length} actions in the demo register`);
  const ids = all.map((r) => r.id);
  assert.deepEqual(ids, [...ids].sort(), "the register does not start sorted by id");

  const dueHeader = page.locator("#action-register thead th", { hasText: "Due" });
  const button = dueHeader.locator("button");
  assert.equal(await button.count(), 1, "the Due header has no sort button (JavaScript did not run?)");
  await button.click();
  assert.equal(await dueHeader.getAttribute("aria-sort"), "ascending");
  const asc = (await visibleRows(page)).map((r) => r.due).filter(Boolean);
  assert.deepEqual(asc, [...asc].sort(), "not sorted by due date, ascending");
  await button.click();
  assert.equal(await dueHeader.getAttribute("aria-sort"), "descending");
  const desc = (await visibleRows(page)).map((r) => r.due).filter(Boolean);
  assert.deepEqual(desc, [...desc].sort().reverse(), "not sorted by due date, descending");
  assert.notDeepEqual(asc, desc);

  const idButton = page.locator("#action-register thead th", { hasText: "Action" }).locator("button");
  await idButton.click();
  const back = (await visibleRows(page)).map((r) => r.id);
  assert.deepEqual(back, ids, "sorting by id again does not restore the id order");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the register filters by status, owner, overdue and text", async () => {
  const { context, problems, page } = await openRegister();
  assert.equal(await page.isVisible("#action-filters"), true, "the filter form stays hidden");
  const all = await visibleRows(page);
  const count = () => page.textContent("#filter-count");
  assert.match(await count(), new RegExp(`${all.length}`));

  await page.selectOption("#filter-status", "done");
  let rows = await visibleRows(page);
  const done = all.filter((r) => r.status === "done").length;
  assert.ok(done > 0 && done < all.length, "the demo needs done and other actions");
  assert.equal(rows.length, done);
  assert.ok(rows.every((r) => r.status === "done"));
  assert.match(await count(), new RegExp(`Showing ${done} of ${all.length}`));

  await page.selectOption("#filter-status", "active");
  rows = await visibleRows(page);
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.status === "open" || r.status === "in-progress"));

  await page.check("#filter-overdue");
  rows = await visibleRows(page);
  const overdue = all.filter((r) => r.overdue === "true").length;
  assert.ok(overdue > 0, "the demo has overdue actions as of its as-of date");
  assert.equal(rows.length, overdue);
  assert.ok(rows.every((r) => r.overdue === "true"));

  await page.click("#action-filters button[type=reset]");
  await page.waitForFunction((n) => document.querySelectorAll("#action-register tbody tr:not([hidden])").length === n, all.length);

  const owner = all[0].owner;
  await page.selectOption("#filter-owner", owner);
  rows = await visibleRows(page);
  assert.equal(rows.length, all.filter((r) => r.owner === owner).length);
  assert.ok(rows.every((r) => r.owner === owner));
  await page.selectOption("#filter-owner", "");

  const id = all[all.length - 1].id;
  await page.fill("#filter-text", id.toLowerCase());
  rows = await visibleRows(page);
  assert.ok(rows.some((r) => r.id === id), `text filter ${id} hides its own action`);
  assert.ok(rows.every((r) => r.text.includes(id.toLowerCase())));
  await page.fill("#filter-text", "zzzz-no-such-action");
  assert.equal((await visibleRows(page)).length, 0);
  assert.match(await count(), new RegExp(`Showing 0 of ${all.length}`));
  assert.deepEqual(problems, []);
  await context.close();
});

test("the register starts filtered from the query string", async () => {
  const { context, problems } = await watchedContext(browser);
  const page = await context.newPage();
  await page.goto(`${fileUrl(site, "actions/index.html")}?status=done`, { waitUntil: "load" });
  const rows = await visibleRows(page);
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.status === "done"));
  assert.equal(await page.inputValue("#filter-status"), "done");
  assert.deepEqual(problems, []);
  await context.close();
});
