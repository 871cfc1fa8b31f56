import { flushPromises, mount } from '@vue/test-utils'
import type { User } from 'oidc-client-ts'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '@/App.vue'
import { createPortalRouter } from '@/router'
import { fakeUserManager, type FakeUserManager } from './fakeAuth'

/**
 * Mounts the whole portal, as the browser would, at `path`, with `user` signed in (or nobody);
 * `prepare` sets up the stand-in identity provider before the first navigation.
 */
export async function mountPortal(path: string, user: User | null = null, prepare?: (auth: FakeUserManager) => void) {
  const auth = fakeUserManager(user)
  prepare?.(auth)
  const pinia = createPinia()
  // The router's guard reads the session before the app is mounted.
  setActivePinia(pinia)
  const router = createPortalRouter(createMemoryHistory())
  // A first navigation the guard stops (to sign in) never makes the router ready.
  const stopped = await router.push(path)
  if (!stopped) await router.isReady()
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, auth }
}
