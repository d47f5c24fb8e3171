"""Samenwerkwijzer's assistant: hybrid retrieval and verified extractive answers."""
from assistant.answer import Answer
from assistant.service import Assistant
from assistant.settings import Settings

__all__ = ["Answer", "Assistant", "Settings"]
