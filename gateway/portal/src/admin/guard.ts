// Whether a user may press a button now, and if not, the reason the screen shows in its tooltip.

export interface Guard {
  allowed: boolean
  /** Chinese, for the tooltip of a disabled button; null when allowed. */
  reason: string | null
}

export const allowed: Guard = { allowed: true, reason: null }

/** Allowed when `condition` holds, else refused with `reason`. */
export function allowIf(condition: boolean, reason: string): Guard {
  return condition ? allowed : { allowed: false, reason }
}

/** The first refusal among `guards`, or allowed. */
export function allOf(...guards: Guard[]): Guard {
  return guards.find((g) => !g.allowed) ?? allowed
}
