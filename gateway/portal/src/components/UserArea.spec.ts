import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { testUser } from '@/test/fakeAuth'
import { mountPortal } from '@/test/mountPortal'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 503 })))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

function byTestId(id: string): HTMLElement | null {
  return document.querySelector(`[data-testid="${id}"]`)
}

const cityOfficer = () =>
  testUser({
    name: '阳泉市绩效科科员',
    org_name: '阳泉市财政局绩效科',
    region_name: '阳泉市',
    region_level: 'city',
    role: ['performance-officer', 'business-reviewer'],
  })

describe('the header for a signed-in user', () => {
  it('shows the name, organisation and region from the profile', async () => {
    ;({ wrapper } = await mountPortal('/', cityOfficer()))

    expect(byTestId('user-name')?.textContent).toBe('阳泉市绩效科科员')
    expect(byTestId('user-org')?.textContent).toBe('阳泉市财政局绩效科')
    expect(byTestId('user-region')?.textContent).toBe('阳泉市')
  })

  it('names the roles in Chinese', async () => {
    ;({ wrapper } = await mountPortal('/', cityOfficer()))

    const roles = [...document.querySelectorAll('[data-testid="user-roles"] .el-tag')].map((tag) => tag.textContent?.trim())
    expect(roles).toEqual(['绩效科', '业务科室审核'])
  })

  it('offers 修改密码 and 绑定动态口令 on the identity provider', async () => {
    ;({ wrapper } = await mountPortal('/', cityOfficer()))

    expect(byTestId('change-password')?.getAttribute('href')).toBe('/account/change-password')
    expect(byTestId('change-password')?.textContent).toBe('修改密码')
    expect(byTestId('totp-setup')?.getAttribute('href')).toBe('/account/totp/setup')
    expect(byTestId('totp-setup')?.textContent).toBe('绑定动态口令')
  })

  it('signs out everywhere: the identity provider ends the session named by the ID token', async () => {
    const mounted = await mountPortal('/', cityOfficer())
    wrapper = mounted.wrapper

    byTestId('signout')?.click()
    await flushPromises()

    expect(mounted.auth.signoutRedirect).toHaveBeenCalledWith({ id_token_hint: 'id-token' })
  })

  it('falls back to the directory for an organisation and region the profile leaves out', async () => {
    const me = { organisationName: '盂县财政局', regionName: '盂县', regionLevel: 'county', roles: ['unit-filer'] }
    const fetchMock = vi.fn(async (input: RequestInfo | URL) =>
      String(input) === '/api/identity/me'
        ? new Response(JSON.stringify(me), { status: 200, headers: { 'Content-Type': 'application/json' } })
        : new Response(null, { status: 503 }),
    )
    vi.stubGlobal('fetch', fetchMock)

    ;({ wrapper } = await mountPortal('/', testUser({ org_name: undefined, region_name: undefined, role: 'unit-filer' })))
    await flushPromises()

    expect(byTestId('user-org')?.textContent).toBe('盂县财政局')
    expect(byTestId('user-region')?.textContent).toBe('盂县')
  })
})

describe('the header for a visitor', () => {
  it('says 未登录 and offers to sign in', async () => {
    ;({ wrapper } = await mountPortal('/'))

    expect(wrapper.find('[data-test="user-area"]').text()).toContain('未登录')
    expect(byTestId('signin')?.textContent?.trim()).toBe('登录')
    expect(byTestId('user-name')).toBeNull()
  })

  it('signs in and comes back to the page the visitor is on', async () => {
    const mounted = await mountPortal('/?tab=status')
    wrapper = mounted.wrapper

    byTestId('signin')?.click()
    await flushPromises()

    expect(mounted.auth.signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/?tab=status' } })
  })
})
