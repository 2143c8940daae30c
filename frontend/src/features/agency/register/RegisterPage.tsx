import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { ME_QUERY_KEY, useMe } from "../../../app/session";
import { fieldErrors } from "../../../components/FormError";
import { RequireLogin } from "../../auth";
import "../agency.css";
import { AGENCY_KINDS, agencyKeys, useDistricts, type AgencyKind } from "../api";
import { Field, useFocusOnError, useLocalName, usePageTitle } from "../ui";
import { ApplicationStatus } from "./ApplicationStatus";

/** /agency/register: apply for an agency (an operator approves it), then follow the application here. */
export function RegisterPage() {
  return (
    <RequireLogin>
      <Register />
    </RequireLogin>
  );
}

function Register() {
  const me = useMe();
  const membership = me.data?.agency;
  // One agency per person: a pending or approved membership is followed, not applied for again.
  if (membership && membership.status !== "rejected") return <ApplicationStatus />;
  return <ApplicationForm reapplying={membership?.status === "rejected"} />;
}

interface Values {
  name: string;
  kind: AgencyKind | "";
  district: string;
  business_number: string;
  address: string;
  billing_email: string;
}

const EMPTY: Values = { name: "", kind: "", district: "", business_number: "", address: "", billing_email: "" };

function ApplicationForm({ reapplying }: { reapplying: boolean }) {
  const { t } = useTranslation("agency");
  usePageTitle(t("register.title"));
  const queryClient = useQueryClient();
  const districts = useDistricts();
  const localName = useLocalName();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>(EMPTY);
  const apply = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/agencies/", {
          body: { ...values, kind: values.kind as AgencyKind, business_number: values.business_number.replace(/\D/g, "") },
        }),
      ),
    onSuccess: (agency) => {
      queryClient.setQueryData(agencyKeys.mine, agency);
      // The header and the portal read the membership from auth/me/: it now names the pending agency.
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    },
  });
  const errors = fieldErrors(apply.error);
  useFocusOnError(form, apply.error);
  const set = (name: keyof Values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [name]: event.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    apply.mutate();
  }

  return (
    <section className="page">
      <h1>{t("register.title")}</h1>
      <p className="agency-lead">{t("register.lead")}</p>
      {reapplying && <p className="notice notice--warning">{t("register.reapplying")}</p>}
      <form ref={form} className="agency-form" noValidate onSubmit={submit} aria-labelledby="register-form">
        <h2 id="register-form" className="visually-hidden">
          {t("register.title")}
        </h2>
        <Field name="name" label={t("register.name")} error={errors.fields.name}>
          {(control) => <input {...control} value={values.name} onChange={set("name")} maxLength={200} required autoComplete="organization" />}
        </Field>
        <div className="agency-form__row">
          <Field name="kind" label={t("register.kind")} error={errors.fields.kind}>
            {(control) => (
              <select {...control} value={values.kind} onChange={set("kind")} required>
                <option value="">{t("register.chooseKind")}</option>
                {AGENCY_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="district" label={t("register.district")} error={errors.fields.district}>
            {(control) => (
              <select {...control} value={values.district} onChange={set("district")} required>
                <option value="">{districts.isPending ? t("loading") : t("register.chooseDistrict")}</option>
                {(districts.data ?? []).map((district) => (
                  <option key={district.code} value={district.code}>
                    {localName(district)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field
          name="business_number"
          label={t("register.businessNumber")}
          hint={t("register.businessNumberHint")}
          error={errors.fields.business_number}
        >
          {(control) => (
            <input {...control} inputMode="numeric" value={values.business_number} onChange={set("business_number")} maxLength={12} />
          )}
        </Field>
        <Field name="address" label={t("register.address")} error={errors.fields.address}>
          {(control) => <input {...control} value={values.address} onChange={set("address")} maxLength={300} required autoComplete="street-address" />}
        </Field>
        <Field name="billing_email" label={t("register.billingEmail")} hint={t("register.billingEmailHint")} error={errors.fields.billing_email}>
          {(control) => (
            <input {...control} type="email" value={values.billing_email} onChange={set("billing_email")} maxLength={254} required autoComplete="email" />
          )}
        </Field>
        {errors.form && (
          <p className="notice notice--error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" className="button" disabled={apply.isPending}>
          {apply.isPending ? t("sending") : t("register.submit")}
        </button>
      </form>
    </section>
  );
}
