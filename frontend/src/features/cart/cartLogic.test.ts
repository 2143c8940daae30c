import { describe, expect, it } from "vitest";
import { checkLineQuantity, groupByFirm, hasVolumePrice, nextVolumePrice, type CartLine } from "./cartLogic";

function line(overrides: Partial<CartLine>): CartLine {
  return {
    product_id: 1,
    title: "통밀 식빵",
    firm_id: 10,
    firm_name: "마포 빵집 협동조합",
    unit_price: 5000,
    base_price: 5000,
    price_tiers: [],
    unit: "개",
    min_order_quantity: 1,
    stock: 10,
    quantity: 1,
    line_total: 5000,
    available: true,
    problem: "",
    ...overrides,
  };
}

describe("groupByFirm", () => {
  it("groups lines by firm in the order firms first appear, with each firm's subtotal", () => {
    const groups = groupByFirm([
      line({ product_id: 1, firm_id: 10, line_total: 10000 }),
      line({ product_id: 2, firm_id: 20, firm_name: "성북 목공 사회적기업", line_total: 30000 }),
      line({ product_id: 3, firm_id: 10, line_total: 2500 }),
    ]);
    expect(groups.map((g) => [g.firmId, g.firmName, g.lines.map((l) => l.product_id), g.subtotal])).toEqual([
      [10, "마포 빵집 협동조합", [1, 3], 12500],
      [20, "성북 목공 사회적기업", [2], 30000],
    ]);
  });

  it("leaves lines that cannot be bought out of the subtotal and counts them", () => {
    const [group] = groupByFirm([
      line({ product_id: 1, line_total: 10000 }),
      line({ product_id: 2, line_total: 7000, available: false, problem: "판매가 중단된 상품입니다." }),
    ]);
    expect(group).toMatchObject({ subtotal: 10000, unavailable: 1 });
  });

  it("has no groups for an empty cart", () => {
    expect(groupByFirm([])).toEqual([]);
  });
});

describe("checkLineQuantity", () => {
  const limits = { min_order_quantity: 3, stock: 12 };

  it.each([
    ["3", 3],
    [" 12 ", 12],
  ])("takes %j", (text, quantity) => {
    expect(checkLineQuantity(text, limits)).toEqual({ ok: true, quantity });
  });

  it.each([
    ["", "notWhole"],
    ["2.5", "notWhole"],
    ["-1", "notWhole"],
    ["１２", "notWhole"], // full-width digits: the API refuses them too
    ["2", "belowMinimum"],
    ["0", "belowMinimum"],
    ["13", "aboveStock"],
  ] as const)("refuses %j (%s)", (text, problem) => {
    expect(checkLineQuantity(text, limits)).toEqual({ ok: false, problem });
  });
});

describe("volume prices", () => {
  const tiers = [
    { min_quantity: 50, unit_price: 8500 },
    { min_quantity: 10, unit_price: 9000 },
  ];

  it("a line priced below the product's price has a volume price", () => {
    expect(hasVolumePrice(line({ unit_price: 9000, base_price: 10000 }))).toBe(true);
    expect(hasVolumePrice(line({ unit_price: 10000, base_price: 10000 }))).toBe(false);
  });

  it("the next tier above the quantity that the stock allows", () => {
    expect(nextVolumePrice(line({ price_tiers: tiers, quantity: 3, stock: 100 }))).toEqual({ min_quantity: 10, unit_price: 9000 });
    expect(nextVolumePrice(line({ price_tiers: tiers, quantity: 10, stock: 100 }))).toEqual({ min_quantity: 50, unit_price: 8500 });
    expect(nextVolumePrice(line({ price_tiers: tiers, quantity: 10, stock: 49 }))).toBeNull();
    expect(nextVolumePrice(line({ price_tiers: tiers, quantity: 50, stock: 100 }))).toBeNull();
    expect(nextVolumePrice(line({ price_tiers: [], quantity: 1, stock: 100 }))).toBeNull();
  });
});
