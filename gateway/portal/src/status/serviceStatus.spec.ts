import { afterEach, describe, expect, it, vi } from 'vitest'
import { setAccessTokenProvider } from '@/api/http'
import { checkAll, checkService, openApiPath, pending, platformServices, summarize, type ServiceStatus } from './serviceStatus'

const projects = { name: 'projects', label: '项目库' }

function openApi(version = '1.0.0') {
  return new Response(JSON.stringify({ openapi: '3.1.1', info: { title: 'Projects', version }, paths: {} }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  })
}

function problem(status: number, title: string) {
  return new Response(JSON.stringify({ title, status }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  })
}

afterEach(() => setAccessTokenProvider(null))

describe('platformServices', () => {
  it('lists the six services of the resource graph', () => {
    expect(platformServices.map((s) => s.name)).toEqual(['identity', 'projects', 'targets', 'monitoring', 'evaluation', 'vendors'])
  })

  it('asks the gateway for each service under /api/<service>/openapi/v1.json', () => {
    expect(openApiPath(projects)).toBe('/api/projects/openapi/v1.json')
  })
})

describe('checkService', () => {
  it('reports a service up when its OpenAPI document comes back, with the document version', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => openApi('2.3.0'))

    const status = await checkService(projects, { fetch: fetchMock })

    expect(status).toEqual({ service: projects, state: 'up', version: '2.3.0' })
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/projects/openapi/v1.json')
  })

  it('checks anonymously even when someone is signed in', async () => {
    setAccessTokenProvider(() => 'user-token')
    const fetchMock = vi.fn<typeof fetch>(async () => openApi())

    await checkService(projects, { fetch: fetchMock })

    expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).has('Authorization')).toBe(false)
  })

  it('reports a service down with the gateway status when the gateway has no healthy destination', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => problem(503, 'Service Unavailable'))

    const status = await checkService(projects, { fetch: fetchMock })

    expect(status).toEqual({ service: projects, state: 'down', reason: '服务暂不可用（HTTP 503）' })
  })

  it('reports a service down when a 200 answer is not an OpenAPI document', async () => {
    const fetchMock = vi.fn<typeof fetch>(
      async () => new Response('<!doctype html><div id="app"></div>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    )

    const status = await checkService(projects, { fetch: fetchMock })

    expect(status).toEqual({ service: projects, state: 'down', reason: '返回的内容不是接口文档' })
  })

  it('reports a service down when the gateway cannot be reached', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch')
    })

    const status = await checkService(projects, { fetch: fetchMock })

    expect(status).toEqual({ service: projects, state: 'down', reason: '网络连接失败' })
  })
})

describe('checkAll', () => {
  it('returns one status per service in order, each from its own answer', async () => {
    const fetchMock = vi.fn<typeof fetch>(async (input) =>
      String(input).startsWith('/api/monitoring/') ? problem(502, 'Bad Gateway') : openApi(),
    )

    const statuses = await checkAll(platformServices, { fetch: fetchMock })

    expect(statuses.map((s) => [s.service.name, s.state])).toEqual([
      ['identity', 'up'],
      ['projects', 'up'],
      ['targets', 'up'],
      ['monitoring', 'down'],
      ['evaluation', 'up'],
      ['vendors', 'up'],
    ])
  })
})

describe('summarize', () => {
  it('counts services by state', () => {
    const [a, b, c, d] = platformServices
    const statuses: ServiceStatus[] = [
      { service: a!, state: 'up' },
      { service: b!, state: 'up' },
      { service: c!, state: 'down', reason: '网络连接失败' },
      { service: d!, state: 'checking' },
    ]

    expect(summarize(statuses)).toEqual({ total: 4, up: 2, down: 1, checking: 1 })
  })

  it('starts with every service being checked', () => {
    expect(summarize(pending())).toEqual({ total: 6, up: 0, down: 0, checking: 6 })
  })
})
