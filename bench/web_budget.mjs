// The web UI's budget (not a test; bench/README.md "Web UI budget"):
//   1. storefront entry JavaScript, gzipped: the entry chunk and every chunk it imports statically (what the
//      browser must fetch before the app can start), read from frontend/dist/.vite/manifest.json, each file
//      gzipped with zlib at level 9, against 150 KB (1 KB = 1,000 bytes, as Vite prints sizes);
//   2. Largest Contentful Paint on a product page in Debian's Chromium with the CPU slowed 4× and a throttled
//      4G network (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up: Lighthouse's mobile profile, applied
//      as is), at phone size, cold cache (a new browser context per run), median of BENCH_RUNS runs, against
//      2.5 s.
//
//   node bench/web_budget.mjs                          against BASE_URL (default http://127.0.0.1:8000)
//   BASE_URL=http://127.0.0.1:8765 BENCH_RUNS=7 node bench/web_budget.mjs
//
// Environment: BASE_URL; BENCH_RUNS (default 5); PRODUCT_PATH (default: the first product with an image, from
// the API); CHROMIUM_PATH (default /usr/bin/chromium); BENCH_SKIP_LCP=1 for the bundle size only (no server);
// BENCH_WATERFALL=1 lists the first run's requests with their times and sizes (where the time goes); BENCH_JSON=path
// also writes the figures there as JSON (bench/all.sh).
// Uses Playwright from frontend/node_modules (scripts/frontend.sh install). Exit status 0 even over budget: the
// figures are for reading, and the summary line says which budget was met.
import { readFileSync, existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const frontend = path.join(root, "frontend");
const dist = path.join(frontend, "dist");

const ENTRY_BUDGET_BYTES = 150_000;
const LCP_BUDGET_MS = 2500;
const NETWORK = { latency: 150, downloadKbps: 1600, uploadKbps: 750 };
const CPU_SLOWDOWN = 4;
const VIEWPORT = { width: 360, height: 740 };

const baseUrl = (process.env.BASE_URL ?? "http://127.0.0.1:8000").replace(/\/$/, "");
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// --- 1. entry JavaScript ---------------------------------------------------------------------------------------

function entrySize() {
  const manifestFile = path.join(dist, ".vite", "manifest.json");
  if (!existsSync(manifestFile)) {
    throw new Error(`${path.relative(root, manifestFile)} is missing: build first (scripts/frontend.sh build)`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
  if (entries.length !== 1) throw new Error(`expected one entry in the manifest, found ${entries.length}`);
  const seen = new Set();
  const files = [];
  const css = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    files.push(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const imported of chunk.imports ?? []) visit(imported); // static imports only; dynamicImports load later
  };
  visit(entries[0][0]);
  const sizeOf = (file) => {
    const raw = readFileSync(path.join(dist, file));
    return { file, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
  };
  const js = files.map(sizeOf);
  const styles = [...css].map(sizeOf);
  const lazy = Object.values(manifest).filter((chunk) => chunk.file.endsWith(".js") && !files.includes(chunk.file));
  return { entry: entries[0][0], js, styles, lazyChunks: lazy.length };
}

// --- 2. Largest Contentful Paint --------------------------------------------------------------------------------

async function productPath() {
  if (process.env.PRODUCT_PATH) return process.env.PRODUCT_PATH;
  const response = await fetch(`${baseUrl}/api/v1/products/?page_size=50`);
  if (!response.ok) throw new Error(`GET /api/v1/products/ answered ${response.status}`);
  const { results } = await response.json();
  const product = results.find((p) => p.images?.length) ?? results[0];
  if (!product) throw new Error("no public product: load the demo data");
  return `/products/${product.id}`;
}

async function measureOnce(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: NETWORK.latency,
    downloadThroughput: (NETWORK.downloadKbps * 1000) / 8,
    uploadThroughput: (NETWORK.uploadKbps * 1000) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  let transferred = 0;
  const requests = new Map();
  cdp.on("Network.requestWillBeSent", (event) => {
    requests.set(event.requestId, { url: event.request.url, start: event.timestamp });
  });
  cdp.on("Network.loadingFinished", (event) => {
    transferred += event.encodedDataLength;
    const request = requests.get(event.requestId);
    if (request) Object.assign(request, { end: event.timestamp, bytes: event.encodedDataLength });
  });
  await page.goto(url, { waitUntil: "load", timeout: 120_000 });
  // Let the app fetch its data and paint it; LCP entries stop coming once the page is still.
  await page.waitForLoadState("networkidle", { timeout: 60_000 }).catch(() => {});
  await page.waitForTimeout(1000);
  const metrics = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const nav = performance.getEntriesByType("navigation")[0];
        const fcp = performance.getEntriesByName("first-contentful-paint")[0];
        new PerformanceObserver((list) => {
          const last = list.getEntries().at(-1);
          const element = last?.element;
          resolve({
            lcp: last?.startTime ?? null,
            lcpElement: element
              ? `${element.tagName.toLowerCase()}${element.tagName === "IMG" ? "" : ` "${(element.textContent ?? "").trim().slice(0, 40)}"`}`
              : (last?.url ?? "?"),
            ttfb: nav ? nav.responseStart : null,
            fcp: fcp?.startTime ?? null,
          });
        }).observe({ type: "largest-contentful-paint", buffered: true });
        setTimeout(() => resolve({ lcp: null, lcpElement: "none", ttfb: null, fcp: null }), 3000);
      }),
  );
  await context.close();
  const t0 = Math.min(...[...requests.values()].map((r) => r.start));
  const waterfall = [...requests.values()]
    .filter((r) => r.end)
    .map((r) => ({ ...r, start: (r.start - t0) * 1000, end: (r.end - t0) * 1000 }));
  return { ...metrics, transferred, waterfall };
}

function printWaterfall(waterfall) {
  console.log("  requests of the first run (ms from the first request; BENCH_WATERFALL=1):");
  for (const r of waterfall.sort((a, b) => a.start - b.start)) {
    const url = r.url.replace(baseUrl, "");
    console.log(`    ${r.start.toFixed(0).padStart(6)} → ${r.end.toFixed(0).padStart(6)}  ${kb(r.bytes).padStart(9)}  ${url.slice(0, 90)}`);
  }
}

async function lcp() {
  const require = createRequire(path.join(frontend, "package.json"));
  const { chromium } = require("playwright");
  const { chromiumLaunchOptions } = await import(pathToFileURL(path.join(frontend, "chromium.mjs")).href);
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const target = await productPath();
    const url = `${baseUrl}${target}`;
    const results = [];
    for (let i = 0; i < runs; i += 1) {
      const result = await measureOnce(browser, url);
      results.push(result);
      if (i === 0 && process.env.BENCH_WATERFALL === "1") printWaterfall(result.waterfall);
      console.log(
        `  run ${i + 1}: LCP ${result.lcp?.toFixed(0) ?? "none"} ms (${result.lcpElement}), FCP ${result.fcp?.toFixed(0) ?? "?"} ms, ` +
          `TTFB ${result.ttfb?.toFixed(0) ?? "?"} ms, ${kb(result.transferred)} transferred`,
      );
    }
    const values = results.map((r) => r.lcp).filter((v) => v != null);
    if (!values.length) throw new Error("no Largest Contentful Paint was recorded");
    return { url, median: median(values), fcp: median(results.map((r) => r.fcp ?? 0)), transferred: median(results.map((r) => r.transferred)) };
  } finally {
    await browser.close();
  }
}

// --- report ----------------------------------------------------------------------------------------------------

const size = entrySize();
const jsGzip = size.js.reduce((sum, f) => sum + f.gzip, 0);
const jsRaw = size.js.reduce((sum, f) => sum + f.raw, 0);
console.log(`Entry JavaScript (${size.entry} and its static imports; ${size.lazyChunks} lazy chunks not counted):`);
for (const f of size.js) console.log(`  ${f.file}: ${kb(f.raw)} raw, ${kb(f.gzip)} gzipped`);
for (const f of size.styles) console.log(`  (css) ${f.file}: ${kb(f.raw)} raw, ${kb(f.gzip)} gzipped`);
const entryRatio = jsGzip / ENTRY_BUDGET_BYTES;
console.log(`  total ${kb(jsRaw)} raw, ${kb(jsGzip)} gzipped = ${(entryRatio * 100).toFixed(0)}% of the ${kb(ENTRY_BUDGET_BYTES)} budget`);

let lcpResult = null;
if (process.env.BENCH_SKIP_LCP !== "1") {
  console.log(
    `\nLargest Contentful Paint, ${VIEWPORT.width}×${VIEWPORT.height} phone, CPU ${CPU_SLOWDOWN}× slower, network ` +
      `${NETWORK.latency} ms RTT / ${NETWORK.downloadKbps / 1000} Mbit/s down / ${NETWORK.uploadKbps} kbit/s up, cold cache, ` +
      `${runs} runs against ${baseUrl}:`,
  );
  lcpResult = await lcp();
  console.log(`  ${lcpResult.url}`);
  console.log(
    `  median LCP ${lcpResult.median.toFixed(0)} ms = ${((lcpResult.median / LCP_BUDGET_MS) * 100).toFixed(0)}% of the ` +
      `${LCP_BUDGET_MS} ms budget (median FCP ${lcpResult.fcp.toFixed(0)} ms, ${kb(lcpResult.transferred)} transferred)`,
  );
}

const verdict = (ok) => (ok ? "met" : "MISSED");
console.log(
  `\nSummary: entry JS ${kb(jsGzip)} / ${kb(ENTRY_BUDGET_BYTES)} ${verdict(jsGzip <= ENTRY_BUDGET_BYTES)}` +
    (lcpResult ? `; product page LCP ${(lcpResult.median / 1000).toFixed(2)} s / 2.5 s ${verdict(lcpResult.median <= LCP_BUDGET_MS)}` : ""),
);
if (process.env.BENCH_JSON) {
  const figures = {
    entry_gzip_bytes: jsGzip,
    entry_budget_bytes: ENTRY_BUDGET_BYTES,
    lcp_ms: lcpResult?.median ?? null,
    lcp_budget_ms: LCP_BUDGET_MS,
    lcp_runs: lcpResult ? runs : 0,
  };
  writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(figures, null, 1)}\n`);
}
