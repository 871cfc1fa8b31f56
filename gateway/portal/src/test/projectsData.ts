import type { ExAnteAssessmentDto, ProjectDto, ReviewBatchDetailDto, ReviewItemDto } from '@/api/projectsContracts'

export const projectId = '5d1f0c2e-7a35-4c1b-9f0e-3b2a1c0d9e8f'

/** A unit filer's project at 盂县第一中学, in DRAFT, without targets. */
export function project(overrides: Partial<ProjectDto> = {}): ProjectDto {
  return {
    id: projectId,
    code: 'XM-2027-140322-000123',
    year: 2027,
    regionCode: '140322',
    regionName: '盂县',
    departmentId: '11111111-1111-1111-1111-111111111111',
    departmentName: '盂县教育局',
    unitId: '33333333-3333-3333-3333-333333333333',
    unitName: '盂县第一中学',
    name: '校舍维修改造项目',
    kind: 'project',
    isNew: true,
    fundingSource: '一般公共预算',
    requestedAmount: 3_000_000,
    approvedAmount: null,
    reductionAmount: null,
    startYear: 2027,
    endYear: 2027,
    description: '教学楼屋面防水和外墙维修',
    contactName: '王老师',
    contactPhone: '13800000000',
    attachments: [],
    status: 'DRAFT',
    exAnteRequired: true,
    exAnteOutcome: null,
    targetSetId: null,
    targetSetStatus: null,
    targetSetApproved: false,
    budgetBlocked: false,
    budgetBlockedReason: null,
    version: 41,
    createdAt: '2026-03-01T08:00:00Z',
    updatedAt: '2026-03-02T08:00:00Z',
    ...overrides,
  }
}

const dimensions: [string, string][] = [
  ['necessity', '立项必要性'],
  ['economy', '投入经济性'],
  ['targets', '绩效目标合理性'],
  ['feasibility', '实施方案可行性'],
  ['compliance', '筹资合规性'],
]

/** An ex-ante assessment not yet scored, pass mark 85.00. */
export function exAnte(overrides: Partial<ExAnteAssessmentDto> = {}): ExAnteAssessmentDto {
  return {
    projectId,
    required: true,
    assessorKind: null,
    assessorName: null,
    engagementRef: null,
    scores: dimensions.map(([dimension, dimensionName]) => ({
      dimension: dimension as ExAnteAssessmentDto['scores'][number]['dimension'],
      dimensionName,
      maxPoints: 20,
      points: null,
      comment: null,
      evidence: null,
    })),
    total: 0,
    passMark: 85,
    passed: null,
    outcome: null,
    conclusion: null,
    completedAt: null,
    version: 3,
    ...overrides,
  }
}

export const batchId = 'b47c2f7e-2d0a-4a6e-8f7e-1c9d5b0a3e21'

export function reviewItem(overrides: Partial<ReviewItemDto> = {}): ReviewItemDto {
  return {
    projectId: 'p1',
    projectCode: 'XM-2027-140322-000001',
    projectName: '校舍维修改造项目',
    departmentName: '盂县教育局',
    regionCode: '140322',
    requestedAmount: 10_000_000,
    approvedAmount: null,
    reductionAmount: null,
    reason: null,
    outcome: null,
    ...overrides,
  }
}

/** DOMAIN.md's worked example: 送审 1,000 + 500 + 250 万元, the last not yet decided. */
export function batchDetail(overrides: Partial<ReviewBatchDetailDto['batch']> = {}, items?: ReviewItemDto[]): ReviewBatchDetailDto {
  return {
    batch: {
      id: batchId,
      name: '2027年度第一批项目预算评审',
      year: 2027,
      regionCode: '140322',
      status: 'OPEN',
      projectCount: 3,
      requested: 17_500_000,
      approved: 13_000_000,
      reduction: 2_000_000,
      reductionRate: 0.2,
      version: 9,
      ...overrides,
    },
    items: items ?? [
      reviewItem({ approvedAmount: 8_000_000, reductionAmount: 2_000_000, reason: '设备单价偏高', outcome: 'REDUCED' }),
      reviewItem({ projectId: 'p2', projectCode: 'XM-2027-140322-000002', projectName: '学生资助项目', requestedAmount: 5_000_000, approvedAmount: 5_000_000, reductionAmount: 0, outcome: 'SUPPORTED' }),
      reviewItem({ projectId: 'p3', projectCode: 'XM-2027-140322-000003', projectName: '信息化建设项目', requestedAmount: 2_500_000 }),
    ],
  }
}
