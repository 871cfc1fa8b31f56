import { describe, expect, it } from 'vitest'
import type { ReviewGroupDto } from '@/api/projectsContracts'
import { departmentBarOption, regionPieOption, wanValue } from './reviewCharts'

const group = (key: string, name: string, requested: number, approved: number): ReviewGroupDto => ({
  key,
  name,
  totals: { count: 1, requested, approved, reduction: requested - approved, reductionRate: (requested - approved) / requested },
})

describe('review report charts', () => {
  it('draws departments by 审减, largest first, in 万元', () => {
    const option = departmentBarOption([group('d1', '教育局', 5_000_000, 5_000_000), group('d2', '卫健委', 10_000_000, 8_000_000)])

    expect((option.xAxis as { data: string[] }).data).toEqual(['卫健委', '教育局'])
    const series = option.series as { name: string; data: number[] }[]
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['送审', [1000, 500]],
      ['审定', [800, 500]],
      ['审减', [200, 0]],
    ])
  })

  it('gives each region slice its code for the drill-down', () => {
    const option = regionPieOption([group('140322', '盂县', 15_000_000, 12_000_000)])

    expect((option.series as { data: unknown[] }[])[0]?.data).toEqual([{ name: '盂县', value: 300, key: '140322' }])
  })

  it('rounds 元 to 万元 half up, as the tables show them', () => {
    expect(wanValue(500_050)).toBe(50.01)
    expect(wanValue(12_345_678_900)).toBe(1_234_567.89)
  })
})
