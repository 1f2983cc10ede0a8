// The board page: read-only, live over server-sent events. Every text from the board is untrusted and is set
// as text (textContent, text nodes), never parsed as HTML.
'use strict';

const STATUSES = ['backlog', 'in_progress', 'review', 'blocked', 'done'];
const HEADINGS = { backlog: 'Backlog', in_progress: 'In progress', review: 'Review', blocked: 'Blocked', done: 'Done' };
const PAGE = 50;

const state = {
  filter: { q: '', category: '' },
  /** status → { cards: Card[] (queue order), total: number, complete: boolean } */
  columns: new Map(),
  source: null,
  loading: false,
  loadToken: 0,
  queued: [],
  generation: 0,
  detailId: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role') node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function filterQuery() {
  const params = new URLSearchParams();
  if (state.filter.q) params.set('q', state.filter.q);
  if (state.filter.category) params.set('category', state.filter.category);
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${response.status} ${path}`);
  return response.json();
}

function setStatus(text, offline) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('offline', Boolean(offline));
}

function connect() {
  if (state.source) state.source.close();
  const source = new EventSource(`/events${filterQuery()}`);
  state.source = source;
  // The board loads at once, beside the stream; changes that arrive meanwhile are applied after it. A reconnect
  // (a new hello on the same stream) loads it again, since changes may have been missed in between.
  let connected = false;
  source.addEventListener('hello', () => {
    if (connected) void load();
    connected = true;
  });
  void load();
  source.addEventListener('change', (event) => {
    const change = JSON.parse(event.data);
    if (state.loading) state.queued.push(change);
    else applyChange(change);
  });
  source.onerror = () => setStatus('connection lost, reconnecting…', true);
}

async function load() {
  const token = ++state.loadToken;
  state.loading = true;
  state.queued = [];
  try {
    const board = await getJson(`/api/board${filterQuery()}`);
    if (token !== state.loadToken) return; // a newer load (another filter) is under way
    $('repo').textContent = board.repository;
    document.title = `${board.repository} · board`;
    fillCategories(board.categories);
    state.generation = board.generation;
    state.columns.clear();
    for (const column of board.columns) {
      state.columns.set(column.status, { cards: column.cards, total: column.total, complete: column.cards.length >= column.total });
    }
    renderColumns(STATUSES);
    liveStatus(board.total);
  } catch (error) {
    setStatus(`could not load the board (${error.message})`, true);
  } finally {
    if (token === state.loadToken) state.loading = false;
  }
  if (token !== state.loadToken) return;
  for (const change of state.queued.splice(0)) if (change.generation > state.generation) applyChange(change);
}

function liveStatus(total) {
  setStatus(`live · ${total} feature${total === 1 ? '' : 's'} · updated ${new Date().toLocaleTimeString()}`);
}

function fillCategories(categories) {
  const select = $('category');
  const current = state.filter.category;
  select.replaceChildren(el('option', { value: '' }, 'all'));
  for (const [name, count] of categories) select.append(el('option', { value: name }, `${name} (${count})`));
  if (current && !categories.some(([name]) => name === current)) select.append(el('option', { value: current }, current));
  select.value = current;
}

function applyChange(change) {
  state.generation = change.generation;
  const dirty = new Set();
  for (const id of change.removed) removeCard(id, dirty);
  for (const card of change.upserts) {
    removeCard(card.id, dirty);
    insertCard(card, dirty);
  }
  for (const status of STATUSES) {
    const column = state.columns.get(status);
    if (!column || column.total === change.counts[status]) continue;
    column.total = change.counts[status];
    if (column.cards.length >= column.total) column.complete = true;
    dirty.add(status);
  }
  renderColumns([...dirty]);
  liveStatus(change.total);
  const open = state.detailId;
  if (open && (change.touched.includes(open) || change.removed.includes(open) || change.upserts.some((c) => c.id === open))) void openDetail(open);
}

function removeCard(id, dirty) {
  for (const [status, column] of state.columns) {
    const index = column.cards.findIndex((card) => card.id === id);
    if (index >= 0) {
      column.cards.splice(index, 1);
      dirty.add(status);
    }
  }
}

/** Places a card where the server's order puts it, if that place is among the cards this page has loaded. */
function insertCard(card, dirty) {
  const column = state.columns.get(card.status);
  if (!column) return;
  let index = 0;
  while (index < column.cards.length && column.cards[index].order < card.order) index++;
  if (index < column.cards.length || column.complete) {
    column.cards.splice(index, 0, card);
    dirty.add(card.status);
  }
}

function renderColumns(statuses) {
  const board = $('board');
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.id : undefined;
  if (board.children.length === 0) {
    for (const status of STATUSES) {
      const heading = el('h2', { id: `h-${status}` }, el('span', {}, HEADINGS[status]), el('span', { class: 'count', 'aria-label': 'features' }, '0'));
      const list = el('ol', { class: 'cards', 'aria-labelledby': `h-${status}` });
      const more = el('button', { type: 'button', class: 'more', hidden: true });
      more.addEventListener('click', () => void loadMore(status));
      board.append(el('section', { class: 'column', 'data-status': status, 'aria-labelledby': `h-${status}` }, heading, list, more));
    }
  }
  for (const status of statuses) {
    const column = state.columns.get(status);
    const section = board.querySelector(`section[data-status="${status}"]`);
    if (!column || !section) continue;
    section.querySelector('.count').textContent = String(column.total);
    const list = section.querySelector('ol');
    list.replaceChildren(...column.cards.map((card) => el('li', {}, renderCard(card))));
    if (column.cards.length === 0) list.append(el('li', { class: 'empty' }, column.total ? '' : 'nothing here'));
    const more = section.querySelector('.more');
    const left = column.total - column.cards.length;
    more.hidden = left <= 0;
    more.textContent = `Show ${Math.min(PAGE, left)} more of ${left}`;
  }
  // Redrawn cards keep the keyboard's place.
  if (focused && !(document.activeElement instanceof HTMLElement && document.activeElement.dataset.id)) {
    for (const card of board.querySelectorAll('.card')) if (card.dataset.id === focused) card.focus();
  }
}

async function loadMore(status) {
  const column = state.columns.get(status);
  const params = new URLSearchParams(filterQuery().slice(1));
  params.set('status', status);
  params.set('offset', String(column.cards.length));
  params.set('limit', String(PAGE));
  const page = await getJson(`/api/column?${params}`);
  const known = new Set(column.cards.map((card) => card.id));
  column.cards.push(...page.cards.filter((card) => !known.has(card.id)));
  column.total = page.total;
  column.complete = column.cards.length >= column.total;
  renderColumns([status]);
}

function age(iso) {
  const ms = Date.now() - Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const minutes = Math.max(0, Math.round(ms / 60000));
  if (minutes < 1) return 'just now';
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

function facts(card) {
  const lines = [];
  const deps = card.dependencies;
  if (card.status === 'backlog') {
    const waiting = deps.filter((d) => !d.done).map((d) => d.title);
    lines.push(waiting.length ? el('p', { class: 'waiting' }, `waiting on ${waiting.join(', ')}`) : el('p', { class: 'ready' }, 'ready'));
  } else if (deps.length) {
    lines.push(el('p', {}, `after ${deps.map((d) => d.title).join(', ')}`));
  }
  if (card.status === 'in_progress') {
    const expired = card.leaseExpiresAt && Date.parse(card.leaseExpiresAt) <= Date.now();
    const holder = card.holder ? `held by ${card.holder}` : 'not held';
    lines.push(el('p', { class: expired ? 'fail' : '' }, `${holder}${card.claimedSince ? ` · ${age(card.claimedSince)}` : ''}${expired ? ' · lease expired' : ''}`));
  }
  if (card.branch) lines.push(el('p', {}, `⎇ ${card.branch}`));
  if (card.pr) {
    const label = `PR${card.pr.number ? ` #${card.pr.number}` : ''}`;
    const link = card.pr.url && /^https?:\/\//i.test(card.pr.url) ? el('a', { href: card.pr.url, target: '_blank', rel: 'noopener noreferrer' }, label) : label;
    lines.push(el('p', {}, link, ` · ${card.pr.state}`));
  }
  if (card.verification) {
    const v = card.verification;
    lines.push(el('p', { class: v.passed ? 'pass' : 'fail' }, `${v.passed ? '✔ verified' : '✘ check failed'}${v.headSha ? ` at ${v.headSha}` : ''}${v.at ? ` · ${age(v.at)} ago` : ''}`));
  }
  for (const approval of card.approvals) {
    lines.push(el('p', { class: approval.status }, `approval ${approval.status}: ${approval.title}`));
  }
  if (card.blockedReason) lines.push(el('p', { class: 'fail' }, card.blockedReason));
  return lines;
}

function renderCard(card) {
  const node = el(
    'article',
    { class: 'card', tabIndex: 0, role: 'button', 'aria-haspopup': 'dialog', 'data-id': card.id, 'data-status': card.status },
    el('h3', {}, card.priority ? el('span', { class: `prio p${card.priority}` }, `P${card.priority}`) : null, card.title),
    el('p', {}, card.category),
    ...facts(card),
  );
  node.addEventListener('click', (event) => {
    if (event.target instanceof HTMLAnchorElement) return;
    void openDetail(card.id);
  });
  return node;
}

async function openDetail(id) {
  const dialog = $('detail');
  state.detailId = id;
  let detail;
  try {
    detail = await getJson(`/api/feature?id=${encodeURIComponent(id)}`);
  } catch {
    $('detail-title').textContent = 'This feature is no longer on the board.';
    $('detail-body').replaceChildren();
    if (!dialog.open) dialog.showModal();
    return;
  }
  if (state.detailId !== id) return;
  const card = detail.card;
  $('detail-title').textContent = card.title;
  const body = [
    el('p', {}, `${HEADINGS[card.status]} · ${card.category}${card.priority ? ` · P${card.priority}` : ''} · ${card.id}`),
    el('div', { class: 'facts' }, ...facts(card)),
    el('h3', {}, 'Description'),
    el('pre', {}, detail.description || '(none)'),
  ];
  if (detail.verificationOutput) body.push(el('h3', {}, 'Latest verification output'), el('pre', {}, detail.verificationOutput));
  body.push(
    el('h3', {}, 'History'),
    el('ol', {}, ...detail.history.map((h) => el('li', {}, `${new Date(h.at).toLocaleString()}: ${h.from ?? '—'} → ${h.to}${h.by ? ` by ${h.by}` : ''}${h.reason ? ` (${h.reason})` : ''}`))),
    el('h3', {}, 'Log (latest lines)'),
    el('pre', { class: 'log' }, detail.log.length ? detail.log.join('\n') : '(empty)'),
  );
  $('detail-body').replaceChildren(...body);
  if (!dialog.open) dialog.showModal();
}

/** Arrow keys move between cards (up/down in a column, left/right across columns); Enter or Space opens one. */
function onKey(event) {
  const target = event.target;
  if (event.key === '/' && !(target instanceof HTMLInputElement) && !$('detail').open) {
    event.preventDefault();
    $('q').focus();
    return;
  }
  if (!(target instanceof HTMLElement) || !target.classList.contains('card')) return;
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    void openDetail(target.dataset.id);
    return;
  }
  const cards = [...target.closest('ol').querySelectorAll('.card')];
  const index = cards.indexOf(target);
  let next;
  if (event.key === 'ArrowDown') next = cards[index + 1];
  else if (event.key === 'ArrowUp') next = cards[index - 1];
  else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
    const sections = [...document.querySelectorAll('.column')];
    const step = event.key === 'ArrowRight' ? 1 : -1;
    for (let i = sections.indexOf(target.closest('.column')) + step; i >= 0 && i < sections.length && !next; i += step) {
      const other = sections[i].querySelectorAll('.card');
      next = other[Math.min(index, other.length - 1)];
    }
  }
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

function start() {
  let timer;
  $('q').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.filter.q = $('q').value.trim();
      connect();
    }, 200);
  });
  $('category').addEventListener('change', () => {
    state.filter.category = $('category').value;
    connect();
  });
  $('detail-close').addEventListener('click', () => $('detail').close());
  $('detail').addEventListener('close', () => {
    state.detailId = null;
  });
  document.addEventListener('keydown', onKey);
  // Ages ("12 min") move on without a change on the board.
  setInterval(() => renderColumns(STATUSES), 60_000);
  connect();
}

start();
