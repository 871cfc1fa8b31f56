// What a user may do with a project: the actions their roles give them, each allowed or refused with a
// reason for the project's state. The services decide again; this keeps finance officers from
// pressing buttons that can only fail.

import type { ProjectDto, ProjectStatus } from '@/api/projectsContracts'
import { allOf, allowIf, type Guard } from '@/admin/guard'
import { filerRoles, financeStaffRoles, hasAnyRole, platformRoles } from '@/identity/platform'

export type ProjectAction = 'edit' | 'submit' | 'return' | 'budget' | 'approve'

const editable: readonly ProjectStatus[] = ['DRAFT', 'RETURNED']
const returnable: readonly ProjectStatus[] = ['SUBMITTED', 'PRE_ASSESSING', 'REVIEWING']
/** States in which the ex-ante form takes scores. */
export const exAnteAssessors: readonly string[] = [...financeStaffRoles, platformRoles.expert, platformRoles.agencyStaff]

export const mayFileProjects = (roles: readonly string[]) => hasAnyRole(roles, filerRoles)

/** The actions for `roles`, in the order the screen shows them; actions the roles never have are left out. */
export function projectActions(project: ProjectDto, roles: readonly string[]): Partial<Record<ProjectAction, Guard>> {
  const actions: Partial<Record<ProjectAction, Guard>> = {}
  const status = project.status
  if (hasAnyRole(roles, filerRoles)) {
    actions.edit = allowIf(editable.includes(status), '只有草稿或已退回的项目可以修改')
    actions.submit = allowIf(editable.includes(status), '只有草稿或已退回的项目可以提交')
  }
  if (hasAnyRole(roles, financeStaffRoles)) {
    actions.return = allowIf(returnable.includes(status), '只有已提交、事前评估中或评审中的项目可以退回')
  }
  if (roles.includes(platformRoles.budgetOfficer)) {
    actions.budget = allOf(
      allowIf(status === 'RESERVED', '只有已入库的项目可以纳入预算'),
      allowIf(!project.budgetBlocked, project.budgetBlockedReason || '该项目已被绩效评价结果取消，不得安排预算'),
      allowIf(project.targetSetApproved, '绩效目标尚未审核通过，不得纳入预算'),
    )
    actions.approve = allowIf(status === 'BUDGETED', '只有已纳入预算的项目可以批复')
  }
  return actions
}

/** Whether the ex-ante form can be filled in now by these roles. */
export function exAnteGuard(project: ProjectDto, roles: readonly string[]): Guard {
  return allOf(
    allowIf(hasAnyRole(roles, exAnteAssessors), '只有财政部门、评审专家或第三方机构可以评分'),
    allowIf(project.status === 'PRE_ASSESSING', '只有事前评估中的项目可以评分'),
  )
}
