import { computed, onBeforeUnmount, onMounted, ref, shallowRef } from 'vue'
import { isAbortError } from '@/api/http'
import { checkService, pending, platformServices, summarize, type PlatformService, type ServiceStatus } from './serviceStatus'

export interface UseServiceStatusOptions {
  services?: readonly PlatformService[]
  /** How often to check again while the page is open; 0 turns it off. */
  intervalMs?: number
  fetch?: typeof fetch
}

export const defaultIntervalMs = 30_000

/**
 * Checks every service when the component mounts and then every `intervalMs`. Each row updates as
 * soon as its own answer arrives; a new round cancels the one still in flight.
 */
export function useServiceStatus(options: UseServiceStatusOptions = {}) {
  const services = options.services ?? platformServices
  const statuses = ref<ServiceStatus[]>(pending(services))
  const checkedAt = shallowRef<Date | null>(null)
  const refreshing = ref(false)
  const summary = computed(() => summarize(statuses.value))

  let round: AbortController | null = null
  let timer: ReturnType<typeof setInterval> | undefined

  async function refresh(): Promise<void> {
    round?.abort()
    const current = new AbortController()
    round = current
    refreshing.value = true

    await Promise.all(
      services.map(async (service, i) => {
        const status = await checkService(service, { signal: current.signal, fetch: options.fetch }).catch(
          (error: unknown): ServiceStatus | null =>
            isAbortError(error) ? null : { service, state: 'down', reason: '检测失败' },
        )
        if (status && !current.signal.aborted) statuses.value[i] = status
      }),
    )

    if (round === current) {
      refreshing.value = false
      checkedAt.value = new Date()
    }
  }

  onMounted(() => {
    void refresh()
    const interval = options.intervalMs ?? defaultIntervalMs
    if (interval > 0) timer = setInterval(() => void refresh(), interval)
  })

  onBeforeUnmount(() => {
    clearInterval(timer)
    round?.abort()
  })

  return { statuses, summary, checkedAt, refreshing, refresh }
}
