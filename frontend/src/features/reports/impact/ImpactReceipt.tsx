import { Suspense, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { useOrderImpact } from "./api";
import { ImpactFigures } from "./ImpactFigures";
import "./impact.css";

/** The impact receipt of one of the buyer's orders, for the order page: opened on demand. */
export function ImpactReceipt({ number }: { number: string }) {
  return (
    <Suspense fallback={null}>
      <Receipt number={number} />
    </Suspense>
  );
}

function Receipt({ number }: { number: string }) {
  const { t } = useTranslation("reportsImpact");
  const id = useId();
  const [open, setOpen] = useState(false); // asked for once opened: most visits to an order do not open it
  return (
    <section className="impact-receipt" aria-labelledby={`${id}-title`}>
      <details onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <h2 id={`${id}-title`} className="impact-receipt__title">
            {t("receipt.title")}
          </h2>
        </summary>
        {open && <ReceiptBody number={number} />}
        <p>
          <Link to="/me/impact">{t("receipt.all")}</Link>
        </p>
      </details>
    </section>
  );
}

function ReceiptBody({ number }: { number: string }) {
  const { t } = useTranslation("reportsImpact");
  const receipt = useOrderImpact(number);
  if (receipt.isPending) return <Loading />;
  if (receipt.isError) return <ErrorState error={receipt.error} onRetry={() => void receipt.refetch()} />;
  return (
    <>
      <p className="impact-note">{t("receipt.explain")}</p>
      <ImpactFigures impact={receipt.data} year={null} headingLevel={3} series={false} />
    </>
  );
}
