// Calls to the identity service's administration API through the gateway (/api/identity/...).

import { http, route } from './http'
import type {
  CreateRegionRequest,
  CreateUserRequest,
  MeDto,
  OneTimePasswordResponse,
  OrganisationDto,
  PagedResult,
  RegionDto,
  RoleDto,
  SaveOrganisationRequest,
  UpdateUserRequest,
  UserDto,
} from './identityContracts'

export type * from './identityContracts'

const base = '/api/identity'

export interface PageQuery {
  page?: number
  pageSize?: number
  q?: string
}

export interface OrganisationQuery extends PageQuery {
  region?: string
  kind?: string
}

export interface UserQuery extends PageQuery {
  region?: string
  organisation?: string
  role?: string
}

export const getMe = () => http.get<MeDto>(`${base}/me`)

/** The caller's regions as a tree: the region they administer at the root. */
export async function getRegionTree(): Promise<RegionDto[]> {
  const tree = await http.get<RegionDto[] | RegionDto>(`${base}/regions`)
  return Array.isArray(tree) ? tree : [tree]
}

export const createRegion = (request: CreateRegionRequest) => http.post<RegionDto>(`${base}/regions`, request)

export const getRoles = () => http.get<RoleDto[]>(`${base}/roles`)

export const listOrganisations = (query: OrganisationQuery) =>
  http.get<PagedResult<OrganisationDto>>(`${base}/organisations`, { query: { ...query } })

export const createOrganisation = (request: SaveOrganisationRequest) =>
  http.post<OrganisationDto>(`${base}/organisations`, request)

export const updateOrganisation = (id: string, request: SaveOrganisationRequest) =>
  http.put<OrganisationDto>(route`/api/identity/organisations/${id}`, request)

export const listUsers = (query: UserQuery) => http.get<PagedResult<UserDto>>(`${base}/users`, { query: { ...query } })

export const createUser = (request: CreateUserRequest) => http.post<OneTimePasswordResponse>(`${base}/users`, request)

export const updateUser = (id: string, request: UpdateUserRequest) => http.put<UserDto>(route`/api/identity/users/${id}`, request)

export const resetPassword = (id: string) =>
  http.post<OneTimePasswordResponse>(route`/api/identity/users/${id}/reset-password`)

export const unlockUser = (id: string) => http.post<unknown>(route`/api/identity/users/${id}/unlock`)
