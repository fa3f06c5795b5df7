"""The thin MkDocs layer over kb_tools: the only module that imports MkDocs."""
