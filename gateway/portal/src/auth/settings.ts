import { WebStorageStateStore, type UserManagerSettings } from 'oidc-client-ts'

export const portalClientId = 'portal'
export const portalScopes = 'openid profile offline_access identity projects targets monitoring evaluation vendors'
export const callbackPath = '/auth/callback'

/**
 * The portal's OpenID Connect client. The gateway is both the issuer and the portal's host, so every
 * address derives from the page's own origin. Renewal uses the refresh token only: oidc-client-ts falls
 * back to a hidden iframe at `silent_redirect_uri` (default: the redirect URI) when there is none, and
 * such iframes depend on third-party cookies, so the empty string switches that path off.
 */
export function oidcSettings(origin: string, storage: Storage = window.sessionStorage): UserManagerSettings {
  return {
    authority: origin,
    client_id: portalClientId,
    redirect_uri: `${origin}${callbackPath}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: portalScopes,
    userStore: new WebStorageStateStore({ store: storage }),
    stateStore: new WebStorageStateStore({ store: storage }),
    loadUserInfo: true,
    automaticSilentRenew: true,
    silent_redirect_uri: '',
    monitorSession: false,
    monitorAnonymousSession: false,
  }
}
