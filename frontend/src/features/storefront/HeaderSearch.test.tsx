import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { HeaderSearch } from "./HeaderSearch";
import { renderRoutes, stubApi } from "./test/render";

await vi.hoisted(() => import("../../test/absoluteRequests"));

const SUGGESTIONS = {
  "/api/v1/search/suggest/": (url: URL) => ({
    query: url.searchParams.get("q"),
    degraded: false,
    suggestions:
      url.searchParams.get("q") === "ㄸ"
        ? [
            { text: "답례품 떡 세트", product_id: 121 },
            { text: "떡볶이 밀키트", product_id: 7 },
            { text: "쑥떡", product_id: 9 },
          ]
        : [],
  }),
};

function setup(path = "/") {
  const api = stubApi(SUGGESTIONS);
  const view = renderRoutes([{ path: "*", element: null }], path, <HeaderSearch />);
  return { ...api, ...view, user: userEvent.setup() };
}

const location = () => screen.getByTestId("location").textContent;

describe("HeaderSearch", () => {
  it("is a labelled combobox that offers the API's 초성 suggestions", async () => {
    const { user, calls } = setup();
    const box = await screen.findByRole("combobox", { name: "검색어" });
    expect(box).toHaveAttribute("aria-expanded", "false");
    await user.type(box, "ㄸ");
    const list = await screen.findByRole("listbox", { name: "추천 검색어" });
    expect(box).toHaveAttribute("aria-expanded", "true");
    expect(box).toHaveAttribute("aria-controls", list.id);
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["답례품 떡 세트", "떡볶이 밀키트", "쑥떡"]);
    expect(calls.filter((c) => c.url.pathname === "/api/v1/search/suggest/").map((c) => c.url.searchParams.get("q"))).toEqual(["ㄸ"]);
  });

  it("arrow keys move the active option (aria-activedescendant), Enter searches for it", async () => {
    const { user } = setup();
    const box = await screen.findByRole("combobox");
    await user.type(box, "ㄸ");
    await screen.findByRole("listbox");
    expect(box).not.toHaveAttribute("aria-activedescendant");
    await user.keyboard("{ArrowDown}{ArrowDown}");
    const options = screen.getAllByRole("option");
    expect(box).toHaveAttribute("aria-activedescendant", options[1]!.id);
    expect(options[1]).toHaveAttribute("aria-selected", "true");
    expect(options[0]).toHaveAttribute("aria-selected", "false");
    await user.keyboard("{ArrowUp}{ArrowUp}"); // up from the first wraps to the last
    expect(box).toHaveAttribute("aria-activedescendant", screen.getAllByRole("option")[2]!.id);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(location()).toBe(`/search?${new URLSearchParams({ q: "쑥떡" })}`));
    expect(box).toHaveValue("쑥떡");
    expect(box).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
  });

  it("Escape closes the list, a second Escape clears the box", async () => {
    const { user } = setup();
    const box = await screen.findByRole("combobox");
    await user.type(box, "ㄸ");
    await screen.findByRole("listbox");
    await user.keyboard("{ArrowDown}{Escape}");
    expect(box).toHaveAttribute("aria-expanded", "false");
    expect(box).not.toHaveAttribute("aria-activedescendant");
    expect(box).toHaveValue("ㄸ");
    await user.keyboard("{Escape}");
    expect(box).toHaveValue("");
    expect(location()).toBe("/");
  });

  it("Enter with no active option searches what was typed; clicking an option searches it", async () => {
    const { user } = setup();
    const box = await screen.findByRole("combobox");
    await user.type(box, "떡을{Enter}");
    await waitFor(() => expect(location()).toBe(`/search?${new URLSearchParams({ q: "떡을" })}`));
    await user.clear(box);
    await user.type(box, "ㄸ");
    await user.click(await screen.findByRole("option", { name: "떡볶이 밀키트" }));
    await waitFor(() => expect(location()).toBe(`/search?${new URLSearchParams({ q: "떡볶이 밀키트" })}`));
  });

  it("waits for typing to pause before asking (one request for a burst of keys)", async () => {
    const { user, calls } = setup();
    const box = await screen.findByRole("combobox");
    await user.type(box, "떡볶이");
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls.map((c) => c.url.searchParams.get("q"))).toEqual(["떡볶이"]);
  });

  it("shows the query of the search page it is on", async () => {
    setup(`/search?${new URLSearchParams({ q: "마포 떡" })}`);
    expect(await screen.findByRole("combobox")).toHaveValue("마포 떡");
  });
});
