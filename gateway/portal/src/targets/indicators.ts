// The indicator tree of a target set as the editor holds it: numbers as the text the user typed (so
// nothing is rounded behind their back), a stable key per row, and the checks the service makes on
// submit, run early so the filer sees them at the row.

import type { IndicatorDto, LibraryEntryDto, ReviewCommentDto, ScoringBandDto } from '@/api/targetsContracts'
import { decimalPlaces, formatScaled, sumScaled, toScaled } from '@/format/decimal'
import { indicatorLevels, type IndicatorLevel } from './vocabulary'

export interface EditableBand {
  key: string
  label: string
  minRatio: string
  maxRatio: string
}

export interface EditableIndicator {
  key: string
  id: string | null
  level1: string
  level2: string
  name: string
  valueKind: 'quantitative' | 'qualitative'
  comparator: string | null
  targetValue: string
  unit: string
  direction: 'positive' | 'negative'
  explanation: string
  dataSource: string
  points: string
  bands: EditableBand[]
  libraryEntryId: string | null
  comments: ReviewCommentDto[]
}

let sequence = 0
const nextKey = () => `row-${++sequence}`

/** Points are whole or with two decimals; Σ must be exactly 100.00. */
export const pointsScale = 2
export const fullPoints = 10_000n
/** Shares of an indicator's points (0..1) to four decimals. */
const ratioScale = 4
const wholeRatio = 10_000n

const text = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value))

/** The usual three bands of a qualitative indicator; the filer adjusts them. */
export function defaultBands(): EditableBand[] {
  return [
    { key: nextKey(), label: '达成', minRatio: '0.8', maxRatio: '1' },
    { key: nextKey(), label: '部分达成', minRatio: '0.6', maxRatio: '0.8' },
    { key: nextKey(), label: '未达成', minRatio: '0', maxRatio: '0.6' },
  ]
}

function editableBands(bands: readonly ScoringBandDto[] | null | undefined): EditableBand[] {
  return (bands ?? []).map((b) => ({ key: nextKey(), label: b.label, minRatio: text(b.minRatio), maxRatio: text(b.maxRatio) }))
}

export function blankIndicator(level1: string, level2?: string): EditableIndicator {
  const children = indicatorLevels.find((l) => l.code === level1)?.children ?? []
  return {
    key: nextKey(),
    id: null,
    level1,
    level2: level2 ?? children[0]?.code ?? '',
    name: '',
    valueKind: 'quantitative',
    comparator: '>=',
    targetValue: '',
    unit: '',
    direction: 'positive',
    explanation: '',
    dataSource: '',
    points: '',
    bands: [],
    libraryEntryId: null,
    comments: [],
  }
}

export function toEditable(indicator: IndicatorDto): EditableIndicator {
  return {
    key: nextKey(),
    id: indicator.id,
    level1: indicator.level1,
    level2: indicator.level2,
    name: indicator.name,
    valueKind: indicator.valueKind,
    comparator: indicator.comparator,
    targetValue: text(indicator.targetValue),
    unit: indicator.unit ?? '',
    direction: indicator.direction,
    explanation: indicator.explanation ?? '',
    dataSource: indicator.dataSource ?? '',
    points: text(indicator.points),
    bands: editableBands(indicator.bands),
    libraryEntryId: indicator.libraryEntryId,
    comments: [...(indicator.comments ?? [])],
  }
}

/** A published library entry as a new indicator: its definition, the points left for the filer to set. */
export function fromLibrary(entry: LibraryEntryDto): EditableIndicator {
  return {
    ...blankIndicator(entry.level1, entry.level2),
    name: entry.name,
    valueKind: entry.valueKind,
    comparator: entry.valueKind === 'quantitative' ? entry.comparator ?? '>=' : null,
    targetValue: text(entry.referenceValue),
    unit: entry.unit ?? '',
    direction: entry.direction,
    explanation: entry.explanation ?? '',
    bands: entry.valueKind === 'qualitative' ? defaultBands() : [],
    libraryEntryId: entry.id,
  }
}

const optional = (value: string) => value.trim() || null

function number(value: string): number | null {
  const trimmed = value.trim()
  if (!trimmed) return null
  const parsed = Number(trimmed.replace(/,/g, ''))
  return Number.isFinite(parsed) ? parsed : null
}

function ratio(value: string): number {
  const units = toScaled(value, ratioScale)
  return units === null ? Number.NaN : Number(formatScaled(units, ratioScale, false))
}

/** The indicator as the API takes it (a qualitative one sends its bands, a quantitative one its value). */
export function toDto(indicator: EditableIndicator): IndicatorDto {
  const quantitative = indicator.valueKind === 'quantitative'
  const points = toScaled(indicator.points, pointsScale)
  return {
    id: indicator.id,
    level1: indicator.level1,
    level2: indicator.level2,
    name: indicator.name.trim(),
    valueKind: indicator.valueKind,
    comparator: quantitative ? indicator.comparator : null,
    targetValue: quantitative ? number(indicator.targetValue) : null,
    unit: optional(indicator.unit),
    direction: indicator.direction,
    explanation: optional(indicator.explanation),
    dataSource: optional(indicator.dataSource),
    points: points === null ? 0 : Number(formatScaled(points, pointsScale, false)),
    bands: quantitative ? null : indicator.bands.map((b) => ({ label: b.label.trim(), minRatio: ratio(b.minRatio), maxRatio: ratio(b.maxRatio) })),
    libraryEntryId: indicator.libraryEntryId,
    comments: null,
  }
}

/** Σ分值 in hundredths of a point. */
export function pointsTotal(indicators: readonly EditableIndicator[]): bigint {
  return sumScaled(
    indicators.map((i) => i.points),
    pointsScale,
  )
}

export function formatPoints(hundredths: bigint): string {
  return formatScaled(hundredths, pointsScale, false)
}

/** What the editor says under Σ分值 while it is not exactly 100.00; null when it is. */
export function pointsHint(total: bigint): string | null {
  return total === fullPoints ? null : `各指标分值合计必须为100分，当前合计${formatPoints(total)}分`
}

/** A row's points: more than 0, at most two decimals. */
export function pointsError(value: string): string | null {
  const trimmed = value.trim()
  if (!trimmed) return '请填写分值'
  const units = /^\d+(\.\d+)?$/.test(trimmed) && decimalPlaces(trimmed) <= pointsScale ? toScaled(trimmed, pointsScale) : null
  if (units === null) return '分值应为数字，最多两位小数'
  if (units <= 0n) return '分值应大于0'
  if (units > fullPoints) return '分值不能超过100'
  return null
}

/**
 * Scoring bands must cover shares 0 to 1 of the points without gaps or overlaps (adjacent bands share
 * their boundary). The message for the first problem, or null.
 */
export function bandsError(bands: readonly EditableBand[]): string | null {
  if (bands.length === 0) return '定性指标须设置评分档次'
  if (bands.some((b) => !b.label.trim())) return '请填写档次名称'
  const parsed = bands.map((b) => ({ min: toScaled(b.minRatio, ratioScale), max: toScaled(b.maxRatio, ratioScale), minText: b.minRatio, maxText: b.maxRatio }))
  for (const b of parsed) {
    const malformed = b.min === null || b.max === null || decimalPlaces(b.minText.trim()) > ratioScale || decimalPlaces(b.maxText.trim()) > ratioScale
    if (malformed || b.min! < 0n || b.max! > wholeRatio) return '得分比例应为0到1之间的数，最多四位小数'
    if (b.min! >= b.max!) return '每个档次的下限应小于上限'
  }
  const sorted = [...parsed].sort((a, b) => (a.min! < b.min! ? -1 : a.min! > b.min! ? 1 : 0))
  if (sorted[0]!.min !== 0n || sorted.at(-1)!.max !== wholeRatio) return '评分档次应覆盖0到1的全部得分比例'
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!.max!
    const current = sorted[i]!.min!
    if (current < previous) return '评分档次之间有重叠'
    if (current > previous) return '评分档次之间有空档'
  }
  return null
}

/** The row-level problems the service would refuse on submit, keyed by field; empty when none. */
export function indicatorProblems(indicator: EditableIndicator): Record<string, string> {
  const problems: Record<string, string> = {}
  if (!indicator.name.trim()) problems.name = '请填写三级指标名称'
  const points = pointsError(indicator.points)
  if (points) problems.points = points
  if (indicator.valueKind === 'quantitative') {
    if (!indicator.comparator) problems.comparator = '请选择比较符'
    if (number(indicator.targetValue) === null) problems.targetValue = '请填写指标值'
    if (!indicator.unit.trim()) problems.unit = '请填写计量单位'
  } else {
    const bands = bandsError(indicator.bands)
    if (bands) problems.bands = bands
  }
  return problems
}

function levelIndex(level1: string, level2: string): [number, number] {
  const i = indicatorLevels.findIndex((l) => l.code === level1)
  const j = indicatorLevels[i]?.children.findIndex((c) => c.code === level2) ?? -1
  return [i < 0 ? indicatorLevels.length : i, j < 0 ? 99 : j]
}

/** Rows in tree order (一级, then 二级, then as the filer arranged them): the order saved and shown. */
export function treeOrder(indicators: readonly EditableIndicator[]): EditableIndicator[] {
  return indicators
    .map((indicator, position) => ({ indicator, position, level: levelIndex(indicator.level1, indicator.level2) }))
    .sort((a, b) => a.level[0] - b.level[0] || a.level[1] - b.level[1] || a.position - b.position)
    .map((entry) => entry.indicator)
}

export interface IndicatorGroup {
  level1: IndicatorLevel
  groups: { level2: IndicatorLevel; items: EditableIndicator[] }[]
  count: number
}

/** Every 一级 (so each can be added to), with the 二级 that have rows. */
export function groupIndicators(indicators: readonly EditableIndicator[]): IndicatorGroup[] {
  const ordered = treeOrder(indicators)
  return indicatorLevels.map((level1) => {
    const mine = ordered.filter((i) => i.level1 === level1.code)
    const groups = level1.children
      .map((level2) => ({ level2, items: mine.filter((i) => i.level2 === level2.code) }))
      .filter((g) => g.items.length > 0)
    const unknown = mine.filter((i) => !level1.children.some((c) => c.code === i.level2))
    if (unknown.length) groups.push({ level2: { code: '', name: '未选择二级指标' }, items: unknown })
    return { level1, groups, count: mine.length }
  })
}

/** Moves a row one place up (-1) or down (+1) among the rows of its 二级指标; the same list when it cannot. */
export function moveIndicator(indicators: readonly EditableIndicator[], key: string, delta: -1 | 1): EditableIndicator[] {
  const ordered = treeOrder(indicators)
  const index = ordered.findIndex((i) => i.key === key)
  const row = ordered[index]
  const neighbour = ordered[index + delta]
  if (!row || !neighbour || neighbour.level1 !== row.level1 || neighbour.level2 !== row.level2) return ordered
  ordered[index] = neighbour
  ordered[index + delta] = row
  return ordered
}

/**
 * Server field errors for the indicators (`indicators[3].unit`, `Indicators[0].Bands[1].MinRatio`) by
 * row key and field; the rest (header fields, `indicators` as a whole) by their own name.
 */
export function splitIndicatorErrors(
  errors: Readonly<Record<string, readonly string[]>>,
  rows: readonly EditableIndicator[],
): { rows: Record<string, Record<string, string>>; rest: Record<string, string> } {
  const byRow: Record<string, Record<string, string>> = {}
  const rest: Record<string, string> = {}
  for (const [key, messages] of Object.entries(errors)) {
    const message = messages[0]
    if (!message) continue
    const match = /^(?:\$\.)?indicators\[(\d+)\]\.?([A-Za-z]*)/i.exec(key)
    const row = match ? rows[Number(match[1])] : undefined
    if (match && row) {
      const raw = match[2] || 'name'
      const field = raw.charAt(0).toLowerCase() + raw.slice(1)
      byRow[row.key] ??= {}
      byRow[row.key]![field] ??= message
    } else {
      const name = key.replace(/^\$\./, '')
      rest[name.charAt(0).toLowerCase() + name.slice(1)] ??= message
    }
  }
  return { rows: byRow, rest }
}

/** What the set as a whole lacks for submission (DOMAIN.md: at least one 产出 and one 效益; unique names); null when nothing. */
export function treeProblem(indicators: readonly EditableIndicator[]): string | null {
  if (!indicators.some((i) => i.level1 === 'output') || !indicators.some((i) => i.level1 === 'benefit')) {
    return '目标表至少需要一个产出指标和一个效益指标'
  }
  const seen = new Set<string>()
  for (const name of indicators.map((i) => i.name.trim()).filter(Boolean)) {
    if (seen.has(name)) return `指标名称“${name}”重复，同一目标表内的指标名称不能相同`
    seen.add(name)
  }
  return null
}

/**
 * The rows the service sent back, keeping the keys of the rows they replace (by id, or by position
 * and name for rows that had none yet), so the screen updates them in place instead of rebuilding them.
 */
export function keepKeys(previous: readonly EditableIndicator[], next: EditableIndicator[]): EditableIndicator[] {
  const byId = new Map(previous.filter((row) => row.id).map((row) => [row.id, row.key]))
  const used = new Set<string>()
  for (const [i, row] of next.entries()) {
    const candidate = previous[i]
    const key = (row.id && byId.get(row.id)) || (candidate && candidate.name.trim() === row.name ? candidate.key : undefined)
    if (key && !used.has(key)) {
      row.key = key
      used.add(key)
    }
  }
  return next
}
