import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useAnnouncement } from "./useAnnouncement";

function StatusLine() {
  const { message, announce, statusRef } = useAnnouncement();
  return (
    <>
      <button type="button" onClick={() => announce("저장했어요.")}>
        save
      </button>
      <button type="button" onClick={() => announce("취소했어요.")}>
        cancel
      </button>
      <p role="status" ref={statusRef} tabIndex={-1}>
        {message}
      </p>
    </>
  );
}

// A click in jsdom does not move focus, so each step focuses the button first, as a user's click would.
function press(name: string) {
  const button = screen.getByRole("button", { name });
  button.focus();
  fireEvent.click(button);
}

describe("useAnnouncement", () => {
  it("does not take focus before the first announcement", () => {
    render(<StatusLine />);
    expect(screen.getByRole("status")).toHaveTextContent("");
    expect(screen.getByRole("status")).not.toHaveFocus();
  });

  it("shows each message and moves focus to the status line, also when the message repeats", () => {
    render(<StatusLine />);
    const status = screen.getByRole("status");

    press("save");
    expect(status).toHaveTextContent("저장했어요.");
    expect(status).toHaveFocus();

    press("save");
    expect(screen.getByRole("button", { name: "save" })).not.toHaveFocus();
    expect(status).toHaveTextContent("저장했어요.");
    expect(status).toHaveFocus();

    press("cancel");
    expect(status).toHaveTextContent("취소했어요.");
    expect(status).toHaveFocus();
  });
});
