import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api, ApiError, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorState } from "../../components/ErrorState";
import { Loading } from "../../components/Loading";
import { formatDate, formatDateTime, formatWon } from "../../lib/format";
import "./verify.css";

type Verification = components["schemas"]["DocumentVerification"];

/** What a person typed, as the 4×4 groups the documents print (the server accepts any spacing or case). */
export function displayCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[^0-9A-Z]/g, "");
  return plain.match(/.{1,4}/g)?.join("-") ?? "";
}

export function VerifyPage() {
  const { t } = useTranslation("verify");
  const { code = "" } = useParams();
  useEffect(() => {
    document.title = t("pageTitle");
  }, [t]);

  return (
    <section className="page verify-page">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <CodeForm key={code} initial={code} />
      {code ? <Result code={code} /> : null}
    </section>
  );
}

function CodeForm({ initial }: { initial: string }) {
  const { t } = useTranslation("verify");
  const navigate = useNavigate();
  const [typed, setTyped] = useState(initial);
  const [empty, setEmpty] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const code = displayCode(typed);
    setEmpty(!code);
    if (code) void navigate(`/verify/${code}`);
  }

  return (
    <form onSubmit={submit} noValidate className="verify-form">
      <div className="field">
        <label htmlFor="verify-code">{t("code.label")}</label>
        <input
          id="verify-code"
          name="code"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="XXXX-XXXX-XXXX-XXXX"
          aria-describedby="verify-code-hint"
          aria-invalid={empty || undefined}
        />
        <p id="verify-code-hint" className="field__hint">
          {empty ? t("code.empty") : t("code.hint")}
        </p>
      </div>
      <button type="submit" className="button">
        {t("code.submit")}
      </button>
    </form>
  );
}

function Result({ code }: { code: string }) {
  const { t } = useTranslation("verify");
  const query = useQuery({
    queryKey: ["documents", "verify", code],
    queryFn: () => unwrap(api.GET("/api/v1/documents/verify/{code}/", { params: { path: { code } } })),
    retry: false,
  });
  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) {
      return (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{t("notFound.title")}</p>
          <p>{t("notFound.body", { code })}</p>
        </div>
      );
    }
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  return (
    <>
      <Attested document={query.data} />
      <FileCheck code={query.data.code} />
    </>
  );
}

function Attested({ document }: { document: Verification }) {
  const { t } = useTranslation("verify");
  const rows: [string, string][] = [
    [t("field.kind"), document.kind_label],
    [t("field.number"), document.number],
    [t("field.issuedAt"), formatDateTime(document.issued_at)],
    ...document.parties.map((party): [string, string] => [
      t(`role.${party.role}`),
      party.business_number ? `${party.name} (${party.business_number})` : party.name,
    ]),
  ];
  if (document.date) rows.push([t("field.date"), formatDate(document.date)]);
  if (document.period_from && document.period_to)
    rows.push([t("field.period"), `${formatDate(document.period_from)} – ${formatDate(document.period_to)}`]);
  if (document.as_of) rows.push([t("field.asOf"), formatDate(document.as_of)]);
  if (document.supply_value !== null) rows.push([t("field.supplyValue"), formatWon(document.supply_value)]);
  if (document.vat !== null) rows.push([t("field.vat"), formatWon(document.vat)]);
  if (document.total !== null) rows.push([t("field.total"), formatWon(document.total)]);
  if (document.accepted_total !== null) rows.push([t("field.acceptedTotal"), formatWon(document.accepted_total)]);
  if (document.kind === "designations")
    rows.push([t("field.validKinds"), document.valid_kinds.join(", ") || t("field.none")]);
  for (const regime of document.regimes) rows.push([regime.name, formatWon(regime.counted)]);

  return (
    <section className="notice notice--success verify-result" aria-labelledby="verify-found">
      <h2 id="verify-found" className="notice__title">
        {t("found", { code: document.code })}
      </h2>
      <dl className="verify-facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function FileCheck({ code }: { code: string }) {
  const { t } = useTranslation("verify");
  const fileInput = useRef<HTMLInputElement>(null);
  const [noFile, setNoFile] = useState(false);
  const check = useMutation({
    mutationFn: (file: File) => {
      // openapi-fetch sends a FormData body as it is (multipart); the schema types the body by its fields.
      const form = new FormData();
      form.append("code", code);
      form.append("file", file, file.name);
      return unwrap(api.POST("/api/v1/documents/verify/", { body: form as unknown as { code: string; file: string } }));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    setNoFile(!file);
    if (file) check.mutate(file);
  }

  return (
    <form onSubmit={submit} noValidate className="verify-form" aria-labelledby="verify-file-title">
      <h2 id="verify-file-title">{t("file.title")}</h2>
      <div className="field">
        <label htmlFor="verify-file">{t("file.label")}</label>
        <input
          id="verify-file"
          ref={fileInput}
          type="file"
          accept="application/pdf,.pdf"
          aria-describedby="verify-file-hint"
          aria-invalid={noFile || undefined}
        />
        <p id="verify-file-hint" className="field__hint">
          {noFile ? t("file.empty") : t("file.hint")}
        </p>
      </div>
      <button type="submit" className="button button--secondary" disabled={check.isPending}>
        {t("file.submit")}
      </button>
      <div aria-live="polite">
        {check.isSuccess ? (
          <p className={`notice ${check.data.matches ? "notice--success" : "notice--error"}`}>
            {check.data.matches ? t("file.matches") : t("file.differs")}
          </p>
        ) : null}
        {check.isError ? <p className="notice notice--error">{check.error.message}</p> : null}
      </div>
    </form>
  );
}
