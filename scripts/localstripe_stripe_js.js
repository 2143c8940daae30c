// Appended by scripts/localstripe_server.py to localstripe's Stripe.js stand-in (localstripe-v3.js, served at
// /js.stripe.com/v3/), so that a page written for Stripe.js works against it unchanged:
//
// * confirmCardPayment(clientSecret, {payment_method: {card: cardElement}}): the stand-in ignores the card and
//   only runs its 3-D Secure dialog, so an intent still waiting for a payment method stays unpaid. Here, as
//   Stripe.js does, the card's details go with the confirmation (payment_method_data, authenticated by the
//   publishable key and the client secret); when the intent then requires_action, the stand-in's own 3-D Secure
//   dialog runs. A refused card or a failed authentication resolves to {error} (type card_error), a success to
//   {paymentIntent}, as with Stripe.js.
// * The card element's inputs get accessible names (Stripe's own fields have them; the stand-in's only have
//   placeholders), in Korean when Stripe(key, {locale: "ko"}) asks for it.
//
// Runs in the same script as the stand-in, so `Stripe`, `Element` and LOCALSTRIPE_BASE_API are its own.
(function () {
  const LABELS = {
    en: {
      number: "Card number",
      exp_month: "Expiry month (MM)",
      exp_year: "Expiry year (YY)",
      cvc: "Security code (CVC)",
      postal_code: "Postal code",
    },
    ko: {
      number: "카드 번호",
      exp_month: "유효기간 월 (MM)",
      exp_year: "유효기간 연도 (YY)",
      cvc: "보안 코드 (CVC)",
      postal_code: "우편번호",
    },
  };
  let labels = LABELS.en;

  const mount = Element.prototype.mount;
  Element.prototype.mount = function (domElement) {
    mount.call(this, domElement);
    Object.keys(this._inputs || {}).forEach((field) => {
      const input = this._inputs[field];
      input.setAttribute("aria-label", labels[field] || field);
      input.setAttribute("inputmode", "numeric");
      input.setAttribute("autocomplete", field === "number" ? "cc-number" : field === "cvc" ? "cc-csc" : "off");
    });
  };

  // What Stripe.js checks before it sends anything: a complete card (validation_error otherwise).
  function incomplete(element) {
    const card = element.value && element.value.card;
    const invalid = (code, message) => ({ type: "validation_error", code, message });
    if (!card || !/^\d{16}$/.test(card.number)) return invalid("incomplete_number", "Your card number is incomplete.");
    const month = Number(card.exp_month);
    if (!/^\d{1,2}$/.test(card.exp_month) || month < 1 || month > 12) {
      return invalid("incomplete_expiry", "Your card's expiration date is incomplete.");
    }
    if (!/^20\d{2}$/.test(card.exp_year)) return invalid("incomplete_expiry", "Your card's expiration date is incomplete.");
    if (!/^\d{3}$/.test(card.cvc)) return invalid("incomplete_cvc", "Your card's security code is incomplete.");
    return null;
  }

  function cardError(error, status, paymentIntent) {
    return {
      ...(error || {}),
      type: status === 402 || (error && error.code === "payment_intent_authentication_failure") ? "card_error" : (error && error.type) || "api_error",
      message: (error && error.message) || "The payment could not be completed.",
      ...(paymentIntent ? { payment_intent: paymentIntent } : {}),
    };
  }

  // Stripe.js resolves a confirmation that did not pay (refused, authentication failed) as an error.
  function outcome(result) {
    if (result.error) return { error: cardError(result.error, 402) };
    const intent = result.paymentIntent;
    if (["succeeded", "processing", "requires_capture"].includes(intent.status)) return { paymentIntent: intent };
    return { error: cardError(intent.last_payment_error, 402, intent) };
  }

  const standIn = Stripe;
  Stripe = function (apiKey, options) {
    labels = (options && LABELS[options.locale]) || LABELS.en;
    const stripe = standIn(apiKey);
    const authenticate = stripe.confirmCardPayment; // the stand-in's 3-D Secure dialog and _authenticate call

    stripe.confirmCardPayment = async (clientSecret, data) => {
      const element = data && data.payment_method && data.payment_method.card;
      if (!(element instanceof Element)) return authenticate(clientSecret, data);
      const invalid = incomplete(element);
      if (invalid) return { error: invalid };
      const intentId = clientSecret.match(/^(pi_\w+)_secret_/)[1];
      const { number, exp_month, exp_year, cvc } = element.value.card;
      const paymentMethodData = { type: "card", card: { number, exp_month, exp_year, cvc } };
      if (element.value.postal_code) {
        paymentMethodData.billing_details = { address: { postal_code: element.value.postal_code } };
      }
      let response, body;
      try {
        // A text/plain body, like the stand-in's own calls: no CORS preflight.
        response = await fetch(`${LOCALSTRIPE_BASE_API}/v1/payment_intents/${intentId}/confirm`, {
          method: "POST",
          body: JSON.stringify({ key: apiKey, client_secret: clientSecret, payment_method_data: paymentMethodData }),
        });
        body = await response.json().catch(() => ({}));
      } catch (err) {
        return { error: { type: "api_connection_error", message: String(err) } };
      }
      if (!response.ok || body.error) return { error: cardError(body.error, response.status) };
      if (body.status === "requires_action") return outcome(await authenticate(clientSecret));
      return outcome({ paymentIntent: body });
    };
    return stripe;
  };
})();
