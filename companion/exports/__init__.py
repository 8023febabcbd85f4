"""Exports and backups, one module per format: CSV (``spreadsheet``), the JSON backup and its
restore merge (``backup``), an iCalendar of deadlines (``calendar``). Pure functions over order
dicts and their assessments (``rules.assess`` results): no I/O, no web, testable on their own."""
