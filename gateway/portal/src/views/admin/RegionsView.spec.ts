import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { yangquanTree } from '@/test/directoryData'
import { click, expectFieldError, openDialog, typeInto } from '@/test/dom'
import { testUser } from '@/test/fakeAuth'
import { fakeApi, jsonResponse } from '@/test/fakeApi'
import { mountPortal } from '@/test/mountPortal'

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

function api(overrides: Record<string, Parameters<typeof fakeApi>[0][string]> = {}) {
  return fakeApi({ 'GET /api/identity/regions': () => yangquanTree, ...overrides })
}

async function open() {
  const mounted = await mountPortal('/admin/regions', testUser({ role: 'region-admin', region_level: 'city' }))
  wrapper = mounted.wrapper
  await flushPromises()
  return mounted
}

function region(code: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-region="${code}"]`)
  if (!found) throw new Error(`region ${code} not shown`)
  return found
}

async function addZoneUnder(city: string, name: string, code: string) {
  await click(region(city).querySelector('[data-test="add-zone"]'))
  await typeInto(openDialog(), '[data-test="field-name"]', name)
  await typeInto(openDialog(), '[data-test="field-code"]', code)
  await click(openDialog().querySelector('[data-test="save"]'))
}

describe('行政区划', () => {
  it('shows the caller’s region tree with levels in Chinese and local codes marked', async () => {
    api()

    await open()

    expect(region('140300').textContent).toContain('阳泉市')
    expect(region('140300').textContent).toContain('市级')
    expect(region('140322').textContent).toContain('盂县')
    expect(region('140322').textContent).toContain('县（区）级')
    expect(region('140371').textContent).toContain('开发区')
    expect(region('140371').textContent).toContain('本地编码')
  })

  it('offers to add a development zone under a city only', async () => {
    api()

    await open()

    expect(region('140300').querySelector('[data-test="add-zone"]')).not.toBeNull()
    expect(region('140322').querySelector('[data-test="add-zone"]')).toBeNull()
    expect(region('140371').querySelector('[data-test="add-zone"]')).toBeNull()
  })

  it('adds a zone under the city with a local code', async () => {
    const gateway = api({
      'POST /api/identity/regions': () => ({ code: '140372', name: '阳泉高新区', level: 'zone', parentCode: '140300', isLocalCode: true, children: [] }),
    })
    await open()

    await addZoneUnder('140300', '阳泉高新区', '140372')

    expect(gateway.calls('POST /api/identity/regions')[0]?.body).toEqual({
      name: '阳泉高新区',
      code: '140372',
      level: 'zone',
      parentCode: '140300',
      isLocalCode: true,
    })
  })

  it('refuses a code outside the city before sending anything', async () => {
    const gateway = api()
    await open()

    await addZoneUnder('140300', '长治高新区', '140471')

    await expectFieldError(openDialog(), '区划代码', '开发区代码应以所属市的代码前四位 1403 开头')
    expect(gateway.calls('POST /api/identity/regions')).toHaveLength(0)
  })

  it('shows the server’s explanation when the code is taken', async () => {
    api({
      'POST /api/identity/regions': () => jsonResponse({ title: '数据冲突', detail: '区划代码 140371 已被阳泉经济技术开发区使用。', status: 409 }, 409),
    })
    await open()

    await addZoneUnder('140300', '重复的开发区', '140371')

    expect(openDialog().querySelector('[data-test="form-failure"]')?.textContent).toContain('区划代码 140371 已被阳泉经济技术开发区使用。')
  })
})
