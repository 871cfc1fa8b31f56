// Who is using the portal. The tokens live in oidc-client-ts (sessionStorage); this store is the
// screens' view of them, kept current by the UserManager's events.

import type { User } from 'oidc-client-ts'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { getMe } from '@/api/identity'
import { currentUser, signIn, signOut, userManager } from '@/auth/auth'
import { sessionUserOf, type SessionUser } from '@/auth/profile'
import { administratorRoles, hasAnyRole as hasAnyOf } from '@/identity/platform'

export type { SessionUser }

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null)
  const signedIn = computed(() => user.value !== null)
  const displayName = computed(() => user.value?.name || '未登录')

  function hasAnyRole(roles: readonly string[]): boolean {
    return hasAnyOf(user.value?.roles ?? [], roles)
  }
  const isAdministrator = computed(() => hasAnyRole(administratorRoles))

  function adopt(oidcUser: User | null): void {
    user.value = oidcUser ? sessionUserOf(oidcUser.profile) : null
    if (user.value && (!user.value.organisation || !user.value.region)) void completeFromDirectory(user.value.id)
  }

  // When the provider leaves the organisation or region out of the profile, the directory knows them.
  async function completeFromDirectory(id: string): Promise<void> {
    const me = await getMe().catch(() => null)
    if (!me || user.value?.id !== id) return
    user.value = {
      ...user.value,
      organisationId: me.organisationId,
      organisation: me.organisationName,
      regionCode: me.regionCode,
      region: me.regionName,
      regionLevel: me.regionLevel,
      roles: user.value.roles.length ? user.value.roles : [...me.roles],
    }
  }

  /** Reads the stored sign-in (renewing an expired token); true when someone is signed in. */
  async function restore(): Promise<boolean> {
    const current = await currentUser()
    if ((current?.profile.sub ?? null) !== (user.value?.id ?? null)) adopt(current)
    return current !== null
  }

  const manager = userManager()
  manager.events.addUserLoaded(adopt)
  manager.events.addUserUnloaded(() => adopt(null))

  return { user, signedIn, displayName, hasAnyRole, isAdministrator, adopt, restore, signIn, signOut }
})
