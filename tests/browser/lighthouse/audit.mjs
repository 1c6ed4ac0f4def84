// Lighthouse's accessibility and best-practices scores for each address given, with
// its phone settings and its desktop ones, in one Chromium; prints one JSON line.
// Run by tests/browser/test_lighthouse.py from var/lighthouse-npm (npm.py copies it there).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";

const urls = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-"));
const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH,
    userDataDir: profile,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = [];
try {
    for (const url of urls) {
        for (const [form, config] of [["phone", undefined], ["desktop", desktopConfig]]) {
            const run = await lighthouse(url, { port: chrome.port, onlyCategories: ["accessibility", "best-practices"], logLevel: "error" }, config);
            const lhr = run.lhr;
            results.push({
                url, form,
                scores: Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, Math.round(c.score * 100)])),
                failing: Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary").map((a) => a.id),
            });
        }
    }
} finally {
    await chrome.kill();
    fs.rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(results));
