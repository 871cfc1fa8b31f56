import { describe, expect, it } from 'vitest'
import { healthColor, healthColors, statusGaugeOption } from './gauge'

describe('statusGaugeOption', () => {
  it('scales the gauge to the number of services and points it at the number up', () => {
    const option = statusGaugeOption({ total: 6, up: 4, down: 2, checking: 0 })
    const series = Array.isArray(option.series) ? option.series[0] : option.series

    expect(series).toMatchObject({ type: 'gauge', min: 0, max: 6, data: [{ value: 4, name: '正常服务' }] })
  })

  it('labels the value as being checked while answers are outstanding', () => {
    const option = statusGaugeOption({ total: 6, up: 1, down: 0, checking: 5 })
    const series = Array.isArray(option.series) ? option.series[0] : option.series

    expect(series?.data).toEqual([{ value: 1, name: '检测中' }])
  })
})

describe('healthColor', () => {
  it.each([
    ['all up', { total: 6, up: 6, down: 0, checking: 0 }, healthColors.allUp],
    ['some down', { total: 6, up: 5, down: 1, checking: 0 }, healthColors.someDown],
    ['all down', { total: 6, up: 0, down: 6, checking: 0 }, healthColors.allDown],
    ['nothing answered yet', { total: 6, up: 0, down: 0, checking: 6 }, healthColors.unknown],
  ])('%s', (_name, summary, color) => {
    expect(healthColor(summary)).toBe(color)
  })
})
