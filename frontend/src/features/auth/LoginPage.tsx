import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { useMe } from "../../app/session";
import { fieldErrors } from "../../components/FormError";
import { safeNextPath } from "./nextPath";
import { focusFirstError, TextField } from "./TextField";
import { useLogin } from "./useAuth";
import "./auth.css";

export function LoginPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const next = safeNextPath(params.get("next"));
  const me = useMe();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const alert = useRef<HTMLDivElement>(null);

  const { fields, form } = fieldErrors(login.error);
  const errors = { "login-email": fields.email, "login-password": fields.password };
  useEffect(() => {
    if (!login.error) return;
    if (!focusFirstError(["login-email", "login-password"], errors)) alert.current?.focus();
    // Only when a new error arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [login.error]);

  // Signed in (now or already): on to where the visitor was going.
  if (me.data) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };
  const limited = login.error instanceof ApiError && login.error.status === 429;
  const signupLink = params.get("next") ? `/signup?next=${encodeURIComponent(next)}` : "/signup";

  return (
    <section className="page auth-page">
      <h1>{t("login.title")}</h1>
      {params.get("next") && <p className="notice">{t("login.needed")}</p>}
      <form onSubmit={onSubmit} noValidate aria-describedby={form ? "login-alert" : undefined}>
        {form && (
          <div id="login-alert" ref={alert} tabIndex={-1} className="notice notice--error" role="alert">
            <p className="notice__title">{limited ? t("login.limited") : t("login.failed")}</p>
            <p>{form}</p>
          </div>
        )}
        <TextField
          id="login-email"
          label={t("field.email")}
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errors["login-email"]}
        />
        <TextField
          id="login-password"
          label={t("field.password")}
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors["login-password"]}
        />
        <button type="submit" className="button auth-page__submit" disabled={login.isPending}>
          {login.isPending ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
      <p className="auth-page__alt">
        {t("login.noAccount")} <Link to={signupLink}>{t("signup.title")}</Link>
      </p>
    </section>
  );
}
