// What a user may do with a target set in its current state (DOMAIN.md: submit → 主管部门 → 业务科室 →
// 绩效科 → 批复 → 公开; adjustment of an issued set). The service decides again.

import type { TargetSetStatus } from '@/api/targetsContracts'
import { allOf, allowIf, type Guard } from '@/admin/guard'
import { filerRoles, financeStaffRoles, hasAnyRole, platformRoles } from '@/identity/platform'
import { labelName } from '@/format/labels'
import { targetSetStatuses } from './vocabulary'

export type TargetSetAction = 'save' | 'submit' | 'review' | 'issue' | 'publish' | 'adjust'

/** Who reviews at each stage. */
export const reviewerOf: Readonly<Partial<Record<TargetSetStatus, string>>> = {
  SUBMITTED: platformRoles.departmentFiler,
  DEPT_REVIEWED: platformRoles.businessReviewer,
  FIN_REVIEW: platformRoles.performanceOfficer,
}

export const reviewerRoles: readonly string[] = Object.values(reviewerOf).filter((r): r is string => !!r)

const adjustable: readonly TargetSetStatus[] = ['ISSUED', 'PUBLISHED', 'ACTIVE']
const issuers: readonly string[] = [platformRoles.budgetOfficer, platformRoles.performanceOfficer]

export const mayFileTargets = (roles: readonly string[]) => hasAnyRole(roles, filerRoles)
export const mayReviewTargets = (roles: readonly string[]) => hasAnyRole(roles, reviewerRoles)

export interface EditorFacts {
  status: TargetSetStatus
  /** Σ分值 is exactly 100.00. */
  pointsComplete: boolean
  /** The set exists on the server (a new one is saved first). */
  saved: boolean
}

export function targetSetActions(facts: EditorFacts, roles: readonly string[]): Partial<Record<TargetSetAction, Guard>> {
  const actions: Partial<Record<TargetSetAction, Guard>> = {}
  const { status } = facts
  if (hasAnyRole(roles, filerRoles)) {
    actions.save = allowIf(status === 'DRAFT', '只有草稿状态的目标表可以修改')
    actions.submit = allOf(
      allowIf(status === 'DRAFT', '只有草稿状态的目标表可以提交'),
      allowIf(facts.pointsComplete, '各指标分值合计必须为100分才能提交'),
    )
  }
  const reviewer = reviewerOf[status]
  if (reviewer && hasAnyRole(roles, reviewerRoles)) {
    actions.review = allowIf(roles.includes(reviewer), `该目标表处于“${labelName(targetSetStatuses, status)}”环节，不由您审核`)
  }
  if (hasAnyRole(roles, issuers)) actions.issue = allowIf(status === 'APPROVED', '只有审核通过的目标表可以批复')
  if (hasAnyRole(roles, financeStaffRoles)) actions.publish = allowIf(status === 'ISSUED', '只有已批复的目标表可以公开')
  const adjusters = [...filerRoles, platformRoles.performanceOfficer]
  if (hasAnyRole(roles, adjusters) && adjustable.includes(status)) actions.adjust = allowIf(facts.saved, '目标表尚未保存')
  return actions
}

/**
 * The next library step this user can take, or null: a 个性 draft is confirmed by its own department's
 * filer, a 共性 one by the finance office that drafted it (绩效科 or 业务科室); then 专家审定; then 绩效科 发布.
 */
export function libraryAdvance(
  entry: { status: string; departmentId: string | null },
  roles: readonly string[],
  organisationId: string,
): { label: string; done: string } | null {
  switch (entry.status) {
    case 'DRAFT': {
      const confirms = entry.departmentId
        ? roles.includes(platformRoles.departmentFiler) && organisationId === entry.departmentId
        : hasAnyRole(roles, [platformRoles.performanceOfficer, platformRoles.businessReviewer])
      return confirms ? { label: '部门确认', done: '已确认' } : null
    }
    case 'DEPT_CONFIRMED':
      return roles.includes(platformRoles.expert) ? { label: '专家审定', done: '已审定' } : null
    case 'EXPERT_APPROVED':
      return roles.includes(platformRoles.performanceOfficer) ? { label: '发布', done: '已发布' } : null
    default:
      return null
  }
}

/** Who maintains library entries (finance staff and department filers). */
export const mayEditLibrary = (roles: readonly string[]) => hasAnyRole(roles, [...financeStaffRoles, platformRoles.departmentFiler])
