/** A cost in US dollars as the pages show it: cents, or four places below a cent ("$0.0042"). */
export function formatCost(usd: number): string {
  return `$${usd.toFixed(usd !== 0 && Math.abs(usd) < 0.01 ? 4 : 2)}`;
}
