import { describe, expect, it } from 'vitest'
import claimsSource from '../../../../services/Contracts/Identity/PlatformClaims.cs?raw'
import rolesSource from '../../../../services/Contracts/Identity/PlatformRoles.cs?raw'
import { administratorRoles, organisationKindNames, regionLevelNames, roleNames } from './platform'

function classBody(source: string, className: string): string {
  return source.split(/public static class /).find((part) => part.startsWith(`${className}\n`)) ?? ''
}

/** Constant name → code, from `public const string Name = "code";`. */
function constants(body: string): Record<string, string> {
  return Object.fromEntries([...body.matchAll(/public const string (\w+) = "([^"]+)";/g)].map(([, name, code]) => [name!, code!]))
}

/** Code → display name, from the arms of a C# `DisplayName` switch. */
function displayNames(source: string, className: string): Record<string, string> {
  const body = classBody(source, className)
  const codes = constants(body)
  const names: Record<string, string> = {}
  for (const [, constant, name] of body.matchAll(/^\s*(\w+) => "([^"]+)",$/gm)) names[codes[constant!]!] = name!
  return names
}

describe('identity names', () => {
  it('reads the C# sources it compares against', () => {
    expect(Object.keys(displayNames(rolesSource, 'PlatformRoles'))).toHaveLength(10)
  })

  it('names every role as PlatformRoles does', () => {
    expect(roleNames).toEqual(displayNames(rolesSource, 'PlatformRoles'))
  })

  it('names every region level as RegionLevels does', () => {
    expect(regionLevelNames).toEqual(displayNames(claimsSource, 'RegionLevels'))
  })

  it('names every organisation kind as OrganisationKinds does', () => {
    expect(organisationKindNames).toEqual(displayNames(claimsSource, 'OrganisationKinds'))
  })

  it('treats the same roles as administrators as PlatformRoles does', () => {
    const [, list] = /Administrators = \[([^\]]+)\]/.exec(rolesSource) ?? []
    const codes = constants(classBody(rolesSource, 'PlatformRoles'))

    expect(list?.split(',').map((name) => codes[name.trim()])).toEqual(administratorRoles)
  })
})
