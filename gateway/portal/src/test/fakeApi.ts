import { vi } from 'vitest'

export interface SentRequest {
  method: string
  path: string
  query: URLSearchParams
  body: unknown
  headers: Headers
}

type Handler = (request: SentRequest) => Response | unknown

export function jsonResponse(body: unknown, status = 200): Response {
  const problem = status >= 400
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': problem ? 'application/problem+json' : 'application/json' },
  })
}

/**
 * A gateway answering `METHOD /path` (query ignored) from `routes`; a handler returns a Response or a
 * value sent as JSON. Anything else is 404. `sent` records what the screens asked for.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const sent: SentRequest[] = []
  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    const url = new URL(String(input), 'http://localhost')
    const method = init?.method ?? 'GET'
    const request = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body,
      headers: new Headers(init?.headers),
    }
    sent.push(request)
    const handler = routes[`${method} ${url.pathname}`]
    if (!handler) return jsonResponse({ title: 'Not Found', status: 404 }, 404)
    const answer = handler(request)
    return answer instanceof Response ? answer : jsonResponse(answer)
  })
  vi.stubGlobal('fetch', fetchMock)
  return {
    sent,
    fetchMock,
    /** The requests sent as `METHOD /path`. */
    calls: (route: string) => sent.filter((r) => `${r.method} ${r.path}` === route),
  }
}

export function page<T>(items: T[], total = items.length) {
  return { items, total, page: 1, pageSize: 20 }
}
