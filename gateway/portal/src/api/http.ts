// The one way the portal talks to the gateway. It attaches the signed-in user's bearer token (once
// the auth module registers a provider), renews it once when the gateway answers 401, bounds every
// call with a timeout, and turns every failure — RFC 7807 ProblemDetails, a bare status, a dropped
// connection — into an ApiError whose title and detail can be shown to the user as they are.

import { invalidResponseText, networkText, retryAfterDetail, statusText, timeoutText } from './messages'

export interface ProblemDetails {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
  /** Stable English code for programs, e.g. `project.target_set_missing`. */
  code?: string
  traceId?: string
  /** Field-level validation messages, keyed by field name. */
  errors?: Record<string, string[]>
  [extension: string]: unknown
}

/** `http`: the server answered with an error status; the others never got a usable answer. */
export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'invalid-response'

export interface ApiErrorInit {
  kind: ApiErrorKind
  status: number
  title: string
  detail: string
  code?: string
  problem?: ProblemDetails
  errors?: Record<string, string[]>
  retryAfterSeconds?: number
  cause?: unknown
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind
  /** The HTTP status, or 0 when no response arrived. */
  readonly status: number
  /** Chinese, ready to show. */
  readonly title: string
  /** Chinese, ready to show. */
  readonly detail: string
  readonly code: string | undefined
  /** The server's ProblemDetails as received, when there was one. */
  readonly problem: ProblemDetails | undefined
  readonly errors: Readonly<Record<string, readonly string[]>>
  readonly retryAfterSeconds: number | undefined

  constructor(init: ApiErrorInit) {
    super(`${init.title}：${init.detail}`, { cause: init.cause })
    this.name = 'ApiError'
    this.kind = init.kind
    this.status = init.status
    this.title = init.title
    this.detail = init.detail
    this.code = init.code
    this.problem = init.problem
    this.errors = init.errors ?? {}
    this.retryAfterSeconds = init.retryAfterSeconds
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

/** True when the caller cancelled the request through its own signal; such errors need no message. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

export type AccessTokenProvider = () => string | null | undefined | Promise<string | null | undefined>

let accessTokenProvider: AccessTokenProvider | null = null

/** Registered by the auth module at start; `null` makes every request anonymous again. */
export function setAccessTokenProvider(provider: AccessTokenProvider | null): void {
  accessTokenProvider = provider
}

/** What to do when the gateway answers 401 to a request that carried the user's token. */
export interface UnauthorizedHandler {
  /** Gets a fresh access token; true when there is one and the request is worth one more try. */
  renew: () => Promise<boolean>
  /** Sends the user to sign in again (leaves the page). */
  signInAgain: () => void | Promise<void>
}

let unauthorizedHandler: UnauthorizedHandler | null = null

/** A 401 is retried once after `renew`; when that fails or the retry is refused too, `signInAgain`. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler
}

export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  method?: string
  query?: Record<string, QueryValue | readonly QueryValue[]>
  /** Plain values are sent as JSON; FormData, Blob, URLSearchParams and strings as they are. */
  body?: unknown
  headers?: HeadersInit
  /** Send no bearer token even when someone is signed in. */
  anonymous?: boolean
  timeoutMs?: number
  signal?: AbortSignal
  /** Defaults to the global `fetch` at call time. */
  fetch?: typeof fetch
  /** `blob` hands back the body as it came (a file download); errors are still read as ProblemDetails. */
  responseType?: 'json' | 'blob'
}

// Matches the total timeout of the services' own resilience handler: waiting longer cannot succeed.
export const defaultTimeoutMs = 30_000

const cjk = /[\u3400-\u9fff]/

/** Builds a path with every interpolated value escaped as one segment: route`/api/projects/${id}`. */
export function route(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((path, text, i) => path + text + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '')
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers = new Headers(options.headers)
  if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json')
  const body = encodeBody(options.body, headers)
  const authorized = !options.anonymous && accessTokenProvider !== null

  try {
    return await attempt<T>(path, options, headers, body, authorized)
  } catch (error) {
    const handler = unauthorizedHandler
    if (!authorized || !handler || !isUnauthorized(error)) throw error
    if (await handler.renew()) {
      try {
        return await attempt<T>(path, options, headers, body, authorized)
      } catch (retryError) {
        if (isUnauthorized(retryError)) await signInAgain(handler)
        throw retryError
      }
    }
    await signInAgain(handler)
    throw error
  }
}

async function attempt<T>(
  path: string,
  options: RequestOptions,
  sharedHeaders: Headers,
  body: BodyInit | undefined,
  authorized: boolean,
): Promise<T> {
  const doFetch = options.fetch ?? globalThis.fetch
  const headers = new Headers(sharedHeaders)
  if (authorized && accessTokenProvider) {
    const token = await accessTokenProvider()
    if (token) headers.set('Authorization', `Bearer ${token}`)
  }

  const abort = linkAbort(options.signal, options.timeoutMs ?? defaultTimeoutMs)
  try {
    let response: Response
    try {
      response = await doFetch(withQuery(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body,
        signal: abort.signal,
        credentials: 'same-origin',
      })
    } catch (error) {
      throw failureOf(error, abort, networkText, 'network')
    }

    if (!response.ok) throw await errorOf(response)

    try {
      return (options.responseType === 'blob' ? await response.blob() : await readBody(response)) as T
    } catch (error) {
      throw failureOf(error, abort, invalidResponseText, 'invalid-response')
    }
  } finally {
    abort.dispose()
  }
}

function isUnauthorized(error: unknown): boolean {
  return isApiError(error) && error.status === 401
}

// The request has already failed; a sign-in that cannot start (identity down) must not hide why.
async function signInAgain(handler: UnauthorizedHandler): Promise<void> {
  try {
    await handler.signInAgain()
  } catch {
    /* the 401 is reported instead */
  }
}

/**
 * A random GUID for the keys the client makes up (Idempotency-Key, Import-Job-Id). crypto.randomUUID
 * exists only in secure contexts, and an intranet gateway may be plain http; getRandomValues does not.
 */
export function newGuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export const http = {
  get: <T>(path: string, options?: RequestOptions) => request<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>(path, { ...options, method: 'DELETE' }),
  /** A file from the gateway, with the user's token (a plain link would go without it). */
  blob: (path: string, options?: RequestOptions) =>
    request<Blob>(path, { ...options, method: 'GET', responseType: 'blob', headers: { Accept: '*/*', ...options?.headers } }),
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    const values: readonly QueryValue[] = Array.isArray(value) ? value : [value as QueryValue]
    for (const v of values) if (v !== undefined && v !== null) params.append(key, String(v))
  }
  const text = params.toString()
  if (!text) return path
  return `${path}${path.includes('?') ? '&' : '?'}${text}`
}

function encodeBody(body: unknown, headers: Headers): BodyInit | undefined {
  if (body === undefined) return undefined
  if (
    typeof body === 'string' ||
    body instanceof FormData ||
    body instanceof Blob ||
    body instanceof URLSearchParams ||
    body instanceof ArrayBuffer
  ) {
    return body
  }
  if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json')
  return JSON.stringify(body)
}

interface LinkedAbort {
  signal: AbortSignal
  timedOut: () => boolean
  callerAborted: () => boolean
  callerReason: () => unknown
  dispose: () => void
}

// AbortSignal.any/timeout are missing from browsers still common in government offices, so the
// caller's signal and the timeout are joined by hand.
function linkAbort(caller: AbortSignal | undefined, timeoutMs: number): LinkedAbort {
  const controller = new AbortController()
  let timedOut = false
  const onCallerAbort = () => controller.abort(caller?.reason)
  if (caller?.aborted) controller.abort(caller.reason)
  else caller?.addEventListener('abort', onCallerAbort, { once: true })
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new DOMException('timeout', 'TimeoutError'))
  }, timeoutMs)

  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    callerAborted: () => caller?.aborted === true,
    callerReason: () => caller?.reason,
    dispose: () => {
      clearTimeout(timer)
      caller?.removeEventListener('abort', onCallerAbort)
    },
  }
}

function failureOf(
  error: unknown,
  abort: LinkedAbort,
  text: { title: string; detail: string },
  kind: ApiErrorKind,
): unknown {
  if (abort.callerAborted()) return abort.callerReason() ?? error
  if (abort.timedOut()) return new ApiError({ kind: 'timeout', status: 0, ...timeoutText, cause: error })
  return new ApiError({ kind, status: 0, ...text, cause: error })
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined
  const text = await response.text()
  if (!text) return undefined
  return isJson(response) ? JSON.parse(text) : text
}

function isJson(response: Response): boolean {
  return /[/+]json\b/i.test(response.headers.get('Content-Type') ?? '')
}

async function errorOf(response: Response): Promise<ApiError> {
  const problem = await readProblem(response)
  const fallback = statusText(response.status)
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'))

  const title = chinese(problem?.title) ?? fallback.title
  const detail =
    chinese(problem?.detail) ?? (retryAfterSeconds !== undefined ? retryAfterDetail(retryAfterSeconds) : fallback.detail)

  return new ApiError({
    kind: 'http',
    status: response.status,
    title,
    detail,
    code: typeof problem?.code === 'string' ? problem.code : undefined,
    problem,
    errors: fieldErrors(problem?.errors),
    retryAfterSeconds,
  })
}

async function readProblem(response: Response): Promise<ProblemDetails | undefined> {
  if (!isJson(response)) return undefined
  try {
    const body: unknown = await response.json()
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ProblemDetails) : undefined
  } catch {
    return undefined
  }
}

// Framework defaults ("Not Found", "One or more validation errors occurred.") are English; only a
// message the service wrote for people is shown, anything else gets the Chinese text for its status.
function chinese(text: unknown): string | undefined {
  return typeof text === 'string' && cjk.test(text) ? text : undefined
}

function fieldErrors(errors: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  if (typeof errors !== 'object' || errors === null) return result
  for (const [field, messages] of Object.entries(errors)) {
    if (Array.isArray(messages)) result[field] = messages.filter((m): m is string => typeof m === 'string')
    else if (typeof messages === 'string') result[field] = [messages]
  }
  return result
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - Date.now()) / 1000))
}
