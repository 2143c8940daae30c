// Public disclosure (공시): the demo's 마포구청 admin publishes last year's plan and results from the performance page
// (withdrawing it first when an earlier run left it published: the desktop and phone runs share one database),
// then anyone, signed out, opens /disclosure: the agency's table holds the API's figures, the city's total against
// its goal is drawn with its data table, and the open data downloads as CSV. axe on both pages, desktop and phone.
import { checkA11y, expect, login, seed, snap, test } from "./fixtures";

interface PublicDisclosures {
  year: number;
  city: { counted: number; goal_amount: number | null };
  agencies: { agency: { name: string }; total_purchasing: number; regimes: { code: string; counted: number }[] }[];
}

const AGENCY_ADMIN = "mapo-admin@demo.gachi.kr";
const won = (amount: number) => `${new Intl.NumberFormat("ko-KR").format(amount)}원`;

test("an agency admin publishes a year and anyone reads it on the disclosure page", async ({ page, browser }) => {
  const year = Number(new Intl.DateTimeFormat("en-US", { year: "numeric", timeZone: "Asia/Seoul" }).format(new Date())) - 1;

  // 1. The agency admin publishes the year from the performance page.
  await login(page, AGENCY_ADMIN, seed.password);
  await page.goto(`/agency/performance?year=${year}`);
  const control = page.getByRole("region", { name: "실적 공시" });
  const publish = control.getByRole("button", { name: `${year}년 실적 공시하기` });
  const withdraw = control.getByRole("button", { name: `${year}년 공시 내리기` });
  await expect(publish.or(withdraw)).toBeVisible();
  if (await withdraw.isVisible()) {
    await expect(control.getByText(/공시되어 있습니다/)).toBeVisible();
    await withdraw.click();
    await expect(control.getByRole("status")).toHaveText(`${year}년 공시를 내렸습니다.`);
  }
  await expect(control.getByText(`${year}년 실적은 공시되어 있지 않습니다.`)).toBeVisible();
  await publish.click();
  await expect(control.getByRole("status")).toHaveText(`${year}년 실적을 공시했습니다.`);
  await expect(control.getByRole("button", { name: `${year}년 공시 내리기` })).toBeVisible();
  await checkA11y(page, "agency-performance-disclosure");

  // 2. Anyone, signed out, opens the public page.
  const visitor = await browser.newContext();
  try {
    const anon = await visitor.newPage();
    const answer = await anon.request.get(`/api/v1/public/disclosures/?year=${year}`);
    expect(answer.ok(), await answer.text()).toBeTruthy();
    const data = (await answer.json()) as PublicDisclosures;
    const mapo = data.agencies.find((entry) => entry.agency.name === "마포구청");
    expect(mapo, "마포구청 is on the public list").toBeDefined();

    await anon.goto(`/disclosure?year=${year}`);
    await expect(anon.getByRole("heading", { level: 1, name: "공공구매 실적 공시" })).toBeVisible();
    const section = anon.getByRole("region", { name: "마포구청" });
    await expect(section.getByText(won(mapo!.total_purchasing), { exact: true })).toBeVisible();
    const se = mapo!.regimes.find((regime) => regime.code === "social_economy")!;
    const row = section.getByRole("row", { name: /사회적경제기업 제품/ });
    await expect(row.getByRole("cell").nth(1)).toHaveText(won(se.counted));

    // The city's total against its goal: a named picture, and its figures as a table.
    await expect(anon.getByRole("img", { name: /서울시 사회적경제 공공구매/ })).toBeVisible();
    await anon.getByText(/서울시 사회적경제 공공구매.*표로 보기/).click();
    await expect(anon.getByRole("row", { name: new RegExp(`${year} 장터`) })).toContainText(won(data.city.counted));
    await checkA11y(anon, "disclosure");
    await snap(anon, "disclosure");

    // The open data: the CSV link downloads the same year.
    const download = anon.waitForEvent("download");
    await anon.getByRole("link", { name: "공공데이터 CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`disclosures-${year}.csv`);
    const csv = await anon.request.get(`/api/v1/public/disclosures.csv?year=${year}`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain("마포구청");
  } finally {
    await visitor.close();
  }
});
