// The identity administration API's JSON, as services/Contracts/Identity/DirectoryContracts.cs defines
// it (camelCase). Guids and dates travel as strings.

export interface RegionDto {
  code: string
  name: string
  level: string
  parentCode: string | null
  isLocalCode: boolean
  children: RegionDto[]
}

export interface CreateRegionRequest {
  code: string | null
  name: string | null
  level: string | null
  parentCode: string | null
  isLocalCode: boolean
}

export interface OrganisationDto {
  id: string
  name: string
  kind: string
  regionCode: string
  regionName: string
  parentId: string | null
  parentName: string | null
  creditCode: string | null
  isActive: boolean
  userCount: number
}

export interface SaveOrganisationRequest {
  name: string | null
  kind: string | null
  regionCode: string | null
  parentId: string | null
  creditCode: string | null
  isActive: boolean
}

export interface UserDto {
  id: string
  userName: string
  displayName: string
  email: string | null
  phoneNumber: string | null
  organisationId: string
  organisationName: string
  regionCode: string
  regionName: string
  roles: string[]
  isActive: boolean
  isLockedOut: boolean
  twoFactorEnabled: boolean
  mustChangePassword: boolean
  createdAt: string
}

export interface CreateUserRequest {
  userName: string | null
  displayName: string | null
  email: string | null
  phoneNumber: string | null
  organisationId: string | null
  roles: string[] | null
}

export interface UpdateUserRequest {
  displayName: string | null
  email: string | null
  phoneNumber: string | null
  organisationId: string | null
  roles: string[] | null
  isActive: boolean
}

/** Shown once to the administrator; the user must change it at the next sign-in. */
export interface OneTimePasswordResponse {
  user: UserDto
  oneTimePassword: string
}

export interface RoleDto {
  code: string
  name: string
  isAdministrator: boolean
  grantable: boolean
}

export interface MeDto {
  id: string
  userName: string
  displayName: string
  organisationId: string
  organisationName: string
  organisationKind: string
  regionCode: string
  regionName: string
  regionLevel: string
  roles: string[]
  twoFactorEnabled: boolean
}

export type { PagedResult } from './commonContracts'
