import { describe, expect, it } from "vitest";
import { listParams } from "./ui";

describe("listParams", () => {
  it("a new status filter starts again at page 1; an empty one clears it", () => {
    const params = new URLSearchParams("status=published&page=3&keep=1");
    expect(listParams(params, { status: "draft" }).toString()).toBe("status=draft&keep=1");
    expect(listParams(params, { status: "" }).toString()).toBe("keep=1");
  });

  it("keeps the filter when the page changes, and leaves page 1 out of the URL", () => {
    const params = new URLSearchParams("status=published");
    expect(listParams(params, { page: 2 }).toString()).toBe("status=published&page=2");
    expect(listParams(new URLSearchParams("status=published&page=2"), { page: 1 }).toString()).toBe("status=published");
  });

  it("does not change the URL it was given", () => {
    const params = new URLSearchParams("page=2");
    listParams(params, { page: 5 });
    expect(params.toString()).toBe("page=2");
  });
});
