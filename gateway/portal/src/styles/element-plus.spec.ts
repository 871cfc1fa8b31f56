import { describe, expect, it } from 'vitest'
import styles from './element-plus.ts?raw'

// Screens, and the helpers that open message boxes and toasts for them.
const screens = import.meta.glob<string>(['/src/**/*.vue', '/src/**/*.ts', '!/src/**/*.spec.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
})

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}

function componentsUsed(): Set<string> {
  const used = new Set<string>()
  for (const source of Object.values(screens)) {
    for (const [, names] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'element-plus'/g)) {
      for (const name of names!.split(',').map((n) => n.trim())) {
        if (/^El[A-Z]/.test(name)) used.add(kebab(name.slice(2)))
      }
    }
  }
  return used
}

function stylesImported(): Set<string> {
  return new Set([...styles.matchAll(/element-plus\/es\/components\/([a-z-]+)\/style\/css/g)].map(([, name]) => name!))
}

describe('Element Plus styles', () => {
  it('finds the screens to check', () => {
    expect(componentsUsed().size).toBeGreaterThan(0)
  })

  it('imports the style of exactly the components the screens use', () => {
    expect([...stylesImported()].sort()).toEqual([...componentsUsed()].sort())
  })
})
