// The city's and districts' report: the demo's operator opens /reports/city and reads the API's figures on the page
// (totals, the computed-at time), the choropleth of 25 focusable districts with its table, switches the map's figure,
// filters by a district, and sees a period that ends before it starts refused at its field; then the demo's 마포구
// officer opens the same page and sees 마포구 only. axe at each state, desktop and phone.
import { apiGet, checkA11y, expect, login, seed, snap, test } from "./fixtures";

interface CityReport {
  computed_at: string | null;
  totals: { gross: number; refunds: number; net: number };
  by_seller_district: { district: { code: string; name_ko: string } }[];
}

const won = (amount: number) => `${new Intl.NumberFormat("ko-KR").format(amount)}원`;
const OFFICER = { email: "officer-mapo@demo.gachi.kr", password: seed.password };

test("an operator opens the city report, reads the map and filters it", async ({ page }) => {
  await login(page, seed.admin.email, seed.admin.password);
  const report = await apiGet<CityReport>(page, "/api/v1/operator/reports/city/");
  expect(report.computed_at, "seed_demo fills the pre-aggregated table").not.toBeNull();

  await page.goto("/reports/city");
  await expect(page.getByRole("heading", { level: 1, name: "서울시 사회적경제 장터 보고서" })).toBeVisible();
  await expect(page.getByText(/판매 수치 집계 시각/)).toBeVisible();
  await expect(page.getByText(won(report.totals.net), { exact: true }).first()).toBeVisible();

  // The map: 25 districts, each a focusable, named shape; the keyboard reaches them.
  const map = page.getByRole("group", { name: "기업 소재 구별 순판매액" });
  await expect(map.getByRole("img")).toHaveCount(25);
  const mapo = map.getByRole("img", { name: /^마포구 / });
  await mapo.focus();
  await expect(mapo).toBeFocused();
  await checkA11y(page, "reports-city");
  await snap(page, "reports-city");

  // The map's figures as a table.
  await page.getByText("기업 소재 구별 순판매액 표로 보기").click();
  await expect(page.getByRole("table", { name: "기업 소재 구별 순판매액" }).getByRole("row")).toHaveCount(26);

  // Another figure on the map.
  await page.getByRole("radio", { name: "구매자 거주 구별 순구매액" }).check();
  await expect(page.getByRole("group", { name: "구매자 거주 구별 순구매액" })).toBeVisible();

  // One district, kept in the URL.
  await page.getByLabel("자치구", { exact: true }).selectOption("11440");
  await page.getByRole("button", { name: "조회" }).click();
  await expect(page).toHaveURL(/district=11440/);
  await expect(page.getByRole("table", { name: "자치구별 판매, 구매, 기업 현황" }).getByRole("row")).toHaveCount(2);

  // A period that ends before it starts: the server's message at the field, focus on it.
  await page.getByLabel("시작일").fill("2025-03-01");
  await page.getByLabel("종료일").fill("2025-01-01");
  await page.getByRole("button", { name: "조회" }).click();
  await expect(page.getByLabel("시작일")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("시작일")).toBeFocused();
  await checkA11y(page, "reports-city-error");
});

test("a district officer sees their own district only", async ({ page }) => {
  await login(page, OFFICER.email, OFFICER.password);
  await page.goto("/reports/city");
  await expect(page.getByRole("heading", { level: 1, name: "마포구 사회적경제 장터 보고서" })).toBeVisible();
  await expect(page.getByLabel("자치구", { exact: true })).toHaveCount(0); // no district to choose
  const rows = page.getByRole("table", { name: "자치구별 판매, 구매, 기업 현황" }).getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("마포구");
  const csv = page.getByRole("link", { name: "CSV" }).first();
  await expect(csv).toHaveAttribute("href", /\/api\/v1\/reports\/districts\/11440\/export\.csv/);
  // Another district's figures are refused by the server.
  const other = await page.request.get("/api/v1/reports/districts/11110/");
  expect(other.status()).toBe(403);
  await checkA11y(page, "reports-city-officer");
  await snap(page, "reports-city-officer");
});
