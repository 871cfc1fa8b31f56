// The targets service's JSON (services/Contracts/Targets, camelCase). Money in 元, points and ratios
// as decimals; Guids and dates as strings.

import type { HistoryEntryDto } from './commonContracts'

export type TargetSetStatus =
  | 'DRAFT'
  | 'SUBMITTED'
  | 'DEPT_REVIEWED'
  | 'FIN_REVIEW'
  | 'APPROVED'
  | 'ISSUED'
  | 'PUBLISHED'
  | 'ACTIVE'
  | 'ADJUSTING'
  | 'CLOSED'

export type OwnerType = 'project' | 'policy' | 'department'
export type ValueKind = 'quantitative' | 'qualitative'
export type Direction = 'positive' | 'negative'

export interface ScoringBandDto {
  label: string
  minRatio: number
  maxRatio: number
}

export interface ReviewCommentDto {
  stage: string
  comment: string
  reviewerName: string
  at: string
}

export interface IndicatorDto {
  id: string | null
  level1: string
  level2: string
  name: string
  valueKind: ValueKind
  comparator: string | null
  targetValue: number | null
  unit: string | null
  direction: Direction
  explanation: string | null
  dataSource: string | null
  points: number
  bands: ScoringBandDto[] | null
  libraryEntryId: string | null
  comments: ReviewCommentDto[] | null
}

export interface TargetSetDto {
  id: string
  ownerType: OwnerType
  projectId: string | null
  ownerName: string
  year: number
  regionCode: string
  regionName: string
  departmentId: string
  departmentName: string
  unitId: string | null
  unitName: string | null
  amount: number | null
  overallGoal: string | null
  setVersion: number
  revision: number
  status: TargetSetStatus
  isKey: boolean
  indicators: IndicatorDto[]
  totalPoints: number
  version: number
  updatedAt: string
}

export interface TargetSetSummaryDto {
  id: string
  ownerType: OwnerType
  projectId: string | null
  ownerName: string
  year: number
  regionCode: string
  departmentName: string
  unitName: string | null
  amount: number | null
  setVersion: number
  revision: number
  status: TargetSetStatus
  isKey: boolean
  indicatorCount: number
  updatedAt: string
  submittedAt: string | null
  version: number
}

export interface SaveTargetSetRequest {
  ownerType: string | null
  projectId: string | null
  ownerName: string | null
  year: number | null
  amount: number | null
  overallGoal: string | null
  isKey: boolean | null
  indicators: IndicatorDto[] | null
  version: number | null
}

export interface IndicatorCommentRequest {
  indicatorId: string
  comment: string
}

export interface ReviewDecisionRequest {
  decision: 'approve' | 'reject'
  reason: string | null
  comments: IndicatorCommentRequest[] | null
  version: number | null
}

export interface BulkReviewRequest {
  ids: string[]
  decision: 'approve' | 'reject'
  reason: string | null
}

export interface BulkReviewFailureDto {
  id: string
  code: string
  message: string
}

export interface BulkReviewResultDto {
  succeeded: number
  failed: BulkReviewFailureDto[]
}

export interface TransitionCommand {
  comment?: string | null
  version: number | null
}

export type TargetSetHistoryEntryDto = HistoryEntryDto

/** An earlier revision or version of a set, kept read-only (a rejected revision, an adjusted version). */
export interface TargetSetRevisionDto {
  id: string
  setId: string
  setVersion: number
  revision: number
  status: TargetSetStatus
  /** Why it was superseded (the rejection's reason). */
  reason: string | null
  snapshot: TargetSetDto
  createdAt: string
}

export interface TargetSetQuery {
  year?: number
  status?: string
  ownerType?: string
  departmentId?: string
  regionCode?: string
  isKey?: boolean
  q?: string
  page?: number
  pageSize?: number
  sort?: string
}

export type LibraryScope = 'common' | 'specific'
export type LibraryStatus = 'DRAFT' | 'DEPT_CONFIRMED' | 'EXPERT_APPROVED' | 'PUBLISHED' | 'RETIRED'

export interface LibraryEntryDto {
  id: string
  code: string
  scope: LibraryScope
  sector: string | null
  departmentId: string | null
  departmentName: string | null
  level1: string
  level2: string
  name: string
  valueKind: ValueKind
  comparator: string | null
  referenceValue: number | null
  unit: string | null
  direction: Direction
  explanation: string | null
  source: string | null
  attribute: string | null
  entryVersion: number
  status: LibraryStatus
  regionCode: string
  version: number
}

export interface SaveLibraryEntryRequest {
  scope: string | null
  sector: string | null
  /** A 个性 entry's department; null lets the service take the caller's own. */
  departmentId: string | null
  departmentName: string | null
  level1: string | null
  level2: string | null
  name: string | null
  valueKind: string | null
  comparator: string | null
  referenceValue: number | null
  unit: string | null
  direction: string | null
  explanation: string | null
  source: string | null
  attribute: string | null
  version: number | null
}

export interface LibraryQuery {
  q?: string
  scope?: string
  sector?: string
  departmentId?: string
  level1?: string
  level2?: string
  status?: string
  page?: number
  pageSize?: number
}

export interface TemplateDto {
  id: string
  name: string
  ownerType: OwnerType
  sector: string | null
  sourceSetId: string
  indicators: IndicatorDto[]
  regionCode: string
  createdAt: string
}

export interface CreateTemplateRequest {
  name: string | null
  sourceSetId: string | null
  sector: string | null
}

export interface TemplateQuery {
  q?: string
  ownerType?: string
  sector?: string
}

export interface PublicTargetSetQuery {
  year?: number
  regionCode?: string
  departmentId?: string
  q?: string
  page?: number
  pageSize?: number
}

export interface KeyPackageDto {
  year: number
  regionCode: string
  regionName: string
  sets: TargetSetDto[]
  totalAmount: number
}

export interface KeyPackageQuery {
  year?: number
  regionCode?: string
}
