"""The panel asks for its texts to copy as it opens (a page's answer leaves them out): what a test reads of a panel's
actions, or of its controls, it reads once they are in. Until then the panel says it is getting them."""

TEXTS_IN = ("() => { const p = document.querySelector('order-guard-panel'); const r = p && p.shadowRoot; "
            "return !!r && !!r.querySelector('.actions-slot') && !r.querySelector('.actions-slot .loading'); }")


async def texts_in(page, timeout: int = 10000) -> None:
    """Waits until the open panel shows its texts to copy (or why it could not get them)."""
    await page.wait_for_function(TEXTS_IN, timeout=timeout)
