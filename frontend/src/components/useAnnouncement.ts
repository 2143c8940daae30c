import { useEffect, useRef, useState, type RefObject } from "react";

export interface Announcement {
  /** The latest message, for the page's status line. */
  message: string;
  /** Says `message` and moves focus to the status line, even when the same message repeats. */
  announce: (message: string) => void;
  /** Ref for the status line (a focusable `role="status"` element, `tabIndex={-1}`). */
  statusRef: RefObject<HTMLParagraphElement | null>;
}

/**
 * A page's status line: an action may remove the control that had focus, so focus goes to the message that says
 * what happened, once it is drawn. A counter makes a repeated message still move focus.
 */
export function useAnnouncement(): Announcement {
  const [announcement, setAnnouncement] = useState({ message: "", count: 0 });
  const statusRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (announcement.count) statusRef.current?.focus();
  }, [announcement]);
  const announce = (message: string) => setAnnouncement((current) => ({ message, count: current.count + 1 }));
  return { message: announcement.message, announce, statusRef };
}
