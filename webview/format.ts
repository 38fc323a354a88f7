// Numbers as the lenses and hovers print them (the same function), with a dash for "none".
import { formatNumber } from '../src/core';

export function fmt(value: number | null | undefined, precision: number): string {
  return value === null || value === undefined ? '—' : formatNumber(value, precision);
}

/** An axis tick: as many decimals as the tick step needs (200, 0.5, 0.25), exponents only for extreme values. */
export function fmtTick(value: number, step: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4 || magnitude >= 1e7 || !(step > 0)) return formatNumber(value, 3);
  const exponent = Math.floor(Math.log10(step) + 1e-9);
  const mantissa = step / Math.pow(10, exponent);
  const decimals = Math.max(0, Math.min(10, -exponent + (Math.abs(mantissa - 2.5) < 1e-6 ? 1 : 0)));
  return value.toFixed(decimals);
}
