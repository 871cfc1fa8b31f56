// Exact decimal arithmetic for money, points and rates. A value becomes an integer count of units at a
// fixed scale (a BigInt), so sums and unit changes never drift: 0.10 + 0.20 is 0.30, and 299.99 万元 is
// 2,999,900.00 元, not 2,999,899.9999999995.

const plainDecimal = /^([+-])?(\d+)(?:\.(\d*))?$/

/** A JSON number as the decimal text it was written as (the shortest text that reads back as it). */
function numberText(value: number): string | null {
  if (!Number.isFinite(value)) return null
  const text = String(value)
  return /e/i.test(text) ? null : text
}

/** Divides by 10^(from - to) or multiplies by 10^(to - from), rounding half away from zero. */
export function rescale(units: bigint, from: number, to: number): bigint {
  if (to >= from) return units * 10n ** BigInt(to - from)
  const divisor = 10n ** BigInt(from - to)
  const magnitude = units < 0n ? -units : units
  const rounded = (magnitude + divisor / 2n) / divisor
  return units < 0n ? -rounded : rounded
}

/**
 * `value` as a count of 10^-scale units, rounded half away from zero when it has more digits; null
 * when it is not a plain decimal. Thousands separators are accepted in text.
 */
export function toScaled(value: string | number, scale: number): bigint | null {
  const text = typeof value === 'number' ? numberText(value) : value.trim().replace(/,/g, '')
  if (text === null) return null
  const match = plainDecimal.exec(text)
  if (!match) return null
  const [, sign, whole = '', fraction = ''] = match
  const written = Math.max(scale, fraction.length)
  const units = rescale(BigInt(whole + fraction.padEnd(written, '0')), written, scale)
  return sign === '-' ? -units : units
}

/** How many digits follow the decimal point in `text` (0 when there is none). */
export function decimalPlaces(text: string): number {
  const point = text.indexOf('.')
  return point < 0 ? 0 : text.length - point - 1
}

/** `units` (10^-scale each) as text with exactly `scale` decimals; grouped with commas unless told not to. */
export function formatScaled(units: bigint, scale: number, grouping = true): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0')
  const whole = digits.slice(0, digits.length - scale)
  const fraction = digits.slice(digits.length - scale)
  const grouped = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole
  return `${negative ? '-' : ''}${grouped}${scale > 0 ? `.${fraction}` : ''}`
}

/** The JSON number for `units`; exact for anything a numeric(18,2) column holds up to 15 significant digits. */
export function scaledToNumber(units: bigint, scale: number): number {
  return Number(formatScaled(units, scale, false))
}

/** Σ values at `scale`; empty and unreadable entries count as nothing (the form marks them). */
export function sumScaled(values: readonly (string | number | null | undefined)[], scale: number): bigint {
  return values.reduce<bigint>((sum, value) => {
    if (value === null || value === undefined || value === '') return sum
    return sum + (toScaled(value, scale) ?? 0n)
  }, 0n)
}

/** A figure with two decimals as users read it (e.g. points 85.00), or `empty` when there is none. */
export function formatFixed2(value: string | number | null | undefined, empty = '—'): string {
  if (value === null || value === undefined || value === '') return empty
  const units = toScaled(value, 2)
  return units === null ? empty : formatScaled(units, 2, false)
}
