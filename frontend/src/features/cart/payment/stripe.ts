// Stripe.js, loaded on the checkout's payment step only, from the URL the server names (payments/config/):
// Stripe's own in production, localstripe's stand-in in the demo and the tests. The Content-Security-Policy
// allows that one origin, so a plain <script src> element is all it takes. Only what we call is typed here.

export interface StripeError {
  type?: string; // card_error, validation_error, api_connection_error, …
  code?: string; // card_declined, payment_intent_authentication_failure, incomplete_number, …
  decline_code?: string;
  message?: string;
}

export interface StripePaymentIntent {
  id: string;
  status: string;
}

export interface ConfirmResult {
  error?: StripeError;
  paymentIntent?: StripePaymentIntent;
}

export interface StripeCardElement {
  mount(element: HTMLElement): void;
  destroy(): void;
}

export interface StripeInstance {
  elements(): { create(type: "card", options?: Record<string, unknown>): StripeCardElement };
  confirmCardPayment(clientSecret: string, data: { payment_method: { card: StripeCardElement } }): Promise<ConfirmResult>;
}

export type StripeFactory = (publishableKey: string, options?: { locale?: string }) => StripeInstance;

declare global {
  interface Window {
    Stripe?: StripeFactory;
  }
}

let loading: Promise<StripeFactory> | null = null;

/** Add Stripe.js to the page once; resolves with its `Stripe` factory. A failed load may be tried again. */
export function loadStripeJs(src: string): Promise<StripeFactory> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  loading ??= new Promise<StripeFactory>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error("Stripe.js loaded without Stripe")));
    script.onerror = () => {
      script.remove();
      loading = null;
      reject(new Error("Stripe.js did not load"));
    };
    document.head.appendChild(script);
  });
  return loading;
}
