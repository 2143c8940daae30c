import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/client";
import { uploadError, uploadProductImage } from "./upload";

describe("uploadError", () => {
  it("keeps the server's code, message and field (the image checks)", () => {
    const body = JSON.stringify({
      error: { code: "image_too_many_pixels", message: "픽셀이 너무 많아요.", field: "image", details: [] },
    });
    const error = uploadError(400, body);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("image_too_many_pixels");
    expect(error.message).toBe("픽셀이 너무 많아요.");
    expect(error.field).toBe("image");
    expect(error.retryable).toBe(false);
  });

  it("reads a proxy's 413 page as 'too large' on the image field", () => {
    const error = uploadError(413, "<html><body>413 Request Entity Too Large</body></html>");
    expect(error.code).toBe("request_too_large");
    expect(error.field).toBe("image");
    expect(error.message).not.toBe("");
  });

  it("keeps the API's own 413 answer", () => {
    const body = JSON.stringify({ error: { code: "request_too_large", message: "본문이 너무 커요.", field: null } });
    expect(uploadError(413, body).message).toBe("본문이 너무 커요.");
  });

  it("makes a lost connection a retryable network error", () => {
    const error = uploadError(0, "");
    expect(error.code).toBe("network_error");
    expect(error.retryable).toBe(true);
  });

  it("makes a server page without our error shape a retryable server error", () => {
    const error = uploadError(502, "Bad Gateway");
    expect(error.code).toBe("http_error");
    expect(error.retryable).toBe(true);
  });
});

// A stand-in for the browser's XMLHttpRequest that records what was sent and answers as told.
class FakeXhr {
  static last: FakeXhr | null = null;
  static answer = { status: 201, text: "{}" };
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  responseText = "";
  withCredentials = false;
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.last = this;
    this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
    this.status = FakeXhr.answer.status;
    this.responseText = FakeXhr.answer.text;
    this.onload?.();
  }
  abort() {
    this.onabort?.();
  }
}

describe("uploadProductImage", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  });

  it("posts the file with the CSRF token to the product's images and reports progress", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    document.cookie = "csrftoken=abc123";
    FakeXhr.answer = { status: 201, text: JSON.stringify({ id: 7, renditions_status: "pending" }) };
    const progress: number[] = [];
    const file = new File([new Uint8Array([1, 2, 3])], "a.png", { type: "image/png" });

    const image = await uploadProductImage(42, file, { altText: "사과", onProgress: (f) => progress.push(f) });

    expect(image.id).toBe(7);
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/v1/seller/products/42/images/");
    expect(xhr.headers["X-CSRFToken"]).toBe("abc123");
    expect((xhr.body as FormData).get("alt_text")).toBe("사과");
    expect(((xhr.body as FormData).get("image") as File).name).toBe("a.png");
    expect(progress).toEqual([0.5]);
  });

  it("rejects with the server's error", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    FakeXhr.answer = {
      status: 400,
      text: JSON.stringify({ error: { code: "image_invalid", message: "이미지가 아니에요.", field: "image" } }),
    };
    const file = new File(["not an image"], "a.png");
    await expect(uploadProductImage(1, file)).rejects.toMatchObject({ code: "image_invalid", field: "image" });
  });
});
