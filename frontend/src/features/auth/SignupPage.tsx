import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useMe } from "../../app/session";
import { fieldErrors } from "../../components/FormError";
import { safeNextPath } from "./nextPath";
import { focusFirstError, TextField } from "./TextField";
import { useSignup } from "./useAuth";
import "./auth.css";

// Form field id → the API's field name (dotted for the seller's firm; a service may name the bare field).
const BUYER_FIELDS = { "signup-email": ["email"], "signup-password": ["password"], "signup-name": ["display_name"] };
const FIRM_FIELDS = {
  "signup-firm-name": ["firm.name", "name"],
  "signup-firm-number": ["firm.registration_number", "registration_number"],
  "signup-firm-district": ["firm.district", "district"],
  "signup-firm-address": ["firm.address", "address"],
};

function errorsFor(error: unknown, seller: boolean): { fields: Record<string, string | undefined>; form: string | null } {
  const { fields, form } = fieldErrors(error);
  const map: Record<string, string[]> = seller ? { ...BUYER_FIELDS, ...FIRM_FIELDS } : BUYER_FIELDS;
  const mapped: Record<string, string | undefined> = {};
  const used = new Set<string>();
  for (const [id, names] of Object.entries(map)) {
    const name = names.find((candidate) => fields[candidate]);
    if (name) {
      mapped[id] = fields[name];
      used.add(name);
    }
  }
  // An error on a field this form does not show still has to be read somewhere.
  const rest = Object.entries(fields).filter(([name]) => !used.has(name));
  return { fields: mapped, form: form ?? (rest.length ? rest.map(([, message]) => message).join(" ") : null) };
}

export function SignupPage({ seller = false }: { seller?: boolean }) {
  const { t, i18n } = useTranslation("auth");
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"), seller ? "/seller" : "/");
  const me = useMe();
  const signup = useSignup();
  const [values, setValues] = useState({ email: "", password: "", name: "", firmName: "", firmNumber: "", district: "", address: "" });
  const alert = useRef<HTMLDivElement>(null);
  const districts = useQuery({
    queryKey: ["auth", "districts"],
    queryFn: () => unwrap(api.GET("/api/v1/districts/")),
    enabled: seller,
    staleTime: Infinity,
  });

  const { fields, form } = errorsFor(signup.error, seller);
  const order = [...Object.keys(BUYER_FIELDS), ...(seller ? Object.keys(FIRM_FIELDS) : [])];
  useEffect(() => {
    if (!signup.error) return;
    const current = errorsFor(signup.error, seller);
    if (!focusFirstError(order, current.fields)) alert.current?.focus();
    // Only when a new error arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signup.error]);

  if (me.data) return <Navigate to={next} replace />;

  const set = (key: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const account = { email: values.email.trim(), password: values.password, display_name: values.name.trim() };
    if (seller) {
      signup.mutate({
        kind: "seller",
        body: {
          ...account,
          firm: {
            name: values.firmName.trim(),
            registration_number: values.firmNumber.trim(),
            district: values.district,
            address: values.address.trim(),
            description: "",
            purpose_type: "",
          },
        },
      });
    } else {
      signup.mutate({ kind: "buyer", body: { ...account, district: "" } });
    }
  };

  return (
    <section className="page auth-page">
      <h1>{seller ? t("signup.sellerTitle") : t("signup.title")}</h1>
      {seller && <p>{t("signup.sellerIntro")}</p>}
      <form onSubmit={onSubmit} noValidate>
        {form && (
          <div ref={alert} tabIndex={-1} className="notice notice--error" role="alert">
            <p className="notice__title">{t("signup.failed")}</p>
            <p>{form}</p>
          </div>
        )}
        <TextField id="signup-email" label={t("field.email")} type="email" autoComplete="email" value={values.email} onChange={set("email")} error={fields["signup-email"]} />
        <TextField
          id="signup-password"
          label={t("field.password")}
          type="password"
          autoComplete="new-password"
          hint={t("signup.passwordHint")}
          value={values.password}
          onChange={set("password")}
          error={fields["signup-password"]}
        />
        <TextField
          id="signup-name"
          label={t("field.displayName")}
          optionalLabel={t("optional")}
          autoComplete="nickname"
          maxLength={100}
          value={values.name}
          onChange={set("name")}
          error={fields["signup-name"]}
        />
        {seller && (
          <fieldset className="auth-page__fieldset">
            <legend>{t("signup.firm")}</legend>
            <TextField id="signup-firm-name" label={t("field.firmName")} autoComplete="organization" maxLength={200} value={values.firmName} onChange={set("firmName")} error={fields["signup-firm-name"]} />
            <TextField
              id="signup-firm-number"
              label={t("field.registrationNumber")}
              hint={t("signup.registrationNumberHint")}
              inputMode="numeric"
              maxLength={20}
              value={values.firmNumber}
              onChange={set("firmNumber")}
              error={fields["signup-firm-number"]}
            />
            <div className="field">
              <label htmlFor="signup-firm-district">{t("field.district")}</label>
              <select
                id="signup-firm-district"
                value={values.district}
                onChange={set("district")}
                aria-invalid={fields["signup-firm-district"] ? true : undefined}
                aria-describedby={fields["signup-firm-district"] ? "signup-firm-district-error" : undefined}
              >
                <option value="">{districts.isError ? t("signup.districtsFailed") : t("signup.chooseDistrict")}</option>
                {districts.data?.map((district) => (
                  <option key={district.code} value={district.code}>
                    {i18n.language === "en" ? district.name_en : district.name_ko}
                  </option>
                ))}
              </select>
              {fields["signup-firm-district"] && (
                <p id="signup-firm-district-error" className="field__error">
                  {fields["signup-firm-district"]}
                </p>
              )}
            </div>
            <TextField id="signup-firm-address" label={t("field.address")} autoComplete="street-address" maxLength={300} value={values.address} onChange={set("address")} error={fields["signup-firm-address"]} />
          </fieldset>
        )}
        <button type="submit" className="button auth-page__submit" disabled={signup.isPending}>
          {signup.isPending ? t("signup.submitting") : t("signup.submit")}
        </button>
      </form>
      <p className="auth-page__alt">
        {t("signup.haveAccount")} <Link to={params.get("next") ? `/login?next=${encodeURIComponent(next)}` : "/login"}>{t("login.title")}</Link>
      </p>
      {seller ? (
        <p className="auth-page__alt">
          <Link to="/signup">{t("signup.buyerLink")}</Link>
        </p>
      ) : (
        <p className="auth-page__alt">
          {t("signup.sellerQuestion")} <Link to="/signup/seller">{t("signup.sellerLink")}</Link>
        </p>
      )}
    </section>
  );
}

export function SellerSignupPage() {
  return <SignupPage seller />;
}
