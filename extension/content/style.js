/* Styles for our shadow roots. They live inside the shadow DOM: the page can't restyle us, we can't restyle it. */
(function (root) {
  "use strict";

  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Hebrew", Arial, sans-serif';

  const BADGE_CSS = `
:host { all: initial; display: inline-block; vertical-align: middle; margin-inline-start: 10px; line-height: 1; }
.badge {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; gap: 6px;
  font: 600 12px/1 ${FONT}; letter-spacing: .01em; white-space: nowrap; cursor: pointer;
  padding: 5px 10px 5px 7px; border-radius: 999px; border: 1px solid var(--og-border);
  color: var(--og-fg); background: var(--og-bg); box-shadow: 0 1px 2px rgba(16, 24, 40, .06);
  transition: box-shadow .15s ease, transform .15s ease;
}
.badge:hover { box-shadow: 0 2px 8px rgba(16, 24, 40, .16); transform: translateY(-1px); }
.badge:focus-visible { outline: 2px solid #2f7fe0; outline-offset: 2px; }
.badge svg { flex: none; color: var(--og-dot); --og-icon-check: var(--og-bg); }
.est { font-weight: 500; padding-inline-start: 6px; border-inline-start: 1px solid currentColor; }
.est:empty { display: none; }
/* Not updated since the companion went away: greyed (same lightness, so it stays as readable), with since when. */
:host([data-stale]) .badge { filter: grayscale(1); box-shadow: none; border-style: dashed; }
.badge { position: relative; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.stale { font-weight: 500; padding-inline-start: 6px; border-inline-start: 1px solid currentColor; unicode-bidi: isolate; }
`;

  const PANEL_CSS = `
:host { all: initial; position: absolute; z-index: 2147483000; top: 0; left: 0; }
.panel {
  box-sizing: border-box; width: 380px; max-width: calc(100vw - 24px); max-height: min(560px, 80vh);
  overflow: auto; background: #fff; color: #1f2328; font: 400 13px/1.45 ${FONT};
  border: 1px solid #e3e6ea; border-radius: 14px; box-shadow: 0 18px 48px rgba(16, 24, 40, .22), 0 2px 6px rgba(16, 24, 40, .08);
  border-top: 5px solid var(--og-accent);
}
.head { display: flex; align-items: flex-start; gap: 10px; padding: 14px 16px 10px; }
.head .mark { flex: none; width: 32px; height: 32px; border-radius: 9px; display: grid; place-items: center;
  background: var(--og-bg); color: var(--og-dot); --og-icon-check: var(--og-bg); border: 1px solid var(--og-border); }
.head .titles { flex: 1; min-width: 0; }
.chip { display: inline-block; font: 700 10.5px/1 ${FONT}; letter-spacing: .06em; text-transform: uppercase;
  color: var(--og-chip); margin-bottom: 5px; }
.title { font: 700 16px/1.25 ${FONT}; color: #101418; }
.sub { color: #667085; font-size: 12px; margin-top: 3px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.close { all: unset; cursor: pointer; width: 28px; height: 28px; border-radius: 8px; display: grid; place-items: center;
  color: #667085; font: 400 20px/1 ${FONT}; }
.close:hover { background: #f2f4f7; color: #101418; }
.close:focus-visible { outline: 2px solid #2f7fe0; }
.body { padding: 0 16px 14px; }
.deadline { display: flex; gap: 8px; align-items: center; background: #f7f8fa; border-radius: 10px; padding: 8px 10px;
  color: #344054; font-size: 12.5px; margin-bottom: 10px; }
.summary { font-weight: 600; font-size: 14px; color: #101418; margin: 0 0 8px; }
.label { font: 700 10.5px/1 ${FONT}; letter-spacing: .07em; text-transform: uppercase; color: #8a94a3; margin: 14px 0 6px; }
.why { margin: 0; color: #344054; }
.actions { display: grid; gap: 8px; }
.action { border: 1px solid #e6e9ee; border-radius: 11px; padding: 10px 12px; background: #fcfcfd; }
.action-head { display: flex; align-items: center; gap: 8px; }
.action-title { flex: 1; font-weight: 650; color: #101418; }
.action-expl { color: #556070; margin-top: 3px; font-size: 12.5px; }
.eva { display: inline-block; margin-top: 6px; font-size: 11px; font-weight: 600; color: #5b3cc4; background: #f1edfd;
  border-radius: 999px; padding: 2px 8px; }
.text { margin-top: 8px; background: #f4f6f8; border-radius: 8px; padding: 8px 10px; color: #1f2328;
  font: 400 12px/1.45 ${FONT}; white-space: pre-wrap; max-height: 92px; overflow: auto; user-select: text; }
.copy { all: unset; cursor: pointer; flex: none; font: 600 12px/1 ${FONT}; padding: 7px 12px; border-radius: 8px;
  background: #1d4ed8; color: #fff; transition: background .15s ease; }
.copy:hover { background: #1e40af; }
.copy:focus-visible { outline: 2px solid #93b4f5; outline-offset: 2px; }
.copy.done { background: #15803d; }
.copy.failed { background: #b45309; }
.none { color: #667085; }
.foot { display: flex; align-items: center; gap: 10px; border-top: 1px solid #eef0f3; padding: 10px 16px; color: #8a94a3;
  font-size: 11.5px; }
.foot .note { flex: 1; }
.link { all: unset; cursor: pointer; color: #1d4ed8; font-weight: 600; white-space: nowrap; }
.link:hover { text-decoration: underline; }
.panel[dir="rtl"] .text { direction: ltr; text-align: left; }
`;

  const NOTICE_CSS = `
:host { all: initial; position: fixed; z-index: 2147483000; bottom: 18px; inset-inline-end: 18px; }
/* Above the order list, in the page's flow: it pushes the orders down instead of covering them. */
:host([data-place="inline"]) { position: static; display: block; margin: 0 0 12px; flex: 0 0 100%; grid-column: 1 / -1; }
:host([data-place="inline"]) .notice { max-width: none; box-shadow: 0 1px 3px rgba(16, 24, 40, .08); }
.notice { box-sizing: border-box; display: flex; gap: 10px; align-items: flex-start; max-width: 340px;
  background: #fff; color: #1f2328; font: 400 12.5px/1.45 ${FONT}; border: 1px solid #e3e6ea;
  border-inline-start: 4px solid #f29b0c; border-radius: 12px; padding: 10px 12px;
  box-shadow: 0 10px 28px rgba(16, 24, 40, .16); }
.notice svg { flex: none; color: #f29b0c; margin-top: 1px; }
.txt { flex: 1; min-width: 0; }
.title { font-weight: 700; color: #101418; }
code { display: inline-block; margin-top: 5px; font: 600 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: #f2f4f7; border-radius: 6px; padding: 2px 7px; direction: ltr; user-select: all; }
.x { all: unset; cursor: pointer; color: #98a2b3; font: 400 18px/1 ${FONT}; padding: 0 2px; }
.x:hover { color: #101418; }
.body { color: #475467; margin-top: 2px; }
.action { all: unset; box-sizing: border-box; display: inline-block; margin-top: 8px; cursor: pointer;
  font: 600 12px/1 ${FONT}; padding: 7px 12px; border-radius: 8px; background: #1d4ed8; color: #fff; }
.action:hover { background: #1e40af; }
.action:focus-visible { outline: 2px solid #93b4f5; outline-offset: 2px; }
.action[disabled] { opacity: .6; cursor: progress; }
.status { margin-top: 6px; font-size: 12px; color: #475467; overflow-wrap: anywhere; }
.status:empty { display: none; }
.status.ok { color: #15803d; }
.status.error { color: #b42318; font-weight: 600; }
`;

  (root.OrderGuard = root.OrderGuard || {}).style = { BADGE_CSS, PANEL_CSS, NOTICE_CSS };
})(globalThis);
