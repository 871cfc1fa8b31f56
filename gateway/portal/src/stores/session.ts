// Who is using the portal. Sign-in arrives with the identity capability: it fills `user` and
// registers the access token with `setAccessTokenProvider` from `@/api/http`; until then every
// visitor is anonymous and the header says so.

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

export interface SessionUser {
  name: string
  organisation: string
}

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null)
  const signedIn = computed(() => user.value !== null)
  const displayName = computed(() => user.value?.name ?? '未登录')
  return { user, signedIn, displayName }
})
