// Whether each platform service answers through the gateway. A service counts as up when its OpenAPI
// document comes back as a real document: a 200 carrying something else (a proxy's error page, the
// portal's own index.html) is not a running service.

import { http, isAbortError, isApiError, route } from '@/api/http'

export interface PlatformService {
  /** Resource name, as in ServiceDefaults' ResourceNames and the gateway route `/api/<name>/`. */
  name: string
  label: string
}

export const platformServices: readonly PlatformService[] = [
  { name: 'identity', label: '统一身份认证' },
  { name: 'projects', label: '项目库' },
  { name: 'targets', label: '绩效目标' },
  { name: 'monitoring', label: '运行监控' },
  { name: 'evaluation', label: '绩效评价' },
  { name: 'vendors', label: '第三方机构' },
]

export type ServiceState = 'checking' | 'up' | 'down'

export interface ServiceStatus {
  service: PlatformService
  state: ServiceState
  /** Why a service is down, in Chinese. */
  reason?: string
  /** `info.version` of the service's OpenAPI document. */
  version?: string
}

export interface StatusSummary {
  total: number
  up: number
  down: number
  checking: number
}

export interface CheckOptions {
  signal?: AbortSignal
  timeoutMs?: number
  fetch?: typeof fetch
}

// Kept well below the gateway's own timeouts so one hung service cannot hold the page for long.
export const statusTimeoutMs = 8_000

export function openApiPath(service: PlatformService): string {
  return route`/api/${service.name}/openapi/v1.json`
}

export function pending(services: readonly PlatformService[] = platformServices): ServiceStatus[] {
  return services.map((service) => ({ service, state: 'checking' }))
}

export async function checkService(service: PlatformService, options: CheckOptions = {}): Promise<ServiceStatus> {
  try {
    const document = await http.get<unknown>(openApiPath(service), {
      anonymous: true,
      timeoutMs: options.timeoutMs ?? statusTimeoutMs,
      signal: options.signal,
      fetch: options.fetch,
    })
    if (!isOpenApiDocument(document)) {
      return { service, state: 'down', reason: '返回的内容不是接口文档' }
    }
    const version = document.info?.version
    return { service, state: 'up', version: typeof version === 'string' ? version : undefined }
  } catch (error) {
    if (isAbortError(error)) throw error
    if (isApiError(error)) return { service, state: 'down', reason: describe(error.status, error.title) }
    throw error
  }
}

/** Checks every service at once; one slow or failing service never delays or hides the others. */
export function checkAll(
  services: readonly PlatformService[] = platformServices,
  options: CheckOptions = {},
): Promise<ServiceStatus[]> {
  return Promise.all(services.map((service) => checkService(service, options)))
}

export function summarize(statuses: readonly ServiceStatus[]): StatusSummary {
  const count = (state: ServiceState) => statuses.filter((s) => s.state === state).length
  return { total: statuses.length, up: count('up'), down: count('down'), checking: count('checking') }
}

export const stateLabel: Readonly<Record<ServiceState, string>> = {
  checking: '检测中',
  up: '正常',
  down: '不可用',
}

interface OpenApiDocument {
  openapi: string
  info?: { version?: unknown }
}

function isOpenApiDocument(value: unknown): value is OpenApiDocument {
  if (typeof value !== 'object' || value === null) return false
  const doc = value as Record<string, unknown>
  if (typeof doc.openapi !== 'string') return false
  const info = doc.info
  return info === undefined || (typeof info === 'object' && info !== null)
}

function describe(status: number, title: string): string {
  return status > 0 ? `${title}（HTTP ${status}）` : title
}
