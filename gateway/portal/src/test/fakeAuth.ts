import { User, type UserProfile } from 'oidc-client-ts'
import { vi } from 'vitest'
import { useUserManager, type PortalUserManager } from '@/auth/auth'

type Listener = (user: User) => void

/** A signed-in user as oidc-client-ts stores one, with PlatformClaims in the profile. */
export function testUser(
  claims: Record<string, unknown> = {},
  options: { expired?: boolean; refreshToken?: string; state?: unknown; accessToken?: string } = {},
): User {
  const now = Math.floor(Date.now() / 1000)
  const profile = {
    sub: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    iss: 'http://localhost:3000',
    aud: 'portal',
    exp: now + 300,
    iat: now,
    name: '盂县财政局管理员',
    preferred_username: '140322.region-admin',
    org: '0f8fad5b-d9cb-469f-a165-70867728950e',
    org_name: '盂县财政局',
    region: '140322',
    region_name: '盂县',
    region_level: 'county',
    role: 'region-admin',
    ...claims,
  } as UserProfile
  return new User({
    access_token: options.accessToken ?? 'access-token',
    id_token: 'id-token',
    refresh_token: options.refreshToken,
    token_type: 'Bearer',
    scope: 'openid profile offline_access identity',
    profile,
    expires_at: options.expired ? now - 10 : now + 600,
    userState: options.state,
  })
}

/** Stands in for the identity provider: records redirects, answers with `user`. */
export function fakeUserManager(initial: User | null = null) {
  const loaded: Listener[] = []
  const unloaded: (() => void)[] = []
  const fake = {
    user: initial,
    getUser: vi.fn(async () => fake.user),
    signinRedirect: vi.fn(async (_args?: { state?: unknown }) => {}),
    signinRedirectCallback: vi.fn(async (_url?: string): Promise<User> => {
      throw new Error('no sign-in response')
    }),
    /** Renewal: the real UserManager stores the renewed user and tells its listeners. */
    signinSilent: vi.fn(async (): Promise<User | null> => {
      if (fake.renewed) fake.load(fake.renewed)
      return fake.renewed
    }),
    renewed: null as User | null,
    signoutRedirect: vi.fn(async (_args?: { id_token_hint?: string }) => {}),
    removeUser: vi.fn(async () => {
      fake.user = null
      for (const listener of unloaded) listener()
    }),
    events: {
      addUserLoaded: (listener: Listener) => {
        loaded.push(listener)
        return () => {}
      },
      addUserUnloaded: (listener: () => void) => {
        unloaded.push(listener)
        return () => {}
      },
    },
    /** What the real UserManager does after a sign-in or renewal. */
    load(user: User) {
      fake.user = user
      for (const listener of loaded) listener(user)
    },
  }
  useUserManager(fake as PortalUserManager)
  return fake
}

export type FakeUserManager = ReturnType<typeof fakeUserManager>
