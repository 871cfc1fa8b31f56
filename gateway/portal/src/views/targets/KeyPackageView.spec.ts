import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { click } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { targetSet } from '@/test/targetsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

const pack = {
  year: 2027,
  regionCode: '140322',
  regionName: '盂县',
  sets: [targetSet({ status: 'ISSUED', isKey: true }), targetSet({ id: 'x', ownerName: '学生资助政策', ownerType: 'policy', isKey: true, amount: 1_500_000 })],
  totalAmount: 4_500_000,
}

describe('重点目标报送', () => {
  it('shows the package for 人大 with every set’s indicators, and prints it', async () => {
    fakeApi({ 'GET /api/targets/key-package': () => pack })
    const print = vi.fn()
    vi.stubGlobal('print', print)
    ;({ wrapper } = await mountPortal('/targets/key-package', testUser({ role: 'overseer' })))
    await flushPromises()

    const page = document.querySelector('[data-testid="key-package"]')?.textContent ?? ''
    expect(page).toContain('盂县重点绩效目标')
    expect(page).toContain('学生资助政策')
    expect(document.querySelector('[data-testid="key-summary"]')?.textContent).toContain('共 2 个重点目标表，资金合计 450.00 万元')
    expect(document.querySelectorAll('[data-testid="indicator-table"]')).toHaveLength(2)

    await click(document.querySelector('[data-testid="key-print"]'))
    expect(print).toHaveBeenCalledTimes(1)
  })

  it('downloads the same package as Excel', async () => {
    const gateway = fakeApi({ 'GET /api/targets/key-package': () => pack, 'GET /api/targets/key-package.xlsx': () => new Response(new Blob(['x'])) })
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:key')
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    ;({ wrapper } = await mountPortal('/targets/key-package', testUser({ role: 'budget-officer' })))
    await flushPromises()

    await click(document.querySelector('[data-testid="key-download"]'))

    expect(gateway.calls('GET /api/targets/key-package.xlsx')[0]?.query.get('year')).toBe(String(new Date().getFullYear() + 1))
    expect(clicked).toHaveBeenCalled()
  })

  it('is kept from filers, in the menu and by address', async () => {
    fakeApi({})
    const { router, wrapper: mounted } = await mountPortal('/targets/key-package', testUser({ role: 'unit-filer' }))
    wrapper = mounted

    expect(router.currentRoute.value.name).toBe('forbidden')
    expect(wrapper.find('.shell-menu').text()).not.toContain('重点目标报送')
  })
})
