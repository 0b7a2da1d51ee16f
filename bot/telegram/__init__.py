"""The Telegram front end: Application, handlers, rendering and daily delivery."""
