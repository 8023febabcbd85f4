"""The service layer: turns "a page arrived", "an edit", "an export" into calls on the domain
(parsing, rules, store), and owns what makes them fast (caches, the GC policy, the worker thread)."""
