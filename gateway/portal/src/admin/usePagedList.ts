import { ref, shallowRef, watch, type Ref } from 'vue'
import type { PagedResult } from '@/api/commonContracts'
import { failureOf } from './failures'

export const defaultPageSize = 20

/** The filters a user has set: blank text and cleared selects are left out of the query. */
export function chosenFilters<Q extends object>(filters: Q): Q {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== '' && value != null)) as Q
}

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
      const result = await load({ ...chosenFilters(filters), page: page.value, pageSize: pageSize.value })
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

/**
 * A paged list to tick rows from in a dialog (`open` is its v-model): each opening clears the choice,
 * runs `prepare` (resets of the dialog's own) and searches again.
 */
export function usePickList<T, Q extends object>(
  open: Ref<boolean>,
  load: (query: Q & { page: number; pageSize: number }) => Promise<PagedResult<T>>,
  filters: Q,
  prepare?: () => void,
) {
  const list = usePagedList(load, filters)
  const chosen = shallowRef<T[]>([])

  watch(open, (isOpen) => {
    if (!isOpen) return
    chosen.value = []
    prepare?.()
    void list.search()
  })

  return { ...list, chosen }
}
