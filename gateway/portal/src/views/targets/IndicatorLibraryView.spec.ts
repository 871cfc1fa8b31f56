import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LibraryEntryDto } from '@/api/targetsContracts'
import { click, expectFieldError, openDialog, typeInto } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, page } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { libraryEntry } from '@/test/targetsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

/** The organisation of testUser(): a department whose own 个性 drafts its filer confirms. */
const ownDepartment = '0f8fad5b-d9cb-469f-a165-70867728950e'

const entries: LibraryEntryDto[] = [
  libraryEntry({ id: 'd', name: '培训人次', status: 'DRAFT', scope: 'specific', departmentId: ownDepartment, departmentName: '盂县教育局' }),
  libraryEntry({ id: 'g', name: '资金到位率', status: 'DRAFT' }),
  libraryEntry({ id: 'c', name: '设备完好率', status: 'DEPT_CONFIRMED' }),
  libraryEntry({ id: 'e', name: '受益群众满意度', status: 'EXPERT_APPROVED' }),
  libraryEntry({ id: 'p', name: '维修工程验收合格率', status: 'PUBLISHED' }),
]

function api(routes: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({ 'GET /api/targets/library': () => page(entries), 'GET /api/targets/templates': () => [], ...routes })
}

async function open(role: string) {
  const mounted = await mountPortal('/targets/indicators', testUser({ role }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

function row(name: string): HTMLElement {
  const found = [...document.querySelectorAll<HTMLElement>('[data-testid="library-rows"] .el-table__body tr')].find((r) => r.textContent?.includes(name))
  if (!found) throw new Error(`no row ${name}`)
  return found
}

const advanceLabel = (name: string) => row(name).querySelector('[data-testid="library-advance"]')?.textContent?.trim()

describe('指标库', () => {
  it('offers each review step only to the role that takes it', async () => {
    api()
    await open('department-filer')
    expect(advanceLabel('培训人次')).toBe('部门确认')
    expect(advanceLabel('资金到位率')).toBeUndefined()
    expect(advanceLabel('设备完好率')).toBeUndefined()
    expect(row('维修工程验收合格率').querySelector('[data-testid="library-retire"]')).toBeNull()
    wrapper!.unmount()

    api()
    await open('expert')
    expect(advanceLabel('设备完好率')).toBe('专家审定')
    expect(advanceLabel('培训人次')).toBeUndefined()
    expect(document.querySelector('[data-testid="library-create"]')).toBeNull()
    wrapper!.unmount()

    api()
    await open('performance-officer')
    expect(advanceLabel('受益群众满意度')).toBe('发布')
    expect(advanceLabel('资金到位率')).toBe('部门确认')
    expect(advanceLabel('培训人次')).toBeUndefined()
    expect(row('维修工程验收合格率').querySelector('[data-testid="library-retire"]')).not.toBeNull()
    expect(row('维修工程验收合格率').querySelector('[data-testid="library-edit"]')?.textContent?.trim()).toBe('修订')
  })

  it('publishes after confirmation and reloads the list', async () => {
    const gateway = api({ 'POST /api/targets/library/e/advance': () => ({ ...entries[3], status: 'PUBLISHED' }) })
    await open('performance-officer')

    await click(row('受益群众满意度').querySelector('[data-testid="library-advance"]'))
    await click(openDialog().querySelector('.el-message-box__btns .el-button--primary'))

    expect(gateway.calls('POST /api/targets/library/e/advance')[0]?.body).toEqual({ comment: null, version: 5 })
    await vi.waitFor(() => expect(gateway.calls('GET /api/targets/library')).toHaveLength(2))
  })

  it('creates an entry with its explanation required', async () => {
    const gateway = api({ 'POST /api/targets/library': () => entries[0] })
    await open('department-filer')

    await click(document.querySelector('[data-testid="library-create"]'))
    await typeInto(openDialog(), '[data-testid="library-field-name"]', '培训人次')
    await click(openDialog().querySelector('[data-testid="library-save"]'))

    await expectFieldError(openDialog(), '指标解释', '请填写指标解释')
    await expectFieldError(openDialog(), '一级指标', '请选择一级指标')
    expect(gateway.calls('POST /api/targets/library')).toHaveLength(0)
  })

  it('searches published entries by keyword and level', async () => {
    const gateway = api()
    await open('unit-filer')

    await typeInto(document, '[data-testid="library-filter-q"]', '满意度')
    await click(document.querySelector('[data-testid="library-search"]'))

    expect(gateway.calls('GET /api/targets/library').at(-1)?.query.get('q')).toBe('满意度')
  })
})
