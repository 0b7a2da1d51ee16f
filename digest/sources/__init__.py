"""Where articles come from: files, RSS/Atom feeds and web pages, read into raw articles or failures.

`files` and `web` read them (each failure with its reason); `http` is the only code that touches the network.
"""
