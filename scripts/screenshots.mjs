#!/usr/bin/env node
// Regenerates the screenshots of docs/guide.md (docs/img/*.png) from real
// output of the current build: the demo site of this repository, built as of a
// fixed date, and real terminal output of the commands the guide shows.
//
//   cargo build --release
//   node scripts/screenshots.mjs
//
// Needs Chromium (/usr/bin/chromium, or $CHROMIUM), `script` (util-linux, to
// run commands in a pseudo-terminal so that they print in colour) and `zip`,
// and playwright-core from tests/browser (`cd tests/browser && npm ci` once).
//
// Environment:
//   MINUTEBOOK_BIN   the binary (default: $CARGO_TARGET_DIR or target/, then
//                    release/minutebook)
//   SHOTS_AS_OF      the as-of date of every build and command (2026-12-01)
//   SHOTS_OUT        where the PNGs go (docs/img)
//
// Everything is built in a temporary folder; the repository is only read
// (apart from minutebook's own hash cache under .minutebook/, which git
// ignores). Same build, same fonts: same pictures. Pages are shot at
// 1280 x 800 CSS pixels, device scale 1, and clipped to the part the guide
// talks about, so that each PNG stays small.
import { launch, watchedContext } from "../tests/browser/helpers.mjs";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const targetDir = process.env.CARGO_TARGET_DIR
  ? path.resolve(root, process.env.CARGO_TARGET_DIR)
  : path.join(root, "target");
const bin = path.resolve(process.env.MINUTEBOOK_BIN || path.join(targetDir, "release", "minutebook"));
const asOf = process.env.SHOTS_AS_OF || "2026-12-01";
const out = path.resolve(root, process.env.SHOTS_OUT || "docs/img");
const VIEWPORT = { width: 1280, height: 800 };
const COLUMNS = 110; // width of the pretend terminal, in characters

if (!fs.existsSync(bin)) {
  console.error(`no minutebook binary at ${bin}: run \`cargo build --release\` or set MINUTEBOOK_BIN`);
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "minutebook-shots-"));
// `minutebook` on PATH, so that the commands shown are the commands run.
const binDir = path.join(tmp, "bin");
fs.mkdirSync(binDir);
fs.symlinkSync(bin, path.join(binDir, "minutebook"));
const env = {
  ...process.env,
  PATH: `${binDir}:${process.env.PATH}`,
  TERM: "xterm-256color",
  COLUMNS: String(COLUMNS),
  LC_ALL: "C.UTF-8",
};
delete env.NO_COLOR;
delete env.SOURCE_DATE_EPOCH;

const written = [];

// ------------------------------------------------------------------ helpers

/** Runs a shell command in a pseudo-terminal; returns its output and exit code. */
function term(command, cwd) {
  const r = spawnSync("script", ["-qec", command, "/dev/null"], { cwd, env, encoding: "utf8" });
  if (r.error) throw r.error;
  return { text: r.stdout.replace(/\r\n/g, "\n").replace(/\r/g, ""), code: r.status };
}

/** Copies the demo's inputs (not its output or caches) to a new folder. */
function copyDemo(dest) {
  fs.mkdirSync(dest, { recursive: true });
  for (const name of ["minutebook.yaml", "evidence.lock", "content", "catalogs", "themes"]) {
    const from = path.join(root, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, name), { recursive: true });
  }
  return dest;
}

const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** ANSI SGR colour codes (what minutebook prints) to HTML spans. */
function ansiToHtml(text) {
  let bold = false;
  let fg = null;
  let html = "";
  const parts = text.split(/\x1b\[([0-9;]*)m/);
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 1) {
      const codes = parts[i] === "" ? [0] : parts[i].split(";").map(Number);
      for (const c of codes) {
        if (c === 0) { bold = false; fg = null; }
        else if (c === 1) bold = true;
        else if (c === 22) bold = false;
        else if (c === 39) fg = null;
        else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) fg = c;
      }
      continue;
    }
    if (!parts[i]) continue;
    const classes = [bold ? "b" : "", fg ? `c${fg}` : ""].filter(Boolean).join(" ");
    html += classes ? `<span class="${classes}">${escapeHtml(parts[i])}</span>` : escapeHtml(parts[i]);
  }
  return html;
}

/** A terminal session: [{command, text}] rendered like a dark terminal window. */
function terminalPage(title, session) {
  const body = session
    .map(({ command, text }) => {
      const cmd = `<span class="prompt">$ </span><span class="cmd">${escapeHtml(command)}</span>\n`;
      return cmd + ansiToHtml(text ?? "");
    })
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
  html, body { margin: 0; background: #ffffff; }
  .term { display: inline-block; margin: 0; background: #1d1f21; color: #d4d4d4;
          font: 14px/1.4 "DejaVu Sans Mono", "Liberation Mono", monospace; }
  .bar { background: #33363a; color: #b8bcc2; font: 12px/1 "DejaVu Sans", sans-serif;
         padding: 7px 14px; }
  pre { margin: 0; padding: 12px 16px 14px; font: inherit; white-space: pre; }
  .prompt { color: #8ab4f8; } .cmd { color: #ffffff; font-weight: bold; }
  .b { font-weight: bold; }
  .c31, .c91 { color: #f47067; } .c32, .c92 { color: #6cc644; }
  .c33, .c93 { color: #e3b341; } .c34, .c94 { color: #6cb6ff; }
  .c35, .c95 { color: #dcbdfb; } .c36, .c96 { color: #56d4dd; }
</style></head>
<body><div class="term"><div class="bar">${escapeHtml(title)}</div><pre>${body.replace(/\n+$/, "")}</pre></div></body></html>
`;
}

async function shootTerminal(browser, file, title, session) {
  const html = path.join(tmp, `${file}.html`);
  fs.writeFileSync(html, terminalPage(title, session));
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
  await save(page.locator(".term"), file);
  await page.close();
}

async function save(target, file, options = {}) {
  const dest = path.join(out, file);
  await target.screenshot({ path: dest, animations: "disabled", caret: "hide", ...options });
  written.push(dest);
  console.log(`${path.relative(root, dest)}  ${Math.round(fs.statSync(dest).size / 1024)} KiB`);
}

/** The page rectangle from the top of `from` to the bottom of `to` (CSS selectors). */
async function region(page, from, to, { pad = 16, top = null, maxHeight = 1400 } = {}) {
  const box = async (sel) => {
    const b = await page.locator(sel).first().evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
    });
    return b;
  };
  const a = await box(from);
  const b = await box(to);
  const y = Math.max(0, Math.floor(top ?? a.top - pad));
  const height = Math.min(maxHeight, Math.ceil(b.bottom + pad - y));
  return { x: 0, y, width: VIEWPORT.width, height };
}

async function shootClip(page, file, from, to, opts) {
  const clip = await region(page, from, to, opts);
  await save(page, file, { clip, fullPage: true });
}

// ------------------------------------------------------------------ the site

const site = path.join(tmp, "site");
execFileSync(bin, ["build", "--root", root, "--as-of", asOf, "-o", site, "--quiet"], {
  env,
  stdio: ["ignore", "ignore", "inherit"],
});

const browser = await launch();
try {
  const { context, problems } = await watchedContext(browser, {
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  const open = (rel) => page.goto(pathToFileURL(path.join(site, rel)).href, { waitUntil: "load" });

  // Dashboard: header, callouts (next review due), key figures.
  await open("index.html");
  await shootClip(page, "dashboard.png", "body", "section:has(> #mb-kpis)", { top: 0 });
  // Trend charts: the first two rows.
  await shootClip(page, "dashboard-trends.png", "#mb-trends", "#chart-metric-phishing-click-rate");

  // A review page: the latest scheduled review, signed off, with decisions,
  // actions raised, updates of earlier actions and evidence.
  await open("reviews/mr-2026-09/index.html");
  await shootClip(page, "review-header.png", "main", "nav.toc", { top: 112 });
  await shootClip(page, "review-coverage.png", "#mb-coverage", "#coverage-table");
  await shootClip(page, "review-decisions-actions.png", "#mb-decisions", "#actions-raised");
  // The first rows of the updates table are enough.
  await shootClip(page, "review-previous-actions.png", "#mb-updates", "#updates-table tbody tr:nth-child(3)");
  await shootClip(page, "review-evidence-signoff.png", "#mb-evidence", "#approvals-table");

  // The action register, filtered on overdue actions with its own control.
  await open("actions/index.html");
  await page.locator("#filter-overdue").check();
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll("#action-register tbody tr")];
      const shown = rows.filter((r) => !r.hidden && r.offsetParent);
      return shown.length > 0 && shown.length === rows.filter((r) => r.dataset.overdue === "true").length;
    },
    null,
    { timeout: 5000 },
  );
  await shootClip(page, "action-register.png", "main", "#action-register", { top: 112 });

  // One action's timeline: re-planned twice, overdue (its first three events).
  await open("actions/a-2025-06/index.html");
  await shootClip(page, "action-timeline.png", "main", ".timeline__item:nth-child(3)", { top: 112 });

  // The clause coverage matrix, and one control with its evidence trail.
  await open("clauses/index.html");
  await shootClip(page, "clause-matrix.png", "main", "section:has(> #mb-matrix)", { top: 112 });
  await open("clauses/iso27001-2022/a.8.8/index.html");
  await shootClip(page, "control-page.png", "main", "#clause-evidence", { top: 112 });

  // The audit index: its contents and the findings with file, line and column.
  await open("audit/index.html");
  await shootClip(page, "audit-index.png", "main", "section:has(> #mb-findings)", { top: 112 });

  // The findings box (SPEC §3, findings never hide the site): the fixture
  // whose July review misses an input (MB020) and records no decision
  // (MB025), built despite its errors (the build exits 1).
  const shown = path.join(tmp, "findings-shown");
  spawnSync(bin, ["build", "--root", path.join(root, "tests", "fixtures", "findings-shown"),
    "--as-of", "2025-12-31", "-o", shown, "--quiet"], { env, stdio: "ignore" });
  await page.goto(pathToFileURL(path.join(shown, "reviews", "mr-2025-07", "index.html")).href, { waitUntil: "load" });
  await shootClip(page, "findings-box.png", "body", ".findings-box", { top: 0 });
  // The same review's checklist: the input it misses is ✗ (not covered).
  await shootClip(page, "coverage-gap.png", "#mb-coverage", "#coverage-table");

  if (problems.length) throw new Error(`problems while shooting the site:\n  ${problems.join("\n  ")}`);
  await context.close();

  // ---------------------------------------------------------------- terminal

  // init, then the first check of the new site.
  const initDir = path.join(tmp, "work");
  fs.mkdirSync(initDir);
  const initCmd = `minutebook init acme-isms --organisation "Acme Ltd" --as-of ${asOf}`;
  const checkCmd = `minutebook check --as-of ${asOf}`;
  const init = term(initCmd, initDir);
  if (init.code !== 0) throw new Error(`init failed:\n${init.text}`);
  const check = term(checkCmd, path.join(initDir, "acme-isms"));
  if (check.code !== 0) throw new Error(`check of the new site failed:\n${check.text}`);
  await shootTerminal(browser, "terminal-init-check.png", "minutebook init and the first check", [
    { command: initCmd, text: init.text },
    { command: "cd acme-isms", text: "" },
    { command: checkCmd, text: check.text },
  ]);

  // The overdue register of the demo, in colour.
  const actionsCmd = `minutebook actions --overdue --as-of ${asOf}`;
  const actions = term(actionsCmd, root);
  if (actions.code !== 0) throw new Error(`actions failed:\n${actions.text}`);
  await shootTerminal(browser, "terminal-actions-overdue.png", `minutebook actions --overdue (${COLUMNS} columns)`, [
    { command: actionsCmd, text: actions.text },
  ]);

  // A bundle of the demo, verified; then a copy with one evidence file edited.
  const demo = copyDemo(path.join(tmp, "bundle-demo"));
  const bundled = term(`minutebook bundle --as-of ${asOf} --quiet`, demo);
  if (bundled.code !== 0) throw new Error(`bundle failed:\n${bundled.text}`);
  const zipName = fs.readdirSync(demo).find((f) => f.endsWith(".zip"));
  const handOver = path.join(tmp, "hand-over");
  fs.mkdirSync(handOver);
  fs.renameSync(path.join(demo, zipName), path.join(handOver, zipName));
  const top = zipName.replace(/\.zip$/, "");
  const edited = "edited-copy.zip";
  fs.copyFileSync(path.join(handOver, zipName), path.join(handOver, edited));
  const member = `${top}/files/evidence/2026/risk-register-2026-09.csv`;
  const scratch = path.join(tmp, "scratch");
  execFileSync("unzip", ["-q", path.join(handOver, zipName), member, "-d", scratch]);
  fs.appendFileSync(path.join(scratch, member), "R-99,added after the review,low\n");
  execFileSync("zip", ["-q", path.join(handOver, edited), member], { cwd: scratch });
  const verifyOk = term(`minutebook verify ${zipName}`, handOver);
  if (verifyOk.code !== 0) throw new Error(`verify of the bundle failed:\n${verifyOk.text}`);
  const verifyBad = term(`minutebook verify ${edited}; echo "exit code $?"`, handOver);
  if (!/exit code 1\s*$/.test(verifyBad.text)) throw new Error(`verify of the edited copy did not fail:\n${verifyBad.text}`);
  const [badOut, badCode] = verifyBad.text.split(/(?=exit code )/);
  await shootTerminal(browser, "terminal-verify.png", "minutebook verify", [
    { command: `minutebook verify ${zipName}`, text: verifyOk.text },
    { command: `minutebook verify ${edited}`, text: badOut },
    { command: "echo $?", text: badCode.replace(/^exit code /, "") },
  ]);

  // ------------------------------------------------------------------ serve
  // Serve a copy of the demo, open a page, save a YAML mistake into a record
  // (MB002 stops the build; an ordinary error would be served in the page's
  // findings box instead) and shoot the findings overlay the page then shows.
  const live = copyDemo(path.join(tmp, "serve-demo"));
  const server = spawn(bin, ["serve", "--port", "0", "--as-of", asOf], {
    cwd: live,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  const exited = new Promise((resolve) => server.on("exit", resolve));
  try {
    const url = await new Promise((resolve, reject) => {
      const t0 = Date.now();
      const poll = setInterval(() => {
        const m = log.match(/serving (http:\/\/\S+\/)/);
        if (m) { clearInterval(poll); resolve(m[1]); }
        else if (Date.now() - t0 > 60000 || server.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`serve did not start:\n${log}`));
        }
      }, 100);
    });
    const context2 = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: "light" });
    const page2 = await context2.newPage();
    await page2.goto(`${url}records/note-2023-01/`, { waitUntil: "load" });
    await page2.waitForTimeout(500); // the event stream connects
    // An unclosed bracket in the owner of an imported action: the record
    // cannot be read, so the last good site stays up under the overlay.
    const file = path.join(live, "content", "records", "2023-01-20-action-register-import.md");
    const text = fs.readFileSync(file, "utf8");
    const broken = text.replace("  - id: A-2022-01\n    title: Reconcile the asset inventory between Snipe-IT and AWS Config\n    owner: it-lead\n",
      "  - id: A-2022-01\n    title: Reconcile the asset inventory between Snipe-IT and AWS Config\n    owner: [it-lead\n");
    if (broken === text) throw new Error("the owner line of A-2022-01 was not found in NOTE-2023-01");
    fs.writeFileSync(file, broken);
    await page2.waitForSelector("#mb-live-overlay", { timeout: 30000 });
    await page2.waitForTimeout(300);
    // The overlay (fixed at the top, at most 60 % of the window) and a strip
    // of the page under it.
    await save(page2, "serve-overlay.png", { clip: { x: 0, y: 0, width: VIEWPORT.width, height: 560 } });
    await context2.close();
  } finally {
    server.kill("SIGINT");
    const timer = setTimeout(() => server.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
} finally {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

const total = written.reduce((n, f) => n + fs.statSync(f).size, 0);
console.log(`${written.length} screenshots, ${Math.round(total / 1024)} KiB in ${path.relative(root, out) || "."}`);
