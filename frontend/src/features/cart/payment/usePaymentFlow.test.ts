import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_CHECKS } from "./paymentMachine";
import { usePaymentFlow } from "./usePaymentFlow";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Let time pass step by step, so that each check's effect schedules the next one in between. */
async function wait(ms: number) {
  for (let passed = 0; passed < ms; passed += 500) await act(() => vi.advanceTimersByTimeAsync(500));
}

function setUp(statuses: (string | Error)[]) {
  const check = vi.fn(async () => {
    const next = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
    if (next instanceof Error) throw next;
    return next;
  });
  const onPaid = vi.fn();
  const hook = renderHook(() => usePaymentFlow({ check, onPaid }));
  act(() => hook.result.current.dispatch({ type: "prepared" }));
  return { check, onPaid, hook };
}

describe("usePaymentFlow", () => {
  it("after the card paid, asks the server until the order is paid, then calls onPaid once", async () => {
    const { check, onPaid, hook } = setUp(["pending_payment", new Error("offline"), "paid"]);
    await act(() => hook.result.current.pay(async () => ({ paymentIntent: { id: "pi_1", status: "succeeded" } })));
    expect(hook.result.current.state).toEqual({ phase: "verifying", attempt: 0 });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(check).toHaveBeenCalledTimes(1);
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(check).toHaveBeenCalledTimes(2); // failed: counts as not yet
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(check).toHaveBeenCalledTimes(3);
    expect(hook.result.current.state).toEqual({ phase: "paid" });
    expect(onPaid).toHaveBeenCalledTimes(1);
  });

  it("keeps the form after a decline and pays with the next card", async () => {
    const { check, hook } = setUp(["paid"]);
    await act(() =>
      hook.result.current.pay(async () => ({ error: { type: "card_error", code: "card_declined", message: "declined" } })),
    );
    expect(hook.result.current.state).toEqual({ phase: "ready", failure: { reason: "declined", detail: "declined" } });
    expect(check).not.toHaveBeenCalled();
    await act(() => hook.result.current.pay(async () => ({ paymentIntent: { id: "pi_1", status: "succeeded" } })));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(hook.result.current.state).toEqual({ phase: "paid" });
  });

  it("says it is slow after MAX_CHECKS unanswered checks, and stops asking", async () => {
    const { check, onPaid, hook } = setUp(["pending_payment"]);
    await act(() => hook.result.current.pay(async () => ({ paymentIntent: { id: "pi_1", status: "succeeded" } })));
    await wait(60_000);
    expect(hook.result.current.state).toEqual({ phase: "slow" });
    expect(check).toHaveBeenCalledTimes(MAX_CHECKS);
    await wait(60_000);
    expect(check).toHaveBeenCalledTimes(MAX_CHECKS);
    expect(onPaid).not.toHaveBeenCalled();
  });

  it("calls Stripe.js once for a double click", async () => {
    const { hook } = setUp(["paid"]);
    let finish: (value: { paymentIntent: { id: string; status: string } }) => void = () => {};
    const confirm = vi.fn(() => new Promise<{ paymentIntent: { id: string; status: string } }>((resolve) => (finish = resolve)));
    await act(async () => {
      void hook.result.current.pay(confirm);
      void hook.result.current.pay(confirm);
    });
    expect(confirm).toHaveBeenCalledTimes(1);
    await act(async () => finish({ paymentIntent: { id: "pi_1", status: "succeeded" } }));
    expect(hook.result.current.state.phase).toBe("verifying");
  });

  it("turns a thrown confirmation into a network failure, not a stuck spinner", async () => {
    const { hook } = setUp(["paid"]);
    await act(() => hook.result.current.pay(async () => Promise.reject(new Error("script gone"))));
    expect(hook.result.current.state).toMatchObject({ phase: "ready", failure: { reason: "network" } });
  });
});
