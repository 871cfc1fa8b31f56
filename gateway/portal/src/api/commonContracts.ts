// JSON shapes shared by every service (Platform.Contracts.Common): paging and import jobs.

export interface PagedResult<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface ImportRowError {
  row: number
  field: string
  message: string
}

export type ImportJobStatus = 'running' | 'succeeded' | 'failed'

export interface ImportJobDto {
  id: string
  kind: string
  fileName: string
  status: ImportJobStatus
  total: number
  processed: number
  imported: number
  errors: ImportRowError[]
  startedAt: string
  finishedAt: string | null
  /** All refused rows; `errors` may list only the first of them. */
  errorCount?: number
}

/** One entry of an object's 流转记录 (every transition is recorded with who, when and why). */
export interface HistoryEntryDto {
  fromState: string | null
  toState: string
  comment: string | null
  actorName: string
  occurredAt: string
}
