import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { regionAdminRoles, user, yangquanTree } from '@/test/directoryData'
import { click, expectFieldError, messages, openDialog, typeInto } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, jsonResponse, page } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'

let wrapper: VueWrapper | undefined
let clipboard: string[]

beforeEach(() => {
  clipboard = []
  vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text: string) => {
    clipboard.push(text)
  })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const filer = user()
const locked = user({ id: 'locked-1', userName: '140302.budget-officer', displayName: '城区预算科科员', roles: ['budget-officer'], isLockedOut: true, mustChangePassword: true })
const school = { id: '33333333-3333-3333-3333-333333333333', name: '盂县第一中学', regionName: '盂县' }

function api(overrides: Record<string, Parameters<typeof fakeApi>[0][string]> = {}) {
  return fakeApi({
    'GET /api/identity/users': () => page([filer, locked], 2),
    'GET /api/identity/regions': () => yangquanTree,
    'GET /api/identity/roles': () => regionAdminRoles,
    'GET /api/identity/organisations': () => page([{ ...school, kind: 'unit', regionCode: '140322', parentId: null, parentName: null, creditCode: null, isActive: true, userCount: 0 }]),
    ...overrides,
  })
}

async function open() {
  const mounted = await mountPortal('/admin/users', testUser({ role: 'region-admin' }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

function row(userName: string): HTMLElement {
  const found = [...document.querySelectorAll<HTMLElement>('[data-test="rows"] .el-table__body tr')].find((r) => r.textContent?.includes(userName))
  if (!found) throw new Error(`no row for ${userName}`)
  return found
}

/** The roles offered in the open user dialog: code → whether it can be ticked. */
function offeredRoles(): Record<string, boolean> {
  const boxes = openDialog().querySelectorAll<HTMLElement>('[data-role]')
  return Object.fromEntries([...boxes].map((box) => [box.dataset.role!, !box.classList.contains('is-disabled')]))
}

async function confirm() {
  await click(openDialog().querySelector('.el-message-box__btns .el-button--primary'))
}

describe('用户管理', () => {
  it('lists the users with their roles and states in Chinese', async () => {
    api()

    await open()

    expect(row('140322.unit-filer').textContent).toContain('单位填报')
    expect(row('140322.unit-filer').textContent).toContain('启用')
    expect(row('140302.budget-officer').textContent).toContain('预算科')
    expect(row('140302.budget-officer').textContent).toContain('已锁定')
    expect(row('140302.budget-officer').textContent).toContain('待改密')
  })

  it('offers only the roles the administrator may grant when creating a user', async () => {
    api()
    await open()

    await click(document.querySelector('[data-test="create"]'))

    const offered = offeredRoles()
    expect(Object.keys(offered).sort()).toEqual(['overseer', 'performance-officer', 'region-admin', 'unit-filer'])
    expect(Object.values(offered).every(Boolean)).toBe(true)
  })

  it('keeps a role the administrator may not grant fixed when editing a user who holds it', async () => {
    api({ 'GET /api/identity/users': () => page([user({ roles: ['platform-operator', 'unit-filer'] })]) })
    await open()

    await click(row('140322.unit-filer').querySelector('[data-test="edit"]'))

    expect(offeredRoles()).toMatchObject({ 'platform-operator': false, 'unit-filer': true })
  })

  it('creates a user and shows the one-time password once, with a copy button', async () => {
    const gateway = api({
      'POST /api/identity/users': () => ({ user: user({ userName: '140322.new', displayName: '新用户' }), oneTimePassword: 'Kx7#pQ2!wR9z' }),
    })
    await open()
    await click(document.querySelector('[data-test="create"]'))

    await typeInto(openDialog(), '[data-test="field-user-name"]', '140322.new')
    await typeInto(openDialog(), '[data-test="field-display-name"]', '新用户')
    await click(openDialog().querySelector('.el-select__wrapper'))
    await click([...document.querySelectorAll('.el-select-dropdown__item')].find((o) => o.textContent?.includes('盂县第一中学')))
    await click(openDialog().querySelector('[data-role="unit-filer"] input'))
    await click(openDialog().querySelector('[data-test="save"]'))

    expect(gateway.calls('POST /api/identity/users')[0]?.body).toEqual({
      userName: '140322.new',
      displayName: '新用户',
      email: null,
      phoneNumber: null,
      organisationId: school.id,
      roles: ['unit-filer'],
    })
    await vi.waitFor(() => expect(document.querySelector('[data-test="one-time-password"]')?.textContent).toBe('Kx7#pQ2!wR9z'))

    await click(openDialog().querySelector('[data-test="copy-password"]'))
    expect(clipboard).toEqual(['Kx7#pQ2!wR9z'])

    await click(openDialog().querySelector('[data-test="close-password"]'))
    expect(document.body.innerHTML).not.toContain('Kx7#pQ2!wR9z')
  })

  it('checks the new user’s fields in Chinese before sending anything', async () => {
    const gateway = api()
    await open()
    await click(document.querySelector('[data-test="create"]'))

    await typeInto(openDialog(), '[data-test="field-user-name"]', '盂县 用户')
    await click(openDialog().querySelector('[data-test="save"]'))

    await expectFieldError(openDialog(), '用户名', '用户名为3到64位字母、数字或 . _ - @ + 符号')
    await expectFieldError(openDialog(), '姓名', '请输入姓名')
    await expectFieldError(openDialog(), '所在单位', '请选择所在单位')
    await expectFieldError(openDialog(), '角色', '请至少选择一个角色')
    expect(gateway.calls('POST /api/identity/users')).toHaveLength(0)
  })

  it('shows the server’s field errors at their fields', async () => {
    api({
      [`PUT /api/identity/users/${filer.id}`]: () =>
        jsonResponse({ title: '数据未通过校验', status: 422, errors: { roles: ['不能授予高于本人权限的角色'] } }, 422),
    })
    await open()
    await click(row('140322.unit-filer').querySelector('[data-test="edit"]'))

    await click(openDialog().querySelector('[data-test="save"]'))

    await expectFieldError(openDialog(), '角色', '不能授予高于本人权限的角色')
  })

  it('resets a password after confirmation and shows the new one-time password', async () => {
    const gateway = api({
      [`POST /api/identity/users/${filer.id}/reset-password`]: () => ({ user: filer, oneTimePassword: 'Zt4$mN8@vB1q' }),
    })
    await open()

    await click(row('140322.unit-filer').querySelector('[data-test="reset-password"]'))
    expect(gateway.calls(`POST /api/identity/users/${filer.id}/reset-password`)).toHaveLength(0)
    await confirm()

    expect(gateway.calls(`POST /api/identity/users/${filer.id}/reset-password`)).toHaveLength(1)
    await vi.waitFor(() => expect(document.querySelector('[data-test="one-time-password"]')?.textContent).toBe('Zt4$mN8@vB1q'))
  })

  it('offers to unlock only a locked account', async () => {
    const gateway = api({ [`POST /api/identity/users/${locked.id}/unlock`]: () => new Response(null, { status: 204 }) })
    await open()

    expect(row('140322.unit-filer').querySelector('[data-test="unlock"]')).toBeNull()
    await click(row('140302.budget-officer').querySelector('[data-test="unlock"]'))

    expect(gateway.calls(`POST /api/identity/users/${locked.id}/unlock`)).toHaveLength(1)
  })

  it('disables a user after confirmation, keeping everything else as it was', async () => {
    const gateway = api({ [`PUT /api/identity/users/${filer.id}`]: () => ({ ...filer, isActive: false }) })
    await open()

    await click(row('140322.unit-filer').querySelector('[data-test="toggle-active"]'))
    await confirm()

    expect(gateway.calls(`PUT /api/identity/users/${filer.id}`)[0]?.body).toEqual({
      displayName: filer.displayName,
      email: null,
      phoneNumber: null,
      organisationId: filer.organisationId,
      roles: ['unit-filer'],
      isActive: false,
    })
  })

  it('says 无权操作 when the API refuses with 403', async () => {
    api({ [`POST /api/identity/users/${locked.id}/unlock`]: () => jsonResponse({ title: 'Forbidden', status: 403 }, 403) })
    await open()

    await click(row('140302.budget-officer').querySelector('[data-test="unlock"]'))

    await vi.waitFor(() => expect(messages()).toContain('无权操作'))
  })
})
