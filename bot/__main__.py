"""`python -m bot`: the `nashra` command line."""

from bot.terminal.cli import main

raise SystemExit(main())
