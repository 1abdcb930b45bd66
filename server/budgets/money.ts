// Money as Nightshift keeps it: whole millionths of a US dollar (micros), so that sums and limits
// compare exactly; US dollars as numbers at the edges (the API, the pages).
import { z } from "zod";

export const MICROS_PER_USD = 1_000_000;

/** The largest amount a budget can be: a million dollars. */
const MAX_USD = 1_000_000;

export function usdToMicros(usd: number): bigint {
  return BigInt(Math.round(usd * MICROS_PER_USD));
}

export function microsToUsd(micros: bigint | number): number {
  return Number(micros) / MICROS_PER_USD;
}

/** "$0.50", "$12.00", "$0.0042": cents, or as many places as a smaller amount needs (at most six). */
export function formatUsd(micros: bigint | number): string {
  const usd = microsToUsd(micros);
  const places = usd === 0 || Math.abs(usd) >= 0.01 ? 2 : 6;
  const text = usd.toFixed(places);
  return `$${places === 2 ? text : text.replace(/0+$/, "")}`;
}

/** A budget as the API takes it: US dollars, more than nothing, to the millionth; null clears it. */
export function budgetUsd(what: string) {
  return z
    .number({ error: `${what} is an amount in US dollars.` })
    .positive(`${what} must be more than $0; clear it for no limit.`)
    .max(MAX_USD, `${what} can be at most $${MAX_USD.toLocaleString("en-US")}.`)
    .refine((usd) => Number.isInteger(Math.round(usd * MICROS_PER_USD * 1e3) / 1e3), {
      error: `${what} can have at most six decimal places.`,
    })
    .nullable();
}
