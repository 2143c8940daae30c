import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useMe } from "../../app/session";
import { ErrorState } from "../../components/ErrorState";
import { Loading } from "../../components/Loading";
import { loginPath } from "./nextPath";

/** Members only: a guest goes to the login page, which brings them back here afterwards. */
export function RequireLogin({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  return <>{children}</>;
}
