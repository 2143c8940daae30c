import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { json, renderRoutes, stubApi } from "../test/render";
import { searchResponse } from "../test/fixtures";
import { SearchPage } from "./SearchPage";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const REFERENCE = {
  "/api/v1/districts/": [
    { code: "11440", name_ko: "마포구", name_en: "Mapo-gu" },
    { code: "11470", name_ko: "양천구", name_en: "Yangcheon-gu" },
  ],
  "/api/v1/tags/": [],
  "/api/v1/categories/": [],
  "/api/v1/search/suggest/": { query: "", suggestions: [], degraded: false },
};

const MAPO = {
  field: "district" as const,
  phrase: "마포",
  label: "마포구",
  value: "11440",
  query_without: "떡 2만원 이하",
};
const PRICE = {
  field: "price" as const,
  phrase: "2만원 이하",
  label: "20,000원 이하",
  value: { min: null, max: 20000 },
  query_without: "마포 떡",
};

function setup(path: string, search: (url: URL) => unknown) {
  const api = stubApi({ ...REFERENCE, "/api/v1/search/products/": search });
  const view = renderRoutes([{ path: "search", element: <SearchPage /> }], path);
  return { ...api, ...view, user: userEvent.setup() };
}

const location = () => decodeURIComponent(screen.getByTestId("location").textContent!.replace(/\+/g, " "));

describe("SearchPage", () => {
  it("sends the URL's filters to the API and shows each as a removable chip", async () => {
    const { calls, user } = setup("/search?q=%EB%96%A1&district=11470&price_min=10000&price_max=29999&sort=price", () =>
      searchResponse({ query: "떡", query_text: "떡" }),
    );
    await screen.findByRole("heading", { level: 1, name: "‘떡’ 검색 결과" });
    const sent = calls.find((c) => c.url.pathname === "/api/v1/search/products/")!.url.searchParams;
    expect(Object.fromEntries(sent)).toEqual({
      q: "떡",
      district: "11470",
      price_min: "10000",
      price_max: "29999",
      sort: "price",
      page: "1",
      page_size: "20",
    });
    expect(await screen.findByRole("button", { name: "양천구 필터 지우기" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "10,000원 ~ 29,999원 필터 지우기" }));
    await waitFor(() => expect(location()).toBe("/search?q=떡&district=11470&sort=price"));
  });

  it("removing a filter understood from the query searches the query without its words", async () => {
    const { user, calls } = setup(`/search?${new URLSearchParams({ q: "마포 떡 2만원 이하" })}`, (url) =>
      url.searchParams.get("q") === "마포 떡 2만원 이하"
        ? searchResponse({ query: "마포 떡 2만원 이하", query_text: "떡", applied_filters: [PRICE, MAPO] })
        : searchResponse({ query: url.searchParams.get("q")!, query_text: "떡", applied_filters: [PRICE] }),
    );
    const chips = within(await screen.findByRole("list", { name: "적용된 필터" }));
    expect(chips.getByRole("button", { name: "20,000원 이하 필터 지우기 (검색어 ‘2만원 이하’에서 알아들음)" })).toBeInTheDocument();
    await user.click(chips.getByRole("button", { name: "마포구 필터 지우기 (검색어 ‘마포’에서 알아들음)" }));
    await waitFor(() => expect(location()).toBe("/search?q=떡 2만원 이하"));
    await waitFor(() => expect(calls.at(-1)!.url.searchParams.get("q")).toBe("떡 2만원 이하"));
    await waitFor(() => expect(screen.queryByRole("button", { name: /마포구 필터 지우기/ })).not.toBeInTheDocument());
  });

  it("an understood district shows ticked in the facet; unticking it edits the query", async () => {
    const { user } = setup(`/search?${new URLSearchParams({ q: "마포 떡" })}`, () =>
      searchResponse({
        query: "마포 떡",
        query_text: "떡",
        applied_filters: [{ ...MAPO, query_without: "떡" }],
        facets: { district: [{ value: "11440", label: "마포구", count: 3 }] },
      }),
    );
    const group = within(await screen.findByRole("group", { name: "지역(자치구)" }));
    const mapo = group.getByRole("checkbox", { name: /마포구/ });
    expect(mapo).toBeChecked();
    await user.click(mapo);
    await waitFor(() => expect(location()).toBe("/search?q=떡"));
  });

  it("ticking a district facet adds it to the URL and goes back to page 1", async () => {
    const { user } = setup("/search?q=%EB%96%A1&page=2", () =>
      searchResponse({ count: 40, facets: { district: [{ value: "11470", label: "양천구", count: 40 }] } }),
    );
    const group = within(await screen.findByRole("group", { name: "지역(자치구)" }));
    await user.click(group.getByRole("checkbox", { name: "양천구, 상품 40개" }));
    await waitFor(() => expect(location()).toBe("/search?q=떡&district=11470"));
  });

  it("choosing a sort puts it in the URL, goes back to page 1 and asks the API sorted", async () => {
    const { user, calls } = setup("/search?q=%EB%96%A1&page=2", () => searchResponse({ count: 40, page: 2 }));
    const sort = await screen.findByRole("combobox", { name: "정렬" });
    expect(sort).toHaveValue("relevance");
    await user.selectOptions(sort, "높은 가격순");
    await waitFor(() => expect(location()).toBe("/search?q=떡&sort=-price"));
    await waitFor(() => expect(calls.at(-1)!.url.searchParams.get("sort")).toBe("-price"));
    expect(calls.at(-1)!.url.searchParams.get("page")).toBe("1");
    expect(screen.getByRole("combobox", { name: "정렬" })).toHaveValue("-price");
  });

  it("says when close matches are shown, and pages through the results by URL", async () => {
    setup("/search?q=%EC%88%98%EC%A0%9C%EC%BF%A0%ED%82%A4&page=2", () =>
      searchResponse({
        count: 45,
        page: 2,
        relaxation: { level: "most", relaxed: true, exact_total: 0, message: "비슷한 상품을 보여드려요." },
      }),
    );
    expect(await screen.findByText("비슷한 상품을 보여드려요.")).toBeInTheDocument();
    const pages = within(screen.getByRole("navigation", { name: "검색 결과 페이지" }));
    expect(pages.getByRole("link", { name: "2쪽" })).toHaveAttribute("aria-current", "page");
    expect(pages.getByRole("link", { name: "3쪽" })).toHaveAttribute("href", expect.stringContaining("page=3"));
    expect(pages.getByRole("link", { name: "이전" })).toHaveAttribute("href", expect.not.stringContaining("page="));
  });

  it("empty results offer the API's correction and the search without each filter", async () => {
    setup(`/search?${new URLSearchParams({ q: "떢볶기", district: "11440" })}`, () =>
      searchResponse({ query: "떢볶기", query_text: "떢볶기", count: 0, results: [], did_you_mean: "떡볶이", facets: {} }),
    );
    expect(await screen.findByText("‘떢볶기’에 맞는 상품이 없어요.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "떡볶이" })).toHaveAttribute("href", "/search?q=%EB%96%A1%EB%B3%B6%EC%9D%B4&district=11440");
    expect(screen.getByRole("link", { name: "‘마포구’ 빼고 찾기" })).toHaveAttribute("href", "/search?q=%EB%96%A2%EB%B3%B6%EA%B8%B0");
  });

  it("a failed search says so and retries on request", async () => {
    let fail = true;
    const { user } = setup("/search?q=%EB%96%A1", () =>
      fail ? json({ error: { code: "server_error", message: "서버 오류" } }, 503) : searchResponse(),
    );
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("서버 오류");
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "다시 시도" }));
    expect(await screen.findByRole("link", { name: "답례품 떡 세트" })).toBeInTheDocument();
  });
});

describe("SearchPage past the last page", () => {
  it("offers the first page instead of saying nothing was found", async () => {
    setup("/search?q=%EB%96%A1&page=9", () => searchResponse({ count: 2, page: 9, results: [] }));
    expect(await screen.findByText("이 페이지에는 상품이 없어요.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "첫 페이지로" })).toHaveAttribute("href", "/search?q=%EB%96%A1");
    expect(screen.queryByText(/맞는 상품이 없어요/)).not.toBeInTheDocument();
  });
});
