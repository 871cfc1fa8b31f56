// The projects service's JSON (services/Contracts/Projects, camelCase). Money is in 元; Guids and
// dates travel as strings.

import type { HistoryEntryDto } from './commonContracts'

export type ProjectStatus =
  | 'DRAFT'
  | 'SUBMITTED'
  | 'PRE_ASSESSING'
  | 'REVIEWING'
  | 'RESERVED'
  | 'BUDGETED'
  | 'APPROVED'
  | 'EXECUTING'
  | 'COMPLETED'
  | 'EVALUATED'
  | 'RETURNED'
  | 'NOT_SUPPORTED'
  | 'SUSPENDED'
  | 'TERMINATED'
  | 'ADJUSTED'

export type ProjectKind = 'project' | 'policy' | 'department'

export interface AttachmentDto {
  name: string
  sizeBytes: number
  contentType: string
  description: string | null
}

export interface ProjectDto {
  id: string
  code: string
  year: number
  regionCode: string
  regionName: string
  departmentId: string
  departmentName: string
  unitId: string | null
  unitName: string | null
  name: string
  kind: ProjectKind
  isNew: boolean
  fundingSource: string
  requestedAmount: number
  approvedAmount: number | null
  reductionAmount: number | null
  startYear: number
  endYear: number
  description: string | null
  contactName: string | null
  contactPhone: string | null
  attachments: AttachmentDto[]
  status: ProjectStatus
  exAnteRequired: boolean
  exAnteOutcome: string | null
  targetSetId: string | null
  targetSetStatus: string | null
  targetSetApproved: boolean
  budgetBlocked: boolean
  budgetBlockedReason: string | null
  version: number
  createdAt: string
  updatedAt: string
}

export interface SaveProjectRequest {
  year: number | null
  name: string | null
  kind: string | null
  isNew: boolean | null
  fundingSource: string | null
  requestedAmount: number | null
  startYear: number | null
  endYear: number | null
  description: string | null
  contactName: string | null
  contactPhone: string | null
  attachments: AttachmentDto[] | null
  /** Required on PUT. */
  version: number | null
}

export interface TransitionRequest {
  comment: string | null
  version: number | null
}

export type ProjectHistoryEntryDto = HistoryEntryDto

export interface ProjectQuery {
  year?: number
  status?: string
  kind?: string
  departmentId?: string
  regionCode?: string
  isNew?: boolean
  q?: string
  page?: number
  pageSize?: number
  sort?: string
}

export type ExAnteDimension = 'necessity' | 'economy' | 'targets' | 'feasibility' | 'compliance'
export type ExAnteOutcome = 'SUPPORTED' | 'SUPPORTED_AFTER_ADJUSTMENT' | 'NOT_SUPPORTED' | 'RETURNED'
export type AssessorKind = 'finance' | 'expert' | 'agency'

export interface ExAnteScoreDto {
  dimension: ExAnteDimension
  dimensionName: string
  maxPoints: number
  points: number | null
  comment: string | null
  evidence: string | null
}

export interface ExAnteAssessmentDto {
  projectId: string
  required: boolean
  assessorKind: AssessorKind | null
  assessorName: string | null
  engagementRef: string | null
  scores: ExAnteScoreDto[]
  total: number
  passMark: number
  passed: boolean | null
  outcome: ExAnteOutcome | null
  conclusion: string | null
  completedAt: string | null
  version: number
}

export interface SaveExAnteRequest {
  scores: ExAnteScoreDto[]
  assessorKind: string | null
  engagementRef: string | null
  version: number | null
}

export interface CompleteExAnteRequest {
  outcome: string | null
  conclusion: string | null
  version: number | null
}

export interface ProjectRulesDto {
  regionCode: string
  exAnteThreshold: number
  exAnteNewOnly: boolean
  exAnteKinds: string[]
  exAnteFundingSources: string[]
  passMark: number
  inherited: boolean
  version: number
}

export type ReviewBatchStatus = 'OPEN' | 'CLOSED'
export type ReviewOutcome = 'SUPPORTED' | 'REDUCED' | 'NOT_SUPPORTED'

export interface ReviewBatchDto {
  id: string
  name: string
  year: number
  regionCode: string
  status: ReviewBatchStatus
  projectCount: number
  requested: number
  approved: number
  reduction: number
  /** 0.2 = 20.00 %; null when nothing was requested. */
  reductionRate: number | null
  version: number
}

export interface ReviewItemDto {
  projectId: string
  projectCode: string
  projectName: string
  departmentName: string
  regionCode: string
  requestedAmount: number
  approvedAmount: number | null
  reductionAmount: number | null
  reason: string | null
  outcome: ReviewOutcome | null
}

export interface ReviewBatchDetailDto {
  batch: ReviewBatchDto
  items: ReviewItemDto[]
}

export interface ReviewBatchQuery {
  year?: number
  status?: string
  page?: number
  pageSize?: number
}

export interface CreateReviewBatchRequest {
  name: string | null
  year: number | null
}

export interface SaveReviewItemRequest {
  approvedAmount: number | null
  reason: string | null
}

export interface ReviewTotalsDto {
  count: number
  requested: number
  approved: number
  reduction: number
  reductionRate: number | null
}

export interface ReviewGroupDto {
  key: string
  name: string
  totals: ReviewTotalsDto
}

export interface ReviewOutcomeCountDto {
  outcome: string
  count: number
}

export interface ReviewReportDto {
  regionCode: string
  regionName: string
  year: number
  totals: ReviewTotalsDto
  byOutcome: ReviewOutcomeCountDto[]
  byDepartment: ReviewGroupDto[]
  /** The child regions of regionCode, for drilling down province → city → county. */
  byRegion: ReviewGroupDto[]
}

export interface ReviewReportQuery {
  year?: number
  regionCode?: string
  batchId?: string
}
