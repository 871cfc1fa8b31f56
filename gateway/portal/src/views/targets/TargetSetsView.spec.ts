import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { click, openDialog } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, page } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { summary } from '@/test/targetsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const queue = [
  summary({ id: 'a', ownerName: '校舍维修改造项目', status: 'DEPT_REVIEWED' }),
  summary({ id: 'b', ownerName: '学生资助政策', ownerType: 'policy', status: 'DEPT_REVIEWED', isKey: true }),
  summary({ id: 'c', ownerName: '盂县教育局部门整体', ownerType: 'department', status: 'DEPT_REVIEWED' }),
]

function api(routes: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/targets/sets': () => page(queue, 3),
    'GET /api/targets/review-queue': () => page(queue, 3),
    ...routes,
  })
}

async function open(role = 'business-reviewer', path = '/targets/management?tab=queue') {
  const mounted = await mountPortal(path, testUser({ role }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

async function tick(ownerName: string) {
  const row = [...document.querySelectorAll<HTMLElement>('[data-testid="queue-rows"] .el-table__body tr')].find((r) => r.textContent?.includes(ownerName))
  await click(row?.querySelector('.el-checkbox'))
}

const reasonOf = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.closest<HTMLElement>('[data-reason]')?.dataset.reason

describe('目标管理', () => {
  it('filters the list by 年度, 状态, 归属类型, 重点 and keyword', async () => {
    const gateway = api()
    await open('unit-filer', '/targets/management')

    expect(document.querySelector('[data-testid="target-rows"]')?.textContent).toContain('重点')
    const input = document.querySelector<HTMLInputElement>('input[data-testid="target-filter-q"]')!
    input.value = '资助'
    input.dispatchEvent(new Event('input'))
    await click(document.querySelector('[data-testid="target-search"]'))

    const last = gateway.calls('GET /api/targets/sets').at(-1)!
    expect(last.query.get('q')).toBe('资助')
    expect(last.query.has('isKey')).toBe(false)
    expect(document.querySelector('.el-tabs')?.textContent).not.toContain('待我审核')
  })

  it('approves the chosen sets in bulk and lists each one refused with the reason', async () => {
    const gateway = api({
      'POST /api/targets/sets/bulk-review': () => ({
        succeeded: 1,
        failed: [{ id: 'b', code: 'version_conflict', message: '该目标表已被他人修改，请刷新后重试' }],
      }),
    })
    await open()
    expect(reasonOf('queue-bulk-approve')).toBe('请先勾选要审核的目标表')

    await tick('校舍维修改造项目')
    await tick('学生资助政策')
    await click(document.querySelector('[data-testid="queue-bulk-approve"]'))
    await click(openDialog().querySelector('.el-message-box__btns .el-button--primary'))

    expect(gateway.calls('POST /api/targets/sets/bulk-review')[0]?.body).toEqual({ ids: ['a', 'b'], decision: 'approve', reason: null })
    await vi.waitFor(() => expect(document.querySelector('[data-testid="bulk-result"]')?.textContent).toContain('成功 1 个，失败 1 个'))
    const failures = document.querySelector('[data-testid="bulk-failures"]')?.textContent ?? ''
    expect(failures).toContain('学生资助政策')
    expect(failures).toContain('该目标表已被他人修改，请刷新后重试')
    expect(failures).not.toContain('校舍维修改造项目')
    expect(failures).not.toContain('version_conflict')
  })

  it('rejects in bulk only with a reason', async () => {
    const gateway = api({ 'POST /api/targets/sets/bulk-review': () => ({ succeeded: 1, failed: [] }) })
    await open()
    await tick('盂县教育局部门整体')

    await click(document.querySelector('[data-testid="queue-bulk-reject"]'))
    await click(openDialog().querySelector('.el-message-box__btns .el-button--primary'))
    expect(gateway.calls('POST /api/targets/sets/bulk-review')).toHaveLength(0)

    const reason = openDialog().querySelector<HTMLTextAreaElement>('textarea')!
    reason.value = '指标不可衡量'
    reason.dispatchEvent(new Event('input'))
    await click(openDialog().querySelector('.el-message-box__btns .el-button--primary'))

    await vi.waitFor(() => expect(gateway.calls('POST /api/targets/sets/bulk-review')[0]?.body).toEqual({ ids: ['c'], decision: 'reject', reason: '指标不可衡量' }))
  })

  it('approves one set from its row with the version it was listed at', async () => {
    const gateway = api({ 'POST /api/targets/sets/a/review': () => summary({ id: 'a', status: 'FIN_REVIEW' }) })
    await open()

    await click(document.querySelector('[data-testid="queue-approve"]'))

    expect(gateway.calls('POST /api/targets/sets/a/review')[0]?.body).toEqual({ decision: 'approve', reason: null, comments: null, version: 12 })
  })
})
