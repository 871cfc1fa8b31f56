'use strict';

const stateLabels = {
  NotStarted: '未启动', Waiting: '等待依赖', Starting: '启动中', Running: '运行中', RuntimeUnhealthy: '运行异常',
  Stopping: '停止中', Exited: '已退出', Finished: '已完成', FailedToStart: '启动失败',
};
const healthLabels = { Healthy: '健康', Unhealthy: '不健康', Degraded: '降级' };
const kindLabels = { Project: '.NET 项目', Executable: '可执行程序', Postgres: 'PostgreSQL', PostgresDatabase: '数据库', Redis: 'Redis' };
const commandLabels = { start: '启动', stop: '停止', restart: '重启' };

let selected = null;
let logSource = null;
let lastResources = [];

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = Math.floor(seconds % 60);
  return h > 0 ? `${h} 小时 ${m} 分` : m > 0 ? `${m} 分 ${s} 秒` : `${s} 秒`;
}

function formatMemory(bytes) {
  return bytes ? `${(bytes / 1048576).toFixed(0)} MB` : '';
}

function stateCell(state, reason) {
  return el('td', {}, el('span', { class: `state state-${state}` }, stateLabels[state] || state),
    reason ? el('span', { class: 'reason' }, reason) : null);
}

function healthCell(health) {
  return el('td', { class: health ? `health-${health}` : '' }, health ? healthLabels[health] || health : '');
}

async function command(name, cmd, replica) {
  const query = replica === undefined ? '' : `?replica=${replica}`;
  const response = await fetch(`/api/resources/${encodeURIComponent(name)}/${cmd}${query}`, {
    method: 'POST', headers: { 'X-Dashboard-Request': '1' },
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    showError(`${commandLabels[cmd]} ${name} 失败：${problem.detail || response.status}`);
  }
  refresh();
}

function commandButtons(resource, replica) {
  if (resource.isExternal || resource.kind === 'PostgresDatabase') return el('td');
  const cell = el('td');
  for (const cmd of ['start', 'stop', 'restart']) {
    cell.append(el('button', { type: 'button', onclick: (e) => { e.stopPropagation(); command(resource.name, cmd, replica); } }, commandLabels[cmd]));
  }
  return cell;
}

function endpointCell(urls) {
  const cell = el('td');
  for (const url of urls.filter(Boolean)) cell.append(el('a', { href: url, target: '_blank', rel: 'noopener' }, url), el('br'));
  return cell;
}

function render(resources) {
  lastResources = resources;
  const body = document.querySelector('#resources tbody');
  body.replaceChildren();
  let memory = 0, healthy = 0;
  for (const resource of resources) {
    const replicas = resource.replicas;
    const sum = (f) => replicas.reduce((total, r) => total + (f(r) || 0), 0);
    memory += sum((r) => r.memoryBytes);
    if (resource.health === 'Healthy' || resource.state === 'Finished') healthy++;
    const single = replicas.length === 1 ? replicas[0] : null;
    const row = el('tr', { class: `resource${selected === resource.name ? ' selected' : ''}`, onclick: () => select(resource.name) },
      el('td', {}, resource.name, replicas.length > 1 ? ` (${replicas.length} 个副本)` : ''),
      el('td', {}, kindLabels[resource.kind] || resource.kind),
      stateCell(resource.state, resource.reason),
      healthCell(resource.health),
      endpointCell(replicas.map((r) => r.url)),
      el('td', {}, single && single.pid ? single.pid : ''),
      el('td', {}, single ? formatDuration(single.uptimeSeconds) : ''),
      el('td', {}, sum((r) => r.restarts)),
      el('td', {}, formatMemory(sum((r) => r.memoryBytes))),
      commandButtons(resource));
    body.append(row);
    if (replicas.length > 1) {
      for (const r of replicas) {
        body.append(el('tr', { class: 'replica' },
          el('td', {}, `副本 ${r.index}`), el('td'), stateCell(r.state, r.reason), healthCell(r.health),
          endpointCell([r.url]), el('td', {}, r.pid || ''), el('td', {}, formatDuration(r.uptimeSeconds)),
          el('td', {}, r.restarts), el('td', {}, formatMemory(r.memoryBytes)), commandButtons(resource, r.index)));
      }
    }
  }
  document.getElementById('summary').textContent =
    `${healthy}/${resources.length} 个资源就绪 · 内存合计 ${formatMemory(memory) || '0 MB'}`;
  if (selected) renderEnvironment(resources.find((r) => r.name === selected));
}

function renderEnvironment(resource) {
  const body = document.querySelector('#env tbody');
  body.replaceChildren();
  if (!resource) return;
  for (const replica of resource.replicas) {
    for (const [name, value] of Object.entries(replica.environment).sort(([a], [b]) => a.localeCompare(b))) {
      body.append(el('tr', {}, el('td', {}, replica.index), el('td', {}, name), el('td', { class: 'value' }, value)));
    }
  }
}

function select(name) {
  selected = name;
  document.getElementById('details').hidden = false;
  document.getElementById('details-title').textContent = `资源 ${name}`;
  const logs = document.getElementById('logs');
  logs.replaceChildren();
  if (logSource) logSource.close();
  logSource = new EventSource(`/api/resources/${encodeURIComponent(name)}/logs/stream`);
  logSource.onmessage = (event) => {
    const line = JSON.parse(event.data);
    const prefix = line.replica > 0 ? `[${line.replica}] ` : '';
    logs.append(el('span', { class: line.isError ? 'stderr' : '' }, `${prefix}${line.text}\n`));
    while (logs.childNodes.length > 10000) logs.removeChild(logs.firstChild);
    if (document.getElementById('follow').checked) logs.scrollTop = logs.scrollHeight;
  };
  render(lastResources);
}

function showError(message) {
  const error = document.getElementById('error');
  error.textContent = message;
  error.hidden = !message;
}

async function refresh() {
  try {
    const response = await fetch('/api/resources');
    if (response.status === 401) {
      showError('登录已失效：请使用 AppHost 控制台打印的登录链接重新登录。');
      return;
    }
    render((await response.json()).resources);
    showError('');
  } catch {
    showError('无法连接 AppHost：它可能已经停止。');
  }
}

for (const button of document.querySelectorAll('.tabs button')) {
  button.addEventListener('click', () => {
    for (const other of document.querySelectorAll('.tabs button')) other.classList.toggle('active', other === button);
    document.getElementById('tab-logs').hidden = button.dataset.tab !== 'logs';
    document.getElementById('tab-env').hidden = button.dataset.tab !== 'env';
  });
}

refresh();
setInterval(refresh, 2000);
