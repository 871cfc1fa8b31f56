import { ref, shallowRef } from 'vue'
import type { PagedResult } from '@/api/commonContracts'
import { failureOf } from './failures'

export const defaultPageSize = 20

/** A filtered, paged list: `search` starts again at page 1, paging keeps the filters. */
export function usePagedList<T, Q extends object>(load: (query: Q & { page: number; pageSize: number }) => Promise<PagedResult<T>>, filters: Q) {
  const rows = shallowRef<T[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(defaultPageSize)
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function reload(): Promise<void> {
    loading.value = true
    try {
      const chosen = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '' && value != null)) as Q
      const result = await load({ ...chosen, page: page.value, pageSize: pageSize.value })
      rows.value = result.items
      total.value = result.total
      error.value = null
    } catch (failure) {
      error.value = failureOf(failure).message
    } finally {
      loading.value = false
    }
  }

  function search(): Promise<void> {
    page.value = 1
    return reload()
  }

  function goTo(target: number): Promise<void> {
    page.value = target
    return reload()
  }

  return { rows, total, page, pageSize, loading, error, reload, search, goTo }
}
