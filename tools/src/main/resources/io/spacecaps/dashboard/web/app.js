// The Spacecaps dashboard's page. Every text from the pipeline (names, captions, keywords, titles) is
// untrusted: it only ever reaches the document through textContent, never as markup. The server
// pushes changes as server-sent events; a reload or a reconnection starts again from a snapshot.
'use strict';

(() => {
  const PALETTE = ['#2563eb', '#dc2626', '#059669', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];
  const NO_COLOUR = '#6b7280';

  const view = {
    spaceId: null,     // the Space shown, from the address (#space=ID), so that a reload keeps it
    detail: null,      // its snapshot, kept up to date by deltas
    spaces: [],
    status: null,
    streamUp: false,
  };
  let stream = null;
  let talkChart = null;
  let wpmChart = null;

  const $ = (id) => document.getElementById(id);

  /** An element whose only content is text. */
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function colour(index) {
    return index >= 0 ? PALETTE[index % PALETTE.length] : NO_COLOUR;
  }

  function clock(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const two = (n) => String(n).padStart(2, '0');
    return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  }

  function millis(ms) {
    return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
  }

  function wallTime(epochMs) {
    return epochMs ? new Date(epochMs).toLocaleTimeString() : '';
  }

  function spaceFromAddress() {
    const m = /^#space=(.+)$/.exec(location.hash);
    return m ? decodeURIComponent(m[1]) : null;
  }

  // ---- the stream ----

  function connect() {
    if (stream) stream.close();
    view.spaceId = spaceFromAddress();
    view.detail = null;
    renderSpace();
    stream = new EventSource('/api/stream' + (view.spaceId ? '?space=' + encodeURIComponent(view.spaceId) : ''));
    stream.addEventListener('status', (e) => { view.streamUp = true; view.status = JSON.parse(e.data); renderStatus(); });
    stream.addEventListener('spaces', (e) => { view.spaces = JSON.parse(e.data); renderSpaceList(); });
    stream.addEventListener('snapshot', (e) => onSnapshot(JSON.parse(e.data)));
    stream.addEventListener('delta', (e) => onDelta(JSON.parse(e.data)));
    stream.addEventListener('busy', () => { view.streamUp = false; renderStatus('The dashboard has as many viewers as it serves; retrying…'); });
    // EventSource reconnects by itself; on reconnection the server sends a fresh snapshot.
    stream.onerror = () => { view.streamUp = false; renderStatus(); };
  }

  function onSnapshot(message) {
    if (message.space !== view.spaceId) return;
    view.detail = message.detail;
    renderSpace();
  }

  function onDelta(delta) {
    const d = view.detail;
    if (!d || delta.space !== view.spaceId) return;
    if (delta.summary) {
      d.space = delta.summary;
      renderHead();
    }
    if (delta.captions && delta.captions.length) {
      addCaptions(delta.captions);
    }
    if (delta.partials && Object.keys(delta.partials).length) {
      const byTrack = new Map(d.partials.map((p) => [p.trackId, p]));
      for (const [track, partial] of Object.entries(delta.partials)) {
        if (partial === null) byTrack.delete(track); else byTrack.set(track, partial);
      }
      d.partials = [...byTrack.values()];
      renderPartials();
    }
    if (delta.stats) {
      d.stats = delta.stats;
      renderStats();
    }
    if (delta.participants) {
      d.participants = delta.participants;
      renderPeople();
    }
  }

  // ---- status ----

  function renderStatus(override) {
    const box = $('connection');
    let text;
    let kind;
    const s = view.status;
    if (override) {
      text = override; kind = 'down';
    } else if (!view.streamUp) {
      text = 'The dashboard server is not answering; reconnecting… (what is shown may be out of date)';
      kind = 'down';
    } else if (!s || s.kafka === 'connecting') {
      text = `Connecting to Kafka at ${s ? s.bootstrap : '…'}…`;
      kind = 'connecting';
    } else if (s.kafka === 'unreachable') {
      text = `Kafka at ${s.bootstrap} is unreachable since ${wallTime(s.sinceMs)}${s.message ? ` (${s.message})` : ''}. `
        + 'Showing what was read before; still trying.';
      kind = 'down';
    } else if (s.missingTopics && s.missingTopics.length) {
      text = `Connected to Kafka at ${s.bootstrap}; waiting for topic(s) ${s.missingTopics.join(', ')}.`;
      kind = 'connecting';
    } else if (!s.caughtUp) {
      text = `Connected to Kafka at ${s.bootstrap}; reading the topics from the beginning…`;
      kind = 'connecting';
    } else {
      text = `Live · Kafka at ${s.bootstrap}`;
      kind = 'up';
    }
    box.textContent = text;
    box.className = 'connection ' + kind;
    box.dataset.state = kind;
  }

  // ---- the list of Spaces ----

  function renderSpaceList() {
    const list = $('space-list');
    list.replaceChildren();
    for (const s of view.spaces) {
      const item = el('li', s.id === view.spaceId ? 'selected' : '');
      const button = el('button', 'space-button');
      button.type = 'button';
      button.dataset.space = s.id;
      button.append(el('span', 'space-name', s.title || s.id));
      const meta = el('span', 'space-meta');
      meta.append(el('span', s.live ? 'badge live' : 'badge ended', s.live ? 'LIVE' : 'ended'));
      if (s.startedAt) meta.append(el('span', 'muted', ' ' + wallTime(s.startedAt)));
      button.append(meta);
      button.addEventListener('click', () => { location.hash = 'space=' + encodeURIComponent(s.id); });
      item.append(button);
      list.append(item);
    }
    $('no-spaces').hidden = view.spaces.length > 0;
  }

  // ---- one Space ----

  function renderSpace() {
    const shown = view.spaceId !== null;
    $('space').hidden = !shown;
    $('empty').hidden = shown;
    renderSpaceList();
    closeSearch();
    if (!shown) return;
    for (const format of ['seed', 'blocks', 'srt', 'vtt']) {
      $('download-' + format).href = `/api/spaces/${encodeURIComponent(view.spaceId)}/transcript?format=${format}`;
    }
    renderHead();
    renderCaptions();
    renderPartials();
    renderStats();
    renderPeople();
  }

  function renderHead() {
    const d = view.detail;
    const space = d ? d.space : null;
    $('space-title').textContent = space && space.title ? space.title : view.spaceId;
    $('space-id').textContent = space && space.title ? view.spaceId : '';
    const state = $('space-state');
    if (!d) {
      state.textContent = view.streamUp ? 'not known (yet)' : '';
      state.className = 'badge';
    } else {
      state.textContent = space.live ? 'LIVE' : `ended ${wallTime(space.endedAt)}`;
      state.className = space.live ? 'badge live' : 'badge ended';
    }
  }

  function captionOrder(a, b) {
    return a.startMs - b.startMs || (a.trackId < b.trackId ? -1 : a.trackId > b.trackId ? 1 : 0)
      || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  function captionItem(c) {
    const item = el('li', 'caption');
    item.dataset.id = c.id;
    item.append(el('span', 'time', clock(c.startMs)));
    const speaker = el('span', 'speaker', c.speaker);
    speaker.style.color = colour(c.colour);
    item.append(speaker);
    if (c.captionsOff) {
      item.classList.add('captions-off');
      item.append(el('span', 'text', `[${c.speaker}: captions off]`));
    } else {
      item.append(el('span', 'text', c.text));
    }
    for (const m of c.markers) {
      if (m.type === 'CROSSTALK') {
        item.classList.add('crosstalk');
        item.append(el('span', 'marker crosstalk', 'crosstalk'));
      } else if (m.type === 'GAP') {
        item.classList.add('gap');
        item.append(el('span', 'marker gap', `gap ${clock(m.startMs)}–${clock(m.endMs)}`));
      }
    }
    return item;
  }

  function nearBottom(box) {
    return box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  }

  function renderCaptions() {
    const box = $('captions');
    const d = view.detail;
    box.replaceChildren(...(d ? d.captions.map(captionItem) : []));
    box.scrollTop = box.scrollHeight;
    const trimmed = $('trimmed');
    trimmed.hidden = !(d && d.captionsTrimmed);
    if (d) trimmed.textContent = `Showing the newest ${d.maxCaptions} captions; older ones are no longer kept.`;
  }

  function addCaptions(captions) {
    const d = view.detail;
    const box = $('captions');
    const follow = nearBottom(box);
    const known = new Set(d.captions.map((c) => c.id));
    for (const c of captions) {
      if (known.has(c.id)) continue;
      known.add(c.id);
      // Finals of different speakers can arrive out of Space-time order: put each in its place.
      let at = d.captions.length;
      while (at > 0 && captionOrder(d.captions[at - 1], c) > 0) at--;
      d.captions.splice(at, 0, c);
      const item = captionItem(c);
      box.insertBefore(item, box.children[at] || null);
    }
    while (d.captions.length > d.maxCaptions) {
      d.captions.shift();
      box.firstElementChild.remove();
      d.captionsTrimmed = true;
    }
    $('trimmed').hidden = !d.captionsTrimmed;
    if (follow) box.scrollTop = box.scrollHeight;
  }

  function renderPartials() {
    const box = $('speaking-now');
    const d = view.detail;
    box.replaceChildren();
    if (!d) return;
    for (const p of d.partials) {
      const line = el('div', 'partial');
      line.dataset.track = p.trackId;
      const speaker = el('span', 'speaker', p.speaker);
      speaker.style.color = colour(p.colour);
      line.append(speaker, el('span', 'stable', p.stable));
      if (p.stable && p.tentative) line.append(document.createTextNode(' '));
      line.append(el('span', 'tentative', p.tentative), el('span', 'ellipsis', ' …'));
      box.append(line);
    }
  }

  // ---- figures ----

  function makeChart(canvas, type, options) {
    return new window.Chart(canvas, {
      type,
      data: { labels: [], datasets: [{ data: [], backgroundColor: [] }] },
      options: Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, options),
    });
  }

  function renderStats() {
    const d = view.detail;
    const stats = d ? d.stats : null;
    $('no-stats').hidden = !!stats;
    $('figures').hidden = !stats;
    const speakers = stats ? stats.speakers : [];
    if (window.Chart) {
      if (!talkChart) {
        talkChart = makeChart($('talk-chart'), 'doughnut', {
          plugins: { legend: { position: 'right' },
            tooltip: { callbacks: { label: (c) => `${c.label}: ${c.parsed.toFixed(1)} %` } } },
        });
        wpmChart = makeChart($('wpm-chart'), 'bar', {
          indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } },
        });
      }
      for (const [chart, value] of [[talkChart, (s) => s.talkShare * 100], [wpmChart, (s) => s.wordsPerMinute]]) {
        chart.data.labels = speakers.map((s) => s.displayName);
        chart.data.datasets[0].data = speakers.map(value);
        chart.data.datasets[0].backgroundColor = speakers.map((s) => colour(s.colour));
        chart.update('none');
      }
    }
    const keywords = $('keywords');
    keywords.replaceChildren(...(stats ? stats.keywords : []).map((k) => {
      const item = el('li', 'keyword', k.word);
      item.append(el('span', 'count', k.count));
      return item;
    }));
    renderService(stats);
  }

  function renderService(stats) {
    const list = $('service');
    list.replaceChildren();
    if (!stats) return;
    const s = stats.service;
    const deadLetters = Object.entries(s.deadLetters);
    const total = deadLetters.reduce((sum, [, n]) => sum + n, 0);
    const rows = [
      ['Partial captions', `p50 ${millis(s.partialLatencyP50Ms)} · p95 ${millis(s.partialLatencyP95Ms)}`],
      ['Final captions', `p50 ${millis(s.finalLatencyP50Ms)} · p95 ${millis(s.finalLatencyP95Ms)}`],
      ['Recognition lag', millis(s.recognitionLagMs)],
      ['Stable words changed', `${(s.stableWordChurn * 100).toFixed(1)} % (${s.stableWordsChanged} of ${s.stableWords})`],
      ['Dead letters', total === 0 ? 'none' : `${total}: ` + deadLetters.map(([r, n]) => `${r} ${n}`).join(', ')],
      ['Speech · silence · overlap', `${clock(stats.speechMs)} · ${clock(stats.silenceMs)} · ${clock(stats.overlapMs)}`],
      [stats.summary ? 'Summary of the Space' : 'Figures up to', clock(stats.upToMs)],
    ];
    for (const [name, value] of rows) {
      list.append(el('dt', '', name), el('dd', '', value));
    }
  }

  function renderPeople() {
    const list = $('people');
    const d = view.detail;
    list.replaceChildren(...(d ? d.participants : []).map((p) => {
      const item = el('li', p.present ? 'person' : 'person left');
      const name = el('span', 'speaker', p.displayName);
      name.style.color = colour(p.colour);
      item.append(name);
      if (p.role) item.append(el('span', 'muted', ' ' + p.role.toLowerCase().replace('_', '-')));
      if (p.speaking) item.append(el('span', 'badge speaking', 'speaking'));
      if (p.captionsOff) item.append(el('span', 'badge', 'captions off'));
      if (!p.present) item.append(el('span', 'muted', ' (left)'));
      return item;
    }));
  }

  // ---- search ----

  async function search(event) {
    event.preventDefault();
    const phrase = $('search-input').value.trim();
    if (!phrase || !view.spaceId) return;
    const response = await fetch(`/api/spaces/${encodeURIComponent(view.spaceId)}/search?q=${encodeURIComponent(phrase)}`);
    const list = $('search-list');
    list.replaceChildren();
    $('search-results').hidden = false;
    if (!response.ok) {
      $('search-summary').textContent = 'This Space is not known (any more).';
      return;
    }
    const result = await response.json();
    const count = result.matches.length;
    $('search-summary').textContent = count === 0 ? `No caption says “${phrase}”.`
      : `${count}${result.truncated ? '+' : ''} caption${count === 1 ? '' : 's'} say “${phrase}”:`;
    for (const m of result.matches) {
      const item = el('li', 'match');
      item.dataset.id = m.id;
      item.append(el('span', 'time', clock(m.startMs)));
      const speaker = el('span', 'speaker', m.speaker);
      speaker.style.color = colour(m.colour);
      item.append(speaker);
      const text = el('span', 'text');
      if (m.end > m.start) {
        text.append(document.createTextNode(m.text.slice(0, m.start)), el('mark', '', m.text.slice(m.start, m.end)),
          document.createTextNode(m.text.slice(m.end)));
      } else {
        text.textContent = m.text;
      }
      item.append(text);
      item.addEventListener('click', () => showCaption(m.id));
      list.append(item);
    }
  }

  function showCaption(id) {
    for (const item of $('captions').children) {
      if (item.dataset.id === id) {
        item.scrollIntoView({ block: 'center' });
        item.classList.add('found');
        setTimeout(() => item.classList.remove('found'), 2000);
        return;
      }
    }
  }

  function closeSearch() {
    $('search-results').hidden = true;
    $('search-list').replaceChildren();
  }

  // ---- start ----

  document.addEventListener('DOMContentLoaded', () => {
    $('search-form').addEventListener('submit', search);
    $('search-close').addEventListener('click', closeSearch);
    window.addEventListener('hashchange', connect);
    renderStatus();
    connect();
  });
})();
