// happy-dom has no canvas: getContext answers null, and ECharts (zrender) then throws from its own
// animation frame, possibly while a later test runs. A context that takes every call and draws
// nothing lets charts mount and update in tests; what they were asked to draw is tested through their
// options.

function inertContext(canvas: HTMLCanvasElement): RenderingContext {
  const state: Record<PropertyKey, unknown> = {
    canvas,
    measureText: (text: string) => ({ width: String(text).length * 12, actualBoundingBoxAscent: 10, actualBoundingBoxDescent: 2 }),
    getImageData: () => ({ data: new Uint8ClampedArray(4) }),
    getLineDash: () => [],
  }
  const context: object = new Proxy(state, {
    get: (target, key) => {
      if (key in target) return target[key]
      // Not a promise, not JSON: everything else is a drawing call (gradients come back as the context).
      if (typeof key === 'symbol' || key === 'then' || key === 'toJSON') return undefined
      return () => context
    },
    set: (target, key, value) => {
      target[key] = value
      return true
    },
  })
  return context as RenderingContext
}

HTMLCanvasElement.prototype.getContext = function getContext(this: HTMLCanvasElement) {
  return inertContext(this)
} as typeof HTMLCanvasElement.prototype.getContext
