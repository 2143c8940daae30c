import { useTranslation } from "react-i18next";

const TONE: Record<string, string> = {
  paid: "success",
  closed: "neutral",
  purchase_confirmed: "success",
  delivered: "success",
  pending_payment: "warning",
  claimed: "warning",
  cancelled: "danger",
  expired: "danger",
  returned: "danger",
};

/** An order's or a part's status in words (a badge), never by colour alone. */
export function StatusBadge({ kind, status }: { kind: "order" | "part"; status: string }) {
  const { t } = useTranslation("orders");
  return (
    <span className={`badge status-badge status-badge--${TONE[status] ?? "neutral"}`}>
      {t(`status.${kind}.${status}`, { defaultValue: status })}
    </span>
  );
}
