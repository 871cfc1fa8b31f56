import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { click } from '@/test/dom'
import { fakeApi, jsonResponse, page } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'
import { setId, summary, targetSet } from '@/test/targetsData'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

function api() {
  return fakeApi({
    'GET /api/targets/public/sets': () => page([summary({ status: 'PUBLISHED' })]),
    [`GET /api/targets/public/sets/${setId}`]: () => targetSet({ status: 'PUBLISHED' }),
    'GET /api/targets/public/sets/hidden': () => jsonResponse({ title: 'Not Found', status: 404 }, 404),
  })
}

describe('绩效目标公开, for a visitor who has not signed in', () => {
  it('lists the published sets without asking anyone to sign in, and without a token', async () => {
    const gateway = api()

    const mounted = await mountPortal('/public/targets', null)
    wrapper = mounted.wrapper
    const { auth } = mounted
    await flushPromises()

    expect(auth.signinRedirect).not.toHaveBeenCalled()
    expect(document.querySelector('[data-testid="public-rows"]')?.textContent).toContain('校舍维修改造项目')
    expect(document.querySelector('.shell-menu')).toBeNull()
    expect(gateway.calls('GET /api/targets/public/sets')[0]?.headers.has('Authorization')).toBe(false)
  })

  it('searches by year, region and keyword', async () => {
    const gateway = api()
    ;({ wrapper } = await mountPortal('/public/targets', null))
    await flushPromises()

    const region = document.querySelector<HTMLInputElement>('input[data-testid="public-filter-region"]')!
    region.value = '140322'
    region.dispatchEvent(new Event('input'))
    await click(document.querySelector('[data-testid="public-search"]'))

    expect(gateway.calls('GET /api/targets/public/sets').at(-1)?.query.get('regionCode')).toBe('140322')
  })

  it('opens a published set with its indicator table', async () => {
    api()
    const mounted = await mountPortal(`/public/targets/${setId}`, null)
    wrapper = mounted.wrapper
    const { auth } = mounted

    expect(auth.signinRedirect).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(document.querySelector('[data-testid="public-set-title"]')?.textContent).toContain('校舍维修改造项目'))
    const table = document.querySelector('[data-testid="indicator-table"]')?.textContent ?? ''
    expect(table).toContain('维修校舍面积')
    expect(table).toContain('≥5000平方米')
    expect(table).toContain('达成 0.8–1')
  })

  it('says a set that is not published does not exist', async () => {
    api()
    ;({ wrapper } = await mountPortal('/public/targets/hidden', null))
    await flushPromises()

    expect(document.body.textContent).toContain('该目标表不存在或尚未公开。')
  })
})
