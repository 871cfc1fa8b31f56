// Money travels in 元 (the API's decimal, numeric(18,2)) and is read and typed in 万元 with two
// decimals. Conversions go through exact cents (see decimal.ts): 300.00 万元 ⇄ 3,000,000.00 元.

import { decimalPlaces, formatScaled, rescale, scaledToNumber, toScaled } from './decimal'

/** 元 to the cent. */
const yuanScale = 2
/** The same cents read as 万元: 1 万元 = 10,000 元 = 1,000,000 cents, so 万元 have six decimals. */
const wanScale = 6

const wanInput = /^\d+(\.\d+)?$/

/** An amount in 元 (as the API sends it) shown in 万元 with two decimals, rounded half up: 3000000 → "300.00". */
export function formatWan(yuan: number | string | null | undefined, empty = '—'): string {
  if (yuan === null || yuan === undefined || yuan === '') return empty
  const cents = toScaled(yuan, yuanScale)
  return cents === null ? empty : formatScaled(rescale(cents, wanScale, 2), 2)
}

/** An amount in 元 shown in 元 with two decimals: 3000000 → "3,000,000.00". */
export function formatYuan(yuan: number | string | null | undefined, empty = '—'): string {
  if (yuan === null || yuan === undefined || yuan === '') return empty
  const cents = toScaled(yuan, yuanScale)
  return cents === null ? empty : formatScaled(cents, yuanScale)
}

/**
 * What a user typed in 万元 as 元 for the API ("300.00" → 3000000), or null when it is not a
 * non-negative amount to the cent (at most six decimals in 万元).
 */
export function wanToYuan(text: string | null | undefined): number | null {
  const trimmed = (text ?? '').trim().replace(/,/g, '')
  if (!wanInput.test(trimmed) || decimalPlaces(trimmed) > wanScale) return null
  const cents = toScaled(trimmed, wanScale)
  return cents === null ? null : scaledToNumber(cents, yuanScale)
}

/** An amount in 元 as the 万元 text a form starts with: exact, at least two decimals (2999999.99 → "299.999999"). */
export function yuanToWanInput(yuan: number | string | null | undefined): string {
  if (yuan === null || yuan === undefined || yuan === '') return ''
  const cents = toScaled(yuan, yuanScale)
  if (cents === null) return ''
  return formatScaled(cents, wanScale, false).replace(/(\.\d\d\d*?)0+$/, '$1')
}

/** Compares two amounts in 元 exactly: negative, zero or positive like a sort comparator. */
export function compareYuan(a: number | string, b: number | string): number {
  const x = toScaled(a, yuanScale) ?? 0n
  const y = toScaled(b, yuanScale) ?? 0n
  return x === y ? 0 : x < y ? -1 : 1
}

/** A rate as the API sends it (0.2 = 20 %) shown as a percentage with two decimals, half up: "20.00%". */
export function formatRate(rate: number | string | null | undefined, empty = '—'): string {
  if (rate === null || rate === undefined || rate === '') return empty
  // Four decimals of a rate are the two decimals of its percentage.
  const hundredths = toScaled(rate, 4)
  return hundredths === null ? empty : `${formatScaled(hundredths, 2, false)}%`
}

/** The rule message for a 万元 field; shared by every form that takes an amount. */
export const wanFormatMessage = '请输入以万元为单位的金额，最多六位小数'
