import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ProjectDto } from '@/api/projectsContracts'
import { click, messages, openDialog } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, jsonResponse } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { exAnte, project, projectId } from '@/test/projectsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

type Routes = Parameters<typeof fakeApi>[0]

function api(current: ProjectDto, overrides: Routes = {}) {
  return fakeApi({
    [`GET /api/projects/${projectId}`]: () => current,
    [`GET /api/projects/${projectId}/history`]: () => [
      { fromState: null, toState: 'DRAFT', comment: null, actorName: '盂县单位填报员', occurredAt: '2026-03-01T08:00:00Z' },
    ],
    [`GET /api/projects/${projectId}/ex-ante`]: () => exAnte(),
    ...overrides,
  })
}

async function open(role: string | string[], path = `/projects/${projectId}`) {
  const mounted = await mountPortal(path, testUser({ role }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

const button = (testId: string) => document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)
const reason = (testId: string) => button(testId)?.closest<HTMLElement>('[data-reason]')?.dataset.reason

describe('项目详情', () => {
  it('shows the project with its amounts in 万元 and its history', async () => {
    api(project())
    await open('unit-filer')

    expect(document.querySelector('[data-testid="project-title"]')?.textContent).toBe('校舍维修改造项目')
    expect(document.querySelector('[data-testid="project-status"]')?.textContent).toBe('草稿')
    expect(document.querySelector('[data-testid="project-requested"]')?.textContent).toBe('300.00')
    expect(document.querySelector('[data-testid="history"]')?.textContent).toContain('盂县单位填报员')
  })

  it('shows the service’s message prominently when submitting without targets, with a way to file them', async () => {
    const gateway = api(project(), {
      [`POST /api/projects/${projectId}/submit`]: () =>
        jsonResponse(
          { title: '不能提交', status: 422, code: 'target_set_missing', detail: '项目未编报绩效目标，视同无效项目，不得提交' },
          422,
        ),
    })
    const { router } = await open('unit-filer')

    await click(button('project-submit'))

    expect(gateway.calls(`POST /api/projects/${projectId}/submit`)[0]?.body).toEqual({ comment: null, version: 41 })
    const alert = document.querySelector('[data-testid="target-set-missing"]')
    expect(alert?.textContent).toContain('项目未编报绩效目标，视同无效项目，不得提交')
    await click(button('project-create-targets'))
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/targets/sets/new?projectId=${projectId}`))
  })

  it('submits a project with targets and shows its new state', async () => {
    let current = project({ targetSetId: 't1', targetSetStatus: 'DRAFT' })
    const gateway = api(current, {
      [`GET /api/projects/${projectId}`]: () => current,
      [`POST /api/projects/${projectId}/submit`]: () => (current = { ...current, status: 'PRE_ASSESSING', version: 42 }),
    })
    await open('unit-filer')

    await click(button('project-submit'))

    await vi.waitFor(() => expect(document.querySelector('[data-testid="project-status"]')?.textContent).toBe('事前评估中'))
    expect(document.querySelector('[data-testid="target-set-missing"]')).toBeNull()
    expect(reason('project-submit')).toBe('只有草稿或已退回的项目可以提交')
    // The submit answer is the project as it now stands: only the history is read again.
    expect(gateway.calls(`GET /api/projects/${projectId}`)).toHaveLength(1)
    expect(gateway.calls(`GET /api/projects/${projectId}/history`)).toHaveLength(2)
  })

  it('gives a budget officer 纳入预算 only when nothing stands in the way, saying why otherwise', async () => {
    api(project({ status: 'RESERVED', targetSetApproved: false, targetSetId: 't1' }))
    await open('budget-officer')

    expect(button('project-submit')).toBeNull()
    expect(button('project-budget')?.disabled).toBe(true)
    expect(reason('project-budget')).toBe('绩效目标尚未审核通过，不得纳入预算')
    expect(reason('project-approve')).toBe('只有已纳入预算的项目可以批复')
  })

  it('keeps a project cancelled by an evaluation out of the budget, with the reason', async () => {
    api(project({ status: 'RESERVED', targetSetApproved: true, budgetBlocked: true, budgetBlockedReason: '2026年度绩效评价结果为差，已取消该项目' }))
    await open('budget-officer')

    expect(reason('project-budget')).toBe('2026年度绩效评价结果为差，已取消该项目')
  })

  it('asks before 批复, and does nothing when the officer cancels', async () => {
    const gateway = api(project({ status: 'BUDGETED', targetSetApproved: true }), {
      [`POST /api/projects/${projectId}/approve`]: () => project({ status: 'APPROVED' }),
    })
    await open('budget-officer')

    await click(button('project-approve'))
    expect(openDialog().textContent).toContain('批复不可撤销')
    await click(openDialog().querySelector('.el-message-box__btns .el-button:not(.el-button--primary)'))
    expect(gateway.calls(`POST /api/projects/${projectId}/approve`)).toHaveLength(0)

    await click(button('project-approve'))
    await click(openDialog().querySelector('.el-message-box__btns .el-button--primary'))
    expect(gateway.calls(`POST /api/projects/${projectId}/approve`)).toHaveLength(1)
    await vi.waitFor(() => expect(messages()).toContain('已批复'))
  })
})
