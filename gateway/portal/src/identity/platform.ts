// The identity vocabulary shared with the services: role codes, region levels and organisation kinds
// with the names users read. Mirrors services/Contracts/Identity/PlatformRoles.cs and PlatformClaims.cs
// (RegionLevels, OrganisationKinds); a test keeps the two in step.

export const platformRoles = {
  platformOperator: 'platform-operator',
  regionAdmin: 'region-admin',
  performanceOfficer: 'performance-officer',
  businessReviewer: 'business-reviewer',
  budgetOfficer: 'budget-officer',
  departmentFiler: 'department-filer',
  unitFiler: 'unit-filer',
  agencyStaff: 'agency-staff',
  expert: 'expert',
  overseer: 'overseer',
} as const

export type PlatformRole = (typeof platformRoles)[keyof typeof platformRoles]

/** Roles that administer people: they see the 系统管理 area. */
export const administratorRoles: readonly string[] = [platformRoles.platformOperator, platformRoles.regionAdmin]

export const roleNames: Readonly<Record<string, string>> = {
  'platform-operator': '平台运维',
  'region-admin': '区划管理员',
  'performance-officer': '绩效科',
  'business-reviewer': '业务科室审核',
  'budget-officer': '预算科',
  'department-filer': '部门填报',
  'unit-filer': '单位填报',
  'agency-staff': '第三方机构人员',
  expert: '评审专家',
  overseer: '监督（只读）',
}

export const regionLevels = {
  province: 'province',
  city: 'city',
  county: 'county',
  zone: 'zone',
} as const

export const regionLevelNames: Readonly<Record<string, string>> = {
  province: '省级',
  city: '市级',
  county: '县（区）级',
  zone: '开发区',
}

export const organisationKindNames: Readonly<Record<string, string>> = {
  'finance-bureau': '财政局',
  'budget-office': '预算科',
  'performance-office': '绩效科',
  'business-office': '业务科室',
  'review-centre': '评审中心',
  department: '预算部门',
  unit: '预算单位',
  agency: '第三方机构',
  congress: '人大',
  audit: '审计',
}

/** Unknown codes are shown as they are, like the services' DisplayName methods do. */
export const roleName = (code: string): string => roleNames[code] ?? code
export const regionLevelName = (level: string): string => regionLevelNames[level] ?? level
export const organisationKindName = (kind: string): string => organisationKindNames[kind] ?? kind

/** Finance bureau staff (PlatformPolicies.FinanceStaffRoles in ServiceDefaults). */
export const financeStaffRoles: readonly string[] = [
  platformRoles.performanceOfficer,
  platformRoles.businessReviewer,
  platformRoles.budgetOfficer,
  platformRoles.regionAdmin,
  platformRoles.platformOperator,
]

/** Departments and units that file projects and targets (PlatformPolicies.FilerRoles). */
export const filerRoles: readonly string[] = [platformRoles.departmentFiler, platformRoles.unitFiler]

/** Whether `roles` hold at least one of `wanted`. */
export const hasAnyRole = (roles: readonly string[], wanted: readonly string[]): boolean => roles.some((r) => wanted.includes(r))
