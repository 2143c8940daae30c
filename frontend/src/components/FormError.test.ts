import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { fieldErrors } from "./FormError";

describe("fieldErrors", () => {
  it("puts each field's first message on that field", () => {
    const error = new ApiError(400, {
      code: "invalid",
      message: "전화번호를 입력해 주세요.",
      field: "shipping.phone",
      details: [
        { field: "shipping.phone", code: "required", message: "전화번호를 입력해 주세요." },
        { field: "shipping.name", code: "blank", message: "이름을 입력해 주세요." },
        { field: "shipping.name", code: "other", message: "second" },
      ],
    });
    expect(fieldErrors(error)).toEqual({
      fields: { "shipping.phone": "전화번호를 입력해 주세요.", "shipping.name": "이름을 입력해 주세요." },
      form: null,
    });
  });

  it("keeps an error without a field for the whole form", () => {
    const error = new ApiError(409, { code: "out_of_stock", message: "재고가 부족해요.", field: null, details: [] });
    expect(fieldErrors(error)).toEqual({ fields: {}, form: "재고가 부족해요." });
  });

  it("ignores what is not an API error", () => {
    expect(fieldErrors(new Error("x"))).toEqual({ fields: {}, form: null });
  });
});
