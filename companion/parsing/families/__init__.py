"""One module per page family; each declares its URLs, content markers and anchors to the registry."""
