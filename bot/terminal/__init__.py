"""The terminal: the `nashra` command line, `nashra chat`, and how answers read as text."""
