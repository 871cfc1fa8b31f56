// The 预算评审 report's charts: 审减 by department (bars) and by child region (pie, which drills down).
// Figures are the server's, in 元, drawn in 万元.

import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { ReviewGroupDto } from '@/api/projectsContracts'
import { formatRate, formatWan } from '@/format/money'

export type ReviewChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption
>

/** 万元 with two decimals as a number for the chart's scale (the label shows the same text as the table). */
export function wanValue(yuan: number): number {
  return Number(formatWan(yuan).replace(/,/g, ''))
}

function tooltip(group: ReviewGroupDto): string {
  const t = group.totals
  return [
    `<strong>${group.name}</strong>`,
    `项目数：${t.count}`,
    `送审：${formatWan(t.requested)} 万元`,
    `审定：${formatWan(t.approved)} 万元`,
    `审减：${formatWan(t.reduction)} 万元`,
    `审减率：${formatRate(t.reductionRate)}`,
  ].join('<br/>')
}

/** Departments by 审减, largest first; 送审 and 审定 beside it for scale. */
export function departmentBarOption(groups: readonly ReviewGroupDto[]): ReviewChartOption {
  const sorted = [...groups].sort((a, b) => b.totals.reduction - a.totals.reduction)
  return {
    title: { text: '各部门审减金额（万元）', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex: number }
        const group = sorted[first.dataIndex]
        return group ? tooltip(group) : ''
      },
    },
    legend: { bottom: 0, data: ['送审', '审定', '审减'] },
    grid: { left: 60, right: 20, top: 40, bottom: 60 },
    xAxis: { type: 'category', data: sorted.map((g) => g.name), axisLabel: { interval: 0, rotate: sorted.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: '万元' },
    series: [
      { name: '送审', type: 'bar', data: sorted.map((g) => wanValue(g.totals.requested)) },
      { name: '审定', type: 'bar', data: sorted.map((g) => wanValue(g.totals.approved)) },
      { name: '审减', type: 'bar', data: sorted.map((g) => wanValue(g.totals.reduction)), itemStyle: { color: '#f56c6c' } },
    ],
  }
}

/** Child regions' share of 审减; each slice carries its region code for the drill-down. */
export function regionPieOption(groups: readonly ReviewGroupDto[]): ReviewChartOption {
  return {
    title: { text: '各区划审减金额（万元）', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const item = params as { dataIndex: number }
        const group = groups[item.dataIndex]
        return group ? `${tooltip(group)}<br/>点击查看下级` : ''
      },
    },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        data: groups.map((g) => ({ name: g.name, value: wanValue(g.totals.reduction), key: g.key })),
        label: { formatter: '{b}\n{c}' },
      },
    ],
  }
}
