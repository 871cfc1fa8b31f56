// Files the user downloads or uploads through the gateway.

import { isApiError, newGuid } from './http'

/** Hands a downloaded file to the browser as a save, under `fileName`. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The click has started the save; the browser no longer needs the object URL after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** The largest upload the services accept (they answer 413 above it). */
export const uploadLimitBytes = 40 * 1024 * 1024

/** A multipart body with the file under `file`, as the import endpoints read it. */
export function fileForm(file: File): FormData {
  const form = new FormData()
  form.append('file', file, file.name)
  return form
}

/**
 * Sends a create command with an Idempotency-Key. The key is kept for a retry only when the last
 * attempt got no answer (the server may have created the thing and the answer was lost); after any
 * answer the next attempt is a new command with a new key.
 */
export function idempotent<A extends unknown[], T>(send: (key: string, ...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let key = newGuid()
  return async (...args: A) => {
    try {
      const result = await send(key, ...args)
      key = newGuid()
      return result
    } catch (error) {
      if (isApiError(error) && error.kind === 'http') key = newGuid()
      throw error
    }
  }
}
