// What other features may use of features/auth.
export { RequireLogin } from "./RequireLogin";
export { TextField, focusFirstError } from "./TextField";
export { loginPath, safeNextPath } from "./nextPath";
