"""Load what the first page needs (month names, vocabularies, catalogs) right after start-up,
in a worker thread, so the buyer's first page does not pay for it (about 0.2 s otherwise)."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from companion import rules
from companion.i18n import LANGUAGES
from companion.parsing import sample as parsing_sample

log = logging.getLogger(__name__)


def warm_up() -> None:
    try:
        now = datetime.now(timezone.utc)
        for order in parsing_sample.sample_orders():
            for lang in LANGUAGES:
                rules.hint_for(order, now, lang)
    except Exception:  # warming is a courtesy; a failure here must not stop the server
        log.exception("warm-up failed")
