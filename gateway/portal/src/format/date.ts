// Dates and years as the screens show them.

const pad = (n: number) => String(n).padStart(2, '0')

/** An ISO timestamp as local "YYYY-MM-DD HH:mm"; empty text for none. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export function currentYear(): number {
  return new Date().getFullYear()
}

/** The budget years offered in filters and forms: last year to three years ahead (budgets are prepared a year early). */
export function yearChoices(around: number = currentYear()): number[] {
  return [around - 1, around, around + 1, around + 2, around + 3]
}
