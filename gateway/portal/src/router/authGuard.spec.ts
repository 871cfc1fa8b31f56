import type { VueWrapper } from '@vue/test-utils'
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

async function visit(path: string, user: Parameters<typeof mountPortal>[1] = null) {
  const mounted = await mountPortal(path, user)
  wrapper = mounted.wrapper
  return mounted
}

describe('a visitor who has not signed in', () => {
  it('is sent to sign in, carrying the page they asked for', async () => {
    const { auth, router } = await visit('/projects/declaration?year=2025#list')

    expect(auth.signinRedirect).toHaveBeenCalledTimes(1)
    expect(auth.signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/projects/declaration?year=2025#list' } })
    expect(router.currentRoute.value.path).not.toBe('/projects/declaration')
  })

  it('may open the 工作台 without signing in', async () => {
    const { auth, router } = await visit('/')

    expect(auth.signinRedirect).not.toHaveBeenCalled()
    expect(router.currentRoute.value.name).toBe('home')
  })

  it.each(['/public/targets', '/public/targets/9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d'])('may open the published targets at %s without signing in', async (path) => {
    const { auth, router } = await visit(path)

    expect(auth.signinRedirect).not.toHaveBeenCalled()
    expect(router.currentRoute.value.path).toBe(path)
    expect(wrapper!.find('.shell-menu').exists()).toBe(false)
  })

  it('sees the not-found page for an unknown address without signing in', async () => {
    const { auth } = await visit('/no/such/page')

    expect(auth.signinRedirect).not.toHaveBeenCalled()
    expect(wrapper!.find('.el-result').text()).toContain('页面不存在')
  })

  it('is told when the identity service cannot be reached', async () => {
    const mounted = await mountPortal('/', null)
    wrapper = mounted.wrapper
    mounted.auth.signinRedirect.mockRejectedValueOnce(new TypeError('Failed to fetch'))

    await mounted.router.push('/monitoring')

    expect(mounted.router.currentRoute.value.name).toBe('signin-unavailable')
    expect(mounted.router.currentRoute.value.query.returnTo).toBe('/monitoring')
  })
})

describe('a signed-in user', () => {
  it('opens area pages', async () => {
    const { auth, router } = await visit('/monitoring', testUser({ role: 'unit-filer' }))

    expect(auth.signinRedirect).not.toHaveBeenCalled()
    expect(router.currentRoute.value.path).toBe('/monitoring')
  })

  it('with an expired access token is renewed with the refresh token instead of signing in again', async () => {
    const expired = testUser({ role: 'unit-filer' }, { expired: true, refreshToken: 'refresh' })
    const { auth, router, wrapper: mounted } = await mountPortal('/monitoring', expired, (provider) => {
      provider.renewed = testUser({ role: 'unit-filer' }, { accessToken: 'renewed' })
    })
    wrapper = mounted

    expect(auth.signinSilent).toHaveBeenCalledTimes(1)
    expect(auth.signinRedirect).not.toHaveBeenCalled()
    expect(router.currentRoute.value.path).toBe('/monitoring')
  })

  it('with an expired access token and no refresh token signs in again', async () => {
    const { auth } = await visit('/monitoring', testUser({}, { expired: true }))

    expect(auth.signinSilent).not.toHaveBeenCalled()
    expect(auth.signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/monitoring' } })
  })

  it('who administers nobody is refused 系统管理', async () => {
    const { router } = await visit('/admin/users', testUser({ role: ['unit-filer', 'overseer'] }))

    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(wrapper!.find('.el-result').text()).toContain('无权访问')
  })
})
