import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { click, openDialog, typeInto } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, jsonResponse } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { batchDetail, batchId, reviewItem } from '@/test/projectsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

type Routes = Parameters<typeof fakeApi>[0]

function api(overrides: Routes = {}) {
  return fakeApi({ [`GET /api/projects/review-batches/${batchId}`]: () => batchDetail(), ...overrides })
}

async function open(role = 'business-reviewer') {
  const mounted = await mountPortal(`/projects/budget-review/${batchId}`, testUser({ role }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

function row(projectName: string): HTMLElement {
  const found = [...document.querySelectorAll<HTMLElement>('[data-testid="batch-items"] .el-table__body tr')].find((r) => r.textContent?.includes(projectName))
  if (!found) throw new Error(`no row for ${projectName}`)
  return found
}

const saveButton = (r: HTMLElement) => r.querySelector<HTMLButtonElement>('[data-testid="batch-save-row"]')!
const reasonOf = (el: Element | null) => el?.closest<HTMLElement>('[data-reason]')?.dataset.reason

describe('评审批次', () => {
  it('shows the server’s totals and weighted 审减率 in the totals row, not a sum of its own', async () => {
    // The server's figures on purpose differ from anything the rows add up to.
    api({ [`GET /api/projects/review-batches/${batchId}`]: () => batchDetail({ requested: 17_500_000, approved: 14_000_000, reduction: 3_500_000, reductionRate: 0.2 }) })
    await open()

    const footer = document.querySelector('[data-testid="batch-items"] .el-table__footer')?.textContent ?? ''
    expect(footer).toContain('1,750.00')
    expect(footer).toContain('1,400.00')
    expect(footer).toContain('350.00')
    expect(footer).toContain('审减率 20.00%')
    expect(row('校舍维修改造项目').textContent).toContain('核减')
  })

  it('blocks 审定 above 送审 at the row without sending it', async () => {
    const gateway = api()
    await open()
    const target = row('信息化建设项目')

    await typeInto(target, '[data-testid="batch-approved-input"]', '250.01')

    expect(target.querySelector('[data-testid="batch-row-error"]')?.textContent).toBe('审定金额不能大于送审金额（250.00 万元）')
    expect(saveButton(target).disabled).toBe(true)
    expect(reasonOf(saveButton(target))).toBe('审定金额不能大于送审金额（250.00 万元）')
    await click(saveButton(target))
    expect(gateway.calls(`PUT /api/projects/review-batches/${batchId}/items/p3`)).toHaveLength(0)
  })

  it('asks for a reason when 审定 is below 送审, then saves the amount in 元 and reloads the totals', async () => {
    const gateway = api({ [`PUT /api/projects/review-batches/${batchId}/items/p3`]: () => reviewItem({ projectId: 'p3' }) })
    await open()
    const target = row('信息化建设项目')

    await typeInto(target, '[data-testid="batch-approved-input"]', '100')
    expect(target.querySelector('[data-testid="batch-row-error"]')?.textContent).toBe('审定金额低于送审金额时须填写审减理由')
    expect(saveButton(target).disabled).toBe(true)

    const reason = target.querySelector<HTMLTextAreaElement>('textarea[data-testid="batch-reason-input"]')!
    reason.value = '部分设备可利旧'
    reason.dispatchEvent(new Event('input'))
    await flushPromises()
    await click(saveButton(target))

    expect(gateway.calls(`PUT /api/projects/review-batches/${batchId}/items/p3`)[0]?.body).toEqual({ approvedAmount: 1_000_000, reason: '部分设备可利旧' })
    expect(gateway.calls(`GET /api/projects/review-batches/${batchId}`)).toHaveLength(2)
  })

  it('accepts 审定 equal to 送审 without a reason, and 0 with one', async () => {
    api()
    await open()
    const target = row('信息化建设项目')

    await typeInto(target, '[data-testid="batch-approved-input"]', '250.00')
    expect(target.querySelector('[data-testid="batch-row-error"]')).toBeNull()
    expect(saveButton(target).disabled).toBe(false)

    await typeInto(target, '[data-testid="batch-approved-input"]', '0')
    expect(target.querySelector('[data-testid="batch-row-error"]')?.textContent).toBe('审定金额低于送审金额时须填写审减理由')
  })

  it('keeps what was typed in other rows when one row is saved', async () => {
    api({ [`PUT /api/projects/review-batches/${batchId}/items/p3`]: () => reviewItem({ projectId: 'p3' }) })
    await open()

    await typeInto(row('学生资助项目'), '[data-testid="batch-approved-input"]', '400')
    await typeInto(row('信息化建设项目'), '[data-testid="batch-approved-input"]', '250')
    await click(saveButton(row('信息化建设项目')))

    await vi.waitFor(() => expect(row('学生资助项目').querySelector<HTMLInputElement>('input[data-testid="batch-approved-input"]')?.value).toBe('400'))
    expect(row('学生资助项目').querySelector('[data-testid="batch-row-error"]')?.textContent).toBe('审定金额低于送审金额时须填写审减理由')
  })

  it('shows the service’s refusal at the row', async () => {
    api({
      [`PUT /api/projects/review-batches/${batchId}/items/p3`]: () =>
        jsonResponse({ title: '数据未通过校验', status: 422, errors: { approvedAmount: ['该项目已移出批次'] } }, 422),
    })
    await open()
    const target = row('信息化建设项目')

    await typeInto(target, '[data-testid="batch-approved-input"]', '250')
    await click(saveButton(target))

    await vi.waitFor(() => expect(row('信息化建设项目').querySelector('[data-testid="batch-row-error"]')?.textContent).toBe('该项目已移出批次'))
  })

  it('lets the batch close only when every project is decided, after confirmation', async () => {
    const decided = batchDetail({}, [reviewItem({ approvedAmount: 8_000_000, reductionAmount: 2_000_000, reason: '单价偏高', outcome: 'REDUCED' })])
    api()
    await open()

    const close = document.querySelector<HTMLButtonElement>('[data-testid="batch-close"]')!
    expect(close.disabled).toBe(true)
    expect(reasonOf(close)).toBe('还有项目未填写审定金额')
    wrapper!.unmount()

    const gateway = fakeApi({
      [`GET /api/projects/review-batches/${batchId}`]: () => decided,
      [`POST /api/projects/review-batches/${batchId}/close`]: () => ({}),
    })
    await open()
    await click(document.querySelector('[data-testid="batch-close"]'))
    expect(openDialog().textContent).toContain('完成评审后审定金额不能再修改')
    expect(gateway.calls(`POST /api/projects/review-batches/${batchId}/close`)).toHaveLength(0)
    await click(openDialog().querySelector('.el-message-box__btns .el-button--primary'))
    expect(gateway.calls(`POST /api/projects/review-batches/${batchId}/close`)).toHaveLength(1)
  })
})
