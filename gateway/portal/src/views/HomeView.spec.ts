import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PropType } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { StatusSummary } from '@/status/serviceStatus'
import { fakeUserManager } from '@/test/fakeAuth'
import HomeView from './HomeView.vue'

// The canvas chart cannot draw in a DOM emulation; this stand-in shows what it was asked to draw.
vi.mock('@/components/ServiceStatusGauge.vue', async () => {
  const { defineComponent, h } = await import('vue')
  return {
    // Marks the namespace as a module, so defineAsyncComponent takes `default`.
    __esModule: true,
    default: defineComponent({
      props: { summary: { type: Object as PropType<StatusSummary>, required: true } },
      setup: (props) => () =>
        h('div', { 'data-test': 'gauge', 'data-up': props.summary.up, 'data-total': props.summary.total }),
    }),
  }
})

let wrapper: VueWrapper | undefined

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

function gatewayWhere(down: string[]) {
  return vi.fn<typeof fetch>(async (input) => {
    const service = String(input).split('/')[2] ?? ''
    if (down.includes(service)) {
      return new Response(JSON.stringify({ title: 'Bad Gateway', status: 502 }), {
        status: 502,
        headers: { 'Content-Type': 'application/problem+json' },
      })
    }
    return new Response(JSON.stringify({ openapi: '3.1.1', info: { title: service, version: '1.0.0' } }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    })
  })
}

async function mountHome() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: HomeView }] })
  await router.push('/')
  fakeUserManager(null)
  const mounted = mount(HomeView, { global: { plugins: [createPinia(), router] } })
  await flushPromises()
  await vi.dynamicImportSettled()
  await flushPromises()
  return mounted
}

function rowState(view: VueWrapper, service: string): string {
  return view.find(`[data-service="${service}"] .service-state`).text()
}

describe('the home page service status', () => {
  it('asks the gateway for the OpenAPI document of each of the six services', async () => {
    const gateway = gatewayWhere([])
    vi.stubGlobal('fetch', gateway)

    wrapper = await mountHome()

    expect(gateway.mock.calls.map(([url]) => String(url)).sort()).toEqual([
      '/api/evaluation/openapi/v1.json',
      '/api/identity/openapi/v1.json',
      '/api/monitoring/openapi/v1.json',
      '/api/projects/openapi/v1.json',
      '/api/targets/openapi/v1.json',
      '/api/vendors/openapi/v1.json',
    ])
  })

  it('shows 正常 for a service that answers and 不可用 with the reason for one that does not', async () => {
    vi.stubGlobal('fetch', gatewayWhere(['targets']))

    wrapper = await mountHome()

    expect(rowState(wrapper, 'projects')).toBe('正常')
    expect(rowState(wrapper, 'targets')).toBe('不可用')
    expect(wrapper.find('[data-service="targets"] .service-note').text()).toBe('服务暂时无法访问（HTTP 502）')
  })

  it('draws how many services are up out of all of them', async () => {
    vi.stubGlobal('fetch', gatewayWhere(['targets', 'vendors']))

    wrapper = await mountHome()

    const gauge = wrapper.find('[data-test="gauge"]')
    expect(gauge.attributes('data-up')).toBe('4')
    expect(gauge.attributes('data-total')).toBe('6')
  })

  it('checks again when asked and shows the new answer', async () => {
    const down = ['projects']
    vi.stubGlobal('fetch', gatewayWhere(down))
    wrapper = await mountHome()
    expect(rowState(wrapper, 'projects')).toBe('不可用')

    down.length = 0
    await wrapper.find('[data-test="refresh"]').trigger('click')
    await flushPromises()

    expect(rowState(wrapper, 'projects')).toBe('正常')
  })
})
