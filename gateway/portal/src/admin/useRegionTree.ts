import { ref, shallowRef } from 'vue'
import { getRegionTree } from '@/api/identity'
import type { RegionDto } from '@/api/identityContracts'
import { failureOf } from './failures'

/** The caller's regions, for the region tree and the region pickers of one screen. */
export function useRegionTree() {
  const regions = shallowRef<RegionDto[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function reload(): Promise<void> {
    loading.value = true
    try {
      regions.value = await getRegionTree()
      error.value = null
    } catch (failure) {
      error.value = failureOf(failure).message
    } finally {
      loading.value = false
    }
  }

  return { regions, loading, error, reload }
}
