"""The order store: keeps orders, knows nothing of HTML or deadlines.

`order_store` holds the Store (a TinyDB table keyed by order id), `journal` its TinyDB storage (the
tables in memory + an atomic journal on disk), `merge` how a new capture combines with what is
known, `files` the crash-safe file primitives, `lock` the one-process-per-folder lock.
"""

from companion.store import files
from companion.store.order_store import COMPACT_EVERY, Store, StoreWriteError

__all__ = ["COMPACT_EVERY", "Store", "StoreWriteError", "files"]
