"""kb_tools: decision trees for the Roulettino help centre.

Load, validate and render YAML decision trees.  The core does not import
MkDocs; the MkDocs plugin lives in :mod:`kb_tools.plugin`.
"""

__version__ = "0.1.0"
