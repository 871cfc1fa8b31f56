import { computed } from 'vue'
import { getRegionTree } from '@/api/identity'
import { useLoader } from './useLoader'

/** The caller's regions, for the region tree and the region pickers of one screen. */
export function useRegionTree() {
  const { data, loading, error, reload } = useLoader(getRegionTree)
  const regions = computed(() => data.value ?? [])
  return { regions, loading, error, reload }
}
