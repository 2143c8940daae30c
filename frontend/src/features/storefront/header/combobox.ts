// Keyboard behaviour of the header's search box, an editable combobox with a list of suggestions (the WAI-ARIA
// Authoring Practices' "combobox with listbox popup" pattern), as a pure function so it can be tested alone.

export interface ComboboxState {
  /** The list is shown (when it has options). */
  open: boolean;
  /** The option with visual focus (aria-activedescendant), or -1 for none: focus stays in the text box. */
  active: number;
}

export const CLOSED: ComboboxState = { open: false, active: -1 };

/** What the component should do besides taking the new state. */
export type ComboboxEffect = "select" | "submit" | "clear" | null;

export interface ComboboxKeyResult {
  state: ComboboxState;
  effect: ComboboxEffect;
  /** The key was ours: prevent the browser's default (moving the caret, submitting twice). */
  handled: boolean;
}

/**
 * The state after a key press in the text box, given how many options the list has now.
 * - ArrowDown opens the list on its first option, then moves down, from the last back to the first.
 * - ArrowUp opens the list on its last option, then moves up, from the first back to the last.
 * - Enter chooses the active option ("select"); with none, it submits what was typed ("submit").
 * - Escape closes an open list; on a closed one it clears the text box ("clear").
 * - Alt+ArrowDown opens the list without choosing an option; Alt+ArrowUp closes it.
 * - Left, Right, Home and End move the caret and take visual focus back from the list.
 */
export function comboboxKey(
  state: ComboboxState,
  key: string,
  count: number,
  modifiers: { altKey?: boolean } = {},
): ComboboxKeyResult {
  const ignore = { state, effect: null, handled: false } as const;
  switch (key) {
    case "ArrowDown":
      if (!count) return ignore;
      if (modifiers.altKey) return { state: { open: true, active: state.open ? state.active : -1 }, effect: null, handled: true };
      if (!state.open) return { state: { open: true, active: 0 }, effect: null, handled: true };
      return { state: { open: true, active: (state.active + 1) % count }, effect: null, handled: true };
    case "ArrowUp":
      if (!count) return ignore;
      if (modifiers.altKey) return { state: CLOSED, effect: null, handled: state.open };
      if (!state.open || state.active <= 0) return { state: { open: true, active: count - 1 }, effect: null, handled: true };
      return { state: { open: true, active: state.active - 1 }, effect: null, handled: true };
    case "Enter":
      if (state.open && state.active >= 0 && state.active < count) return { state: CLOSED, effect: "select", handled: true };
      return { state: CLOSED, effect: "submit", handled: true };
    case "Escape":
      if (state.open && count) return { state: CLOSED, effect: null, handled: true };
      return { state: CLOSED, effect: "clear", handled: true };
    case "Tab":
      return { state: CLOSED, effect: null, handled: false };
    case "ArrowLeft":
    case "ArrowRight":
    case "Home":
    case "End":
      // The caret moves in the text box as usual; visual focus comes back to it from the list.
      return { state: { ...state, active: -1 }, effect: null, handled: false };
    default:
      return ignore;
  }
}

/** Typing opens the list again, with no option active (focus stays on what is typed). */
export function comboboxInput(): ComboboxState {
  return { open: true, active: -1 };
}
