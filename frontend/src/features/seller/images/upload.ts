// Uploading a product image with progress. The rest of the UI talks to the server only through the typed client
// (src/api/client.ts); fetch cannot report upload progress, so this one call uses XMLHttpRequest, the browser's
// standard API for it. It keeps the client's contract: the same path and types from the schema, the same
// session cookie, X-CSRFToken and Accept-Language headers, and failures as ApiError in the API's error shape.
import { ApiError, toApiError } from "../../../api/client";
import type { components, paths } from "../../../api/schema";
import i18n from "../../../i18n";

export type ProductImage = components["schemas"]["ProductImage"];
type UploadPath = "/api/v1/seller/products/{id}/images/";
// The schema's own request and answer for this path, so a change to the API breaks this file's types too.
type UploadBody = NonNullable<paths[UploadPath]["post"]["requestBody"]>["content"]["multipart/form-data"];
type UploadAnswer = paths[UploadPath]["post"]["responses"][201]["content"]["application/json"];

export interface UploadOptions {
  altText?: string;
  /** 0…1 as the bytes go out (not called when the browser cannot tell the total). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

function csrfToken(): string | null {
  const match = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
  return match ? decodeURIComponent(match.slice("csrftoken=".length)) : null;
}

/**
 * The ApiError for a failed upload: the API's error body when there is one (image_too_large,
 * image_too_many_pixels, image_invalid, too_many_images...), else what the status says. A proxy may refuse a
 * large body before Django sees it (413 with an HTML page): that is still "the file is too big".
 */
export function uploadError(status: number, responseText: string): ApiError {
  if (status === 0) return new ApiError(0, { code: "network_error", message: i18n.t("common:error.network") });
  let body: unknown = null;
  try {
    body = JSON.parse(responseText);
  } catch {
    body = null;
  }
  const error = toApiError(status, body);
  if (status === 413 && error.code === "http_error") {
    return new ApiError(413, { code: "request_too_large", message: i18n.t("seller:images.tooLarge"), field: "image" });
  }
  return error;
}

export function uploadProductImage(productId: number, file: File, options: UploadOptions = {}): Promise<ProductImage> {
  const form = new FormData();
  const fields: Omit<UploadBody, "image"> = { alt_text: options.altText ?? "" };
  form.append("image", file, file.name);
  form.append("alt_text", fields.alt_text);
  const url: string = "/api/v1/seller/products/{id}/images/".replace("{id}", String(productId));

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", i18n.language || "ko");
    const token = csrfToken();
    if (token) xhr.setRequestHeader("X-CSRFToken", token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadAnswer);
          return;
        } catch {
          // An answer we cannot read is a failure like any other.
        }
      }
      reject(uploadError(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(uploadError(0, ""));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
