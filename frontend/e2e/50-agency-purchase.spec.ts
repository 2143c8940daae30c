// An agency's purchase from quotation to payment, across the agency portal and the seller portal, on the demo's
// agencies (market/procurement/demo.py): 마포구청's requester asks two firms for a quotation (a catalogue product
// of the first and a need in free text); the first firm's seller quotes in the seller portal, the second through
// the API; the requester compares and selects the first, the approver (another member) approves, the seller
// delivers part of it, the inspector accepts the product and rejects the other line with a reason, the seller
// invoices (the rejected line is not on it) and confirms the agency's bank transfer, and the agency sees the
// invoice paid and downloads the delivery note (a PDF). Invoices go to stripe-mock (scripts/e2e.sh). Every main
// page of both portals is checked with axe and saved as a screenshot.
import { request, type APIRequestContext, type Page } from "@playwright/test";
import { apiGet, checkA11y, expect, login, logout, seed, snap, test, unique } from "./fixtures";

const AGENCY = "mapo";
const agencyUser = (role: "admin" | "requester" | "approver" | "inspector") => `${AGENCY}-${role}@demo.gachi.kr`;
// seed_demo makes seller1…seller30 (E2E_FIRMS); each owns one firm.
const SELLERS = Number(process.env.E2E_FIRMS ?? 30);

interface Page_<T> {
  count: number;
  results: T[];
}
interface Purchase {
  id: number;
  number: string;
  title: string;
  status: string;
  firm: { id: number; name: string };
}
interface Product {
  id: number;
  title: string;
  price: number;
  unit: string;
  stock: number;
  min_order_quantity: number;
  vat_exempt: boolean;
  firm: { id: number; name: string };
}
interface QuoteRequest {
  id: number;
  items: { id: number; product_id: number | null; quantity: number; catalogue_unit_price: number | null }[];
  my_quotation: { number: string; supply_total: number; vat_total: number; total: number } | null;
}
interface Delivery {
  id: number;
  number: string;
  purchase_number: string;
  status: string;
}
interface Invoice {
  id: number;
  number: string;
  status: string;
  purchase_number: string;
  total: number;
  sent: boolean;
  lines: { title: string }[];
}

/** A signed-in API client of its own (cookies apart from the page's): a firm that quotes by API, a look-up. */
async function apiClient(email: string, password: string): Promise<APIRequestContext> {
  const client = await request.newContext({ baseURL: test.info().project.use.baseURL });
  const csrf = await client.get("/api/v1/auth/login/");
  const { csrf_token: token } = (await csrf.json()) as { csrf_token: string };
  const response = await client.post("/api/v1/auth/login/", { data: { email, password }, headers: { "X-CSRFToken": token } });
  expect(response.ok(), `login as ${email}: ${response.status()} ${await response.text()}`).toBeTruthy();
  return client;
}

async function csrfOf(client: APIRequestContext): Promise<string> {
  const state = await client.storageState();
  return state.cookies.find((cookie) => cookie.name === "csrftoken")?.value ?? "";
}

async function signInAs(page: Page, email: string, password = seed.password): Promise<void> {
  await logout(page);
  await login(page, email, password);
}

/** "12,345원" → 12345. */
const won = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

interface Firms {
  /** Quotes in the seller portal and gets the order: its seller, and a product of its the agency can buy. */
  ui: { id: number; name: string; email: string; product: Product };
  /** Quotes through the API, dearer. */
  api: { id: number; name: string; email: string };
}

/**
 * Two firms the agency may buy from directly today (it bought from them in the demo's year: selling, designated,
 * at least 30% vulnerable employees, not excluded by SVI), with their sellers' accounts. The first must sell a
 * product in stock that a request can hold at its minimum order.
 */
async function chooseFirms(page: Page): Promise<Firms> {
  const history = await apiGet<Page_<Purchase>>(page, "/api/v1/agency/purchases/?status=completed&page_size=100");
  const eligible = new Map(history.results.map((purchase) => [purchase.firm.id, purchase.firm.name]));
  expect(eligible.size, "the demo agency bought from at least two firms").toBeGreaterThanOrEqual(2);
  let ui: Firms["ui"] | undefined;
  let other: Firms["api"] | undefined;
  for (let n = 1; n <= SELLERS && !(ui && other); n++) {
    const email = `seller${n}@demo.gachi.kr`;
    const client = await apiClient(email, seed.password);
    const firm = await client.get("/api/v1/seller/firm/");
    const id = firm.ok() ? ((await firm.json()) as { id: number }).id : 0;
    await client.dispose();
    const name = eligible.get(id);
    if (!name) continue;
    if (!ui) {
      const products = await apiGet<Page_<Product>>(page, `/api/v1/products/?firm=${id}&page_size=50`);
      const product = products.results.find(
        (p) => p.firm.id === id && p.stock >= p.min_order_quantity && p.price * p.min_order_quantity <= 1_000_000,
      );
      if (product) {
        ui = { id, name, email, product };
        continue;
      }
    }
    other ??= { id, name, email };
  }
  expect(ui, "an eligible firm with a product in stock").toBeDefined();
  expect(other, "a second eligible firm").toBeDefined();
  return { ui: ui!, api: other! };
}

test("an agency buys on quotation: RFQ, quotations, approval, partial delivery, inspection, invoice, payment", async ({
  page,
}) => {
  test.slow(); // two portals, four people, about twenty pages
  const title = unique("연말 행사 물품 견적");
  const freeText = unique("행사용 답례품 포장");
  const reason = "포장 규격이 요청과 달라요";

  // --- the requester composes a request for quotation to two firms ------------------------------------------
  await login(page, agencyUser("requester"), seed.password);
  const firms = await chooseFirms(page);
  const product = firms.ui.product;
  await page.goto("/agency/rfqs/new");
  await expect(page.getByRole("heading", { level: 1, name: "견적 요청 작성" })).toBeVisible();
  await page.getByLabel("요청 제목").fill(title);
  const items = page.getByRole("group", { name: "품목", exact: true });
  await items.getByLabel("카탈로그 상품 검색").fill(product.title);
  await items.getByRole("button", { name: "검색", exact: true }).click();
  const hits = page.getByRole("list", { name: `'${product.title}' 검색 결과` });
  await hits
    .getByRole("listitem")
    .filter({ hasText: firms.ui.name })
    .first()
    .getByRole("button", { name: `${product.title} 추가` })
    .click();
  const productItem = page.getByRole("group", { name: `품목 1: ${product.title}` });
  await expect(productItem.getByLabel("수량")).toHaveValue(String(product.min_order_quantity));
  await page.getByRole("button", { name: "직접 입력 품목 추가" }).click();
  const freeItem = page.getByRole("group", { name: "품목 2: 직접 입력" });
  await freeItem.getByLabel("필요한 물품·서비스").fill(freeText);
  await freeItem.getByLabel("수량").fill("20");
  await freeItem.getByLabel("단위").fill("세트");
  await page.getByLabel("업체", { exact: true }).selectOption({ label: firms.api.name });
  await page.getByRole("button", { name: "업체 추가" }).click();
  const asked = page.getByRole("list", { name: "요청할 업체" });
  await expect(asked.getByRole("listitem")).toHaveCount(2);
  await page.getByLabel("납품 장소").fill("서울특별시 마포구 월드컵로 212 마포구청 대회의실");
  await checkA11y(page, "agency-rfq-compose");
  await snap(page, "agency-rfq-compose");
  await page.getByRole("button", { name: "견적 요청 보내기" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("업체 2곳에 견적 요청을 보냈어요.")).toBeVisible();
  const requestId = Number(/\/agency\/rfqs\/(\d+)/.exec(page.url())?.[1]);
  expect(requestId).toBeGreaterThan(0);

  // --- the first firm's seller answers in the seller portal ---------------------------------------------------
  await signInAs(page, firms.ui.email);
  await page.goto("/seller");
  await page.getByRole("navigation", { name: "판매자 센터 메뉴" }).getByRole("link", { name: "견적 요청" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "견적 요청" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row.getByText("회신 필요")).toBeVisible();
  await checkA11y(page, "seller-agency-rfqs");
  await snap(page, "seller-agency-rfqs");
  await row.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const sent = await apiGet<QuoteRequest>(page, `/api/v1/seller/quote-requests/${requestId}/`);
  const catalogue = sent.items.find((item) => item.product_id === product.id)!.catalogue_unit_price!;
  const productLine = page.getByRole("group", { name: product.title });
  // The catalogue's volume price for the quantity, prefilled.
  await expect(productLine.getByLabel("단가 (부가세 포함, 원)")).toHaveValue(String(catalogue));
  const freeLine = page.getByRole("group", { name: freeText });
  await freeLine.getByLabel("단가 (부가세 포함, 원)").fill("3,300");
  await expect(freeLine.getByText("공급가액 60,000원 · 세액 6,000원 · 합계 66,000원")).toBeVisible();
  await page.getByLabel("납품 조건").fill("발주 후 7일 이내 납품, 배송비 포함");
  const totals = page.getByRole("region", { name: "견적 합계" });
  const shown = (await totals.getByRole("definition").allTextContents()).map(won);
  expect(shown[2]).toBe(catalogue * product.min_order_quantity + 66_000);
  await checkA11y(page, "seller-agency-quote-form");
  await snap(page, "seller-agency-quote-form");
  await page.getByRole("button", { name: "견적서 보내기" }).click();
  await expect(page.getByRole("status").filter({ hasText: /견적서 .+을 보냈어요/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "우리 견적서" })).toBeVisible();
  // What the form showed live is what the server stored (supply value, VAT and total split per line).
  const quoted = (await apiGet<QuoteRequest>(page, `/api/v1/seller/quote-requests/${requestId}/`)).my_quotation!;
  expect(shown).toEqual([quoted.supply_total, quoted.vat_total, quoted.total]);
  await expect(page.getByRole("button", { name: "견적 철회" })).toBeVisible();

  // --- the second firm quotes through the API, dearer ---------------------------------------------------------
  const other = await apiClient(firms.api.email, seed.password);
  try {
    const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const response = await other.post(`/api/v1/seller/quote-requests/${requestId}/quotation/`, {
      headers: { "X-CSRFToken": await csrfOf(other) },
      data: {
        lines: sent.items.map((item) => ({
          item_id: item.id,
          unit_price: item.product_id ? Math.ceil(catalogue * 1.2) : 4_000,
          vat_exempt: false,
        })),
        valid_until: validUntil,
        delivery_terms: "발주 후 10일 이내",
      },
    });
    expect(response.status(), await response.text()).toBe(201);
  } finally {
    await other.dispose();
  }

  // --- the requester compares and selects the cheaper ---------------------------------------------------------
  await signInAs(page, agencyUser("requester"));
  await page.goto(`/agency/rfqs/${requestId}`);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const comparison = page.getByRole("region", { name: "견적 비교 (2개 업체)" });
  await expect(comparison.getByRole("columnheader", { name: new RegExp(firms.ui.name) })).toBeVisible();
  await expect(comparison.getByRole("columnheader", { name: new RegExp(firms.api.name) })).toBeVisible();
  await checkA11y(page, "agency-rfq-compare");
  await snap(page, "agency-rfq-compare");
  await page.getByRole("button", { name: `이 견적으로 구매 요청 (${firms.ui.name})` }).click();
  await page.getByRole("button", { name: "구매 요청 올리기" }).click();
  await expect(page).toHaveURL(/\/agency\/purchases\/\d+$/);
  const purchaseId = Number(/\/agency\/purchases\/(\d+)/.exec(page.url())?.[1]);
  const purchase = await apiGet<Purchase>(page, `/api/v1/agency/purchases/${purchaseId}/`);
  expect(purchase.status).toBe("submitted");
  // The requester cannot approve it: no button, and the API refuses.
  await expect(page.getByRole("button", { name: "승인", exact: true })).toHaveCount(0);
  const token = (await page.context().cookies()).find((cookie) => cookie.name === "csrftoken")?.value ?? "";
  const own = await page.request.post(`/api/v1/agency/purchases/${purchaseId}/approve/`, { headers: { "X-CSRFToken": token } });
  expect(own.status()).toBe(403);

  // --- the approver approves -----------------------------------------------------------------------------------
  await signInAs(page, agencyUser("approver"));
  await page.goto("/agency/approvals");
  await expect(page.getByRole("heading", { level: 1, name: "승인함" })).toBeVisible();
  const card = page.getByRole("article", { name: purchase.title });
  await expect(card.getByText(purchase.number, { exact: false })).toBeVisible();
  await checkA11y(page, "agency-approvals");
  await snap(page, "agency-approvals");
  await card.getByRole("button", { name: "승인", exact: true }).click();
  await expect(page.getByText(`${purchase.number} 구매를 승인했어요. 업체에 발주됐어요.`)).toBeVisible();

  // --- the seller records a partial delivery ---------------------------------------------------------------------
  await signInAs(page, firms.ui.email);
  await page.goto("/seller/agency/orders");
  await expect(page.getByRole("heading", { level: 1, name: "기관 주문" })).toBeVisible();
  await page.getByRole("row").filter({ hasText: purchase.number }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 2, name: "납품 등록" })).toBeVisible();
  await expect(page.getByLabel(`${product.title} 납품 수량`, { exact: true })).toHaveValue(String(product.min_order_quantity));
  await page.getByLabel(`${freeText} 납품 수량`, { exact: true }).fill("10"); // 10 of 20: partial
  await checkA11y(page, "seller-agency-order");
  await snap(page, "seller-agency-order");
  await page.getByRole("button", { name: "납품 등록" }).click();
  await expect(page.getByRole("status").filter({ hasText: /납품 .+을 등록했어요/ })).toBeVisible();
  const deliveryCard = page.getByRole("article").filter({ hasText: "검수 대기" });
  await expect(deliveryCard).toHaveCount(1);
  // What is left: the rest of the free-text line.
  await expect(page.getByLabel(`${freeText} 납품 수량`, { exact: true })).toHaveValue("10");

  // --- the inspector accepts the product and rejects the other line ------------------------------------------------
  await signInAs(page, agencyUser("inspector"));
  const waiting = await apiGet<Page_<Delivery>>(page, "/api/v1/agency/deliveries/?status=awaiting_inspection&page_size=100");
  const delivery = waiting.results.find((candidate) => candidate.purchase_number === purchase.number);
  expect(delivery, "the delivery waits for inspection").toBeDefined();
  await page.goto("/agency/deliveries");
  await page.getByRole("link", { name: new RegExp(delivery!.number) }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: `납품 ${delivery!.number}` })).toBeVisible();
  const productCheck = page.getByRole("group", {
    name: `${product.title} ${product.min_order_quantity.toLocaleString("ko-KR")}${product.unit}`,
  });
  await productCheck.getByRole("radio", { name: "합격", exact: true }).check();
  const freeCheck = page.getByRole("group", { name: `${freeText} 10세트` });
  await freeCheck.getByRole("radio", { name: "불합격" }).check();
  await freeCheck.getByLabel("불합격 사유").fill(reason);
  await checkA11y(page, "agency-inspection");
  await snap(page, "agency-inspection");
  await page.getByRole("button", { name: "검수 완료" }).click();
  await expect(page.getByText("검수를 마쳤어요: 합격 1개 품목, 불합격 1개 품목.")).toBeVisible();

  // --- the seller invoices the accepted line and confirms the transfer ---------------------------------------------
  await signInAs(page, firms.ui.email);
  await page.goto("/seller/agency/invoices");
  await expect(page.getByRole("heading", { level: 1, name: "기관 청구서" })).toBeVisible();
  const toInvoice = page.getByRole("article", { name: `납품 ${delivery!.number}` });
  await expect(toInvoice.getByText(`사유: ${reason}`)).toBeVisible();
  await toInvoice.getByRole("button", { name: "청구서 발행" }).click();
  await expect(page.getByRole("status").filter({ hasText: /청구서 .+을 발행했어요/ })).toBeVisible();
  const invoices = await apiGet<Page_<Invoice>>(page, "/api/v1/seller/agency-invoices/?page_size=100");
  const invoice = invoices.results.find((candidate) => candidate.purchase_number === purchase.number)!;
  expect(invoice.lines.map((line) => line.title)).toEqual([product.title]); // the rejected line is never invoiced
  expect(invoice.total).toBe(catalogue * product.min_order_quantity);
  expect(invoice.sent, "the invoice went to the payment gateway (stripe-mock)").toBe(true);
  const invoiceCard = page.getByRole("article", { name: `청구서 ${invoice.number}` });
  await expect(invoiceCard.getByRole("rowheader", { name: product.title })).toBeVisible();
  await expect(invoiceCard.getByText(freeText)).toHaveCount(0);
  await expect(invoiceCard.getByText("발송됨")).toBeVisible();
  await checkA11y(page, "seller-agency-invoices");
  await snap(page, "seller-agency-invoices");
  const paidForm = invoiceCard.getByRole("form", { name: `청구서 ${invoice.number} 입금 확인` });
  await paidForm.getByLabel("입금 확인 참조").fill(`마포구청 ${invoice.number.slice(-6)}`);
  await paidForm.getByRole("button", { name: "입금 확인" }).click();
  await expect(page.getByRole("status").filter({ hasText: `청구서 ${invoice.number}의 입금을 확인했어요` })).toBeVisible();
  await expect(invoiceCard.getByText("입금 완료")).toBeVisible();
  // The electronic tax invoice data of the paid invoice, saved as a file.
  const saving = page.waitForEvent("download");
  await invoiceCard.getByRole("button", { name: "전자세금계산서 자료 (JSON)" }).click();
  const taxFile = await saving;
  const taxData = JSON.parse(await streamText(await taxFile.createReadStream())) as { invoice_number: string; total: number };
  expect(taxData).toMatchObject({ invoice_number: invoice.number, total: invoice.total });

  // --- the agency sees it paid and downloads the delivery note -------------------------------------------------------
  await signInAs(page, agencyUser("requester"));
  await page.goto("/agency/invoices");
  await page.getByRole("link", { name: invoice.number }).click();
  await expect(page.getByRole("heading", { level: 1, name: `청구서 ${invoice.number}` })).toBeVisible();
  await expect(page.getByText(/입금 확인 \(계좌이체\)/)).toBeVisible();
  await checkA11y(page, "agency-invoice-paid");
  await snap(page, "agency-invoice-paid");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "납품서 PDF" }).click();
  const note = await downloading;
  const pdf = await streamBytes(await note.createReadStream());
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const served = await page.request.get(`/api/v1/agency/deliveries/${delivery!.id}/delivery-note.pdf`);
  expect(served.headers()["content-type"]).toBe("application/pdf");
});

async function streamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  return (await streamBytes(stream)).toString("utf8");
}
