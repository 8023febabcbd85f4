/* The module world's door to the shared classic libraries (an ES module; the service worker and the extension
   pages import from it, content scripts cannot: they load the same files as classic scripts, see README.md).

   The files below are plain scripts so that content scripts can load them too; imported here for their effect,
   in the order they need each other, each leaves its API on the OrderGuard namespace. This is the one module
   that reads that namespace: everything else in the module world names what it uses in an import. */
import "./messages.js";
import "./webext.js";
import "./badge.js";
import "./pages.js";
import "./i18n.js";
import "./scanview.js";

const shared = globalThis.OrderGuard;

export const { messages, webext, badge, pages, i18n, scanview } = shared;
