import type { UserProfile } from 'oidc-client-ts'

/** The signed-in user as the portal shows them: from the ID token and userinfo claims (PlatformClaims). */
export interface SessionUser {
  id: string
  name: string
  userName: string
  /** The organisation's id (`org`). */
  organisationId: string
  organisation: string
  /** The region's code (`region`), e.g. 140322. */
  regionCode: string
  region: string
  regionLevel: string
  roles: string[]
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** `role` arrives as one string for a single role and as an array for several. */
function list(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : []
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export function sessionUserOf(profile: UserProfile): SessionUser {
  return {
    id: profile.sub,
    name: text(profile.name) || text(profile.preferred_username),
    userName: text(profile.preferred_username),
    organisationId: text(profile.org),
    organisation: text(profile.org_name),
    regionCode: text(profile.region),
    region: text(profile.region_name),
    regionLevel: text(profile.region_level),
    roles: list(profile.role),
  }
}
