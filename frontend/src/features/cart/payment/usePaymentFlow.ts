import { useCallback, useEffect, useEffectEvent, useReducer, useRef } from "react";
import { checkDelay, initialPaymentState, paymentReducer } from "./paymentMachine";
import type { ConfirmResult } from "./stripe";

/**
 * Runs the payment machine: `pay(confirm)` hands the card to Stripe.js (confirm resolves as confirmCardPayment
 * does); once the card paid, `check()` asks our server for the order's status (POST payment/sync/, which reads
 * the PaymentIntent from the gateway) until it is paid, with pauses; `onPaid` runs once it is.
 */
export function usePaymentFlow({ check, onPaid }: { check: () => Promise<string>; onPaid: () => void }) {
  const [state, dispatch] = useReducer(paymentReducer, initialPaymentState);
  const phase = useRef(state.phase);
  useEffect(() => {
    phase.current = state.phase;
  });
  const busy = useRef(false);

  const pay = useCallback(async (confirm: () => Promise<ConfirmResult>) => {
    if (busy.current || phase.current !== "ready") return; // a second click while Stripe.js is at work
    busy.current = true;
    dispatch({ type: "submit" });
    let result: ConfirmResult;
    try {
      result = await confirm();
    } catch (error) {
      result = { error: { type: "api_connection_error", message: String(error) } };
    } finally {
      busy.current = false;
    }
    dispatch({ type: "confirmed", result });
  }, []);

  const runCheck = useEffectEvent(async (isCancelled: () => boolean) => {
    let status: string | null;
    try {
      status = await check();
    } catch {
      status = null; // counts as "not yet": the next check may get through
    }
    if (!isCancelled()) dispatch({ type: "checked", orderStatus: status });
  });
  const attempt = state.phase === "verifying" ? state.attempt : null;
  useEffect(() => {
    if (attempt === null) return;
    let cancelled = false;
    const timer = setTimeout(() => void runCheck(() => cancelled), checkDelay(attempt));
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [attempt]);

  const paid = useEffectEvent(onPaid);
  useEffect(() => {
    if (state.phase === "paid") paid();
  }, [state.phase]);

  return { state, dispatch, pay };
}
