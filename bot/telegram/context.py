"""The typed context every handler and job gets: `context.services` instead of dictionary lookups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

    from bot.services import Services


class BotData:
    """What the application keeps for its whole life (PTB's `bot_data`, as a typed object)."""

    def __init__(self) -> None:
        self.services: Services | None = None
        self.ingestion: BaseScheduler | None = None  # the ingestion scheduler, when the bot ingests
        self.digests: dict[tuple[object, ...], dict[str, Any]] = {}  # built digests shared by chats alike


class NashraContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("the application was built without services")
        return services


CONTEXT_TYPES = ContextTypes(context=NashraContext, bot_data=BotData)
NashraApplication = Application[ExtBot[None], NashraContext, dict[Any, Any], dict[Any, Any], BotData, Any]
