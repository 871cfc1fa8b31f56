import { ErrorResponse } from 'oidc-client-ts'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { http, setAccessTokenProvider, setUnauthorizedHandler } from '@/api/http'
import { fakeUserManager, testUser } from '@/test/fakeAuth'
import { connectHttp, renew, safeReturnTo, signInFailureText } from './auth'

function answer(status: number): Response {
  return new Response(status === 200 ? '{}' : null, { status, headers: { 'Content-Type': 'application/json' } })
}

function bearerOf(fetchMock: ReturnType<typeof vi.fn<typeof fetch>>, call: number): string | null {
  return new Headers(fetchMock.mock.calls[call]?.[1]?.headers).get('Authorization')
}

beforeEach(() => connectHttp())

afterEach(() => {
  setAccessTokenProvider(null)
  setUnauthorizedHandler(null)
})

describe('the API client signed in through the portal', () => {
  it('sends the user access token', async () => {
    fakeUserManager(testUser({}, { accessToken: 'token-a' }))
    const fetchMock = vi.fn<typeof fetch>(async () => answer(200))

    await http.get('/api/identity/me', { fetch: fetchMock })

    expect(bearerOf(fetchMock, 0)).toBe('Bearer token-a')
  })

  it('renews with the refresh token after a 401 and retries once with the new token', async () => {
    const auth = fakeUserManager(testUser({}, { accessToken: 'token-a', refreshToken: 'r' }))
    auth.renewed = testUser({}, { accessToken: 'token-b', refreshToken: 'r2' })
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValueOnce(answer(401)).mockResolvedValueOnce(answer(200))

    await http.get('/api/identity/me', { fetch: fetchMock })

    expect(auth.signinSilent).toHaveBeenCalledTimes(1)
    expect(bearerOf(fetchMock, 1)).toBe('Bearer token-b')
    expect(auth.signinRedirect).not.toHaveBeenCalled()
  })

  it('signs in again, back to the current page, when the refresh token is refused', async () => {
    const auth = fakeUserManager(testUser({}, { refreshToken: 'revoked' }))
    auth.signinSilent.mockRejectedValueOnce(new ErrorResponse({ error: 'invalid_grant' }))
    window.history.replaceState(null, '', '/admin/users?page=3')
    const fetchMock = vi.fn<typeof fetch>(async () => answer(401))

    await expect(http.get('/api/identity/users', { fetch: fetchMock })).rejects.toMatchObject({ status: 401 })

    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(auth.removeUser).toHaveBeenCalled()
    expect(auth.signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/admin/users?page=3' } })
  })
})

describe('renew', () => {
  it('lets concurrent callers share one refresh: a refresh token is good for one use', async () => {
    const auth = fakeUserManager(testUser({}, { refreshToken: 'r' }))
    auth.renewed = testUser({}, { accessToken: 'token-b' })

    const [first, second] = await Promise.all([renew(), renew()])

    expect(auth.signinSilent).toHaveBeenCalledTimes(1)
    expect(first?.access_token).toBe('token-b')
    expect(second).toBe(first)
  })
})

describe('safeReturnTo', () => {
  it.each([
    ['/admin/users?page=2', '/admin/users?page=2'],
    ['/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['admin', '/'],
    [undefined, '/'],
  ])('%s → %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected)
  })
})

describe('signInFailureText', () => {
  it('shows the identity provider’s own Chinese explanation', () => {
    expect(signInFailureText(new ErrorResponse({ error: 'access_denied', error_description: '账户已停用' }))).toBe('账户已停用')
  })

  it('replaces an English one with a Chinese sentence', () => {
    expect(signInFailureText(new ErrorResponse({ error: 'invalid_request', error_description: 'bad' }))).toMatch(/[\u4e00-\u9fff]/)
  })
})
