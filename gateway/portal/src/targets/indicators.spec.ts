import { describe, expect, it } from 'vitest'
import type { LibraryEntryDto } from '@/api/targetsContracts'
import {
  bandsError,
  blankIndicator,
  defaultBands,
  fromLibrary,
  groupIndicators,
  indicatorProblems,
  keepKeys,
  moveIndicator,
  pointsError,
  pointsHint,
  pointsTotal,
  splitIndicatorErrors,
  toDto,
  treeProblem,
  type EditableBand,
} from './indicators'

function withPoints(...points: string[]) {
  return points.map((p) => ({ ...blankIndicator('output'), points: p }))
}

function bands(...ranges: [string, string][]): EditableBand[] {
  return ranges.map(([minRatio, maxRatio], i) => ({ key: `b${i}`, label: `档次${i + 1}`, minRatio, maxRatio }))
}

describe('Σ分值', () => {
  it.each([
    [['40', '30', '30'], null],
    [['33.33', '33.33', '33.34'], null],
    [['60.00', '40.00'], null],
    [['33.33', '33.33', '33.33'], '各指标分值合计必须为100分，当前合计99.99分'],
    [['50', '50.01'], '各指标分值合计必须为100分，当前合计100.01分'],
    [[], '各指标分值合计必须为100分，当前合计0.00分'],
  ])('%j gives hint %j', (points, hint) => {
    expect(pointsHint(pointsTotal(withPoints(...points)))).toBe(hint)
  })

  it.each([
    ['20', null],
    ['0.01', null],
    ['100', null],
    ['', '请填写分值'],
    ['0', '分值应大于0'],
    ['0.001', '分值应为数字，最多两位小数'],
    ['-5', '分值应为数字，最多两位小数'],
    ['100.01', '分值不能超过100'],
    ['abc', '分值应为数字，最多两位小数'],
  ])('points %j: %j', (points, message) => {
    expect(pointsError(points)).toBe(message)
  })
})

describe('scoring bands', () => {
  it('accepts the default bands', () => {
    expect(bandsError(defaultBands())).toBeNull()
  })

  it('accepts bands in any order that meet end to end', () => {
    expect(bandsError(bands(['0.5', '1'], ['0', '0.5']))).toBeNull()
    expect(bandsError(bands(['0', '1']))).toBeNull()
  })

  it.each([
    [[['0', '0.6'], ['0.6001', '1']], '评分档次之间有空档'],
    [[['0', '0.6'], ['0.5999', '1']], '评分档次之间有重叠'],
    [[['0.0001', '1']], '评分档次应覆盖0到1的全部得分比例'],
    [[['0', '0.9999']], '评分档次应覆盖0到1的全部得分比例'],
    [[['0', '1.0001']], '得分比例应为0到1之间的数，最多四位小数'],
    [[['0', '0.12345'], ['0.12345', '1']], '得分比例应为0到1之间的数，最多四位小数'],
    [[['0.6', '0.6'], ['0', '0.6'], ['0.6', '1']], '每个档次的下限应小于上限'],
    [[['0', 'x']], '得分比例应为0到1之间的数，最多四位小数'],
    [[], '定性指标须设置评分档次'],
  ] as [[string, string][], string][])('%j: %s', (ranges, message) => {
    expect(bandsError(bands(...ranges))).toBe(message)
  })

  it('needs a name for every band', () => {
    expect(bandsError([{ key: 'a', label: ' ', minRatio: '0', maxRatio: '1' }])).toBe('请填写档次名称')
  })
})

describe('a row the service would refuse', () => {
  it('names each missing part of a quantitative indicator', () => {
    const row = { ...blankIndicator('output'), comparator: null }
    expect(indicatorProblems(row)).toEqual({
      name: '请填写三级指标名称',
      points: '请填写分值',
      comparator: '请选择比较符',
      targetValue: '请填写指标值',
      unit: '请填写计量单位',
    })
  })

  it('checks the bands of a qualitative indicator instead of its value', () => {
    const row = { ...blankIndicator('satisfaction'), name: '群众满意度', points: '10', valueKind: 'qualitative' as const, bands: bands(['0', '0.5']) }
    expect(indicatorProblems(row)).toEqual({ bands: '评分档次应覆盖0到1的全部得分比例' })
  })
})

const entry: LibraryEntryDto = {
  id: 'lib-1',
  code: 'ZB-0001',
  scope: 'common',
  sector: '教育',
  departmentId: null,
  departmentName: null,
  level1: 'output',
  level2: 'quantity',
  name: '资助学生人数',
  valueKind: 'quantitative',
  comparator: '>=',
  referenceValue: 1000,
  unit: '人次',
  direction: 'positive',
  explanation: '年度内获得资助的学生人次',
  source: '教育部门统计',
  attribute: '共性',
  entryVersion: 2,
  status: 'PUBLISHED',
  regionCode: '140322',
  version: 7,
}

describe('insert from the library', () => {
  it('copies the definition and leaves the points to the filer', () => {
    const row = fromLibrary(entry)

    expect(row).toMatchObject({
      id: null,
      level1: 'output',
      level2: 'quantity',
      name: '资助学生人数',
      comparator: '>=',
      targetValue: '1000',
      unit: '人次',
      explanation: '年度内获得资助的学生人次',
      points: '',
      libraryEntryId: 'lib-1',
    })
    expect(toDto({ ...row, points: '20' })).toMatchObject({ targetValue: 1000, points: 20, bands: null, libraryEntryId: 'lib-1' })
  })

  it('gives a qualitative entry the default bands and no comparator', () => {
    const row = fromLibrary({ ...entry, valueKind: 'qualitative', comparator: null, referenceValue: null, level1: 'satisfaction', level2: 'beneficiary' })
    expect(row.comparator).toBeNull()
    expect(bandsError(row.bands)).toBeNull()
    expect(toDto({ ...row, points: '10' }).bands).toEqual([
      { label: '达成', minRatio: 0.8, maxRatio: 1 },
      { label: '部分达成', minRatio: 0.6, maxRatio: 0.8 },
      { label: '未达成', minRatio: 0, maxRatio: 0.6 },
    ])
  })
})

describe('the tree', () => {
  const a = { ...blankIndicator('benefit', 'social'), name: 'A' }
  const b = { ...blankIndicator('output', 'quality'), name: 'B' }
  const c = { ...blankIndicator('output', 'quantity'), name: 'C' }
  const d = { ...blankIndicator('output', 'quantity'), name: 'D' }

  it('groups 一级 → 二级 in the standard order, keeping the filer’s order inside a group', () => {
    const groups = groupIndicators([a, b, c, d])

    expect(groups.map((g) => [g.level1.name, g.count])).toEqual([
      ['产出指标', 3],
      ['效益指标', 1],
      ['满意度指标', 0],
      ['成本指标', 0],
    ])
    expect(groups[0]!.groups.map((g) => [g.level2.name, g.items.map((i) => i.name)])).toEqual([
      ['数量指标', ['C', 'D']],
      ['质量指标', ['B']],
    ])
  })

  it('moves a row within its 二级 only', () => {
    expect(moveIndicator([a, b, c, d], d.key, -1).map((i) => i.name)).toEqual(['D', 'C', 'B', 'A'])
    expect(moveIndicator([a, b, c, d], b.key, -1).map((i) => i.name)).toEqual(['C', 'D', 'B', 'A'])
  })

  it('puts the service’s indexed field errors on their rows', () => {
    const split = splitIndicatorErrors(
      { 'indicators[1].unit': ['定量指标须填写计量单位'], 'Indicators[0].Bands[1].MinRatio': ['档次有空档'], indicators: ['至少需要一个效益指标'], Amount: ['金额不能为负'] },
      [a, b],
    )
    expect(split.rows).toEqual({ [b.key]: { unit: '定量指标须填写计量单位' }, [a.key]: { bands: '档次有空档' } })
    expect(split.rest).toEqual({ indicators: '至少需要一个效益指标', amount: '金额不能为负' })
  })
})

describe('the set as a whole', () => {
  it('needs an output and a benefit indicator, with unique names', () => {
    const output = { ...blankIndicator('output'), name: '培训人次' }
    const benefit = { ...blankIndicator('benefit'), name: '就业率' }

    expect(treeProblem([output, benefit])).toBeNull()
    expect(treeProblem([output])).toBe('目标表至少需要一个产出指标和一个效益指标')
    expect(treeProblem([output, { ...benefit, name: '培训人次' }])).toBe('指标名称“培训人次”重复，同一目标表内的指标名称不能相同')
  })
})

describe('rows coming back from the service', () => {
  it('keep the keys of the rows they replace, by id or by position and name', () => {
    const saved = { ...blankIndicator('output'), id: 'i1', name: 'A' }
    const fresh = { ...blankIndicator('benefit'), name: 'B' }
    const back = [
      { ...blankIndicator('output'), id: 'i1', name: 'A' },
      { ...blankIndicator('benefit'), id: 'i2', name: 'B' },
      { ...blankIndicator('benefit'), id: 'i3', name: 'C' },
    ]
    const keys = back.map((row) => row.key)

    const kept = keepKeys([saved, fresh], back)

    expect(kept.map((row) => row.key)).toEqual([saved.key, fresh.key, keys[2]])
  })
})
