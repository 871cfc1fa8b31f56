import { ref, shallowRef } from 'vue'
import { failureOf } from './failures'

/** One thing a screen reads (a project, a batch): the value, whether it is loading, and why it failed. */
export function useLoader<T>(load: () => Promise<T>) {
  const data = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function reload(): Promise<T | null> {
    loading.value = true
    try {
      data.value = await load()
      error.value = null
    } catch (failure) {
      error.value = failureOf(failure).message
    } finally {
      loading.value = false
    }
    return data.value
  }

  return { data, loading, error, reload }
}
