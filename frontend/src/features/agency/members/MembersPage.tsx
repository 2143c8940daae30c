import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { ME_QUERY_KEY, useMe } from "../../../app/session";
import { ErrorState } from "../../../components/ErrorState";
import { fieldErrors } from "../../../components/FormError";
import { Loading } from "../../../components/Loading";
import { formatDate } from "../../../lib/format";
import { ROLES, agencyKeys, useInvitations, useMembers, type AgencyMember, type AgencyRole } from "../api";
import { StatusBadge, StatusLine, useFocusOnError, usePageTitle } from "../ui";

/** /agency/members: the agency's people and their roles; admins change roles, invite and remove. */
export function MembersPage() {
  const { t } = useTranslation("agency");
  usePageTitle(t("members.title"));
  const me = useMe();
  const members = useMembers();
  const admin = me.data?.agency?.roles.includes("admin") ?? false;
  const [message, setMessage] = useState("");

  return (
    <section className="page">
      <h1>{t("members.title")}</h1>
      <StatusLine>{message}</StatusLine>
      {members.isPending && <Loading />}
      {members.isError && <ErrorState error={members.error} onRetry={() => void members.refetch()} />}
      {members.data && (
        <ul className="agency-cards-list">
          {members.data.results.map((member) => (
            <li key={member.id}>
              <MemberCard member={member} admin={admin} self={member.id === me.data?.agency?.member_id} onDone={setMessage} />
            </li>
          ))}
        </ul>
      )}
      {admin && (
        <>
          <InviteForm onDone={setMessage} />
          <Invitations onDone={setMessage} />
        </>
      )}
    </section>
  );
}

function RoleChecks({
  idPrefix,
  roles,
  onChange,
  disabled,
}: {
  idPrefix: string;
  roles: AgencyRole[];
  onChange?: (roles: AgencyRole[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation("agency");
  return (
    <ul className="agency-checks">
      {ROLES.map((role) => (
        <li key={role}>
          <label htmlFor={`${idPrefix}-${role}`}>
            <input
              id={`${idPrefix}-${role}`}
              type="checkbox"
              checked={roles.includes(role)}
              disabled={disabled}
              onChange={(event) =>
                onChange?.(event.target.checked ? ROLES.filter((r) => r === role || roles.includes(r)) : roles.filter((r) => r !== role))
              }
            />
            {t(`role.${role}`)}
          </label>
        </li>
      ))}
    </ul>
  );
}

function MemberCard({ member, admin, self, onDone }: { member: AgencyMember; admin: boolean; self: boolean; onDone: (message: string) => void }) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const [roles, setRoles] = useState<AgencyRole[]>(member.roles);
  const [confirming, setConfirming] = useState(false);
  const name = member.display_name || member.email;
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH("/api/v1/agency/members/{id}/", { params: { path: { id: member.id } }, body: { roles } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: agencyKeys.members });
      if (self) void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      onDone(t("members.saved", { name }));
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/agency/members/{id}/", { params: { path: { id: member.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: agencyKeys.members });
      if (self) void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      onDone(self ? t("members.left") : t("members.removed", { name }));
    },
  });
  const error = save.error ?? remove.error;
  const headingId = `member-${member.id}`;
  const changed = roles.join() !== member.roles.join();

  return (
    <article className="agency-card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {name} {self && <span className="agency-muted">{t("members.you")}</span>}
      </h2>
      <p className="agency-muted">
        {member.email}
        {member.created_at && <> · {t("members.since", { date: formatDate(member.created_at) })}</>}
      </p>
      {admin ? (
        <fieldset className="agency-fieldset">
          <legend>{t("members.rolesOf", { name })}</legend>
          <RoleChecks idPrefix={`m${member.id}`} roles={roles} onChange={setRoles} />
          <button type="button" className="button" disabled={!changed || save.isPending} onClick={() => save.mutate()}>
            {t("members.saveRoles")}
          </button>
        </fieldset>
      ) : (
        <p>{member.roles.map((role) => t(`role.${role}`)).join(", ")}</p>
      )}
      {(admin || self) &&
        (confirming ? (
          <div className="agency-actions">
            <span>{self ? t("members.leaveConfirm") : t("members.removeConfirm", { name })}</span>
            <button type="button" className="button button--danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {self ? t("members.leaveYes") : t("members.removeYes")}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
              {t("close")}
            </button>
          </div>
        ) : (
          <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
            {self ? t("members.leave") : t("members.remove", { name })}
          </button>
        ))}
      {error && (
        <p className="notice notice--error" role="alert">
          {error.message}
        </p>
      )}
    </article>
  );
}

function InviteForm({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState("");
  const [roles, setRoles] = useState<AgencyRole[]>(["requester"]);
  const invite = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/agency/invitations/", { body: { email, roles } })),
    onSuccess: (invitation) => {
      void queryClient.invalidateQueries({ queryKey: agencyKeys.invitations });
      onDone(t("members.invited", { email: invitation.email }));
      setEmail("");
    },
  });
  const errors = fieldErrors(invite.error);
  useFocusOnError(form, invite.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate();
  }

  return (
    <form ref={form} noValidate className="agency-form agency-panel" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title">{t("members.inviteTitle")}</h2>
      <div className="field">
        <label htmlFor="invite-email">{t("members.email")}</label>
        <input
          id="invite-email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={errors.fields.email ? true : undefined}
          aria-describedby={errors.fields.email ? "invite-email-error" : undefined}
          required
        />
        {errors.fields.email && (
          <p className="field__error" id="invite-email-error">
            {errors.fields.email}
          </p>
        )}
      </div>
      <fieldset
        className="agency-fieldset"
        aria-invalid={errors.fields.roles ? true : undefined}
        aria-describedby={errors.fields.roles ? "invite-roles-error" : undefined}
      >
        <legend>{t("members.roles")}</legend>
        <RoleChecks idPrefix="invite" roles={roles} onChange={setRoles} />
        {errors.fields.roles && (
          <p className="field__error" id="invite-roles-error">
            {errors.fields.roles}
          </p>
        )}
      </fieldset>
      {errors.form && (
        <p className="notice notice--error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="button" disabled={invite.isPending}>
        {t("members.invite")}
      </button>
    </form>
  );
}

function Invitations({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation("agency");
  const queryClient = useQueryClient();
  const invitations = useInvitations(true);
  const revoke = useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/agency/invitations/{id}/", { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: agencyKeys.invitations });
      onDone(t("members.revoked"));
    },
  });
  const shown = (invitations.data?.results ?? []).filter((invitation) => invitation.status !== "accepted");
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t("members.invitations")}</h2>
      {invitations.isPending && <Loading />}
      {invitations.isError && <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />}
      {invitations.data &&
        (shown.length === 0 ? (
          <p className="agency-muted">{t("members.noInvitations")}</p>
        ) : (
          <ul className="agency-lines">
            {shown.map((invitation) => (
              <li key={invitation.id}>
                {invitation.email} · {invitation.roles.map((role) => t(`role.${role}`)).join(", ")}{" "}
                <StatusBadge group="invitation" status={invitation.status} />{" "}
                <span className="agency-muted">{t("members.expires", { date: formatDate(invitation.expires_at) })}</span>{" "}
                {invitation.status === "open" && (
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(invitation.id)}
                    aria-label={t("members.revokeFor", { email: invitation.email })}
                  >
                    {t("members.revoke")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        ))}
      {revoke.error && (
        <p className="notice notice--error" role="alert">
          {revoke.error.message}
        </p>
      )}
    </section>
  );
}
