import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Middleware } from "openapi-fetch";
import { Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../api/client";
import type { SellerProduct } from "../api";
import { ImageManager } from "./ImageManager";
import type { ProductImage } from "./upload";

await vi.hoisted(() => import("../../../test/absoluteRequests"));

const installed: Middleware[] = [];
afterEach(() => {
  while (installed.length) api.eject(installed.pop()!);
});

function image(id: number, alt: string, position: number): ProductImage {
  return {
    id,
    url: `/media/products/${id}.png`,
    width: 64,
    height: 48,
    format: "PNG",
    alt_text: alt,
    position,
    renditions: { thumbnail: `/media/products/${id}-thumb.webp` },
    renditions_status: "ready",
  };
}

const PRODUCT = {
  id: 5,
  title: "유기농 쌀 10kg",
  images: [image(11, "빨간 사각형", 0), image(12, "파란 사각형", 1)],
} as SellerProduct;

/** The image panel of PRODUCT; DELETE answers `answer`. */
function showImages(answer: { status: number; body?: unknown }) {
  const deleted: string[] = [];
  const middleware: Middleware = {
    async onRequest({ request }) {
      const path = new URL(request.url).pathname;
      if (request.method === "DELETE") {
        deleted.push(path);
        return answer.body === undefined
          ? new Response(null, { status: answer.status })
          : Response.json(answer.body, { status: answer.status });
      }
      return Response.json({ error: { code: "not_found", message: "없음" } }, { status: 404 });
    },
  };
  api.use(middleware);
  installed.push(middleware);
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <Suspense fallback={null}>
        <ImageManager product={PRODUCT} />
      </Suspense>
    </QueryClientProvider>,
  );
  return { deleted };
}

describe("ImageManager: deleting an image", () => {
  it("deletes the image asked for, says which, and puts focus on the panel's heading", async () => {
    const { deleted } = showImages({ status: 204 });
    await userEvent.click(await screen.findByRole("button", { name: "2번째 이미지 삭제" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("2번째 이미지를 지웠어요."));
    expect(deleted).toEqual(["/api/v1/seller/products/5/images/12/"]);
    expect(screen.getByRole("heading", { level: 2, name: "상품 이미지" })).toHaveFocus();
  });

  it("says the server's refusal in the status line, and the delete can be tried again", async () => {
    const refusal = { error: { code: "not_found", message: "이미지를 찾을 수 없어요.", field: null, details: [] } };
    showImages({ status: 404, body: refusal });
    await userEvent.click(await screen.findByRole("button", { name: "1번째 이미지 삭제" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("이미지를 찾을 수 없어요."));
    expect(screen.getByRole("button", { name: "1번째 이미지 삭제" })).toBeEnabled();
  });
});
