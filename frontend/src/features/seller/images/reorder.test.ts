import { describe, expect, it } from "vitest";
import { moveItem } from "./reorder";

describe("moveItem", () => {
  it("moves an item one place towards the front", () => {
    expect(moveItem(["a", "b", "c"], 2, -1)).toEqual({ items: ["a", "c", "b"], index: 1 });
  });

  it("moves an item one place towards the back", () => {
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual({ items: ["b", "a", "c"], index: 1 });
  });

  it("leaves the order alone at either end", () => {
    expect(moveItem(["a", "b"], 0, -1)).toEqual({ items: ["a", "b"], index: 0 });
    expect(moveItem(["a", "b"], 1, 1)).toEqual({ items: ["a", "b"], index: 1 });
  });

  it("ignores an index outside the list", () => {
    expect(moveItem(["a"], 3, -1)).toEqual({ items: ["a"], index: 3 });
  });

  it("does not change the list it was given", () => {
    const items = [1, 2, 3];
    moveItem(items, 1, 1);
    expect(items).toEqual([1, 2, 3]);
  });
});
