import type { IndicatorDto, LibraryEntryDto, TargetSetDto, TargetSetSummaryDto } from '@/api/targetsContracts'

export const setId = '9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d'

export function indicator(overrides: Partial<IndicatorDto> = {}): IndicatorDto {
  return {
    id: 'i1',
    level1: 'output',
    level2: 'quantity',
    name: '维修校舍面积',
    valueKind: 'quantitative',
    comparator: '>=',
    targetValue: 5000,
    unit: '平方米',
    direction: 'positive',
    explanation: '年度内完成维修的校舍建筑面积',
    dataSource: '竣工验收报告',
    points: 40,
    bands: null,
    libraryEntryId: null,
    comments: null,
    ...overrides,
  }
}

/** A DRAFT set of the project, three indicators worth 40 + 40 + 20 = 100 points. */
export function targetSet(overrides: Partial<TargetSetDto> = {}): TargetSetDto {
  return {
    id: setId,
    ownerType: 'project',
    projectId: '5d1f0c2e-7a35-4c1b-9f0e-3b2a1c0d9e8f',
    ownerName: '校舍维修改造项目',
    year: 2027,
    regionCode: '140322',
    regionName: '盂县',
    departmentId: '11111111-1111-1111-1111-111111111111',
    departmentName: '盂县教育局',
    unitId: null,
    unitName: '盂县第一中学',
    amount: 3_000_000,
    overallGoal: '完成教学楼屋面防水和外墙维修，消除安全隐患',
    setVersion: 1,
    revision: 1,
    status: 'DRAFT',
    isKey: false,
    indicators: [
      indicator(),
      indicator({ id: 'i2', level1: 'benefit', level2: 'social', name: '校舍安全隐患消除率', targetValue: 100, unit: '%', points: 40 }),
      indicator({
        id: 'i3',
        level1: 'satisfaction',
        level2: 'beneficiary',
        name: '师生满意度',
        valueKind: 'qualitative',
        comparator: null,
        targetValue: null,
        unit: null,
        points: 20,
        bands: [
          { label: '达成', minRatio: 0.8, maxRatio: 1 },
          { label: '部分达成', minRatio: 0.6, maxRatio: 0.8 },
          { label: '未达成', minRatio: 0, maxRatio: 0.6 },
        ],
      }),
    ],
    totalPoints: 100,
    version: 12,
    updatedAt: '2026-03-05T08:00:00Z',
    ...overrides,
  }
}

export function summary(overrides: Partial<TargetSetSummaryDto> = {}): TargetSetSummaryDto {
  return {
    id: setId,
    ownerType: 'project',
    projectId: null,
    ownerName: '校舍维修改造项目',
    year: 2027,
    regionCode: '140322',
    departmentName: '盂县教育局',
    unitName: '盂县第一中学',
    amount: 3_000_000,
    setVersion: 1,
    revision: 1,
    status: 'SUBMITTED',
    isKey: false,
    indicatorCount: 3,
    updatedAt: '2026-03-05T08:00:00Z',
    submittedAt: '2026-03-05T08:00:00Z',
    version: 12,
    ...overrides,
  }
}

export function libraryEntry(overrides: Partial<LibraryEntryDto> = {}): LibraryEntryDto {
  return {
    id: 'lib-1',
    code: 'ZB-0001',
    scope: 'common',
    sector: '教育',
    departmentId: null,
    departmentName: null,
    level1: 'output',
    level2: 'quality',
    name: '维修工程验收合格率',
    valueKind: 'quantitative',
    comparator: '>=',
    referenceValue: 100,
    unit: '%',
    direction: 'positive',
    explanation: '验收合格的工程数占完成工程数的比例',
    source: '行业标准',
    attribute: '共性',
    entryVersion: 1,
    status: 'PUBLISHED',
    regionCode: '140322',
    version: 5,
    ...overrides,
  }
}
