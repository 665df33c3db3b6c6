// Small number helpers shared by the measurement and the report.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const MB = 1024 * 1024;

/** 123456789 → "123 M", 1234567 → "1.23 M", 950 → "950". */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e9) return `${significant(perSecond / 1e9)} G`;
  if (perSecond >= 1e6) return `${significant(perSecond / 1e6)} M`;
  if (perSecond >= 1e3) return `${significant(perSecond / 1e3)} k`;
  return significant(perSecond);
}

/** A power-of-ten axis tick: 100000 → "100 k", 1e6 → "1 M". */
export function formatTick(perSecond: number): string {
  return formatRate(perSecond).replace(/\.0+ /, ' ');
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)}` : ms.toFixed(1);
}

export function formatRatio(ratio: number): string {
  return `${significant(ratio)}×`;
}

/** Three significant digits, without an exponent. */
export function significant(value: number): string {
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 3));
}
