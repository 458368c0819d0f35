// Newsroom RAG web page: plain JS, no build step.
"use strict";

const $ = (sel) => document.querySelector(sel);
const STORE_KEY = "rag.conversation.v1";
const KEY_KEY = "rag.apikey";
let conversation = loadConversation(); // [{role, content, result?}]
const docCache = new Map();

function loadConversation() {
  try { return JSON.parse(localStorage.getItem(STORE_KEY)) || []; } catch { return []; }
}
function saveConversation() { localStorage.setItem(STORE_KEY, JSON.stringify(conversation)); }

function headers(extra = {}) {
  const key = localStorage.getItem(KEY_KEY);
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

function setStatus(text, kind = "") {
  const el = $("#status");
  el.textContent = text;
  el.className = kind;
}

async function apiError(resp) {
  try {
    const body = await resp.json();
    if (resp.status === 401) askForKey();
    return body.error ? body.error.message : `HTTP ${resp.status}`;
  } catch { return `HTTP ${resp.status}`; }
}

function askForKey() {
  if (document.querySelector(".key-form")) return;
  const form = $("#key-template").content.firstElementChild.cloneNode(true);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    localStorage.setItem(KEY_KEY, form.querySelector("input").value.trim());
    form.remove();
    setStatus("Key saved.");
  });
  $(".top").after(form);
  form.querySelector("input").focus();
}

// ---- rendering -------------------------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c));
  return node;
}

// Turns "text [1][2]." into text nodes and clickable citation buttons.
function withCitations(text, citations) {
  const frag = document.createDocumentFragment();
  const parts = text.split(/(\[\d+\])/);
  for (const part of parts) {
    const m = part.match(/^\[(\d+)\]$/);
    const cite = m && citations.find((c) => c.id === Number(m[1]));
    if (cite) {
      frag.append(el("button", {
        type: "button", class: "cite", "data-citation": m[1],
        "aria-label": `Source ${m[1]}: ${cite.source}`, title: cite.quote,
        onclick: () => openArticle(cite.source, cite.start, cite.end),
      }, `[${m[1]}]`));
    } else frag.append(part);
  }
  return frag;
}

function renderAnswer(li, result) {
  li.replaceChildren();
  li.classList.toggle("abstained", !!result.abstained);
  const body = el("div", { class: "answer-text" });
  if (result.abstained) body.append(el("strong", {}, "Not in the articles: "));
  if (result.extractive) body.append(el("strong", { class: "extractive" }, "In the article's own words: "));
  body.append(withCitations(result.answer, result.citations || []));
  li.append(body);
  if (result.as_of) {
    li.append(el("p", { class: "meta as-of" }, `As of ${result.as_of}: only the articles published by then were read.`));
  }
  if (result.parts && result.parts.length) {
    li.append(el("p", { class: "meta" }, `Answered part by part: ${result.parts.map((p) => `“${p}”`).join(" · ")}`));
  }
  if (result.standalone_question) {
    li.append(el("p", { class: "meta" }, `Answered as: “${result.standalone_question}”`));
  }
  const byId = new Map((result.citations || []).map((c) => [c.id, c]));
  for (const s of (result.sentences || []).filter((x) => x.supported && x.revision)) {
    const note = {
      superseded: "A later article revised this figure: the latest report is shown, the earlier ones are cited.",
      latest: "This is the latest figure; earlier articles gave others, cited here.",
      conflict: "Articles of the same date give different figures: each is shown, none is picked.",
      disputed: "The article reports two accounts with different figures: both are shown, neither is picked.",
    };
    li.append(el("p", { class: "meta revision-summary" }, note[s.revision.kind] || ""));
    li.append(timeline(s.revision.versions.filter((v) => byId.has(v.citation)).map((v) => ({
      ...byId.get(v.citation), published: v.published, states: v.states, current: s.revision.current.includes(v.citation),
    }))));
  }
  // Off-topic sentences are true: they are left out, not withheld as unsupported.
  const withheld = (result.sentences || []).filter((s) => !s.supported && !s.off_topic);
  if (withheld.length) {
    const box = el("details", { class: "withheld" }, el("summary", {},
      `${withheld.length} sentence${withheld.length > 1 ? "s" : ""} withheld: no article supports ${withheld.length > 1 ? "them" : "it"}`));
    // Their text enters the page only when the reader opens the box, struck through.
    box.addEventListener("toggle", () => {
      if (box.open && box.children.length === 1) {
        for (const s of withheld) box.append(el("p", {}, el("s", {}, s.text)));
      }
    });
    li.append(box);
  }
  if (result.citations && result.citations.length) {
    const list = el("ol", { class: "sources", "aria-label": "Sources" });
    for (const c of result.citations) {
      list.append(el("li", { value: String(c.id) },
        el("button", { type: "button", class: "source-link", onclick: () => openArticle(c.source, c.start, c.end) },
          `${c.title} — ${c.source}${whereabouts(c)}`),
        el("blockquote", {}, c.quote),
        ...(c.dates && c.dates.length
          ? [el("p", { class: "meta" }, c.dates.map((d) => `${d.text} = ${d.date}`).join(" · "))] : [])));
    }
    li.append(list);
  }
  li.append(el("button", { type: "button", class: "copy", onclick: () => copyMarkdown(result) }, "Copy as Markdown"));
}

// Every version of a figure across the corpus, oldest first; each opens its passage.
function timeline(versions) {
  const list = el("ol", { class: "timeline", "aria-label": "Versions across the articles, oldest first" });
  for (const v of versions) {
    const what = v.states ? "states it" : "gives another figure";
    list.append(el("li", { class: v.current ? "current" : "" },
      el("span", { class: "when" }, v.published || "undated"), " ",
      el("button", { type: "button", class: "source-link", onclick: () => openArticle(v.source, v.start, v.end) },
        `${v.source} (${what}${v.current ? ", latest" : ""}): “${v.quote}”`)));
  }
  return el("details", { class: "versions", open: "" }, el("summary", {}, `Versions across the articles (${versions.length})`), list);
}

// "p. 2" for a PDF, the publication date where the file declares one.
function whereabouts(c) {
  return `${c.page ? ", p. " + c.page : ""}${c.published ? ", published " + c.published : ""}`;
}

function copyMarkdown(result) {
  const lines = [result.answer, ""];
  for (const c of result.citations || []) {
    const link = c.url ? ` <${c.url}>` : "";
    lines.push(`[${c.id}]: ${c.source}${whereabouts(c)} (${c.start}-${c.end})${link} — “${c.quote}”`);
  }
  navigator.clipboard.writeText(lines.join("\n")).then(
    () => setStatus("Answer copied as Markdown."),
    () => setStatus("Copy failed: the browser refused clipboard access.", "error"));
}

function renderConversation() {
  const list = $("#messages");
  list.replaceChildren();
  for (const m of conversation) {
    if (m.role === "user") list.append(el("li", { class: "user" }, m.content));
    else {
      const li = el("li", { class: "assistant" });
      if (m.result) renderAnswer(li, m.result); else li.append(m.content);
      list.append(li);
    }
  }
  list.lastElementChild?.scrollIntoView({ block: "end" });
}

// ---- asking (POST /chat with stream: true, read as server-sent events) -------------
const STAGES = {
  searching: "Searching the articles…",
  reading: "Reading the passages…",
  writing: "Writing; each sentence appears once it is checked against its source…",
  checking: "Checking each sentence against its source…",
};
async function ask(question) {
  const history = conversation.map(({ role, content }) => ({ role, content }));
  conversation.push({ role: "user", content: question });
  renderConversation();
  const li = el("li", { class: "assistant streaming", "aria-busy": "true" });
  // Only verified sentences are ever put here, one by one as the server checks them.
  const live = el("div", { class: "answer-text", "aria-live": "polite" });
  const typing = el("span", { class: "typing", role: "status", "aria-label": "Writing" }, "•••");
  const note = el("p", { class: "meta withheld-count" });
  li.append(live, typing, note);
  let withheldCount = 0;
  $("#messages").append(li);
  setStatus("Searching the articles…");
  $("#send").disabled = true;
  let result = null;
  try {
    const resp = await fetch("/chat", {
      method: "POST",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ messages: [...history, { role: "user", content: question }], stream: true }),
    });
    if (!resp.ok) throw new Error(await apiError(resp));
    const reader = resp.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let standalone = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const raw = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = (raw.match(/^event: (.*)$/m) || [])[1];
        const data = raw.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        if (!event || !data) continue;
        const payload = JSON.parse(data);
        if (event === "question") standalone = payload.standalone_question;
        else if (event === "status") setStatus(STAGES[payload.stage] || "Working…");
        else if (event === "sentence") {
          live.append(live.childNodes.length ? " " : "",
            el("span", { class: "sentence", "data-index": String(payload.index) }, withCitations(payload.text, payload.citations)));
        } else if (event === "withheld") {
          withheldCount += 1;
          note.textContent = `${withheldCount} sentence${withheldCount > 1 ? "s" : ""} withheld: no article supports ${withheldCount > 1 ? "them" : "it"}`;
        }
        else if (event === "done") result = { ...payload, standalone_question: payload.standalone_question || standalone };
        else if (event === "error") throw new Error(payload.message);
      }
    }
    if (!result) throw new Error("the answer stream ended early");
    renderAnswer(li, result);
    conversation.push({ role: "assistant", content: result.answer, result });
    saveConversation();
    setStatus(result.abstained ? "The articles don't answer that." : "Done. Every shown sentence is supported by its source.");
  } catch (err) {
    li.replaceChildren(el("p", { class: "error", role: "alert" },
      navigator.onLine ? `Could not answer: ${err.message}` : "You are offline: the question was not sent."));
    conversation.pop();
    saveConversation();
    setStatus("Error", "error");
  } finally {
    li.classList.remove("streaming");
    li.removeAttribute("aria-busy");
    $("#send").disabled = false;
  }
}

// ---- article reader ------------------------------------------------------------------
async function fetchDocument(source) {
  if (!docCache.has(source)) {
    const resp = await fetch(`/documents/${encodeURIComponent(source)}`, { headers: headers() });
    if (!resp.ok) throw new Error(await apiError(resp));
    docCache.set(source, await resp.json());
  }
  return docCache.get(source);
}

// The page a character offset falls on, from the page starts a PDF's document carries.
function pageAt(doc, offset) {
  let page = 0;
  (doc.pages || []).forEach((startsAt, i) => { if (startsAt <= offset) page = i + 1; });
  return page || null;
}

// Text with a page rule at each form feed (a PDF's page break); offsets are not changed.
function withPageBreaks(text, doc, from) {
  const parts = text.split("\f");
  const out = [];
  let at = from;
  parts.forEach((part, i) => {
    if (i) out.push(el("hr", { class: "page-break", title: `Page ${pageAt(doc, at)}` }));
    out.push(part);
    at += part.length + 1;
  });
  return out;
}

// Fetched with the API key (a plain link would not send it), then saved under its own name.
async function downloadOriginal(e, doc) {
  e.preventDefault();
  const resp = await fetch(doc.original, { headers: headers() });
  if (!resp.ok) { setStatus(`Download failed: ${await apiError(resp)}`, "error"); return; }
  const url = URL.createObjectURL(await resp.blob());
  const a = el("a", { href: url, download: doc.source });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function openArticle(source, start, end) {
  try {
    const doc = await fetchDocument(source);
    $("#reader").hidden = false;
    $("#reader-title").textContent = doc.title;
    const meta = $("#reader-meta");
    const when = doc.published ? `published ${doc.published}`
      : doc.date ? `undated; latest date mentioned: ${doc.date}` : "undated";
    const page = start === undefined ? null : pageAt(doc, start);
    meta.replaceChildren(`${doc.source} · ${doc.kind} · ${when}${page ? ` · cited passage on page ${page}` : ""} · `,
      el("a", { href: doc.original, id: "reader-original", onclick: (e) => downloadOriginal(e, doc) }, "download original"));
    if (doc.url) meta.append(" · ", el("a", { href: doc.url, rel: "noopener", target: "_blank" }, "web page"));
    const text = $("#reader-text");
    text.replaceChildren();
    if (start === undefined) text.append(...withPageBreaks(doc.text, doc, 0));
    else {
      // start/end index the document's text: slice it exactly, highlight the cited span.
      const mark = el("mark", { id: "cited" }, doc.text.slice(start, end));
      text.append(...withPageBreaks(doc.text.slice(0, start), doc, 0), mark,
        ...withPageBreaks(doc.text.slice(end), doc, end));
      mark.scrollIntoView({ block: "center" });
    }
    text.focus({ preventScroll: true });
  } catch (err) { setStatus(`Could not open ${source}: ${err.message}`, "error"); }
}

// ---- documents -----------------------------------------------------------------------
async function loadDocuments() {
  const list = $("#doc-list");
  list.replaceChildren(el("li", {}, "Loading…"));
  try {
    const resp = await fetch("/documents", { headers: headers() });
    if (!resp.ok) throw new Error(await apiError(resp));
    const { documents } = await resp.json();
    list.replaceChildren(...documents.map((d) => el("li", {},
      el("button", { type: "button", class: "source-link", onclick: () => openArticle(d.source) }, d.title),
      el("span", { class: "meta" },
        ` ${d.source} · ${d.chunks} passages${d.published ? " · published " + d.published : d.date ? " · " + d.date : ""}`))));
    if (!documents.length) list.replaceChildren(el("li", {}, "No articles indexed yet."));
  } catch (err) { list.replaceChildren(el("li", { class: "error" }, `Could not list articles: ${err.message}`)); }
}

async function upload(e) {
  e.preventDefault();
  const file = $("#upload").files[0];
  if (!file) { setStatus("Choose a file first (.txt, .md, .html, .pdf or .docx).", "error"); return; }
  const form = new FormData();
  form.append("file", file);
  const published = $("#upload-published").value;
  if (published) form.append("published", published);
  setStatus(`Uploading ${file.name}…`);
  const resp = await fetch("/documents", { method: "POST", headers: headers(), body: form });
  if (resp.ok) { setStatus(`${file.name} indexed.`); docCache.delete(file.name); loadDocuments(); }
  else setStatus(`Upload failed: ${await apiError(resp)}`, "error");
}

// ---- check a draft -----------------------------------------------------------------
async function checkDraft(e) {
  e.preventDefault();
  const text = $("#draft").value.trim();
  const out = $("#check-results");
  if (!text) { setStatus("Paste some text to check.", "error"); return; }
  out.replaceChildren(el("li", {}, "Checking…"));
  const resp = await fetch("/check", {
    method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify({ text }),
  });
  if (!resp.ok) { out.replaceChildren(el("li", { class: "error" }, await apiError(resp))); return; }
  const { sentences } = await resp.json();
  const label = { supported: "Supported", contradicted: "Contradicted", not_found: "Not found", superseded: "Superseded" };
  out.replaceChildren(...sentences.map((s) => {
    const li = el("li", { class: `verdict ${s.verdict}` },
      el("span", { class: "badge" }, label[s.verdict] || s.verdict), " ", s.text);
    if (s.verdict === "contradicted" && s.reason) {
      li.append(el("p", { class: "meta reason" }, `Why: ${s.reason}`));
    }
    if (s.second_opinion !== null && s.second_opinion !== undefined) {
      // The model's reading decides where the words alone cannot (who did what to whom).
      li.append(el("p", { class: "meta" },
        `Second opinion: the model reads the passage as stating this with ${Math.round(s.second_opinion * 100)}% confidence`));
    }
    if (s.summary) li.append(el("p", { class: "meta revision-summary" }, s.summary));
    for (const ev of s.evidence.slice(0, 2)) {
      li.append(el("button", { type: "button", class: "source-link", onclick: () => openArticle(ev.source, ev.start, ev.end) },
        `${ev.source}: “${ev.quote}”`));
    }
    if (s.versions && s.versions.length) li.append(timeline(s.versions.map((v) => ({ ...v, current: s.revised_by.some(
      (r) => r.source === v.source && r.start === v.start) }))));
    return li;
  }));
}

// ---- wiring ------------------------------------------------------------------------
function show(view) {
  for (const name of ["chat", "check", "docs"]) {
    $(`#${name}-view`).hidden = name !== view;
    $(`#tab-${name}`).setAttribute("aria-pressed", String(name === view));
  }
  if (view === "docs") loadDocuments();
}

document.addEventListener("DOMContentLoaded", () => {
  renderConversation();
  $("#ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("#question").value.trim();
    if (!q || $("#send").disabled) return;
    $("#question").value = "";
    ask(q);
  });
  $("#question").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("#ask-form").requestSubmit(); }
  });
  $("#new-chat").addEventListener("click", () => {
    conversation = []; saveConversation(); renderConversation(); setStatus("New conversation."); $("#question").focus();
  });
  $("#reader-close").addEventListener("click", () => { $("#reader").hidden = true; });
  $("#tab-chat").addEventListener("click", () => show("chat"));
  $("#tab-check").addEventListener("click", () => show("check"));
  $("#tab-docs").addEventListener("click", () => show("docs"));
  $("#upload-form").addEventListener("submit", upload);
  $("#check-form").addEventListener("submit", checkDraft);
  window.addEventListener("offline", () => setStatus("Offline: questions can't be sent.", "error"));
  window.addEventListener("online", () => setStatus("Back online."));
  $("#question").focus();
});
