import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, http, isAbortError, newGuid, request, route, setAccessTokenProvider, setUnauthorizedHandler } from './http'

function json(body: unknown, status = 200, contentType = 'application/json', headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType, ...headers } })
}

function answering(response: Response | (() => Response)) {
  return vi.fn<typeof fetch>(async () => (typeof response === 'function' ? response() : response))
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the request to fail')
}

function sentHeaders(fetchMock: ReturnType<typeof answering>): Headers {
  const init = fetchMock.mock.calls[0]?.[1]
  return new Headers(init?.headers)
}

afterEach(() => {
  setAccessTokenProvider(null)
  setUnauthorizedHandler(null)
})

describe('request: ProblemDetails', () => {
  it('keeps the Chinese title, detail, code and field errors a service wrote', async () => {
    const fetchMock = answering(() =>
      json(
        {
          type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
          title: '项目缺少绩效目标',
          status: 422,
          detail: '请先编报绩效目标表再提交项目。',
          code: 'project.target_set_missing',
          errors: { targetSet: ['绩效目标表不能为空'] },
        },
        422,
        'application/problem+json',
      ),
    )

    const error = await failureOf(http.post('/api/projects/projects', { name: '道路改造' }, { fetch: fetchMock }))

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      kind: 'http',
      status: 422,
      title: '项目缺少绩效目标',
      detail: '请先编报绩效目标表再提交项目。',
      code: 'project.target_set_missing',
      errors: { targetSet: ['绩效目标表不能为空'] },
    })
  })

  it('replaces an English framework title with the Chinese text for its status and keeps the original problem', async () => {
    const problem = { title: 'Not Found', status: 404, traceId: '00-abc-01' }
    const fetchMock = answering(() => json(problem, 404, 'application/problem+json'))

    const error = (await failureOf(request('/api/projects/projects/7', { fetch: fetchMock }))) as ApiError

    expect(error.title).toBe('请求的内容不存在')
    expect(error.detail).toBe('数据可能已被删除或移动，请刷新页面后重试。')
    expect(error.problem).toEqual(problem)
  })

  it('gives a Chinese message for an error answer without a JSON body', async () => {
    const fetchMock = answering(() => new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }))

    const error = (await failureOf(request('/api/targets/x', { fetch: fetchMock }))) as ApiError

    expect(error).toMatchObject({ kind: 'http', status: 502, title: '服务暂时无法访问', problem: undefined })
  })

  it('tells the user how long to wait when rate limited', async () => {
    const fetchMock = answering(() =>
      json({ title: 'Too Many Requests', status: 429 }, 429, 'application/problem+json', { 'Retry-After': '30' }),
    )

    const error = (await failureOf(request('/api/projects/projects', { fetch: fetchMock }))) as ApiError

    expect(error).toMatchObject({ title: '操作过于频繁', detail: '请在 30 秒后重试。', retryAfterSeconds: 30 })
  })

  it('uses the Chinese title and detail as the error message', async () => {
    const fetchMock = answering(() => json({ title: '没有权限', detail: '仅财政部门可以批复。' }, 403, 'application/problem+json'))

    const error = (await failureOf(request('/api/targets/t/approve', { fetch: fetchMock }))) as ApiError

    expect(error.message).toBe('没有权限：仅财政部门可以批复。')
  })
})

describe('request: no usable answer', () => {
  it('turns a network failure into a Chinese network error', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch')
    })

    const error = await failureOf(request('/api/projects/projects', { fetch: fetchMock }))

    expect(error).toMatchObject({
      kind: 'network',
      status: 0,
      title: '网络连接失败',
      detail: '无法连接到服务器，请检查网络连接后重试。',
    })
  })

  it('turns a request that outlives its timeout into a Chinese timeout error', async () => {
    const fetchMock = vi.fn<typeof fetch>(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
        }),
    )

    const error = await failureOf(request('/api/monitoring/rounds', { fetch: fetchMock, timeoutMs: 1 }))

    expect(error).toMatchObject({ kind: 'timeout', status: 0, title: '请求超时' })
  })

  it('lets a cancellation by the caller through as an abort, not as an error to show', async () => {
    const controller = new AbortController()
    controller.abort()
    const fetchMock = vi.fn<typeof fetch>(async (_input, init) => {
      throw init?.signal?.reason
    })

    const error = await failureOf(request('/api/projects/projects', { fetch: fetchMock, signal: controller.signal }))

    expect(error).not.toBeInstanceOf(ApiError)
    expect(isAbortError(error)).toBe(true)
  })

  it('reports a success answer whose JSON cannot be read as an invalid response', async () => {
    const fetchMock = answering(() => new Response('{"openapi":', { status: 200, headers: { 'Content-Type': 'application/json' } }))

    const error = await failureOf(request('/api/projects/openapi/v1.json', { fetch: fetchMock }))

    expect(error).toMatchObject({ kind: 'invalid-response', title: '响应格式错误' })
  })
})

describe('request: success', () => {
  it('returns the parsed JSON body', async () => {
    const fetchMock = answering(() => json({ id: 7, name: '道路改造' }))

    await expect(http.get('/api/projects/projects/7', { fetch: fetchMock })).resolves.toEqual({ id: 7, name: '道路改造' })
  })

  it('returns undefined for 204 No Content', async () => {
    const fetchMock = answering(() => new Response(null, { status: 204 }))

    await expect(http.delete('/api/projects/projects/7', { fetch: fetchMock })).resolves.toBeUndefined()
  })

  it('sends plain bodies as JSON', async () => {
    const fetchMock = answering(() => json({}))

    await http.post('/api/projects/projects', { name: '道路改造', amount: 300 }, { fetch: fetchMock })

    const init = fetchMock.mock.calls[0]?.[1]
    expect(init?.body).toBe('{"name":"道路改造","amount":300}')
    expect(sentHeaders(fetchMock).get('Content-Type')).toBe('application/json')
  })

  it('appends query values, repeating arrays and skipping empty ones', async () => {
    const fetchMock = answering(() => json([]))

    await http.get('/api/projects/projects', { fetch: fetchMock, query: { region: '140300', state: ['DRAFT', 'SUBMITTED'], q: undefined } })

    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/projects/projects?region=140300&state=DRAFT&state=SUBMITTED')
  })
})

describe('request: files', () => {
  it('hands back a file download as it came, with the token', async () => {
    setAccessTokenProvider(() => 'token-1')
    const fetchMock = answering(() => new Response(new Blob(['PK']), { headers: { 'Content-Type': 'application/octet-stream' } }))

    const blob = await http.blob('/api/projects/export.xlsx', { fetch: fetchMock, query: { year: 2027 } })

    expect(await blob.text()).toBe('PK')
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/projects/export.xlsx?year=2027')
    expect(sentHeaders(fetchMock).get('Authorization')).toBe('Bearer token-1')
  })

  it('still reads a refused download as ProblemDetails', async () => {
    const fetchMock = answering(() => json({ title: '无权导出', status: 403, detail: '只能导出本区划的项目。' }, 403, 'application/problem+json'))

    const error = await failureOf(http.blob('/api/projects/export.xlsx', { fetch: fetchMock }))

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).detail).toBe('只能导出本区划的项目。')
  })

  it('makes up version-4 GUIDs for Idempotency-Key and Import-Job-Id, never the same twice', () => {
    const keys = new Set(Array.from({ length: 50 }, newGuid))

    expect(keys.size).toBe(50)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})

describe('request: bearer token', () => {
  it('attaches the token from the registered provider', async () => {
    setAccessTokenProvider(() => 'token-123')
    const fetchMock = answering(() => json({}))

    await http.get('/api/projects/projects', { fetch: fetchMock })

    expect(sentHeaders(fetchMock).get('Authorization')).toBe('Bearer token-123')
  })

  it('sends no token for an anonymous request', async () => {
    setAccessTokenProvider(() => 'token-123')
    const fetchMock = answering(() => json({}))

    await http.get('/api/projects/openapi/v1.json', { fetch: fetchMock, anonymous: true })

    expect(sentHeaders(fetchMock).has('Authorization')).toBe(false)
  })

  it('sends no token while nobody is signed in', async () => {
    setAccessTokenProvider(async () => null)
    const fetchMock = answering(() => json({}))

    await http.get('/api/projects/projects', { fetch: fetchMock })

    expect(sentHeaders(fetchMock).has('Authorization')).toBe(false)
  })
})

describe('request: 401', () => {
  const refused = () => json({ title: 'Unauthorized', status: 401 }, 401, 'application/problem+json')

  /** A token provider whose token changes when `renew` succeeds, and the handler around it. */
  function signedIn(renewed: boolean) {
    let token = 'expired-token'
    setAccessTokenProvider(() => token)
    const handler = {
      renew: vi.fn(async () => {
        if (renewed) token = 'fresh-token'
        return renewed
      }),
      signInAgain: vi.fn(),
    }
    setUnauthorizedHandler(handler)
    return handler
  }

  it('renews the token once and retries the request with the new one', async () => {
    const handler = signedIn(true)
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValueOnce(refused()).mockResolvedValueOnce(json({ id: 7 }))

    await expect(http.post('/api/projects/projects', { name: '道路改造' }, { fetch: fetchMock })).resolves.toEqual({ id: 7 })

    expect(handler.renew).toHaveBeenCalledTimes(1)
    expect(handler.signInAgain).not.toHaveBeenCalled()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    const retry = fetchMock.mock.calls[1]?.[1]
    expect(new Headers(retry?.headers).get('Authorization')).toBe('Bearer fresh-token')
    expect(retry?.body).toBe('{"name":"道路改造"}')
  })

  it('retries only once and then sends the user to sign in again', async () => {
    const handler = signedIn(true)
    const fetchMock = answering(refused)

    const error = await failureOf(http.get('/api/projects/projects', { fetch: fetchMock }))

    expect(error).toMatchObject({ status: 401 })
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(handler.renew).toHaveBeenCalledTimes(1)
    expect(handler.signInAgain).toHaveBeenCalledTimes(1)
  })

  it('sends the user to sign in again without a retry when the token cannot be renewed', async () => {
    const handler = signedIn(false)
    const fetchMock = answering(refused)

    const error = await failureOf(http.get('/api/projects/projects', { fetch: fetchMock }))

    expect(error).toMatchObject({ status: 401, title: '未登录或登录已过期' })
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(handler.signInAgain).toHaveBeenCalledTimes(1)
  })

  it('leaves other refusals alone', async () => {
    const handler = signedIn(true)
    const fetchMock = answering(() => json({ title: '没有权限', status: 403 }, 403, 'application/problem+json'))

    await failureOf(http.get('/api/identity/users', { fetch: fetchMock }))

    expect(handler.renew).not.toHaveBeenCalled()
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('does not renew for an anonymous request', async () => {
    const handler = signedIn(true)
    const fetchMock = answering(refused)

    await failureOf(http.get('/api/projects/openapi/v1.json', { fetch: fetchMock, anonymous: true }))

    expect(handler.renew).not.toHaveBeenCalled()
    expect(handler.signInAgain).not.toHaveBeenCalled()
  })
})

describe('route', () => {
  it('escapes each interpolated value as a single path segment', () => {
    expect(route`/api/projects/${'a/b ?c'}/reviews/${7}`).toBe('/api/projects/a%2Fb%20%3Fc/reviews/7')
  })
})
