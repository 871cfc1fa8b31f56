// Chinese texts for failures whose server answer carries no Chinese message of its own (framework
// defaults, proxies, the network). Each detail tells the user what to do next.

interface StatusText {
  title: string
  detail: string
}

const byStatus: Readonly<Record<number, StatusText>> = {
  400: { title: '请求有误', detail: '提交的内容不符合要求，请检查后重新提交。' },
  401: { title: '未登录或登录已过期', detail: '请重新登录后再试。' },
  403: { title: '没有操作权限', detail: '当前账号无权执行此操作，如需开通请联系本单位管理员。' },
  404: { title: '请求的内容不存在', detail: '数据可能已被删除或移动，请刷新页面后重试。' },
  405: { title: '不支持的操作', detail: '该操作当前不可用，请刷新页面后重试。' },
  408: { title: '请求超时', detail: '服务器等待请求超时，请稍后重试。' },
  409: { title: '数据已被修改', detail: '该数据已被他人修改或状态已变化，请刷新后重新操作。' },
  413: { title: '提交的内容过大', detail: '请减小附件或批量数据的大小后重新提交。' },
  415: { title: '不支持的内容格式', detail: '提交的文件或数据格式不受支持，请更换格式后重试。' },
  422: { title: '数据未通过校验', detail: '请按提示修改后重新提交。' },
  429: { title: '操作过于频繁', detail: '请稍后再试。' },
  500: { title: '服务器内部错误', detail: '服务处理请求时出错，请稍后重试；如持续出现请联系运维人员。' },
  502: { title: '服务暂时无法访问', detail: '网关无法连接到后端服务，请稍后重试；如持续出现请联系运维人员。' },
  503: { title: '服务暂不可用', detail: '服务正在启动或维护中，请稍后重试。' },
  504: { title: '服务响应超时', detail: '后端服务未能及时响应，请稍后重试。' },
}

export function statusText(status: number): StatusText {
  const known = byStatus[status]
  if (known) return known
  if (status >= 500) return { title: `服务器错误（${status}）`, detail: '请稍后重试；如持续出现请联系运维人员。' }
  return { title: `请求失败（${status}）`, detail: '请检查后重试。' }
}

export const networkText: StatusText = {
  title: '网络连接失败',
  detail: '无法连接到服务器，请检查网络连接后重试。',
}

export const timeoutText: StatusText = {
  title: '请求超时',
  detail: '服务器长时间没有响应，请稍后重试。',
}

export const invalidResponseText: StatusText = {
  title: '响应格式错误',
  detail: '服务器返回的内容无法识别，请稍后重试；如持续出现请联系运维人员。',
}

export function retryAfterDetail(seconds: number): string {
  return `请在 ${seconds} 秒后重试。`
}
