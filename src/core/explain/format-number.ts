// Numbers as the explainer prints them: significant digits, no "-0", exponent form only
// for very small or very large magnitudes.

export function formatNumber(value: number, significant = 5): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4 || magnitude >= 1e7) {
    const [mantissa, exponent] = value.toExponential(Math.max(0, significant - 1)).split('e');
    return `${trimZeros(mantissa)}e${exponent.replace('+', '')}`;
  }
  return trimZeros(value.toPrecision(significant));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
