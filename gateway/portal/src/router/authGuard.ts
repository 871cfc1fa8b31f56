import type { Router } from 'vue-router'
import { useSessionStore } from '@/stores/session'

/**
 * Pages need a signed-in user unless marked public: a visitor is sent to the identity provider's
 * sign-in page and brought back to the page they asked for. Pages of an area limited to some roles
 * show 无权访问 to everyone else.
 */
export function installAuthGuard(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    // The callback is about to store a new user; reading the old one first is pointless.
    if (to.name === 'auth-callback') return true
    const signedIn = await session.restore()
    if (to.meta.public) return true
    if (!signedIn) {
      try {
        await session.signIn(to.fullPath)
        return false
      } catch {
        return { name: 'signin-unavailable', query: { returnTo: to.fullPath } }
      }
    }
    if (to.meta.roles && !session.hasAnyRole(to.meta.roles)) return { name: 'forbidden' }
    return true
  })
}
