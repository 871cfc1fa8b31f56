// Calls to the targets service through the gateway (/api/targets/...). The public ones go without a
// token: they are open to anyone, and a visitor's expired session must not stand in the way.

import type { PagedResult } from './commonContracts'
import { http, isApiError, route } from './http'
import type {
  BulkReviewRequest,
  BulkReviewResultDto,
  CreateTemplateRequest,
  KeyPackageDto,
  KeyPackageQuery,
  LibraryEntryDto,
  LibraryQuery,
  PublicTargetSetQuery,
  ReviewDecisionRequest,
  SaveLibraryEntryRequest,
  SaveTargetSetRequest,
  TargetSetDto,
  TargetSetHistoryEntryDto,
  TargetSetQuery,
  TargetSetRevisionDto,
  TargetSetSummaryDto,
  TemplateDto,
  TemplateQuery,
  TransitionCommand,
} from './targetsContracts'

export type * from './targetsContracts'

const base = '/api/targets'

export const listTargetSets = (query: TargetSetQuery) =>
  http.get<PagedResult<TargetSetSummaryDto>>(`${base}/sets`, { query: { ...query } })

export const listReviewQueue = (query: TargetSetQuery) =>
  http.get<PagedResult<TargetSetSummaryDto>>(`${base}/review-queue`, { query: { ...query } })

export const createTargetSet = (idempotencyKey: string, request: SaveTargetSetRequest) =>
  http.post<TargetSetDto>(`${base}/sets`, request, { headers: { 'Idempotency-Key': idempotencyKey } })

export const getTargetSet = (id: string) => http.get<TargetSetDto>(route`/api/targets/sets/${id}`)

/** The live set of a project; null when it has none. */
export async function findTargetSetOfProject(projectId: string): Promise<TargetSetDto | null> {
  try {
    return await http.get<TargetSetDto>(route`/api/targets/sets/by-project/${projectId}`)
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null
    throw error
  }
}

export const updateTargetSet = (id: string, request: SaveTargetSetRequest) =>
  http.put<TargetSetDto>(route`/api/targets/sets/${id}`, request)

export const getTargetSetHistory = (id: string) => http.get<TargetSetHistoryEntryDto[]>(route`/api/targets/sets/${id}/history`)

export const getTargetSetRevisions = (id: string) => http.get<TargetSetRevisionDto[]>(route`/api/targets/sets/${id}/revisions`)

export type TargetSetTransition = 'submit' | 'issue' | 'publish' | 'adjust'

export const transitionTargetSet = (id: string, transition: TargetSetTransition, command: TransitionCommand) =>
  http.post<TargetSetDto>(`${route`/api/targets/sets/${id}`}/${transition}`, command)

export const reviewTargetSet = (id: string, request: ReviewDecisionRequest) =>
  http.post<TargetSetDto>(route`/api/targets/sets/${id}/review`, request)

export const bulkReviewTargetSets = (request: BulkReviewRequest) =>
  http.post<BulkReviewResultDto>(`${base}/sets/bulk-review`, request)

export const applyTemplate = (id: string, templateId: string, version: number) =>
  http.post<TargetSetDto>(route`/api/targets/sets/${id}/apply-template`, { templateId, version })

export const listLibrary = (query: LibraryQuery) =>
  http.get<PagedResult<LibraryEntryDto>>(`${base}/library`, { query: { ...query } })

export const createLibraryEntry = (request: SaveLibraryEntryRequest) => http.post<LibraryEntryDto>(`${base}/library`, request)

export const updateLibraryEntry = (id: string, request: SaveLibraryEntryRequest) =>
  http.put<LibraryEntryDto>(route`/api/targets/library/${id}`, request)

export const advanceLibraryEntry = (id: string, comment: string | null, version: number) =>
  http.post<LibraryEntryDto>(route`/api/targets/library/${id}/advance`, { comment, version })

export const retireLibraryEntry = (id: string, comment: string | null, version: number) =>
  http.post<LibraryEntryDto>(route`/api/targets/library/${id}/retire`, { comment, version })

/** The service may answer a plain list or a page; the screens want the list. */
export async function listTemplates(query: TemplateQuery): Promise<TemplateDto[]> {
  const answer = await http.get<TemplateDto[] | PagedResult<TemplateDto>>(`${base}/templates`, { query: { ...query } })
  return Array.isArray(answer) ? answer : answer.items
}

export const createTemplate = (request: CreateTemplateRequest) => http.post<TemplateDto>(`${base}/templates`, request)

export const listPublicTargetSets = (query: PublicTargetSetQuery) =>
  http.get<PagedResult<TargetSetSummaryDto>>(`${base}/public/sets`, { query: { ...query }, anonymous: true })

export const getPublicTargetSet = (id: string) =>
  http.get<TargetSetDto>(route`/api/targets/public/sets/${id}`, { anonymous: true })

export const getKeyPackage = (query: KeyPackageQuery) => http.get<KeyPackageDto>(`${base}/key-package`, { query: { ...query } })

export const downloadKeyPackage = (query: KeyPackageQuery) => http.blob(`${base}/key-package.xlsx`, { query: { ...query } })
