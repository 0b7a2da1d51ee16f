"""Nashra's front ends: the command line, `nashra chat` and the Telegram bot."""
