import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { navPages } from '@/navigation'
import { deliveredScreens } from '@/router'
import { testUser } from '@/test/fakeAuth'
import { mountPortal } from '@/test/mountPortal'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 503 })))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const filer = () => testUser({ role: 'unit-filer' })

describe('an area not yet delivered', () => {
  it('says in an empty state which capability opens the page', async () => {
    ;({ wrapper } = await mountPortal('/evaluation/self', filer()))

    const empty = wrapper.find('.el-empty')
    expect(empty.exists()).toBe(true)
    expect(empty.text()).toContain('自评将在绩效评价功能交付后开放。')
  })

  it('names the page itself when the area has no sub-pages', async () => {
    ;({ wrapper } = await mountPortal('/monitoring', filer()))

    expect(wrapper.find('.el-empty').text()).toContain('运行监控将在该功能交付后开放。')
  })

  it('shows no figures on any page', async () => {
    const placeholders = navPages().filter(({ page }) => !deliveredScreens[page.path])
    expect(placeholders.length).toBeGreaterThan(0)
    for (const { page } of placeholders) {
      ;({ wrapper } = await mountPortal(page.path, testUser({ role: 'platform-operator' })))
      expect(wrapper.find('.shell-main').text(), page.path).not.toMatch(/\d/)
      wrapper.unmount()
      wrapper = undefined
    }
  })
})

describe('routing', () => {
  it('opens the first page of a group area', async () => {
    const { router, wrapper: mounted } = await mountPortal('/evaluation', filer())
    wrapper = mounted

    expect(router.currentRoute.value.path).toBe('/evaluation/self')
  })

  it('shows a not-found page for an unknown address', async () => {
    ;({ wrapper } = await mountPortal('/no/such/page'))

    expect(wrapper.find('.el-result').text()).toContain('页面不存在')
  })
})
