import { useRouteError } from "react-router";
import { ErrorState } from "../components/ErrorState";

// A render error or a failed lazy chunk: say so and offer a reload, never a blank page.
export function RouteError() {
  const error = useRouteError();
  return (
    <main className="site-main">
      <ErrorState error={error} onRetry={() => window.location.reload()} />
    </main>
  );
}
