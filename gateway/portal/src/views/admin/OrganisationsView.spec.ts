import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, jsonResponse, page } from '@/test/fakeApi'
import { organisation, yangquanTree } from '@/test/directoryData'
import { click, expectFieldError, openDialog, typeInto } from '@/test/dom'
import { mountPortal } from '@/test/mountPortal'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const rows = [
  organisation(),
  organisation({ id: 'b', name: '盂县第一中学', kind: 'unit', parentId: '1', parentName: '盂县教育局', creditCode: '12140322MB0000001X' }),
]

function api(overrides: Record<string, Parameters<typeof fakeApi>[0][string]> = {}) {
  return fakeApi({
    'GET /api/identity/organisations': () => page(rows, 42),
    'GET /api/identity/regions': () => yangquanTree,
    ...overrides,
  })
}

async function open() {
  const mounted = await mountPortal('/admin/organisations', testUser({ role: 'region-admin' }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

const dialog = openDialog

async function save() {
  await click(dialog().querySelector('[data-test="save"]'))
}

describe('单位管理', () => {
  it('lists the organisations the API returns, with kinds in Chinese and the total', async () => {
    const gateway = api()

    await open()

    const table = wrapper!.find('[data-test="rows"]').text()
    expect(table).toContain('盂县教育局')
    expect(table).toContain('盂县第一中学')
    expect(table).toContain('预算部门')
    expect(table).toContain('预算单位')
    expect(table).toContain('12140322MB0000001X')
    expect(wrapper!.find('.pager').text()).toContain('42')
    const [first] = gateway.calls('GET /api/identity/organisations')
    expect(first?.query.get('page')).toBe('1')
    expect(first?.query.get('pageSize')).toBe('20')
  })

  it('searches by keyword from the first page', async () => {
    const gateway = api()
    await open()

    await wrapper!.find('input[data-test="filter-q"]').setValue('教育')
    await wrapper!.find('[data-test="search"]').trigger('submit')
    await flushPromises()

    const last = gateway.calls('GET /api/identity/organisations').at(-1)
    expect(last?.query.get('q')).toBe('教育')
    expect(last?.query.get('page')).toBe('1')
    expect(last?.query.has('kind')).toBe(false)
  })

  it('checks the required fields in Chinese before sending anything', async () => {
    const gateway = api()
    await open()

    await wrapper!.find('[data-test="create"]').trigger('click')
    await flushPromises()
    await save()

    await expectFieldError(dialog(), '单位名称', '请输入单位名称')
    await expectFieldError(dialog(), '单位类型', '请选择单位类型')
    await expectFieldError(dialog(), '所属区划', '请选择所属区划')
    expect(gateway.calls('POST /api/identity/organisations')).toHaveLength(0)
  })

  it('refuses a malformed credit code before sending anything', async () => {
    const gateway = api()
    await open()
    await wrapper!.findAll('[data-test="edit"]')[0]!.trigger('click')
    await flushPromises()

    await typeInto(dialog(), '[data-test="field-credit-code"]', '12345')
    await save()

    await expectFieldError(dialog(), '统一社会信用代码', '统一社会信用代码应为18位数字或大写字母')
    expect(gateway.calls(`PUT /api/identity/organisations/${rows[0]!.id}`)).toHaveLength(0)
  })

  it('sends an edit and shows the server’s field errors at their fields', async () => {
    const gateway = api({
      [`PUT /api/identity/organisations/${rows[0]!.id}`]: () =>
        jsonResponse({ title: '数据未通过校验', status: 422, errors: { name: ['同一区划下已有名为“盂县教育局”的单位'] } }, 422),
    })
    await open()
    await wrapper!.findAll('[data-test="edit"]')[0]!.trigger('click')
    await flushPromises()

    await save()

    const [put] = gateway.calls(`PUT /api/identity/organisations/${rows[0]!.id}`)
    expect(put?.body).toEqual({ name: '盂县教育局', kind: 'department', regionCode: '140322', parentId: null, creditCode: null, isActive: true })
    await expectFieldError(dialog(), '单位名称', '同一区划下已有名为“盂县教育局”的单位')
  })

  it('says 无权操作 when the API refuses with 403', async () => {
    api({ [`PUT /api/identity/organisations/${rows[0]!.id}`]: () => jsonResponse({ title: 'Forbidden', status: 403 }, 403) })
    await open()
    await wrapper!.findAll('[data-test="edit"]')[0]!.trigger('click')
    await flushPromises()

    await save()

    expect(dialog().querySelector('[data-test="form-failure"]')?.textContent).toContain('无权操作')
  })

  it('shows the server’s explanation of a conflict', async () => {
    api({
      [`PUT /api/identity/organisations/${rows[0]!.id}`]: () =>
        jsonResponse({ title: '数据冲突', detail: '该单位下仍有启用的用户，不能停用。', status: 409 }, 409),
    })
    await open()
    await wrapper!.findAll('[data-test="edit"]')[0]!.trigger('click')
    await flushPromises()

    await save()

    expect(dialog().querySelector('[data-test="form-failure"]')?.textContent).toContain('该单位下仍有启用的用户，不能停用。')
  })
})
