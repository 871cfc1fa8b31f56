// Sign-in, renewal and sign-out of the portal's user, over one oidc-client-ts UserManager. Screens and
// the router use the session store; the API client gets tokens through `connectHttp`.

import { ErrorResponse, UserManager, type User, type UserManagerEvents } from 'oidc-client-ts'
import { setAccessTokenProvider, setUnauthorizedHandler } from '@/api/http'
import { oidcSettings } from './settings'

/** The part of UserManager the portal uses, so that tests can stand in for the identity provider. */
export interface PortalUserManager {
  getUser(): Promise<User | null>
  signinRedirect(args?: { state?: unknown }): Promise<void>
  signinRedirectCallback(url?: string): Promise<User>
  signinSilent(): Promise<User | null>
  signoutRedirect(args?: { id_token_hint?: string }): Promise<void>
  removeUser(): Promise<void>
  events: Pick<UserManagerEvents, 'addUserLoaded' | 'addUserUnloaded'>
}

/** What the portal carries through the identity provider's sign-in page and back. */
export interface SignInState {
  returnTo: string
}

let manager: PortalUserManager | null = null
let renewing: Promise<User | null> | null = null

export function userManager(): PortalUserManager {
  return (manager ??= new UserManager(oidcSettings(window.location.origin)))
}

/** Replaces the UserManager (tests); `null` goes back to the real one on next use. */
export function useUserManager(replacement: PortalUserManager | null): void {
  manager = replacement
  renewing = null
}

/** Only a path on this site: anything else (`//evil.example`, `https://…`) returns to the home page. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : '/'
}

export async function signIn(returnTo: string): Promise<void> {
  const state: SignInState = { returnTo: safeReturnTo(returnTo) }
  await userManager().signinRedirect({ state })
}

/** Completes the redirect back from the identity provider; answers the user and where they were going. */
export async function completeSignIn(url?: string): Promise<{ user: User; returnTo: string }> {
  const user = await userManager().signinRedirectCallback(url)
  const state = user.state as Partial<SignInState> | undefined
  return { user, returnTo: safeReturnTo(state?.returnTo) }
}

/**
 * Ends the single sign-on session at the identity provider, not only the portal's copy of the tokens.
 * When the provider cannot be reached the tokens are still forgotten here, and the error is rethrown so
 * the user learns the session elsewhere may live on.
 */
export async function signOut(): Promise<void> {
  const user = await userManager().getUser()
  try {
    await userManager().signoutRedirect({ id_token_hint: user?.id_token })
  } catch (error) {
    await userManager().removeUser()
    throw error
  }
}

/** The signed-in user with a usable access token, renewing it first when it has expired; else null. */
export async function currentUser(): Promise<User | null> {
  const user = await userManager().getUser()
  if (!user) return null
  if (!user.expired) return user
  return user.refresh_token ? renew() : null
}

/**
 * A new access token from the refresh token. Concurrent callers share one request: the identity
 * provider rotates refresh tokens and treats a second use of the same one as theft.
 */
export function renew(): Promise<User | null> {
  renewing ??= userManager()
    .signinSilent()
    .catch(async (error: unknown) => {
      // A refused refresh token (revoked, expired, reused) cannot be tried again: forget the user.
      if (error instanceof ErrorResponse) await userManager().removeUser()
      return null
    })
    .finally(() => {
      renewing = null
    })
  return renewing
}

function currentLocation(): string {
  return `${window.location.pathname}${window.location.search}${window.location.hash}`
}

/** Gives the API client the user's access token, and what to do when the gateway refuses it. */
export function connectHttp(): void {
  setAccessTokenProvider(async () => (await currentUser())?.access_token)
  setUnauthorizedHandler({
    renew: async () => (await renew()) !== null,
    signInAgain: () => signIn(currentLocation()),
  })
}

const cjk = /[\u3400-\u9fff]/

/** Why a sign-in did not complete, in words for the user. */
export function signInFailureText(error: unknown): string {
  if (error instanceof ErrorResponse) {
    const description = error.error_description ?? ''
    return cjk.test(description) ? description : '统一身份认证服务未同意本次登录，请重新登录。'
  }
  return '登录请求已失效或不完整，请重新登录。'
}
