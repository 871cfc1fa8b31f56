import type { GaugeSeriesOption } from 'echarts/charts'
import type { ComposeOption } from 'echarts/core'
import type { StatusSummary } from './serviceStatus'

export type GaugeOption = ComposeOption<GaugeSeriesOption>

// Element Plus' status colours, so the gauge agrees with the tags next to it.
export const healthColors = {
  allUp: '#67c23a',
  someDown: '#e6a23c',
  allDown: '#f56c6c',
  unknown: '#909399',
} as const

export function healthColor(summary: StatusSummary): string {
  if (summary.total === 0 || (summary.up === 0 && summary.checking > 0)) return healthColors.unknown
  if (summary.up === summary.total) return healthColors.allUp
  if (summary.up === 0 && summary.checking === 0) return healthColors.allDown
  return healthColors.someDown
}

/** A gauge from 0 to the number of services whose needle is the number answering. */
export function statusGaugeOption(summary: StatusSummary): GaugeOption {
  const max = Math.max(summary.total, 1)
  const color = healthColor(summary)
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max,
        splitNumber: max,
        startAngle: 210,
        endAngle: -30,
        radius: '90%',
        progress: { show: true, width: 16, itemStyle: { color } },
        axisLine: { lineStyle: { width: 16 } },
        axisTick: { show: false },
        splitLine: { length: 10, distance: 4, lineStyle: { width: 2, color: '#c0c4cc' } },
        axisLabel: { distance: 22, color: '#606266', fontSize: 12 },
        pointer: { show: false },
        anchor: { show: false },
        title: { offsetCenter: [0, '35%'], fontSize: 14, color: '#606266' },
        detail: {
          valueAnimation: true,
          offsetCenter: [0, '0%'],
          fontSize: 30,
          fontWeight: 'bold',
          color,
          formatter: `{value} / ${summary.total}`,
        },
        data: [{ value: summary.up, name: summary.checking > 0 ? '检测中' : '正常服务' }],
      },
    ],
  }
}
