// The portal's OpenID Connect client as oidc-client-ts runs it, against a stand-in identity provider
// (discovery and token endpoint answered by a stubbed fetch).

import { User, UserManager } from 'oidc-client-ts'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renew, signIn, signOut, useUserManager } from './auth'
import { oidcSettings } from './settings'

const origin = 'http://localhost:3000'

const discovery = {
  issuer: origin,
  authorization_endpoint: `${origin}/connect/authorize`,
  token_endpoint: `${origin}/connect/token`,
  userinfo_endpoint: `${origin}/connect/userinfo`,
  end_session_endpoint: `${origin}/connect/endsession`,
  jwks_uri: `${origin}/.well-known/jwks`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
}

let provider: ReturnType<typeof vi.fn<typeof fetch>>
let navigatedTo: ReturnType<typeof vi.spyOn>
let manager: UserManager

beforeEach(() => {
  sessionStorage.clear()
  localStorage.clear()
  provider = vi.fn<typeof fetch>(async (input) => {
    const url = String(input instanceof Request ? input.url : input)
    if (url.endsWith('/.well-known/openid-configuration')) return json(discovery)
    if (url === discovery.token_endpoint) return json({ access_token: 'new-access', token_type: 'Bearer', expires_in: 600, refresh_token: 'new-refresh', scope: 'openid' })
    if (url === discovery.userinfo_endpoint) return json({ sub: 'u1', name: '盂县单位填报员' })
    return new Response(null, { status: 404 })
  })
  vi.stubGlobal('fetch', provider)
  navigatedTo = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
  manager = new UserManager(oidcSettings(origin))
  useUserManager(manager)
})

afterEach(() => {
  manager.stopSilentRenew()
  useUserManager(null)
  document.querySelectorAll('iframe').forEach((frame) => frame.remove())
})

function storedUser(options: { refreshToken?: string } = {}): Promise<void> {
  const now = Math.floor(Date.now() / 1000)
  return manager.storeUser(
    new User({
      access_token: 'old-access',
      id_token: 'the-id-token',
      refresh_token: options.refreshToken,
      token_type: 'Bearer',
      profile: { sub: 'u1', iss: origin, aud: 'portal', exp: now + 300, iat: now },
      expires_at: now - 1,
    }),
  )
}

/** Starts a redirect and answers where the browser was sent (the redirect itself never settles: the page leaves). */
async function redirectOf(start: () => Promise<void>): Promise<URL> {
  void start()
  await vi.waitFor(() => expect(navigatedTo).toHaveBeenCalled())
  return new URL(String(navigatedTo.mock.calls.at(-1)?.[0]))
}

describe('the sign-in request', () => {
  it('is an authorization code request with PKCE S256 to the gateway as issuer', async () => {
    const url = await redirectOf(() => signIn('/admin/users'))

    expect(`${url.origin}${url.pathname}`).toBe(`${origin}/connect/authorize`)
    expect(url.searchParams.get('response_type')).toBe('code')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(url.searchParams.get('state')).toBeTruthy()
    expect(url.searchParams.get('nonce')).toBeNull()
  })

  it('names the portal client, its exact redirect URI and every scope the platform has', async () => {
    const url = await redirectOf(() => signIn('/'))

    expect(url.searchParams.get('client_id')).toBe('portal')
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:3000/auth/callback')
    expect(url.searchParams.get('scope')).toBe('openid profile offline_access identity projects targets monitoring evaluation vendors')
  })

  it('keeps the page the user wanted, and the PKCE verifier, in this tab only', async () => {
    const url = await redirectOf(() => signIn('/admin/users?page=2'))

    const state = url.searchParams.get('state')
    const stored = JSON.parse(sessionStorage.getItem(`oidc.${state}`) ?? '{}')
    expect(stored.data).toEqual({ returnTo: '/admin/users?page=2' })
    expect(stored.code_verifier).toBeTruthy()
    expect(localStorage.length).toBe(0)
  })

  it('refuses to carry a return address off the site', async () => {
    const url = await redirectOf(() => signIn('//evil.example/phish'))

    const stored = JSON.parse(sessionStorage.getItem(`oidc.${url.searchParams.get('state')}`) ?? '{}')
    expect(stored.data).toEqual({ returnTo: '/' })
  })
})

describe('renewal', () => {
  it('uses the refresh token at the token endpoint', async () => {
    await storedUser({ refreshToken: 'old-refresh' })

    const user = await renew()

    expect(user?.access_token).toBe('new-access')
    const tokenCall = provider.mock.calls.find(([input]) => String(input) === discovery.token_endpoint)
    const form = new URLSearchParams(String(tokenCall?.[1]?.body))
    expect(form.get('grant_type')).toBe('refresh_token')
    expect(form.get('refresh_token')).toBe('old-refresh')
    expect(form.get('client_id')).toBe('portal')
  })

  it('never falls back to a hidden iframe when there is no refresh token', async () => {
    await storedUser()

    const user = await renew()

    expect(user).toBeNull()
    expect(document.querySelectorAll('iframe')).toHaveLength(0)
    expect(provider.mock.calls.some(([input]) => String(input).includes('/connect/authorize'))).toBe(false)
  })

  it('does not watch the session through a check-session iframe', () => {
    expect(manager.settings.monitorSession).toBe(false)
    expect(manager.settings.silent_redirect_uri).toBe('')
  })

  it('keeps the user in sessionStorage', async () => {
    await storedUser({ refreshToken: 'r' })

    expect(sessionStorage.getItem('oidc.user:http://localhost:3000:portal')).toContain('old-access')
    expect(localStorage.length).toBe(0)
  })
})

describe('sign-out', () => {
  it('ends the session at the identity provider with the ID token as hint and comes back to the home page', async () => {
    await storedUser({ refreshToken: 'r' })

    const url = await redirectOf(signOut)

    expect(`${url.origin}${url.pathname}`).toBe(`${origin}/connect/endsession`)
    expect(url.searchParams.get('id_token_hint')).toBe('the-id-token')
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:3000/')
    expect(await manager.getUser()).toBeNull()
  })
})
