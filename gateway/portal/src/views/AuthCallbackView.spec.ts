import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { ErrorResponse, type User } from 'oidc-client-ts'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FakeUserManager } from '@/test/fakeAuth'
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

/** The identity provider's answer to the callback: the signed-in user, as UserManager stores it. */
function signingIn(user: User) {
  return (auth: FakeUserManager) => {
    auth.signinRedirectCallback.mockImplementation(async () => {
      auth.load(user)
      return user
    })
  }
}

async function callback(prepare: (auth: FakeUserManager) => void) {
  const mounted = await mountPortal('/auth/callback?code=c0de&state=s1&iss=http%3A%2F%2Flocalhost%3A3000', null, prepare)
  wrapper = mounted.wrapper
  await flushPromises()
  await flushPromises()
  return mounted
}

describe('the sign-in callback', () => {
  it('completes the sign-in and returns to the page the user wanted', async () => {
    const user = testUser({ role: 'region-admin' }, { state: { returnTo: '/admin/users?page=2' } })

    const { auth, router } = await callback(signingIn(user))

    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/admin/users?page=2'))
    expect(auth.signinRedirectCallback).toHaveBeenCalledTimes(1)
    expect(document.querySelector('[data-testid="user-name"]')?.textContent).toBe('盂县财政局管理员')
  })

  it('returns to the home page instead of an address off the site', async () => {
    const user = testUser({}, { state: { returnTo: '//evil.example/' } })

    const { router } = await callback(signingIn(user))

    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/'))
  })

  it('explains a refused sign-in and offers to sign in again', async () => {
    const { auth } = await callback((provider) =>
      provider.signinRedirectCallback.mockRejectedValue(new ErrorResponse({ error: 'access_denied', error_description: '账户已停用，请联系管理员。' })),
    )

    const problem = wrapper!.find('[data-test="auth-problem"]')
    expect(problem.text()).toContain('登录未完成')
    expect(problem.text()).toContain('账户已停用，请联系管理员。')

    await wrapper!.find('[data-test="signin-again"]').trigger('click')
    expect(auth.signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/' } })
  })
})
