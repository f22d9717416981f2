"""Errors the user can act on. Each message is Chinese and says what to do next."""


class AssistantError(Exception):
    """Base class: str(error) is the message shown to the user as it is."""


class ConfigError(AssistantError):
    """Settings or library state that the user must fix (wrong embedder, bad path, ...)."""


class ReadError(AssistantError):
    """A file that cannot be read as text (empty, binary, broken .docx, scanned PDF, too large)."""


class IngestError(AssistantError):
    """A document that could not be added to the library."""


class StoreError(AssistantError):
    """The vector store cannot be reached or refused an operation."""


class LLMError(AssistantError):
    """The configured chat model endpoint failed (message names the endpoint, never the key)."""


class PromptError(AssistantError):
    """A prompt template whose placeholders do not match what the code fills in."""
