import { describe, expect, it } from "vitest";
import { loginPath, safeNextPath } from "./nextPath";

describe("safeNextPath", () => {
  it.each([
    ["/checkout", "/checkout"],
    ["/orders/12?paid=1#top", "/orders/12?paid=1#top"],
    ["/search?q=%EC%BF%A0%ED%82%A4", "/search?q=%EC%BF%A0%ED%82%A4"],
    ["/a/../orders", "/orders"],
  ])("keeps the same-site path %s", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    null,
    "",
    "checkout",
    "//evil.example/x",
    "/\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\t/evil.example",
    "/\n/evil.example",
    "/login?next=/checkout",
    "/signup",
    "/signup/seller",
  ])("refuses %j", (next) => {
    expect(safeNextPath(next, "/home")).toBe("/home");
  });

  it("keeps a path that only starts like the login page", () => {
    expect(safeNextPath("/loginhelp")).toBe("/loginhelp");
  });
});

describe("loginPath", () => {
  it("comes back to the page asked for", () => {
    expect(loginPath("/checkout")).toBe("/login?next=%2Fcheckout");
    expect(loginPath("/orders?page=2")).toBe("/login?next=%2Forders%3Fpage%3D2");
  });

  it("needs no next for home or an unsafe path", () => {
    expect(loginPath("/")).toBe("/login");
    expect(loginPath("//evil.example")).toBe("/login");
  });
});
