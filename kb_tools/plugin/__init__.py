"""The thin MkDocs layer over kb_tools: the only package that imports MkDocs.

``plugin.py`` holds the hooks; ``pages.py``, ``search.py`` and
``publishing.py`` the work of each part; ``config.py`` the options."""
