import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { navPages, navigation } from '@/navigation'
import { mountPortal } from '@/test/mountPortal'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  // The shell's pages never reach a gateway in these tests.
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 503 })))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('the portal shell', () => {
  it('shows the product name in the header', async () => {
    ;({ wrapper } = await mountPortal('/admin'))

    expect(wrapper.find('.shell-header').text()).toContain('预算绩效管理平台')
  })

  it('shows an anonymous user as not signed in', async () => {
    ;({ wrapper } = await mountPortal('/admin'))

    expect(wrapper.find('[data-test="user-area"]').text()).toBe('未登录')
  })

  it('lists every area and every page in the navigation', async () => {
    ;({ wrapper } = await mountPortal('/admin'))
    const menu = wrapper.find('.shell-menu').text()

    for (const area of navigation) expect(menu).toContain(area.title)
    for (const { page } of navPages()) expect(menu).toContain(page.title)
  })

  it('titles the browser tab after the page', async () => {
    ;({ wrapper } = await mountPortal('/targets/indicators'))

    expect(document.title).toBe('指标库 - 预算绩效管理平台')
  })
})
