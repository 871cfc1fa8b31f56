// The targets service's codes with the names used in 绩效目标表 (DOMAIN.md: the indicator tree of
// 财预〔2021〕101号 and the review workflow).

import { labelName, plainLabels, type Labels } from '@/format/labels'

export const targetSetStatuses: Labels = {
  DRAFT: { name: '草稿', tag: 'info' },
  SUBMITTED: { name: '待主管部门审核', tag: 'primary' },
  DEPT_REVIEWED: { name: '待业务科室审核', tag: 'primary' },
  FIN_REVIEW: { name: '待绩效科审核', tag: 'primary' },
  APPROVED: { name: '审核通过', tag: 'success' },
  ISSUED: { name: '已批复', tag: 'success' },
  PUBLISHED: { name: '已公开', tag: 'success' },
  ACTIVE: { name: '执行中', tag: 'success' },
  ADJUSTING: { name: '调整中', tag: 'warning' },
  CLOSED: { name: '已关闭', tag: 'info' },
}

export const ownerTypes: Labels = plainLabels({ project: '项目', policy: '政策', department: '部门整体' })

export const valueKinds: Labels = plainLabels({ quantitative: '定量', qualitative: '定性' })

export const directions: Labels = plainLabels({ positive: '正向', negative: '反向' })

export const comparators: Labels = plainLabels({ '>=': '≥', '>': '＞', '=': '＝', '<=': '≤', '<': '＜' })

/** A quantitative target as one text: comparator, value and unit (≥95%). */
export function targetText(comparator: string | null | undefined, value: string | number | null | undefined, unit: string | null | undefined): string {
  return `${comparator ? labelName(comparators, comparator) : ''}${value ?? ''}${unit ?? ''}`
}

export interface IndicatorLevel {
  code: string
  name: string
}

/** 一级指标 with their 二级指标, in the order a 目标表 lists them. */
export const indicatorLevels: readonly (IndicatorLevel & { children: readonly IndicatorLevel[] })[] = [
  {
    code: 'output',
    name: '产出指标',
    children: [
      { code: 'quantity', name: '数量指标' },
      { code: 'quality', name: '质量指标' },
      { code: 'timeliness', name: '时效指标' },
      { code: 'cost', name: '成本指标' },
    ],
  },
  {
    code: 'benefit',
    name: '效益指标',
    children: [
      { code: 'economic', name: '经济效益指标' },
      { code: 'social', name: '社会效益指标' },
      { code: 'ecological', name: '生态效益指标' },
      { code: 'sustainable', name: '可持续影响指标' },
    ],
  },
  {
    code: 'satisfaction',
    name: '满意度指标',
    children: [{ code: 'beneficiary', name: '服务对象满意度指标' }],
  },
  {
    code: 'cost',
    name: '成本指标',
    children: [
      { code: 'economic', name: '经济成本指标' },
      { code: 'social', name: '社会成本指标' },
      { code: 'ecological', name: '生态环境成本指标' },
    ],
  },
]

export function level1Name(code: string): string {
  return indicatorLevels.find((l) => l.code === code)?.name ?? code
}

export function level2Name(level1: string, code: string): string {
  return indicatorLevels.find((l) => l.code === level1)?.children.find((c) => c.code === code)?.name ?? code
}

export function level2Options(level1: string | null | undefined): readonly IndicatorLevel[] {
  return indicatorLevels.find((l) => l.code === level1)?.children ?? []
}

/** 一级指标 as a select's choices. */
export const level1Labels: Labels = plainLabels(Object.fromEntries(indicatorLevels.map((l) => [l.code, l.name])))

/** The 二级指标 under `level1` as a select's choices. */
export function level2Labels(level1: string | null | undefined): Labels {
  return plainLabels(Object.fromEntries(level2Options(level1).map((l) => [l.code, l.name])))
}

export const libraryStatuses: Labels = {
  DRAFT: { name: '草稿', tag: 'info' },
  DEPT_CONFIRMED: { name: '部门已确认', tag: 'primary' },
  EXPERT_APPROVED: { name: '专家已审定', tag: 'warning' },
  PUBLISHED: { name: '已发布', tag: 'success' },
  RETIRED: { name: '已停用', tag: 'danger' },
}

export const libraryScopes: Labels = plainLabels({ common: '共性指标', specific: '个性指标' })

/** Sectors offered for 行业; the service keeps any text. */
export const sectors: readonly string[] = ['教育', '卫生健康', '农业农村', '交通运输', '住房城乡建设', '社会保障', '文化旅游', '生态环境', '科技', '其他']

/** The review stages a set passes through, as the comments name them. */
export const reviewStages: Readonly<Record<string, string>> = {
  department: '主管部门审核',
  business: '业务科室审核',
  performance: '绩效科审核',
  SUBMITTED: '主管部门审核',
  DEPT_REVIEWED: '业务科室审核',
  FIN_REVIEW: '绩效科审核',
}

/** Target-set states from which the set can become a template (精品样本). */
export const templateSourceStatuses: readonly string[] = ['APPROVED', 'ISSUED', 'PUBLISHED']
