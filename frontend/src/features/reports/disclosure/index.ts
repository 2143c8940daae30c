// The public face of the disclosure feature for other features (the agency's performance page).
export { DisclosureControl } from "./DisclosureControl";
