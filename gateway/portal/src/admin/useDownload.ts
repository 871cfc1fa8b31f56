import { ElMessage } from 'element-plus'
import { ref } from 'vue'
import { saveFile } from '@/api/files'
import { failureOf } from './failures'

/** A file a screen downloads (导出, 下载): whether it is on its way, and a toast when it could not be had. */
export function useDownload(failedText: string) {
  const downloading = ref(false)

  /** Fetches the file and saves it under `fileName`, named once the file has arrived. */
  async function download(fetchFile: () => Promise<Blob>, fileName: () => string): Promise<void> {
    downloading.value = true
    try {
      saveFile(await fetchFile(), fileName())
    } catch (failure) {
      ElMessage.error(failureOf(failure).message ?? failedText)
    } finally {
      downloading.value = false
    }
  }

  return { downloading, download }
}
