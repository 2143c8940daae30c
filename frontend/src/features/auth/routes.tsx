import type { RouteObject } from "react-router";

// Owned by sign-up, log-in: /login, /signup.
export const authRoutes: RouteObject[] = [];
