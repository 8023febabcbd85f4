"""Scripts the browser tests and the badge bench run in the page: 60 cards inserted at once, and what the
content script's performance marks say of them (``order-guard:drawn``, ``order-guard:kept``...)."""

READY = "performance.getEntriesByType('mark').some((m) => m.name === 'order-guard:ready')"
KEPT = "performance.getEntriesByType('mark').some((m) => m.name === 'order-guard:kept')"


INSERT_KNOWN_60 = """async (seed) => {
    const html = await (await fetch('/__cards?set=bulk&n=60&seed=' + seed)).text();
    return await new Promise((resolve) => {
        const t0 = performance.now();
        let inFrame = null, frame = null;
        // the frame that shows the new cards: its rAF callback runs before it is painted
        requestAnimationFrame(() => {
            frame = performance.now() - t0;
            inFrame = document.querySelectorAll('order-guard-badge').length;
        });
        const poll = setInterval(() => {
            const drawn = performance.getEntriesByType('mark').find((m) => m.name === 'order-guard:drawn' && m.startTime >= t0);
            if (drawn && inFrame !== null) {
                clearInterval(poll);
                resolve({inFrame, frame, refreshed: drawn.startTime - t0});
            }
        }, 5);
        document.querySelector('.order-wrap').insertAdjacentHTML('beforeend', html);
    });
}"""


INSERT_60 = """async ([seed, badges, fromData]) => {
    const html = await (await fetch('/__cards?set=bulk&n=60&seed=' + seed)).text();
    // the data's post ahead of its cards starts before they are inserted: its marks count from here
    const fetched = performance.now();
    if (fromData) {
        // as the real My Orders page draws new cards: the list API's answer first, the cards at once after it
        const api = 'mtop.aliexpress.trade.buyer.order.list';
        await (await fetch('/h5/' + api + '/1.0/?api=' + api + '&v=1.0&set=bulk&n=60&seed=' + seed)).json();
    }
    return await new Promise((resolve) => {
        const t0 = performance.now();
        if (badges) {
            const observer = new MutationObserver(() => {
                if (document.querySelectorAll('order-guard-badge').length >= 60) {
                    observer.disconnect();
                    const total = performance.now() - t0;
                    // the content script's marks of this insertion (the first of each step), from the cards' insertion
                    const steps = {};
                    // the worker's own steps of that post (the "answered" mark's detail), and of the data's post
                    let worker = null, aheadWorker = null;
                    for (const entry of performance.getEntriesByType('mark')) {
                        const step = entry.name.startsWith('order-guard:') && entry.name.slice('order-guard:'.length);
                        const since = step && step.startsWith('ahead:') ? fetched : t0;
                        if (step && entry.startTime >= since && !(step in steps)) {
                            steps[step] = entry.startTime - t0;  // below zero: before the cards were inserted
                            if (step === 'answered' && entry.detail) worker = entry.detail;
                            if (step === 'ahead:answered' && entry.detail) aheadWorker = entry.detail;
                        }
                    }
                    // the worker's receivedAt / answeredAt, on the clock all contexts share, from the cards' insertion
                    for (const w of [worker, aheadWorker]) {
                        if (!w) continue;
                        for (const key of Object.keys(w).filter((k) => k.endsWith('At'))) {
                            if (typeof w[key] === 'number') w[key] = w[key] - performance.timeOrigin - t0;
                        }
                    }
                    resolve({total, steps, worker, aheadWorker});
                }
            });
            observer.observe(document.documentElement, {childList: true, subtree: true});
        } else {
            // the frame that shows the new cards: its rAF callback runs before paint, the next one after
            requestAnimationFrame(() => requestAnimationFrame(() => resolve({total: performance.now() - t0, steps: {}})));
        }
        document.querySelector('.order-wrap').insertAdjacentHTML('beforeend', html);
    });
}"""
