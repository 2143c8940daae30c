// The seller's journey: seller1 (the demo firm that sells) creates a listing with two images and reorders them,
// imports a CSV with one bad row, sees the row's error, fixes it in place and imports again, then confirms and
// ships its part of the citizen's order (20-* remembers it; when this file runs alone, the demo buyer places one
// through the API first). Every main page of the seller portal is checked with axe and saved as a screenshot.
import { deflateSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { apiGet, checkA11y, expect, login, recall, remember, seed, snap, test, unique } from "./fixtures";

// --- test files -------------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small solid-colour PNG, made here so the journey needs no binary fixtures. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// --- API shapes the journey reads --------------------------------------------------------------------------------

interface CategoryNode {
  id: number;
  slug: string;
  children: CategoryNode[];
}
interface SellerProduct {
  id: number;
  title: string;
  images: { id: number; alt_text: string; renditions_status: string }[];
}
interface Part {
  id: number;
  status: string;
  order_number: string;
  carrier: string;
  tracking_number: string;
}
interface Page_<T> {
  count: number;
  results: T[];
}

function leaves(nodes: CategoryNode[]): CategoryNode[] {
  return nodes.flatMap((node) => (node.children.length ? leaves(node.children) : [node]));
}

async function csrf(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.find((cookie) => cookie.name === "csrftoken")?.value ?? "";
}

/** A part of seller1's firm waiting to be confirmed or shipped: the citizen's, else one the demo buyer places now. */
async function openPart(page: Page, firmId: number): Promise<Part> {
  let citizenOrder: string | null = null;
  try {
    citizenOrder = recall<{ orderNumber: string }>("citizen").orderNumber; // 20-* remembers the order it paid
  } catch {
    citizenOrder = null; // this file runs alone
  }
  if (citizenOrder) {
    const parts = await apiGet<Page_<Part>>(page, "/api/v1/seller/fulfilments/?page_size=100");
    const part = parts.results.find((candidate) => candidate.order_number === citizenOrder);
    expect(part, `seller1's part of the citizen's order ${citizenOrder}`).toBeDefined();
    expect(["pending", "confirmed"]).toContain(part!.status);
    return part!;
  }
  const waiting = async () => {
    for (const status of ["pending", "confirmed"]) {
      const parts = await apiGet<Page_<Part>>(page, `/api/v1/seller/fulfilments/?status=${status}`);
      if (parts.results.length) return parts.results[0]!;
    }
    return null;
  };
  const found = await waiting();
  if (found) return found;

  // No citizen journey ran before this file: the demo buyer buys one of the firm's products through the API.
  const buyer = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const buyerPage = await buyer.newPage();
    await login(buyerPage, seed.buyer.email, seed.buyer.password);
    const token = await csrf(buyerPage);
    const headers = { "X-CSRFToken": token };
    const products = await apiGet<Page_<{ id: number; min_order_quantity: number; stock: number; firm: { id: number } }>>(
      buyerPage,
      `/api/v1/products/?firm=${firmId}&page_size=50`,
    );
    const product = products.results.find((p) => p.firm.id === firmId && p.stock >= p.min_order_quantity);
    expect(product, "seller1's firm has a product in stock").toBeDefined();
    const put = await buyerPage.request.put(`/api/v1/cart/items/${product!.id}/`, {
      data: { quantity: product!.min_order_quantity },
      headers,
    });
    expect(put.ok(), await put.text()).toBeTruthy();
    const checkout = await buyerPage.request.post("/api/v1/checkout/", {
      data: { shipping: { name: "김시민", phone: "010-1234-5678", postal_code: "04001", address1: "서울 마포구 월드컵로 1" } },
      headers,
    });
    expect(checkout.status(), await checkout.text()).toBe(201);
    const order = (await checkout.json()) as { id: number };
    const paid = await buyerPage.request.post(`/api/v1/orders/${order.id}/payment/confirm/`, {
      data: { payment_method: "pm_card_visa" },
      headers,
    });
    expect(paid.ok(), await paid.text()).toBeTruthy();
  } finally {
    await buyer.close();
  }
  const placed = await waiting();
  expect(placed, "the paid order's part reaches the seller").not.toBeNull();
  return placed!;
}

// --- the journey --------------------------------------------------------------------------------------------------

test("a seller lists a product with images, imports a CSV, and ships an order", async ({ page }) => {
  await login(page, seed.seller.email, seed.seller.password);
  const firm = await apiGet<{ id: number; name: string }>(page, "/api/v1/seller/firm/");

  // Dashboard: what needs doing.
  await page.goto("/seller");
  await expect(page.getByRole("heading", { level: 1, name: "판매자 센터" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "판매자 센터 메뉴" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "처리할 주문" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "보이지 않는 상품" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "사회적경제 지정" })).toBeVisible();
  await expect(page.getByText(/불러오는 중/)).toHaveCount(0);
  await checkA11y(page, "seller-dashboard");
  await snap(page, "seller-dashboard");

  // A new listing: the server's refusal lands on the field it names, then the fixed form is accepted.
  await page.getByRole("navigation", { name: "판매자 센터 메뉴" }).getByRole("link", { name: "상품 관리" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "상품 관리" })).toBeVisible();
  await page.getByRole("link", { name: "새 상품 등록" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "새 상품 등록" })).toBeVisible();
  const title = unique("e2e 유기농 현미");
  await page.getByLabel("상품명").fill(title);
  const category = page.getByLabel("분류");
  await expect(category.locator("option")).not.toHaveCount(1);
  await category.selectOption({ index: 1 });
  await page.getByLabel("가격(원)").fill("만원");
  await page.getByRole("button", { name: "상품 등록" }).click();
  const price = page.getByLabel("가격(원)");
  await expect(price).toHaveAttribute("aria-invalid", "true");
  await expect(price).toBeFocused();
  await checkA11y(page, "seller-listing-new-error");
  await price.fill("15000");
  await page.getByLabel("재고", { exact: true }).fill("50");
  await page.getByLabel("판매 상태").selectOption("published");
  await page.getByRole("button", { name: "상품 등록" }).click();
  await expect(page).toHaveURL(/\/seller\/listings\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "상품을 등록했어요" })).toBeVisible();
  const productId = Number(new URL(page.url()).pathname.split("/").pop());

  // Images: a file the server refuses says why; two good ones upload with progress and get processed.
  const files = page.getByLabel("이미지 파일 선택");
  await files.setInputFiles({ name: "not-an-image.png", mimeType: "image/png", buffer: Buffer.from("이건 그림이 아니에요") });
  await expect(page.getByText(/not-an-image\.png을\(를\) 올리지 못했어요/)).toBeVisible();
  await page.getByLabel("이미지 설명 (화면 낭독기용)").fill("빨간 사각형");
  await files.setInputFiles({ name: "red.png", mimeType: "image/png", buffer: png(64, 48, [220, 40, 40]) });
  await expect(page.getByRole("img", { name: "빨간 사각형" })).toBeVisible();
  // The second by drag and drop, as a mouse user would (the drop zone has no role: a test id).
  await page.getByLabel("이미지 설명 (화면 낭독기용)").fill("파란 사각형");
  const dropped = await page.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], "blue.png", { type: "image/png" }));
    return transfer;
  }, [...png(48, 64, [40, 60, 220])]);
  await page.getByTestId("image-drop").dispatchEvent("dragover", { dataTransfer: dropped });
  await page.getByTestId("image-drop").dispatchEvent("drop", { dataTransfer: dropped });
  await expect(page.getByRole("img", { name: "파란 사각형" })).toBeVisible();
  const images = page.locator("ol.seller-images > li");
  await expect(images).toHaveCount(2);
  await expect(images.filter({ hasText: "준비됨" })).toHaveCount(2);
  await expect(images.nth(0).getByRole("img")).toHaveAttribute("alt", "빨간 사각형");

  // Reorder with the keyboard-reachable buttons: the blue one comes first, and focus stays with it.
  await page.getByRole("button", { name: "2번째 이미지 앞으로" }).click();
  await expect(images.nth(0).getByRole("img")).toHaveAttribute("alt", "파란 사각형");
  await expect(page.getByRole("button", { name: "1번째 이미지 뒤로" })).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "2번째에서 1번째로" })).toBeVisible();
  await expect
    .poll(async () => (await apiGet<SellerProduct>(page, `/api/v1/seller/products/${productId}/`)).images.map((i) => i.alt_text))
    .toEqual(["파란 사각형", "빨간 사각형"]);
  await checkA11y(page, "seller-listing-edit");
  await snap(page, "seller-listing-edit");

  // CSV import: one bad row refuses the file and shows the row; fixed in place, the file goes in.
  const categories = await apiGet<CategoryNode[]>(page, "/api/v1/categories/");
  const slug = leaves(categories)[0]!.slug;
  const sku = unique("E2E").replace(/\s+/g, "-");
  const csv = [
    "title,category,price,sku,stock,min_order_quantity,status",
    `${unique("e2e 들기름")},${slug},12000,${sku}-1,20,1,published`,
    `${unique("e2e 참기름")},${slug},만원,${sku}-2,20,1,published`,
  ].join("\n");
  await page.goto("/seller/listings/import");
  await expect(page.getByRole("heading", { level: 1, name: "상품 일괄 등록 (CSV)" })).toBeVisible();
  await page.getByText("열 안내와 양식").click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV 양식 내려받기" }).click();
  expect((await download).suggestedFilename()).toBe("gachi-products-template.csv");
  await page.getByLabel("CSV 파일").setInputFiles({ name: "products.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "올리기" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "틀린 행 1개" })).toBeFocused();
  const problemRow = page.getByRole("row").filter({ hasText: "3행" });
  await expect(problemRow).toContainText("price");
  const cell = page.getByLabel("3행 price");
  await expect(cell).toHaveValue("만원");
  await expect(cell).toHaveAttribute("aria-invalid", "true");
  await checkA11y(page, "seller-import-errors");
  await snap(page, "seller-import-errors");
  await cell.fill("9000");
  await page.getByRole("button", { name: "고친 내용으로 다시 올리기" }).click();
  await expect(page.getByText("상품을 등록했어요")).toBeVisible();
  await expect(page.getByText(/2행을 읽어 새 상품 2개/)).toBeVisible();
  const imported = await apiGet<Page_<SellerProduct & { sku: string; price: number }>>(page, "/api/v1/seller/products/?page_size=100");
  expect(imported.results.find((p) => p.sku === `${sku}-2`)?.price).toBe(9000);

  // The listings table shows them with their toggle.
  await page.goto("/seller/listings");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await checkA11y(page, "seller-listings");
  await snap(page, "seller-listings");

  // Orders: confirm the citizen's part, then ship it with a carrier and a tracking number.
  const part = await openPart(page, firm.id);
  const card = page.getByRole("article", { name: `주문 ${part.order_number}` });
  if (part.status === "pending") {
    await page.goto("/seller/orders?status=pending");
    await expect(page.getByRole("heading", { level: 1, name: "주문 처리" })).toBeVisible();
    await card.getByRole("button", { name: "주문 확인" }).click();
    await expect(page.getByRole("status").filter({ hasText: `주문 ${part.order_number}을(를) 확인했어요.` })).toBeFocused();
  }
  await page.goto("/seller/orders?status=confirmed");
  await expect(page.getByLabel("상태로 보기")).toHaveValue("confirmed");
  const confirmed = card;
  await expect(confirmed).toContainText("발송 대기");
  await checkA11y(page, "seller-orders");
  await snap(page, "seller-orders");
  await confirmed.getByRole("button", { name: "발송 처리" }).click();
  await expect(confirmed.getByLabel("택배사")).toHaveAttribute("aria-invalid", "true");
  await confirmed.getByLabel("택배사").fill("CJ대한통운");
  await confirmed.getByLabel("송장 번호").fill("6123456789012");
  await confirmed.getByRole("button", { name: "발송 처리" }).click();
  await expect(page.getByRole("status").filter({ hasText: `주문 ${part.order_number}을(를) 발송 처리했어요.` })).toBeVisible();
  const shipped = await apiGet<Part>(page, `/api/v1/seller/fulfilments/${part.id}/`);
  expect(shipped).toMatchObject({ status: "shipped", carrier: "CJ대한통운", tracking_number: "6123456789012" });
  remember("sellerShipped", { orderNumber: part.order_number, fulfilmentId: part.id });

  // Settlement: balances and the ledger in won.
  await page.getByRole("navigation", { name: "판매자 센터 메뉴" }).getByRole("link", { name: "정산" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "정산" })).toBeVisible();
  await expect(page.getByText("정산 잔액")).toBeVisible();
  await expect(page.locator(".seller-balance--main dd")).toHaveText(/^-?[\d,]+원$/);
  await checkA11y(page, "seller-settlement");
  await snap(page, "seller-settlement");

  // Firm profile and designations.
  await page.getByRole("navigation", { name: "판매자 센터 메뉴" }).getByRole("link", { name: "업체 정보" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "업체 정보" })).toBeVisible();
  await expect(page.getByText(firm.name).first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "사회적경제 지정" })).toBeVisible();
  await checkA11y(page, "seller-firm");
  await snap(page, "seller-firm");
});

test("someone who is not a seller is shown the way in", async ({ page }) => {
  await page.goto("/seller");
  await expect(page.getByRole("heading", { level: 1, name: "판매자 센터" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "로그인" })).toHaveAttribute("href", /\/login\?next=%2Fseller/);
  await expect(page.getByRole("link", { name: "판매자로 가입하기" })).toBeVisible();
  await checkA11y(page, "seller-gate");

  // A buyer is told the account is not a seller's, with no seller data shown.
  await login(page, seed.buyer.email, seed.buyer.password);
  await page.goto("/seller/listings");
  await expect(page.getByText("지금 계정은 판매자 계정이 아니에요.", { exact: false })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "판매자 센터 메뉴" })).toHaveCount(0);
  await expect(page.getByRole("main").getByRole("link", { name: "로그인" })).toHaveCount(0);
});
