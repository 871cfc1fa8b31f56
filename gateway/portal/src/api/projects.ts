// Calls to the projects service through the gateway (/api/projects/...).

import type { ImportJobDto, PagedResult } from './commonContracts'
import { fileForm } from './files'
import { http, route } from './http'
import type {
  CompleteExAnteRequest,
  CreateReviewBatchRequest,
  ExAnteAssessmentDto,
  ProjectDto,
  ProjectHistoryEntryDto,
  ProjectQuery,
  ProjectRulesDto,
  ReviewBatchDetailDto,
  ReviewBatchDto,
  ReviewBatchQuery,
  ReviewReportDto,
  ReviewReportQuery,
  SaveExAnteRequest,
  SaveProjectRequest,
  SaveReviewItemRequest,
  TransitionRequest,
} from './projectsContracts'

export type * from './projectsContracts'

const base = '/api/projects'

/** Imports run inside the request while the client polls their progress: allow far more than a normal call. */
const importTimeoutMs = 15 * 60_000

export const listProjects = (query: ProjectQuery) => http.get<PagedResult<ProjectDto>>(base, { query: { ...query } })

/** Every project matching the filters (not one page) as xlsx. */
export const exportProjects = (query: ProjectQuery) =>
  http.blob(`${base}/export.xlsx`, { query: { ...query, page: undefined, pageSize: undefined } })

export const createProject = (idempotencyKey: string, request: SaveProjectRequest) =>
  http.post<ProjectDto>(base, request, { headers: { 'Idempotency-Key': idempotencyKey } })

export const getProject = (id: string) => http.get<ProjectDto>(route`/api/projects/${id}`)

export const updateProject = (id: string, request: SaveProjectRequest) => http.put<ProjectDto>(route`/api/projects/${id}`, request)

export const getProjectHistory = (id: string) => http.get<ProjectHistoryEntryDto[]>(route`/api/projects/${id}/history`)

export type ProjectTransition = 'submit' | 'return' | 'budget' | 'approve'

export const transitionProject = (id: string, transition: ProjectTransition, request: TransitionRequest) =>
  http.post<ProjectDto>(`${route`/api/projects/${id}`}/${transition}`, request)

export const getExAnte = (id: string) => http.get<ExAnteAssessmentDto>(route`/api/projects/${id}/ex-ante`)

export const saveExAnte = (id: string, request: SaveExAnteRequest) =>
  http.put<ExAnteAssessmentDto>(route`/api/projects/${id}/ex-ante`, request)

export const completeExAnte = (id: string, request: CompleteExAnteRequest) =>
  http.post<ExAnteAssessmentDto>(route`/api/projects/${id}/ex-ante/complete`, request)

export const getProjectRules = (regionCode: string) => http.get<ProjectRulesDto>(route`/api/projects/rules/${regionCode}`)

export const saveProjectRules = (regionCode: string, rules: ProjectRulesDto) =>
  http.put<ProjectRulesDto>(route`/api/projects/rules/${regionCode}`, rules)

export const listReviewBatches = (query: ReviewBatchQuery) =>
  http.get<PagedResult<ReviewBatchDto>>(`${base}/review-batches`, { query: { ...query } })

export const createReviewBatch = (idempotencyKey: string, request: CreateReviewBatchRequest) =>
  http.post<ReviewBatchDto>(`${base}/review-batches`, request, { headers: { 'Idempotency-Key': idempotencyKey } })

export const getReviewBatch = (id: string) => http.get<ReviewBatchDetailDto>(route`/api/projects/review-batches/${id}`)

export const addReviewItems = (id: string, projectIds: string[]) =>
  http.post<ReviewBatchDetailDto>(route`/api/projects/review-batches/${id}/items`, { projectIds })

export const saveReviewItem = (id: string, projectId: string, request: SaveReviewItemRequest) =>
  http.put<unknown>(route`/api/projects/review-batches/${id}/items/${projectId}`, request)

export const closeReviewBatch = (id: string) => http.post<unknown>(route`/api/projects/review-batches/${id}/close`)

export const getReviewReport = (query: ReviewReportQuery) =>
  http.get<ReviewReportDto>(`${base}/reports/review`, { query: { ...query } })

export const importProjects = (file: File, jobId: string) =>
  http.post<ImportJobDto>(`${base}/imports`, fileForm(file), { headers: { 'Import-Job-Id': jobId }, timeoutMs: importTimeoutMs })

export const getProjectImport = (id: string) => http.get<ImportJobDto>(route`/api/projects/imports/${id}`)
