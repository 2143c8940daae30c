import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { ME_QUERY_KEY, useMe } from "../../../app/session";
import { RequireLogin } from "../../auth";
import "../agency.css";
import { agencyKeys } from "../api";
import { usePageTitle } from "../ui";

/** /agency/join?token=…: the link in an invitation e-mail. Joining is a button, never a side effect of opening it. */
export function JoinPage() {
  return (
    <RequireLogin>
      <Join />
    </RequireLogin>
  );
}

function Join() {
  const { t } = useTranslation("agency");
  usePageTitle(t("join.title"));
  const [params] = useSearchParams();
  const token = params.get("token")?.trim() ?? "";
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const accept = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/agency/invitations/accept/", { body: { token } })),
    onSuccess: async (agency) => {
      queryClient.setQueryData(agencyKeys.mine, agency);
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      void navigate("/agency");
    },
  });
  const membership = me.data?.agency;

  return (
    <section className="page agency-gate">
      <h1>{t("join.title")}</h1>
      {!token ? (
        <p className="notice notice--error" role="alert">
          {t("join.noToken")}
        </p>
      ) : membership && membership.status !== "rejected" ? (
        <div className="notice">
          <p>{t("join.alreadyMember", { name: membership.name })}</p>
          <p>
            <Link to="/agency">{t("join.open")}</Link>
          </p>
        </div>
      ) : (
        <>
          <p>{t("join.lead", { email: me.data?.email ?? "" })}</p>
          {accept.error && (
            <p className="notice notice--error" role="alert">
              {accept.error.message}
            </p>
          )}
          <button type="button" className="button" disabled={accept.isPending} onClick={() => accept.mutate()}>
            {t("join.accept")}
          </button>
        </>
      )}
    </section>
  );
}
