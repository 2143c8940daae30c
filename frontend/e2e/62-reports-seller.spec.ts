// The seller's sales report: a demo seller whose firm sold in the last year (the demo's citizens' orders and
// agencies' purchases, pre-aggregated by seed_demo) opens it from the seller portal's menu, reads the figures the
// API gives (the same totals on the page), switches to weekly figures, downloads the XLSX, and sees a period that
// ends before it starts refused at its field. axe at each state, desktop and phone.
import type { Page } from "@playwright/test";
import { apiGet, checkA11y, expect, login, seed, snap, test } from "./fixtures";

interface Report {
  date_from: string;
  date_to: string;
  computed_at: string | null;
  totals: { gross: number; refunds: number; net: number };
  top_products: { title: string }[];
  series: unknown[];
}

const won = (amount: number) => `${new Intl.NumberFormat("ko-KR").format(amount)}원`;

/** The first of seller1…seller6 whose firm sold something in the report's default period (the last 12 months). */
async function sellerWithSales(page: Page): Promise<Report> {
  for (let n = 1; n <= 6; n++) {
    await login(page, `seller${n}@demo.gachi.kr`, seed.password);
    const me = await apiGet<{ firm_id: number | null }>(page, "/api/v1/auth/me/");
    if (me.firm_id == null) continue;
    const report = await apiGet<Report>(page, "/api/v1/seller/reports/sales/");
    if (report.totals.gross > 0) return report;
  }
  throw new Error("no demo seller among seller1…seller6 sold anything in the last 12 months");
}

test("a seller reads the sales report, changes its granularity and downloads it", async ({ page }) => {
  const report = await sellerWithSales(page);
  expect(report.computed_at, "seed_demo fills the pre-aggregated table").not.toBeNull();

  await page.goto("/seller");
  await page.getByRole("navigation", { name: "판매자 센터 메뉴" }).getByRole("link", { name: "판매 보고서" }).click();
  await expect(page).toHaveURL(/\/seller\/reports\/sales$/);
  await expect(page.getByRole("heading", { level: 1, name: "판매 보고서" })).toBeVisible();
  await expect(page.getByText(/에 집계한 수치입니다/)).toBeVisible();

  // The page's totals are the API's.
  const totals = page.getByRole("region", { name: "합계" });
  const fact = (term: string) => totals.locator("div", { has: page.getByText(term, { exact: true }) }).locator("dd");
  await expect(fact("판매액")).toHaveText(won(report.totals.gross));
  await expect(fact("환불액")).toHaveText(won(report.totals.refunds));
  await expect(fact("순매출")).toHaveText(won(report.totals.net));
  await expect(page.getByRole("img", { name: /월별 판매액과 환불액/ })).toBeVisible();
  await expect(page.getByLabel("시작일")).toHaveValue(report.date_from);
  const products = page.getByRole("table", { name: "많이 팔린 상품" });
  await expect(products.getByRole("row").nth(1)).toContainText(report.top_products[0]!.title);
  await checkA11y(page, "seller-report-sales");
  await snap(page, "seller-report-sales");

  // The chart's figures as a table, for anyone who cannot see the picture.
  await page.getByText("월별 판매액과 환불액 표로 보기").click();
  await expect(page.getByRole("table", { name: "월별 판매액과 환불액" }).getByRole("row")).toHaveCount(
    report.series.length + 1,
  );

  // Weekly figures, kept in the URL.
  await page.getByLabel("집계 단위").selectOption("week");
  await page.getByRole("button", { name: "보기" }).click();
  await expect(page).toHaveURL(/granularity=week/);
  await expect(page.getByRole("img", { name: /주별 판매액과 환불액/ })).toBeVisible();
  await checkA11y(page, "seller-report-sales-weekly");

  // The XLSX: an attachment the server makes for this period.
  const xlsxHref = await page.getByRole("link", { name: "엑셀(XLSX) 전체" }).getAttribute("href");
  expect(xlsxHref).toContain("granularity=week");
  const xlsx = await page.request.get(xlsxHref!);
  expect(xlsx.ok()).toBeTruthy();
  expect(xlsx.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK"); // a ZIP archive, as XLSX files are

  // A period that ends before it starts: the server's message at the start date, which takes the focus.
  await page.goto("/seller/reports/sales?from=2026-06-14&to=2026-05-25&granularity=day");
  const from = page.getByLabel("시작일");
  await expect(from).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("시작일은 종료일보다 늦을 수 없습니다.")).toBeVisible();
  await expect(from).toBeFocused();
  await checkA11y(page, "seller-report-sales-error");
});
