import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { api, unwrap } from "../../../api/client";
import type { components } from "../../../api/schema";
import { ErrorState } from "../../../components/ErrorState";
import { fieldErrors } from "../../../components/FormError";
import { Loading } from "../../../components/Loading";
import { formatDate } from "../../../lib/format";
import { FIRM_KINDS, sellerKeys, useDistricts, useMyFirm, type FirmKind, type FirmPrivate } from "../api";
import { Field, useFocusOnError, usePageTitle } from "../ui";
import { FirmStatusNotice } from "./FirmStatusNotice";

type PurposeType = components["schemas"]["PurposeTypeEnum"];
const PURPOSE_TYPES: PurposeType[] = ["jobs", "social_service", "community", "mixed", "other"];

export function FirmPage() {
  const { t } = useTranslation("seller");
  usePageTitle(t("firm.title"));
  const firm = useMyFirm();
  const { hash } = useLocation();
  const loaded = Boolean(firm.data);
  // A link to /seller/firm#designations (from the dashboard) lands on that section once it is drawn.
  useEffect(() => {
    if (!loaded || !hash) return;
    // After the shell has moved focus to <main> for the new page.
    const frame = requestAnimationFrame(() => {
      const target = document.getElementById(decodeURIComponent(hash.slice(1)));
      target?.scrollIntoView();
      target?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [loaded, hash]);
  return (
    <section className="page">
      <h1>{t("firm.title")}</h1>
      {firm.isPending && <Loading />}
      {firm.isError && <ErrorState error={firm.error} onRetry={() => void firm.refetch()} />}
      {firm.data && (
        <>
          <FirmStatusNotice firm={firm.data} />
          <FirmFacts firm={firm.data} />
          <FirmForm key={firm.data.id} firm={firm.data} />
          <DesignationList firm={firm.data} />
          <DesignationForm />
        </>
      )}
    </section>
  );
}

function FirmFacts({ firm }: { firm: FirmPrivate }) {
  const { t } = useTranslation("seller");
  return (
    <section aria-labelledby="firm-facts">
      <h2 id="firm-facts">{t("firm.facts")}</h2>
      <p className="field__hint">{t("firm.factsHint")}</p>
      <dl className="seller-facts">
        <dt>{t("firm.name")}</dt>
        <dd>{firm.name}</dd>
        <dt>{t("firm.registrationNumber")}</dt>
        <dd>{firm.registration_number}</dd>
        <dt>{t("firm.verification")}</dt>
        <dd>{t(`verification.${firm.verification_status ?? "pending"}`)}</dd>
        {firm.svi_grade && (
          <>
            <dt>{t("firm.sviGrade")}</dt>
            <dd>{t(`svi.${firm.svi_grade}`)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function FirmForm({ firm }: { firm: FirmPrivate }) {
  const { t, i18n } = useTranslation("seller");
  const queryClient = useQueryClient();
  const districts = useDistricts();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({
    address: firm.address,
    district: firm.district.code,
    description: firm.description ?? "",
    purpose_type: (firm.purpose_type ?? "") as PurposeType | "",
    vulnerable_employee_share: firm.vulnerable_employee_share ?? "",
    website: firm.website ?? "",
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/seller/firm/", {
          body: {
            ...values,
            vulnerable_employee_share: values.vulnerable_employee_share.trim() || null,
          },
        }),
      ),
    onSuccess: (data) => queryClient.setQueryData(sellerKeys.firm, data),
  });
  const errors = fieldErrors(save.error);
  useFocusOnError(form, save.error);
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [name]: event.target.value }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section aria-labelledby="firm-edit">
      <h2 id="firm-edit">{t("firm.edit")}</h2>
      <form ref={form} onSubmit={submit} noValidate className="seller-form">
        <Field name="address" label={t("firm.address")} error={errors.fields.address}>
          {(control) => <input {...control} value={values.address} onChange={set("address")} autoComplete="street-address" />}
        </Field>
        <Field name="district" label={t("firm.district")} error={errors.fields.district}>
          {(control) => (
            <select {...control} value={values.district} onChange={set("district")}>
              {(districts.data ?? [firm.district]).map((district) => (
                <option key={district.code} value={district.code}>
                  {i18n.language === "en" ? district.name_en : district.name_ko}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="description" label={t("firm.description")} error={errors.fields.description}>
          {(control) => <textarea {...control} rows={5} value={values.description} onChange={set("description")} />}
        </Field>
        <Field name="purpose_type" label={t("firm.purposeType")} error={errors.fields.purpose_type}>
          {(control) => (
            <select {...control} value={values.purpose_type} onChange={set("purpose_type")}>
              <option value="">{t("firm.purposeNone")}</option>
              {PURPOSE_TYPES.map((purpose) => (
                <option key={purpose} value={purpose}>
                  {t(`purpose.${purpose}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="vulnerable_employee_share"
          label={t("firm.vulnerableShare")}
          hint={t("firm.vulnerableShareHint")}
          error={errors.fields.vulnerable_employee_share}
        >
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              value={values.vulnerable_employee_share}
              onChange={set("vulnerable_employee_share")}
            />
          )}
        </Field>
        <Field name="website" label={t("firm.website")} error={errors.fields.website}>
          {(control) => <input {...control} type="url" value={values.website} onChange={set("website")} autoComplete="url" />}
        </Field>
        {errors.form && (
          <p className="notice notice--error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? t("saving") : t("firm.save")}
        </button>
        <p role="status" className="seller-status">
          {save.isSuccess ? t("firm.saved") : ""}
        </p>
      </form>
    </section>
  );
}

function DesignationList({ firm }: { firm: FirmPrivate }) {
  const { t } = useTranslation("seller");
  return (
    <section aria-labelledby="designations-title" id="designations" tabIndex={-1}>
      <h2 id="designations-title">{t("firm.designations.title")}</h2>
      {firm.designations.length === 0 ? (
        <p className="notice notice--warning">{t("firm.designations.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("firm.designations.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("firm.designations.kind")}</th>
                <th scope="col">{t("firm.designations.number")}</th>
                <th scope="col">{t("firm.designations.period")}</th>
                <th scope="col">{t("firm.designations.status")}</th>
              </tr>
            </thead>
            <tbody>
              {firm.designations.map((designation) => (
                <tr key={designation.id}>
                  <td>
                    {t(`kind.${designation.kind}`)}
                    {designation.issuer && <div className="seller-muted">{designation.issuer}</div>}
                  </td>
                  <td>{designation.number || t("firm.designations.noNumber")}</td>
                  <td>
                    {t("firm.designations.range", {
                      start: formatDate(designation.start_date),
                      end: designation.end_date ? formatDate(designation.end_date) : t("firm.designations.open"),
                    })}
                  </td>
                  <td>
                    <span className={`badge ${designation.is_valid ? "seller-badge--ok" : "seller-badge--warn"}`}>
                      {designation.is_valid
                        ? t("firm.designations.valid")
                        : t(`designationStatus.${designation.status ?? "pending"}`)}
                    </span>
                    {designation.status_reason && <div className="seller-muted">{designation.status_reason}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const EMPTY_DESIGNATION = { kind: "social_enterprise" as FirmKind, number: "", issuer: "", start_date: "", end_date: "" };

function DesignationForm() {
  const { t } = useTranslation("seller");
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(EMPTY_DESIGNATION);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/seller/firm/designations/", {
          body: { ...values, end_date: values.end_date || null },
        }),
      ),
    onSuccess: () => {
      setValues(EMPTY_DESIGNATION);
      void queryClient.invalidateQueries({ queryKey: sellerKeys.firm });
    },
  });
  const errors = fieldErrors(add.error);
  useFocusOnError(form, add.error);
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [name]: event.target.value }));
  };
  return (
    <section aria-labelledby="designation-add">
      <h2 id="designation-add">{t("firm.designations.add")}</h2>
      <p className="field__hint">{t("firm.designations.addHint")}</p>
      <form
        ref={form}
        noValidate
        className="seller-form"
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate();
        }}
      >
        <Field idPrefix="d" name="kind" label={t("firm.designations.kind")} error={errors.fields.kind}>
          {(control) => (
            <select {...control} value={values.kind} onChange={set("kind")}>
              {FIRM_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kind.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field idPrefix="d" name="number" label={t("firm.designations.number")} error={errors.fields.number}>
          {(control) => <input {...control} value={values.number} onChange={set("number")} />}
        </Field>
        <Field idPrefix="d" name="issuer" label={t("firm.designations.issuer")} error={errors.fields.issuer}>
          {(control) => <input {...control} value={values.issuer} onChange={set("issuer")} />}
        </Field>
        <Field idPrefix="d" name="start_date" label={t("firm.designations.start")} error={errors.fields.start_date}>
          {(control) => <input {...control} type="date" value={values.start_date} onChange={set("start_date")} />}
        </Field>
        <Field
          idPrefix="d"
          name="end_date"
          label={t("firm.designations.end")}
          hint={t("firm.designations.endHint")}
          error={errors.fields.end_date}
        >
          {(control) => <input {...control} type="date" value={values.end_date} onChange={set("end_date")} />}
        </Field>
        {errors.form && (
          <p className="notice notice--error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" className="button" disabled={add.isPending}>
          {add.isPending ? t("saving") : t("firm.designations.submit")}
        </button>
        <p role="status" className="seller-status">
          {add.isSuccess ? t("firm.designations.added") : ""}
        </p>
      </form>
    </section>
  );
}
