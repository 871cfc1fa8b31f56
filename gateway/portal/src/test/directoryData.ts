import type { OrganisationDto, RegionDto, RoleDto, UserDto } from '@/api/identityContracts'

function region(code: string, name: string, level: string, parentCode: string | null, children: RegionDto[] = []): RegionDto {
  return { code, name, level, parentCode, isLocalCode: false, children }
}

/** 阳泉市 with two counties, as a city administrator sees it. */
export const yangquanTree: RegionDto[] = [
  region('140300', '阳泉市', 'city', null, [
    region('140302', '城区', 'county', '140300'),
    region('140322', '盂县', 'county', '140300'),
    { ...region('140371', '阳泉经济技术开发区', 'zone', '140300'), isLocalCode: true },
  ]),
]

export function organisation(overrides: Partial<OrganisationDto> = {}): OrganisationDto {
  return {
    id: '11111111-1111-1111-1111-111111111111',
    name: '盂县教育局',
    kind: 'department',
    regionCode: '140322',
    regionName: '盂县',
    parentId: null,
    parentName: null,
    creditCode: null,
    isActive: true,
    userCount: 3,
    ...overrides,
  }
}

export function user(overrides: Partial<UserDto> = {}): UserDto {
  return {
    id: '22222222-2222-2222-2222-222222222222',
    userName: '140322.unit-filer',
    displayName: '盂县单位填报员',
    email: null,
    phoneNumber: null,
    organisationId: '11111111-1111-1111-1111-111111111111',
    organisationName: '盂县第一中学',
    regionCode: '140322',
    regionName: '盂县',
    roles: ['unit-filer'],
    isActive: true,
    isLockedOut: false,
    twoFactorEnabled: false,
    mustChangePassword: false,
    createdAt: '2025-03-01T08:00:00Z',
    ...overrides,
  }
}

/** GET /api/identity/roles for a region administrator: everything but platform-operator is grantable. */
export const regionAdminRoles: RoleDto[] = [
  { code: 'platform-operator', name: '平台运维', isAdministrator: true, grantable: false },
  { code: 'region-admin', name: '区划管理员', isAdministrator: true, grantable: true },
  { code: 'performance-officer', name: '绩效科', isAdministrator: false, grantable: true },
  { code: 'unit-filer', name: '单位填报', isAdministrator: false, grantable: true },
  { code: 'overseer', name: '监督（只读）', isAdministrator: false, grantable: true },
]
