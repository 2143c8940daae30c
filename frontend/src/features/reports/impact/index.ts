// The public face of the impact feature for other features (the order page's receipt).
export { ImpactReceipt } from "./ImpactReceipt";
