// The projects service's codes with the names finance officers use (DOMAIN.md, the project lifecycle).

import { plainLabels, type Labels } from '@/format/labels'

export const projectStatuses: Labels = {
  DRAFT: { name: '草稿', tag: 'info' },
  SUBMITTED: { name: '已提交', tag: 'primary' },
  PRE_ASSESSING: { name: '事前评估中', tag: 'warning' },
  REVIEWING: { name: '评审中', tag: 'warning' },
  RESERVED: { name: '已入库', tag: 'success' },
  BUDGETED: { name: '已纳入预算', tag: 'success' },
  APPROVED: { name: '已批复', tag: 'success' },
  EXECUTING: { name: '执行中', tag: 'primary' },
  COMPLETED: { name: '已完成', tag: 'primary' },
  EVALUATED: { name: '已评价', tag: 'primary' },
  RETURNED: { name: '已退回', tag: 'danger' },
  NOT_SUPPORTED: { name: '不予支持', tag: 'danger' },
  SUSPENDED: { name: '已暂停', tag: 'danger' },
  TERMINATED: { name: '已终止', tag: 'danger' },
  ADJUSTED: { name: '已调整', tag: 'info' },
}

export const projectKinds: Labels = plainLabels({ project: '项目', policy: '政策', department: '部门整体' })

export const newOrContinuing: Labels = plainLabels({ true: '新增', false: '延续' })

/** The defaults of the free list of funding sources. */
export const fundingSources: readonly string[] = ['一般公共预算', '政府性基金预算', '国有资本经营预算', '财政专户', '其他']

export const exAnteOutcomes: Labels = {
  SUPPORTED: { name: '予以支持', tag: 'success' },
  SUPPORTED_AFTER_ADJUSTMENT: { name: '调整后支持', tag: 'warning' },
  NOT_SUPPORTED: { name: '不予支持', tag: 'danger' },
  RETURNED: { name: '退回（实施条件不成熟）', tag: 'danger' },
}

/** Outcomes that need the total at or above the pass mark. */
export const supportingOutcomes: readonly string[] = ['SUPPORTED', 'SUPPORTED_AFTER_ADJUSTMENT']

export const assessorKinds: Labels = plainLabels({ finance: '财政部门', expert: '评审专家', agency: '第三方机构' })

export const reviewOutcomes: Labels = {
  SUPPORTED: { name: '全额支持', tag: 'success' },
  REDUCED: { name: '核减', tag: 'warning' },
  NOT_SUPPORTED: { name: '不予支持', tag: 'danger' },
}

export const reviewBatchStatuses: Labels = {
  OPEN: { name: '评审中', tag: 'warning' },
  CLOSED: { name: '已完成', tag: 'success' },
}
