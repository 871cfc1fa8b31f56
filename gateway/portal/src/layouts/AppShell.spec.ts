import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { navPages, navigation } from '@/navigation'
import { testUser } from '@/test/fakeAuth'
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

const administrator = () => testUser({ role: ['region-admin', 'performance-officer'] })
const unitFiler = () => testUser({ role: 'unit-filer', name: '盂县单位填报员' })

describe('the portal shell', () => {
  it('shows the product name in the header', async () => {
    ;({ wrapper } = await mountPortal('/'))

    expect(wrapper.find('.shell-header').text()).toContain('预算绩效管理平台')
  })

  it('lists every area and every page in the navigation for an administrator', async () => {
    ;({ wrapper } = await mountPortal('/', administrator()))
    const menu = wrapper.find('.shell-menu').text()

    for (const area of navigation) expect(menu).toContain(area.title)
    for (const { page } of navPages()) expect(menu).toContain(page.title)
  })

  it('hides 系统管理 from a user who administers nobody', async () => {
    ;({ wrapper } = await mountPortal('/', unitFiler()))
    const menu = wrapper.find('.shell-menu').text()

    expect(menu).toContain('项目库')
    expect(menu).not.toContain('系统管理')
    expect(menu).not.toContain('用户管理')
  })

  it('hides 系统管理 from a visitor who has not signed in', async () => {
    ;({ wrapper } = await mountPortal('/'))

    expect(wrapper.find('.shell-menu').text()).not.toContain('系统管理')
  })

  it('titles the browser tab after the page', async () => {
    ;({ wrapper } = await mountPortal('/targets/indicators', unitFiler()))

    expect(document.title).toBe('指标库 - 预算绩效管理平台')
  })
})
