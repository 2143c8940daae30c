// The public face of the monthly e-mail summary for other features (the orders page, the seller's dashboard).
export { MonthlySummaryToggle } from "./MonthlySummaryToggle";
