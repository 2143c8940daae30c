import type { RouteObject } from "react-router";

// Log in, sign up (buyers; sellers with their firm's application). Each page loads on first use.
export const authRoutes: RouteObject[] = [
  { path: "login", lazy: () => import("./LoginPage").then((m) => ({ Component: m.LoginPage })) },
  { path: "signup", lazy: () => import("./SignupPage").then((m) => ({ Component: m.SignupPage })) },
  {
    path: "signup/seller",
    lazy: () => import("./SignupPage").then((m) => ({ Component: m.SellerSignupPage })),
  },
];
