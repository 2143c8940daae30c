import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderRoutes, stubApi } from "../test/render";
import { hit, product } from "../test/fixtures";
import { ProductCard } from "./ProductCard";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

function show(element: React.ReactNode) {
  stubApi({});
  return renderRoutes([{ path: "*", element }], "/");
}

describe("ProductCard", () => {
  it("shows the price the Korean way, the firm, its district and its kind; the title links to the product", async () => {
    show(<ProductCard product={product({ price: 15000 })} />);
    const link = await screen.findByRole("link", { name: "답례품 떡 세트" });
    expect(link).toHaveAttribute("href", "/products/121");
    expect(screen.getByTestId("product-price")).toHaveTextContent(/^15,000원$/);
    expect(screen.getByText(/주식회사 살림도시락/)).toHaveTextContent(/^주식회사 살림도시락.+양천구$/);
    const badges = within(screen.getByRole("list", { name: "상품 정보" }));
    expect(badges.getByText("사회적기업")).toBeInTheDocument();
    expect(badges.getByText("최소 20개")).toBeInTheDocument();
    expect(badges.queryByText("품절")).not.toBeInTheDocument();
  });

  it("groups large prices and says when it is sold out", async () => {
    show(<ProductCard product={product({ price: 1234567, in_stock: false, min_order_quantity: 1 })} />);
    expect(await screen.findByTestId("product-price")).toHaveTextContent(/^1,234,567원$/);
    const badges = within(screen.getByRole("list", { name: "상품 정보" }));
    expect(badges.getByText("품절")).toBeInTheDocument();
    expect(badges.queryByText(/최소/)).not.toBeInTheDocument();
  });

  it("marks the searched words in the title without injecting HTML", async () => {
    show(<ProductCard product={hit({ highlight: { title: ["답례품 <em>떡</em> &lt;b&gt;"] } })} />);
    const link = await screen.findByRole("link");
    expect(link).toHaveTextContent("답례품 떡 <b>");
    expect(link.querySelector("mark")).toHaveTextContent("떡");
    expect(link.querySelector("b")).toBeNull();
  });

  it("uses the card rendition as a decorative picture", async () => {
    const { container } = show(<ProductCard product={product()} />);
    await screen.findByRole("link");
    const img = container.querySelector("img")!;
    expect(img).toHaveAttribute("src", "/media/products/121/renditions/121-card.jpg");
    expect(img).toHaveAttribute("alt", "");
  });
});
