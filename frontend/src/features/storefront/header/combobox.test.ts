import { describe, expect, it } from "vitest";
import { CLOSED, comboboxKey } from "./combobox";

const open = (active: number) => ({ open: true, active });

describe("comboboxKey", () => {
  it("ArrowDown opens on the first option, moves down and wraps to the first", () => {
    expect(comboboxKey(CLOSED, "ArrowDown", 3)).toEqual({ state: open(0), effect: null, handled: true });
    expect(comboboxKey(open(0), "ArrowDown", 3).state).toEqual(open(1));
    expect(comboboxKey(open(2), "ArrowDown", 3).state).toEqual(open(0));
  });

  it("ArrowUp opens on the last option, moves up and wraps to the last", () => {
    expect(comboboxKey(CLOSED, "ArrowUp", 3).state).toEqual(open(2));
    expect(comboboxKey(open(2), "ArrowUp", 3).state).toEqual(open(1));
    expect(comboboxKey(open(0), "ArrowUp", 3).state).toEqual(open(2));
    expect(comboboxKey(open(-1), "ArrowUp", 3).state).toEqual(open(2));
  });

  it("arrows do nothing without options (the caret moves as usual)", () => {
    expect(comboboxKey(CLOSED, "ArrowDown", 0)).toEqual({ state: CLOSED, effect: null, handled: false });
    expect(comboboxKey(CLOSED, "ArrowUp", 0).handled).toBe(false);
  });

  it("Alt+ArrowDown opens without choosing; Alt+ArrowUp closes", () => {
    expect(comboboxKey(CLOSED, "ArrowDown", 3, { altKey: true }).state).toEqual(open(-1));
    expect(comboboxKey(open(1), "ArrowUp", 3, { altKey: true }).state).toEqual(CLOSED);
  });

  it("Enter chooses the active option, or submits what was typed", () => {
    expect(comboboxKey(open(1), "Enter", 3)).toEqual({ state: CLOSED, effect: "select", handled: true });
    expect(comboboxKey(open(-1), "Enter", 3).effect).toBe("submit");
    expect(comboboxKey(CLOSED, "Enter", 3).effect).toBe("submit");
    // An active index past the end (the list shrank) is not chosen.
    expect(comboboxKey(open(5), "Enter", 3).effect).toBe("submit");
  });

  it("Escape closes an open list, and clears the box when it is closed", () => {
    expect(comboboxKey(open(1), "Escape", 3)).toEqual({ state: CLOSED, effect: null, handled: true });
    expect(comboboxKey(CLOSED, "Escape", 3).effect).toBe("clear");
  });

  it("Home, End, Left and Right take visual focus back to the text box", () => {
    for (const key of ["Home", "End", "ArrowLeft", "ArrowRight"]) {
      expect(comboboxKey(open(2), key, 3)).toEqual({ state: open(-1), effect: null, handled: false });
    }
  });

  it("Tab closes the list and leaves focus to move on", () => {
    expect(comboboxKey(open(1), "Tab", 3)).toEqual({ state: CLOSED, effect: null, handled: false });
  });
});
